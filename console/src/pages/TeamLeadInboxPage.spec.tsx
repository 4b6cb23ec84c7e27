import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { anAlert, aWallboardSnapshot, T0 } from '../testing/fixtures';
import { FakeSocket } from '../testing/fake-socket';
import { fakeResponse, mockFetch, renderApp } from '../testing/render';

const grace = { username: 'grace', displayName: 'Grace Lin', role: 'team_lead' } as const;

describe('Team-lead inbox', () => {
  beforeEach(() => {
    mockFetch({
      '/api/complaints': () => fakeResponse(200, { items: [], total: 0, limit: 20, offset: 0 }),
      '/api/agents': () => fakeResponse(200, []),
    });
  });

  it('shows a team lead who signs in the alerts addressed to them, raised before they connected, and lets them acknowledge one', async () => {
    const threat = anAlert({ id: 'al-threat', at: T0 - 30 * 60_000 });
    const acknowledged = { at: T0, by: 'u-grace', byName: 'Grace Lin' };
    const socket = new FakeSocket({
      snapshot: aWallboardSnapshot({ agents: [] }, { me: { id: 'u-grace', username: 'grace', displayName: 'Grace Lin', roles: ['team_lead'] }, alerts: [threat] }),
      commands: { 'alert:acknowledge': () => ({ ok: true, data: { ...threat, acknowledged } }) },
    });
    renderApp('/team-lead', { session: grace, socket });
    const alerts = await screen.findByTestId('alerts');
    expect(alerts).toHaveTextContent('Threatening call recorded on complaint CMP-2026-000031 (Desk 14): alert the team lead.');

    await userEvent.click(within(alerts).getByRole('button', { name: /Acknowledge for everyone/ }));
    expect(socket.sent('alert:acknowledge')).toEqual([{ alertId: 'al-threat' }]);
    act(() => socket.delta('alert:acknowledged', { alert: { ...threat, acknowledged } }));
    expect(within(screen.getByTestId('alerts')).getByTestId('alert-al-threat')).toHaveTextContent(/Acknowledged by Grace Lin/);
  });

  it('shows the alert list in Chinese', async () => {
    const socket = new FakeSocket({ snapshot: aWallboardSnapshot({ agents: [] }, { alerts: [anAlert({ acknowledged: { at: T0, by: 'u-sophie', byName: 'Sophie Turner' } })] }) });
    renderApp('/team-lead', { session: grace, socket, language: 'zh-CN' });
    const alerts = await screen.findByTestId('alerts');
    expect(alerts).toHaveTextContent('投诉 CMP-2026-000031 记录了威胁电话（Desk 14）：请通知班长。');
    expect(alerts).toHaveTextContent(/Sophie Turner 已于 \d\d:\d\d 确认/);
  });
});

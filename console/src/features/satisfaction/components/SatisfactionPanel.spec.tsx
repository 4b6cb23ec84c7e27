import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { SatisfactionFigures, SatisfactionGroup, SatisfactionLiveResponse } from '@callcentre/shared';
import { FakeSocket } from '../../../testing/fake-socket';
import { aWallboardSnapshot } from '../../../testing/fixtures';
import { fakeResponse, mockFetch, renderWithProviders } from '../../../testing/render';
import { SatisfactionPanel } from './SatisfactionPanel';

const figures = (answered: number, averageSatisfaction: number | null, poor = 0): SatisfactionFigures => ({
  surveys: answered + 1,
  answered,
  responseRate: answered / (answered + 1),
  averageExperience: 4,
  averageExpectation: 4,
  averageSatisfaction,
  poor,
});
const group = (key: string | null, label: string | null, answered: number, satisfaction: number | null, poor = 0): SatisfactionGroup => ({ key, label, ...figures(answered, satisfaction, poor) });

function live(answered: number): SatisfactionLiveResponse {
  return {
    since: '2030-01-01T00:00:00.000Z',
    poorThreshold: -2,
    total: figures(answered, 0.5, 1),
    byAgent: [group('agent-1', 'Amy Walker', answered, 1.5), group('agent-2', 'Ben Okafor', 1, -2, 1)],
    byQueue: [group('queue-1', 'General', answered + 1, 0.5, 1)],
    byTier: [group('important', 'important', 1, -2, 1), group('ordinary', 'ordinary', answered, 1.5)],
    byCell: [group('keep_best', 'keep_best', 1, -2, 1), group(null, null, answered, 1.5)],
  };
}

describe('SatisfactionPanel', () => {
  it('shows today’s satisfaction by agent, then by value tier and RFM cell in the console’s words', async () => {
    mockFetch({ '/api/satisfaction/live': () => fakeResponse(200, live(2)) });
    renderWithProviders(<SatisfactionPanel />, { session: { username: 'sophie', roles: ['supervisor'] } });
    const panel = await screen.findByRole('region', { name: 'Satisfaction today' });
    await within(panel).findByText('Amy Walker');
    expect(panel).toHaveTextContent('Average +0.5 · 2 of 3 surveys answered · 1 poor');
    expect(within(panel).getByText('+1.5')).toBeInTheDocument();
    expect(within(panel).getByText('-2')).toBeInTheDocument();

    await userEvent.click(within(panel).getByRole('button', { name: 'Value tier' }));
    expect(within(panel).getByText('Key customer')).toBeInTheDocument();
    await userEvent.click(within(panel).getByRole('button', { name: 'RFM cell' }));
    expect(within(panel).getByText('Best customer: keep')).toBeInTheDocument();
    expect(within(panel).getByText('No cell (unknown or inactive customer)')).toBeInTheDocument();
  });

  it('reloads the figures when the wallboard is told a survey was answered', async () => {
    let answered = 2;
    const fetch = mockFetch({ '/api/satisfaction/live': () => fakeResponse(200, live(answered)) });
    const socket = new FakeSocket({ snapshot: aWallboardSnapshot() });
    renderWithProviders(<SatisfactionPanel />, { session: { username: 'sophie', roles: ['supervisor'] }, socket });
    const panel = await screen.findByRole('region', { name: 'Satisfaction today' });
    await within(panel).findByText('Amy Walker');
    const before = fetch.mock.calls.length;
    answered = 5;
    act(() => socket.delta('satisfaction:answered', { interactionId: 'c-1', agentId: 'agent-1', queueId: 'queue-1', satisfaction: 1, poor: false }));
    await within(panel).findByText(/5 of 6 surveys answered/);
    expect(fetch.mock.calls.length).toBeGreaterThan(before);
  });
});

import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { aDeskSnapshot, anAgentView, T0 } from '../../../testing/fixtures';
import { FakeSocket } from '../../../testing/fake-socket';
import { renderWithProviders } from '../../../testing/render';
import { AgentStateBar } from './AgentStateBar';

function renderBar(agent = anAgentView(), commands: FakeSocket['commands'] = {}) {
  const socket = new FakeSocket({ snapshot: () => ({ ...aDeskSnapshot({ agent }), serverTime: T0 }), commands: { 'agent:state': () => ({ ok: true, data: agent }), ...commands } });
  renderWithProviders(<AgentStateBar agent={agent} />, { session: { username: 'amy' }, socket });
  return socket;
}

describe('AgentStateBar', () => {
  it('says the state and how long it has lasted, on the server clock', () => {
    renderBar(anAgentView({ state: 'not_ready', presence: 'not_ready', notReadyReason: 'lunch', stateSince: T0 - 125_000 }));
    const bar = screen.getByTestId('agent-state');
    expect(within(bar).getByText('Not ready: Lunch')).toBeInTheDocument();
    expect(within(bar).getByTestId('time-in-state')).toHaveTextContent(/^2:0[5-9]$/);
    expect(within(bar).getByRole('button', { name: 'Not ready: Lunch' })).toHaveAttribute('aria-pressed', 'true');
  });

  it('goes not ready with the chosen reason', async () => {
    const socket = renderBar();
    await userEvent.click(screen.getByRole('button', { name: 'Not ready: Training' }));
    expect(socket.sent('agent:state')).toEqual([{ state: 'not_ready', reason: 'training' }]);
  });

  it('shows a pending "not ready after this contact" and lets the agent stay available instead', async () => {
    const socket = renderBar(anAgentView({ state: 'busy', presence: 'available', pendingNotReady: 'break', contactIds: ['c-1'] }));
    expect(screen.getByTestId('pending-not-ready')).toHaveTextContent('Not ready (Break) after this contact');
    expect(screen.getByRole('button', { name: 'Offline' })).toBeDisabled();
    await userEvent.click(screen.getByRole('button', { name: 'Stay available' }));
    expect(socket.sent('agent:state')).toEqual([{ state: 'available' }]);
  });

  it('says in plain words why a change was refused', async () => {
    renderBar(anAgentView(), { 'agent:state': () => ({ ok: false, error: { code: 'INVALID_AGENT_TRANSITION', message: 'The agent is disconnected' } }) });
    await userEvent.click(screen.getByRole('button', { name: 'Offline' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The agent is disconnected');
  });
});

import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { aDeskSnapshot, anAgentView, T0 } from '../../../testing/fixtures';
import { FakeSocket } from '../../../testing/fake-socket';
import { renderWithProviders } from '../../../testing/render';
import type { ConsoleLanguage } from '../../../i18n';
import { AgentStateBar } from './AgentStateBar';
import { OverrideNotice } from './OverrideNotice';
import { useRealtime } from '../../realtime';

function DeskWithNotice() {
  const agent = useRealtime((state) => state.desk?.agent ?? null);
  return (
    <>
      {agent ? <AgentStateBar agent={agent} /> : null}
      <OverrideNotice />
    </>
  );
}

function renderDesk(language: ConsoleLanguage = 'en') {
  const socket = new FakeSocket({ snapshot: () => ({ ...aDeskSnapshot({ agent: anAgentView() }), serverTime: T0 }) });
  renderWithProviders(<DeskWithNotice />, { session: { username: 'amy' }, socket, language });
  return socket;
}

const sophie = { id: '10000000-0000-4000-8000-00000000cafe', displayName: 'Sophie Turner' };

describe('OverrideNotice', () => {
  it('says which supervisor changed the agent’s state and to what, and the state bar follows', () => {
    const socket = renderDesk();
    expect(screen.queryByTestId('override-notice')).not.toBeInTheDocument();
    act(() =>
      socket.delta('agent:override', {
        by: sophie,
        requested: 'not_ready',
        reason: 'meeting',
        pending: false,
        agent: anAgentView({ state: 'not_ready', presence: 'not_ready', notReadyReason: 'meeting' }),
      }),
    );
    expect(screen.getByTestId('override-notice')).toHaveTextContent('Sophie Turner (supervisor) set you to not ready: Meeting.');
    expect(screen.getByTestId('agent-state')).toHaveTextContent('Not ready: Meeting');
  });

  it('says when the change waits for the current contacts, and goes away when dismissed', async () => {
    const socket = renderDesk();
    act(() => socket.delta('agent:override', { by: sophie, requested: 'not_ready', reason: 'break', pending: true, agent: anAgentView({ state: 'busy', pendingNotReady: 'break' }) }));
    expect(screen.getByTestId('override-notice')).toHaveTextContent('Sophie Turner (supervisor) set you to not ready (Break) once your current contacts end.');
    await userEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByTestId('override-notice')).not.toBeInTheDocument();
  });

  it('speaks Simplified Chinese and isolates the supervisor’s name, even one carrying a right-to-left override', () => {
    const socket = renderDesk('zh-CN');
    const trick = 'Eve\u202Egnp.exe';
    act(() => socket.delta('agent:override', { by: { id: sophie.id, displayName: trick }, requested: 'offline', reason: null, pending: false, agent: anAgentView({ state: 'offline', presence: 'offline' }) }));
    const notice = screen.getByTestId('override-notice');
    expect(notice).toHaveTextContent(`主管 ${trick} 已将你登出分配。`);
    const name = notice.querySelector('bdi');
    expect(name).toHaveTextContent(trick);
    // The sentence after the name is outside the isolate, so the override cannot reorder it.
    expect(name?.parentElement?.textContent?.endsWith('已将你登出分配。')).toBe(true);
  });
});

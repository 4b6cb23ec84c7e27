import { act, screen, within } from '@testing-library/react';
import { aDeskSnapshot, aQueueStats, T0 } from '../../../testing/fixtures';
import { FakeSocket } from '../../../testing/fake-socket';
import { renderWithProviders } from '../../../testing/render';
import { MyQueues } from './MyQueues';

describe('MyQueues', () => {
  beforeEach(() => jest.useFakeTimers({ now: Date.UTC(2030, 0, 1) }));
  afterEach(() => jest.useRealTimers());

  function renderQueues(queues: Parameters<typeof MyQueues>[0]['queues']) {
    // The server's clock says T0 when the snapshot arrives: waits move on it, whatever this computer's clock says.
    const socket = new FakeSocket({ snapshot: () => ({ ...aDeskSnapshot({ queues }), serverTime: T0 }) });
    return renderWithProviders(<MyQueues queues={queues} />, { session: { username: 'amy' }, socket });
  }

  it("shows each of the agent's queues with the contacts waiting and the longest wait, moving on the server clock", () => {
    renderQueues([
      aQueueStats({ code: 'billing', waitingCount: 2, longestWaitSeconds: 25, at: T0, serviceLevel: { ...aQueueStats().serviceLevel, thresholdSeconds: 30 } }),
      aQueueStats({ code: 'general', waitingCount: 0, longestWaitSeconds: null, at: T0 }),
    ]);
    const strip = screen.getByRole('region', { name: 'My queues' });
    const billing = within(strip).getByTestId('my-queue-billing');
    expect(billing).toHaveTextContent('Billing');
    expect(billing).toHaveTextContent('2 waiting');
    expect(billing).toHaveTextContent('longest 0:25');
    expect(billing).toHaveClass('cc-my-queues__queue--warning');
    const general = within(strip).getByTestId('my-queue-general');
    expect(general).toHaveTextContent('0 waiting');
    expect(general).not.toHaveTextContent('longest');

    // Past the service-level threshold the wait turns red.
    act(() => jest.advanceTimersByTime(10_000));
    expect(billing).toHaveTextContent('longest 0:35');
    expect(billing).toHaveClass('cc-my-queues__queue--critical');
  });

  it('shows nothing when the agent serves no queue', () => {
    renderQueues([]);
    expect(screen.queryByTestId('my-queues')).not.toBeInTheDocument();
  });
});

import type { ContactExplanation } from '@callcentre/shared';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { aLiveContact, aQueue, aQueueStats, aWallboardAgent, aWallboardSnapshot, T0 } from '../../../testing/fixtures';
import { fakeResponse, mockFetch, renderWithProviders } from '../../../testing/render';
import { floorSummary } from '../floor-figures';
import { QueueDrillDown } from './QueueDrillDown';
import { WallTv, WALL_CYCLE_MS } from './WallTv';

const queue = aQueue({ id: 'q-general', code: 'general', name: 'General', serviceLevelSeconds: 20 });
const billing = aQueue({ id: 'q-billing', code: 'billing', name: 'Billing' });
const amy = aWallboardAgent({ id: 'a-amy', displayName: 'Amy Walker', state: 'available' });
const ben = aWallboardAgent({ id: 'a-ben', username: 'ben', displayName: 'Ben Okafor', state: 'not_ready' });

function explanation(contactId: string, place: number, boost: number, qualifying: string[]): ContactExplanation {
  return {
    contactId, at: T0, status: 'waiting', queueId: queue.id, channel: 'voice', waitSeconds: 45, totalWaitSeconds: 45, place, waitingInQueue: 2,
    priority: { base: 0, valueTier: 10, complaint: 0, boost, aging: 4.5, effective: 14.5 + boost }, relaxationStep: 0,
    requirements: [{ skill: 'general', minProficiency: 2, kind: 'required' }], preferredAgent: null, agentId: null, offerExpiresAt: null, nextRelaxationAt: null,
    overflow: null,
    agents: [
      { agentId: amy.id, state: 'available', qualifies: qualifying.includes(amy.id), reasons: qualifying.includes(amy.id) ? [] : [{ code: 'missing_skill', skill: 'general', required: 2, has: 1 }] },
      { agentId: ben.id, state: 'not_ready', qualifies: false, reasons: [{ code: 'not_ready', reason: 'break' }] },
    ],
    qualifyingAgentIds: qualifying,
  } as ContactExplanation;
}

describe('the queue drill-down', () => {
  const contacts = [aLiveContact({ id: 'c-late', queueId: queue.id, customerName: 'Late Caller' }), aLiveContact({ id: 'c-early', queueId: queue.id, customerName: 'Early Caller' })];

  it('lists the waiting contacts in routing order with wait, priority and its parts, and why each waits', async () => {
    mockFetch({
      '/api/interactions/c-late/routing': () => fakeResponse(200, explanation('c-late', 2, 0, [])),
      '/api/interactions/c-early/routing': () => fakeResponse(200, explanation('c-early', 1, 0, [amy.id])),
    });
    renderWithProviders(<QueueDrillDown queue={queue} queues={[queue, billing]} contacts={contacts} agents={[amy, ben]} skills={[]} mayAct={false} />);
    const list = await screen.findByTestId('queue-contacts');
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(2));
    const [first, second] = within(list).getAllByRole('listitem');
    expect(first).toHaveTextContent('Early Caller');
    expect(first).toHaveTextContent('Waiting 0:45');
    expect(first).toHaveTextContent('Priority 15 (queue 0 + value 10 + complaint 0 + raised 0 + waiting 5)');
    expect(within(first).getByTestId('why')).toHaveTextContent('Can be taken by: Amy Walker');
    expect(within(second).getByTestId('why')).toHaveTextContent('None of the 2 signed-in agents can take it now.');
    await userEvent.click(within(second).getByRole('button', { name: 'Why it waits' }));
    expect(second).toHaveTextContent('Amy Walker: general level 1, needs 2');
    expect(second).toHaveTextContent('Ben Okafor: not ready');
    // A team lead reads; only supervisors act.
    expect(within(second).queryByRole('button', { name: 'Raise priority (+10)' })).toBeNull();
  });

  it('re-orders at once when another supervisor’s new priority is pushed, and reads the exact places again', async () => {
    let rounds = 0;
    const answers: Record<string, number> = {};
    const explain = (contactId: string, place: number) => () => {
      answers[contactId] = (answers[contactId] ?? 0) + 1;
      // Only the first reading answers: what follows the push must come from the push itself.
      return answers[contactId] === 1 ? fakeResponse(200, explanation(contactId, place, 0, [])) : new Promise<Response>(() => undefined);
    };
    mockFetch({ '/api/interactions/c-late/routing': explain('c-late', 2), '/api/interactions/c-early/routing': explain('c-early', 1) });
    const { realtime } = renderWithProviders(<QueueDrillDown queue={queue} queues={[queue, billing]} contacts={contacts} agents={[amy, ben]} skills={[]} mayAct={false} />);
    act(() => {
      realtime.connected();
      realtime.applySnapshot({ ...aWallboardSnapshot({ contacts }), seq: 0 }, T0);
    });
    const list = await screen.findByTestId('queue-contacts');
    await waitFor(() => expect(within(list).getAllByRole('listitem').map((item) => item.dataset.testid)).toEqual(['waiting-c-early', 'waiting-c-late']));
    rounds = Object.values(answers).reduce((sum, count) => sum + count, 0);

    act(() => {
      realtime.receive('queue:contact', {
        epoch: 'epoch-1',
        seq: 1,
        at: T0 + 1_000,
        data: { contactId: 'c-late', change: 'reprioritized', queueId: queue.id, fromQueueId: null, priority: 24.5, boost: 10, agentId: null, byUserId: 'u-other', at: T0 + 1_000 },
      });
    });
    const [first, second] = within(list).getAllByRole('listitem');
    expect(first).toHaveAttribute('data-testid', 'waiting-c-late');
    expect(first).toHaveTextContent('Priority 25 (queue 0 + value 10 + complaint 0 + raised 10 + waiting 5)');
    expect(within(first).getByText('1')).toHaveClass('cc-floor-contact__place');
    expect(second).toHaveAttribute('data-testid', 'waiting-c-early');
    await waitFor(() => expect(Object.values(answers).reduce((sum, count) => sum + count, 0)).toBeGreaterThan(rounds));
  });

  it('raises the priority, moves to another queue and offers to a named agent through the API', async () => {
    const sent: Array<{ path: string; body: unknown }> = [];
    const record = ({ path, body }: { path: string; body: unknown }) => {
      sent.push({ path, body });
      return fakeResponse(200, {});
    };
    mockFetch({
      '/api/interactions/c-late/routing': () => fakeResponse(200, explanation('c-late', 1, 0, [])),
      'POST /api/interactions/c-late/priority': record,
      'POST /api/interactions/c-late/transfer': record,
    });
    renderWithProviders(<QueueDrillDown queue={queue} queues={[queue, billing]} contacts={[contacts[0]]} agents={[amy, ben]} skills={[]} mayAct />);
    const item = await screen.findByTestId('waiting-c-late');
    await userEvent.click(within(item).getByRole('button', { name: 'Raise priority (+10)' }));
    await within(item).findByText('Priority raised.');
    await userEvent.selectOptions(within(item).getByLabelText('Move to queue'), 'Billing');
    await userEvent.click(within(item).getByRole('button', { name: 'Move' }));
    await within(item).findByText('Moved.');
    await userEvent.selectOptions(within(item).getByLabelText('Offer to agent'), 'Ben Okafor');
    await userEvent.click(within(item).getByRole('button', { name: 'Offer' }));
    await within(item).findByText('Offered to the agent.');
    expect(sent).toEqual([
      { path: '/api/interactions/c-late/priority', body: { boost: 10 } },
      { path: '/api/interactions/c-late/transfer', body: { queue: 'billing' } },
      { path: '/api/interactions/c-late/transfer', body: { agentId: ben.id } },
    ]);
  });
});

describe('the wall TV', () => {
  afterEach(() => jest.useRealTimers());

  it('shows four queues at a time in large figures, cycles through them by itself and has nothing to press', () => {
    jest.useFakeTimers();
    const queues = ['alpha', 'bravo', 'charlie', 'delta', 'echo'].map((code) => aQueueStats({ code, waitingCount: 1, longestWaitSeconds: 30 }));
    renderWithProviders(<WallTv summary={floorSummary(queues, ['available'])} queues={queues} now={T0} />);
    expect(screen.getByTestId('wall-queue-alpha')).toBeInTheDocument();
    expect(screen.queryByTestId('wall-queue-echo')).toBeNull();
    expect(screen.getByText('1 of 2')).toBeInTheDocument();
    act(() => jest.advanceTimersByTime(WALL_CYCLE_MS));
    expect(screen.getByTestId('wall-queue-echo')).toBeInTheDocument();
    expect(screen.queryByTestId('wall-queue-alpha')).toBeNull();
    act(() => jest.advanceTimersByTime(WALL_CYCLE_MS));
    expect(screen.getByTestId('wall-queue-alpha')).toBeInTheDocument();
    expect(screen.queryAllByRole('button')).toEqual([]);
    expect(screen.getByTestId('floor-waiting')).toHaveTextContent('5');
    expect(screen.getByTestId('floor-oldest')).toHaveAttribute('data-tone', 'warning');
  });
});

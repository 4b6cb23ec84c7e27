import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { anAlert, aQueue, aQueueStats, aWallboardAgent, aWallboardSnapshot, T0 } from '../testing/fixtures';
import { FakeSocket } from '../testing/fake-socket';
import { fakeResponse, mockFetch, renderApp } from '../testing/render';

const supervisor = { username: 'sophie', displayName: 'Sophie', role: 'supervisor' } as const;

// Nobody waits past the threshold: the tiles' colour and words follow the service level.
const stats = [
  aQueueStats({ code: 'general', name: 'General', longestWaitSeconds: 12 }),
  aQueueStats({ code: 'vip', name: 'VIP', longestWaitSeconds: 12 }),
  aQueueStats({ code: 'billing', name: 'Billing', longestWaitSeconds: 12 }),
];
const settings = [
  aQueue({ id: stats[0].queueId, code: 'general', name: 'General', basePriority: 0 }),
  aQueue({ id: stats[1].queueId, code: 'vip', name: 'VIP', basePriority: 50 }),
  aQueue({ id: stats[2].queueId, code: 'billing', name: 'Billing', basePriority: 10 }),
];

function serverAnswers(extra: Parameters<typeof mockFetch>[0] = {}) {
  return mockFetch({
    '/api/queues': () => fakeResponse(200, settings),
    '/api/complaints': () => fakeResponse(200, { items: [], total: 0, limit: 20, offset: 0 }),
    ...extra,
  });
}

const ben = aWallboardAgent({ id: 'a-ben', username: 'ben', displayName: 'Ben Okafor', state: 'available', stateSince: T0 - 60_000 });

function renderWallboard(path = '/wallboard', socket = new FakeSocket({ snapshot: aWallboardSnapshot({ queues: stats, agents: [ben] }) })) {
  return { ...renderApp(path, { session: supervisor, socket }), socket };
}

const tileNames = () => within(screen.getByRole('list', { name: 'Queues' })).getAllByRole('heading', { level: 3 }).map((heading) => heading.textContent);

describe('Supervisor wallboard', () => {
  it('waits for the live feed, then shows a tile per queue, highest priority first', async () => {
    serverAnswers();
    const socket = new FakeSocket();
    renderWallboard('/wallboard', socket);
    expect(screen.getByText('Connecting to the live feed…')).toBeInTheDocument();

    act(() => socket.sendSnapshot(aWallboardSnapshot({ queues: stats, agents: [ben] })));
    await waitFor(() => expect(tileNames()).toEqual(['VIP', 'Billing', 'General']));
    expect(screen.getByText(/^Live · \d\d:\d\d:\d\d$/)).toBeInTheDocument();
  });

  it('puts the average talk and hold of the calls that ended beside AHT, read for the window and for today', async () => {
    const billing = stats[2];
    const fetch = serverAnswers({
      '/api/calls/times': ({ query }) => {
        const from = query.get('from');
        const today = from === new Date(billing.sinceMidnight.startsAt).toISOString();
        const times = { queueId: billing.queueId, queueName: 'Billing', calls: 3, talkSeconds: 540, holdSeconds: 90, averageTalkSeconds: today ? 200 : 180, averageHoldSeconds: 30, callsWithHold: 2 };
        return fakeResponse(200, { from, to: new Date(T0).toISOString(), queues: [times] });
      },
    });
    renderWallboard();
    const tile = await screen.findByTestId('queue-tile-billing');
    await waitFor(() => expect(within(within(tile).getByTestId('figure-talk')).getAllByRole('cell').map((cell) => cell.textContent)).toEqual(['3:00', '3:20']));
    expect(within(within(tile).getByTestId('figure-hold')).getAllByRole('cell').map((cell) => cell.textContent)).toEqual(['0:30', '0:30']);
    // A queue without calls that ended shows empty figures.
    expect(within(within(screen.getByTestId('queue-tile-vip')).getByTestId('figure-talk')).getAllByRole('cell').map((cell) => cell.textContent)).toEqual(['—', '—']);
    const asked = fetch.mock.calls.map(([url]) => String(url)).filter((url) => url.includes('/api/calls/times'));
    expect(asked.some((url) => url.includes(encodeURIComponent(new Date(billing.rolling.startsAt).toISOString())))).toBe(true);
  });

  it('explains an empty centre', () => {
    serverAnswers();
    renderWallboard('/wallboard', new FakeSocket({ snapshot: aWallboardSnapshot({ queues: [], agents: [] }) }));
    expect(screen.getByRole('heading', { name: 'No queues are set up' })).toBeInTheDocument();
  });

  it('moves tiles and the agents table as deltas arrive, without a refresh', async () => {
    serverAnswers();
    const { socket } = renderWallboard();
    const vip = await screen.findByTestId('queue-tile-vip');
    expect(within(vip).getByTestId('waiting')).toHaveTextContent('3');

    act(() => socket.delta('queue:stats', { queue: aQueueStats({ code: 'vip', name: 'VIP', waitingCount: 9, rolling: { serviceLevel: 0.5 } }) }));
    expect(within(vip).getByTestId('waiting')).toHaveTextContent('9');
    expect(vip).toHaveClass('ds-tile--critical');

    const stateOf = () => within(screen.getByTestId('agent-row-ben')).getAllByRole('cell')[0].textContent;
    expect(stateOf()).toBe('Available');
    act(() => socket.delta('agent:update', { agent: { ...ben, state: 'busy', stateSince: T0 } }));
    expect(stateOf()).toBe('On a contact');
  });

  it('lists alerts as they come and agents made not ready by missed offers', async () => {
    serverAnswers();
    const { socket } = renderWallboard();
    await screen.findByTestId('queue-tile-vip');
    expect(screen.getByText('Nothing needs you right now')).toBeInTheDocument();

    act(() => socket.delta('alert', anAlert({ id: 'al-1', details: { number: 'CMP-2026-000031', workstation: 'Desk 14' } })));
    act(() => socket.delta('agent:update', { agent: { ...ben, state: 'not_ready', notReadyReason: 'missed_offers' } }));
    const alerts = screen.getByTestId('alerts');
    expect(alerts).toHaveTextContent('Threatening call recorded on complaint CMP-2026-000031 (Desk 14): alert the team lead.');
    expect(alerts).toHaveTextContent('Ben Okafor was made not ready after missing offers.');
    expect(within(alerts).getByRole('button', { name: /Acknowledge for everyone: Threatening call/ })).toBeInTheDocument();
  });

  it('shows the alerts raised before the console connected, and acknowledges one for everyone', async () => {
    serverAnswers();
    const threat = anAlert({ id: 'al-threat' });
    const missed = anAlert({ id: 'al-missed', kind: 'agent_missed_offers', severity: 'warning', at: T0 - 120_000, agentName: 'Ben Okafor', details: { count: 3 } });
    const acknowledged = { at: T0, by: 'u-grace', byName: 'Grace Lin' };
    const socket = new FakeSocket({
      snapshot: aWallboardSnapshot({ queues: stats, agents: [ben] }, { alerts: [threat, missed] }),
      commands: { 'alert:acknowledge': () => ({ ok: true, data: { ...threat, acknowledged } }) },
    });
    renderWallboard('/wallboard', socket);
    const alerts = await screen.findByTestId('alerts');
    expect(within(alerts).getAllByRole('listitem').map((item) => item.textContent)).toEqual([
      expect.stringContaining('Threatening call recorded on complaint CMP-2026-000031 (Desk 14)'),
      expect.stringContaining('Ben Okafor missed 3 offers in a row and was made not ready.'),
    ]);

    await userEvent.click(within(alerts).getByRole('button', { name: /Acknowledge for everyone: Threatening call/ }));
    expect(socket.sent('alert:acknowledge')).toEqual([{ alertId: 'al-threat' }]);
    // The server pushes the acknowledgement to everyone the alert was addressed to.
    act(() => socket.delta('alert:acknowledged', { alert: { ...threat, acknowledged } }));
    const item = within(screen.getByTestId('alerts')).getByTestId('alert-al-threat');
    expect(item).toHaveTextContent(/Acknowledged by Grace Lin at \d\d:\d\d/);
    expect(within(item).queryByRole('button', { name: /Acknowledge/ })).not.toBeInTheDocument();
    // Open alerts stay on top.
    expect(within(screen.getByTestId('alerts')).getAllByRole('listitem')[0]).toHaveTextContent('Ben Okafor missed 3 offers');

    await userEvent.click(within(item).getByRole('button', { name: /Dismiss: Threatening call/ }));
    expect(screen.getByTestId('alerts')).not.toHaveTextContent('Threatening call');
  });

  it('says so when the server refuses an acknowledgement', async () => {
    serverAnswers();
    const socket = new FakeSocket({
      snapshot: aWallboardSnapshot({ queues: stats, agents: [ben] }, { alerts: [anAlert({ id: 'al-1' })] }),
      commands: { 'alert:acknowledge': () => ({ ok: false, error: { code: 'ALERT_NOT_ADDRESSED_TO_YOU', message: "alert 'al-1' is not addressed to you" } }) },
    });
    renderWallboard('/wallboard', socket);
    await userEvent.click(await screen.findByRole('button', { name: /Acknowledge for everyone/ }));
    expect(await screen.findByText("The alert was not acknowledged: alert 'al-1' is not addressed to you")).toBeInTheDocument();
    expect(within(screen.getByTestId('alerts')).getByRole('button', { name: /Acknowledge for everyone/ })).toBeEnabled();
  });

  it('lets an administrator read alerts but not acknowledge them', async () => {
    serverAnswers();
    const socket = new FakeSocket({ snapshot: aWallboardSnapshot({ queues: stats, agents: [ben] }, { alerts: [anAlert({ id: 'al-1', kind: 'agent_missed_offers', agentName: 'Ben Okafor', details: { count: 2 } })] }) });
    renderApp('/wallboard', { session: { username: 'admin', displayName: 'Alex', role: 'admin' }, socket });
    const alerts = await screen.findByTestId('alerts');
    expect(alerts).toHaveTextContent('Ben Okafor missed 2 offers in a row');
    expect(within(alerts).queryByRole('button', { name: /Acknowledge/ })).not.toBeInTheDocument();
  });

  it('shows a supervisor who connects later the conditions that still stand, from the snapshot alone', async () => {
    serverAnswers();
    const amy = aWallboardAgent({ id: 'a-amy', username: 'amy', displayName: 'Amy Walker', state: 'not_ready', notReadyReason: 'missed_offers', stateSince: T0 - 120_000 });
    const lost = aWallboardAgent({ id: 'a-ben', username: 'ben', displayName: 'Ben Okafor', state: 'busy', disconnected: true, contactIds: ['c-1', 'c-2'], stateSince: T0 - 30_000 });
    renderWallboard('/wallboard', new FakeSocket({ snapshot: aWallboardSnapshot({ queues: stats, agents: [amy, lost] }) }));
    const alerts = await screen.findByTestId('alerts');
    expect(alerts).toHaveTextContent('Amy Walker was made not ready after missing offers.');
    expect(alerts).toHaveTextContent("Ben Okafor's desktop is disconnected with 2 live contacts.");
    // They stand until someone acts: nothing to dismiss.
    expect(within(alerts).queryByRole('button', { name: /Dismiss/ })).not.toBeInTheDocument();
  });

  it('lets a supervisor force an agent’s state', async () => {
    const fetch = serverAnswers({ 'PUT /api/agents/a-ben/state': () => fakeResponse(200, { ...ben, state: 'not_ready' }) });
    renderWallboard();
    const row = await screen.findByTestId('agent-row-ben');
    await userEvent.selectOptions(within(row).getByLabelText('Move Ben Okafor to a state'), 'not_ready:meeting');
    await userEvent.click(within(row).getByRole('button', { name: 'Apply' }));
    await waitFor(() =>
      expect(fetch.mock.calls.some(([path, init]) => path === '/api/agents/a-ben/state' && init.method === 'PUT' && init.body === '{"state":"not_ready","reason":"meeting"}')).toBe(true),
    );
  });

  it('says in plain words when forcing a state is refused', async () => {
    serverAnswers({
      'PUT /api/agents/a-ben/state': () =>
        fakeResponse(409, { statusCode: 409, code: 'INVALID_AGENT_TRANSITION', message: 'The agent still holds contacts' }),
    });
    renderWallboard();
    const row = await screen.findByTestId('agent-row-ben');
    await userEvent.selectOptions(within(row).getByLabelText('Move Ben Okafor to a state'), 'offline');
    await userEvent.click(within(row).getByRole('button', { name: 'Apply' }));
    expect(await within(row).findByRole('alert')).toHaveTextContent('The agent still holds contacts');
  });

  it('lists complaints past or near their deadline', async () => {
    serverAnswers({
      '/api/complaints': ({ query }) =>
        fakeResponse(200, {
          items:
            query.get('deadline') === 'breached'
              ? [
                  {
                    id: 'cp-9',
                    number: 'CMP-2026-000009',
                    customerName: 'Liam Evans',
                    complexity: 'simple',
                    ownerName: 'Frank Müller',
                    deadline: { kind: 'resolution', status: 'breached', clock: 'running', dueAt: new Date(T0 - 3_630_000).toISOString(), commitmentDueAt: null, nextCrossingAt: null },
                  },
                ]
              : [],
          total: 1,
          limit: 20,
          offset: 0,
        }),
    });
    renderWallboard();
    const deadlines = await screen.findByTestId('complaint-deadlines');
    expect(deadlines).toHaveTextContent('CMP-2026-000009');
    expect(deadlines).toHaveTextContent('Overdue');
    expect(deadlines).toHaveTextContent(/1:00:[23]\d overdue/);
  });

  it('switches to wall display mode and back, keeping it in the address', async () => {
    serverAnswers();
    const { router } = renderWallboard();
    await screen.findByTestId('queue-tile-vip');
    await userEvent.click(screen.getByRole('button', { name: 'Wall display' }));
    expect(router.state.location.search).toBe('?display=wall');
    expect(document.documentElement.dataset.display).toBe('wall');
    await userEvent.click(screen.getByRole('button', { name: 'Leave wall display' }));
    expect(router.state.location.search).toBe('');
    expect(document.documentElement.dataset.display).toBeUndefined();
  });

  it('opens straight into wall display mode from the address, after signing in', async () => {
    serverAnswers({
      'POST /api/auth/login': () =>
        fakeResponse(200, {
          accessTokenExpiresAt: new Date(Date.now() + 900_000).toISOString(),
          sessionExpiresAt: new Date(Date.now() + 43_200_000).toISOString(),
          user: { id: 'u-wang', username: 'wang.lei', displayName: 'Wang Lei', roles: ['supervisor'], teamLeadId: null },
        }),
    });
    const { router } = renderApp('/wallboard?display=wall', { socket: new FakeSocket({ snapshot: aWallboardSnapshot({ queues: stats }) }) });
    await userEvent.type(screen.getByLabelText('Username'), 'wang.lei');
    await userEvent.type(screen.getByLabelText('Password'), 'wang.lei');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await screen.findByRole('heading', { level: 1, name: 'Supervisor wallboard' });
    expect(`${router.state.location.pathname}${router.state.location.search}`).toBe('/wallboard?display=wall');
    expect(document.documentElement.dataset.display).toBe('wall');
  });

  it('speaks Chinese', async () => {
    serverAnswers();
    renderApp('/wallboard', { session: supervisor, language: 'zh-CN', socket: new FakeSocket({ snapshot: aWallboardSnapshot({ queues: stats, agents: [ben] }) }) });
    expect(await screen.findByRole('heading', { level: 1, name: '主管监控大屏' })).toBeInTheDocument();
    expect(within(screen.getByTestId('queue-tile-vip')).getByText('达标')).toBeInTheDocument();
    expect(within(screen.getByTestId('agent-row-ben')).getAllByRole('cell')[0]).toHaveTextContent('空闲');
  });

  it('draws the last hour’s waiting line again after a reload, from the history: contacts waiting at the end of each interval', async () => {
    const quiet = stats.map((queue) => ({ ...queue, waitingCount: 0, longestWaitSeconds: null, rolling: { ...queue.rolling, serviceLevel: null } }));
    const history = (queueId: string) => () =>
      fakeResponse(200, {
        queueId,
        intervals: [1, 2, 3].map((index) => ({ ...quiet[0].rolling, startsAt: T0 - (4 - index) * 300_000, endsAt: T0 - (3 - index) * 300_000, serviceLevel: null, waitingAtEnd: index === 3 ? 0 : 2 })),
      });
    const requested: string[] = [];
    serverAnswers(
      Object.fromEntries(
        quiet.map((queue) => [
          `/api/statistics/queues/${queue.queueId}/history`,
          (request: { query: URLSearchParams }) => {
            requested.push(request.query.get('intervalMinutes') ?? '');
            return history(queue.queueId)();
          },
        ]),
      ),
    );
    renderWallboard('/wallboard', new FakeSocket({ snapshot: aWallboardSnapshot({ queues: quiet, agents: [ben] }) }));
    expect(await screen.findByTestId('trend-chart')).toBeInTheDocument();
    expect(requested).toContain('5');
  });
});

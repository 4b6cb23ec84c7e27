import type { QueueHistoryResponse, QueueLiveStatistics, QueueStatisticsResponse, QueueWindowFigures } from '@callcentre/shared';
import { RoutingService } from '../../../server/src/modules/routing/routing.service';
import { startTestApp, TestApp } from '../../support/test-app';
import { api, queueIdOf, staff, Staff } from '../realtime/support';
import { succeedingApi, zoneAwayFromMidnight } from './support';

const FIGURES = [
  'offered',
  'answered',
  'answeredWithinThreshold',
  'abandoned',
  'shortAbandoned',
  'overflowedOut',
  'transferredOut',
  'requeued',
  'completed',
  'handled',
  'serviceLevelByFormula',
  'asaSeconds',
  'ahtSeconds',
  'abandonRate',
  'abandonRateExcludingShortAbandons',
] as const;
const figuresOf = (window: QueueWindowFigures) => Object.fromEntries(FIGURES.map((key) => [key, window[key]]));

/**
 * Contacts that move between queues and agents: the live figures (since midnight) and the history of the same
 * range, both read from the journal, give the same figures for every queue, before and after a restart.
 */
describe('queue statistics of contacts moved between queues and agents: live and history agree', () => {
  const env = { CENTRE_TIME_ZONE: zoneAwayFromMidnight(), HEARTBEAT_TIMEOUT_SECONDS: '600' };
  let server: TestApp;
  let amy: Staff;
  let sophie: Staff;
  let queueIds: Record<'general' | 'billing', string>;
  let t0: number;
  let clock: number;
  const at = (seconds: number) => {
    clock = t0 + seconds * 1000;
  };
  const ok = succeedingApi(() => server);
  const call = async (queue: string) => (await ok('POST', '/api/interactions', sophie.headers, { channel: 'voice', caller: {}, queue })).interaction.id as string;
  const acceptOffer = async (contactId: string) => {
    const interaction = await ok('GET', `/api/interactions/${contactId}`, amy.headers);
    await ok('POST', `/api/interactions/${contactId}/accept`, amy.headers, { offerId: interaction.offer.offerId });
  };
  const live = async (): Promise<QueueLiveStatistics[]> => {
    const response = await api<QueueStatisticsResponse>(server.baseUrl, 'GET', '/api/statistics/queues', sophie.headers);
    expect(response.status).toBe(200);
    return [...response.body.queues];
  };
  const liveOf = async (queueId: string) => (await live()).find((queue) => queue.queueId === queueId) as QueueLiveStatistics;
  const history = async (queueId: string, from: number): Promise<QueueWindowFigures> => {
    const range = `from=${encodeURIComponent(new Date(from).toISOString())}&to=${encodeURIComponent(new Date(t0 + 3_600_000).toISOString())}`;
    const response = await api<QueueHistoryResponse>(server.baseUrl, 'GET', `/api/statistics/queues/${queueId}/history?${range}`, sophie.headers);
    expect(response.status).toBe(200);
    return response.body.total;
  };
  /** Every queue's figures since midnight, live and from the history of the same range. */
  const liveAndHistory = async () => {
    const queues = await live();
    const fromHistory = await Promise.all(queues.map(async (queue) => [queue.code, figuresOf(await history(queue.queueId, queue.sinceMidnight.startsAt))]));
    return { live: Object.fromEntries(queues.map((queue) => [queue.code, figuresOf(queue.sinceMidnight)])), history: Object.fromEntries(fromHistory) };
  };

  // A server per test: each starts from an empty day with every agent offline, whatever ran before it.
  beforeEach(async () => {
    server = await startTestApp({ seedDemo: true, env });
    amy = await staff(server.dataSource, 'amy');
    sophie = await staff(server.dataSource, 'sophie');
    queueIds = { general: await queueIdOf(server.dataSource, 'general'), billing: await queueIdOf(server.dataSource, 'billing') };
    t0 = Date.now() + 1000;
    clock = t0;
    server.app.get(RoutingService).now = () => clock;
  });
  afterEach(async () => {
    await server.close();
  });

  it('counts an agent’s transfer as transferred out of the queue it leaves, each contact once centre-wide, and each agent’s handle time where it was', async () => {
    // Amy serves General and Billing.
    at(0);
    const contact = await call('billing');
    await ok('PUT', '/api/agents/me/state', amy.headers, { state: 'available' });
    at(4);
    await acceptOffer(contact); // waited 4 s in Billing
    at(30);
    await ok('POST', `/api/interactions/${contact}/transfer`, amy.headers, { queue: 'general' });
    at(32);
    await acceptOffer(contact); // waited 2 s in General
    at(60);
    await ok('POST', `/api/interactions/${contact}/end`, amy.headers);
    at(65);
    await ok('POST', `/api/interactions/${contact}/wrap-up`, amy.headers, { disposition: 'resolved' });

    const billing = await liveOf(queueIds.billing);
    const general = await liveOf(queueIds.general);
    // Amy talked 26 s before the transfer (Billing), then 28 s and 5 s of wrap-up (General).
    expect(billing.sinceMidnight).toMatchObject({ offered: 1, answered: 1, transferredOut: 1, overflowedOut: 0, completed: 0, handled: 1, ahtSeconds: 26 });
    expect(general.sinceMidnight).toMatchObject({ offered: 1, answered: 1, transferredOut: 0, completed: 1, handled: 1, ahtSeconds: 33 });
    const queues = await live();
    const sum = (key: 'offered' | 'overflowedOut' | 'transferredOut') => queues.reduce((total, queue) => total + queue.sinceMidnight[key], 0);
    expect(sum('offered') - sum('overflowedOut') - sum('transferredOut')).toBe(1);

    const figures = await liveAndHistory();
    expect(figures.history).toEqual(figures.live);
  });

  it('offers a contact handed back after a lost desktop again: a caller who then hangs up is an abandon, live and in any history', async () => {
    const routing = server.app.get(RoutingService);
    const before = (await liveOf(queueIds.general)).sinceMidnight;
    at(100);
    const contact = await call('general');
    await ok('PUT', '/api/agents/me/state', amy.headers, { state: 'available' });
    at(103);
    await acceptOffer(contact); // waited 3 s
    at(120);
    await routing.dispatch({ type: 'disconnect', agentId: amy.id }); // Amy's desktop is lost: 60 s of grace
    at(180);
    await routing.dispatch({ type: 'tick' }); // back in General, nobody to take it
    at(190);
    await ok('POST', `/api/interactions/${contact}/abandon`, sophie.headers); // waited 10 s since the hand-back

    const general = (await liveOf(queueIds.general)).sinceMidnight;
    expect({
      offered: general.offered - before.offered,
      requeued: general.requeued - before.requeued,
      answered: general.answered - before.answered,
      abandoned: general.abandoned - before.abandoned,
      shortAbandoned: general.shortAbandoned - before.shortAbandoned,
      handled: general.handled - before.handled,
    }).toEqual({ offered: 2, requeued: 1, answered: 1, abandoned: 1, shortAbandoned: 0, handled: 1 });
    // Amy held it 77 s, until the hand-back.
    expect(general.ahtSeconds).toBe(77);

    // A history that starts after the answer counts the same abandon.
    expect(await history(queueIds.general, t0 + 150_000)).toMatchObject({ offered: 1, requeued: 1, answered: 0, abandoned: 1, handled: 1, ahtSeconds: 77, abandonRate: 1 });
    // One that starts after the caller began waiting again: no offer in it, but the abandon rate counts the
    // same contacts on both sides (the wait that ended in it).
    expect(await history(queueIds.general, t0 + 185_000)).toMatchObject({ offered: 0, abandoned: 1, abandonRate: 1, abandonRateExcludingShortAbandons: 1 });
    const figures = await liveAndHistory();
    expect(figures.history).toEqual(figures.live);
  });

  it('counts the longest wait of a contact handed back after a lost desktop from the hand-back, and a restart does not change it', async () => {
    const frank = await staff(server.dataSource, 'frank');
    at(200);
    const contact = await call('general');
    await ok('PUT', '/api/agents/me/state', frank.headers, { state: 'available' });
    at(205);
    const interaction = await ok('GET', `/api/interactions/${contact}`, frank.headers);
    await ok('POST', `/api/interactions/${contact}/accept`, frank.headers, { offerId: interaction.offer.offerId });
    at(210);
    await server.app.get(RoutingService).dispatch({ type: 'disconnect', agentId: frank.id }); // 60 s of grace
    at(270);
    await server.app.get(RoutingService).dispatch({ type: 'tick' }); // back in General at 270 s
    at(300);
    const before = await live();
    expect(before.find((queue) => queue.queueId === queueIds.general)).toMatchObject({ waitingCount: 1, longestWaitSeconds: 30 });

    await server.stop();
    server = await startTestApp({ database: server.database, env });
    server.app.get(RoutingService).now = () => clock;
    const after = await live();
    expect(after.find((queue) => queue.queueId === queueIds.general)).toMatchObject({ waitingCount: 1, longestWaitSeconds: 30 });
    const comparable = (queues: QueueLiveStatistics[]) =>
      queues.map((queue) => ({ code: queue.code, waitingCount: queue.waitingCount, longestWaitSeconds: queue.longestWaitSeconds, today: figuresOf(queue.sinceMidnight) }));
    expect(comparable(after)).toEqual(comparable(before));
  });
});

/** A caller's wait runs from the arrival, whatever queue the contact waits in now: live figures and routing's explanation agree. */
describe('the wait of a contact that overflowed: live figures, routing explanation and a restart agree', () => {
  const env = { CENTRE_TIME_ZONE: zoneAwayFromMidnight(), HEARTBEAT_TIMEOUT_SECONDS: '600' };
  let server: TestApp;
  let sophie: Staff;
  let clock: number;
  let t0: number;
  const at = (seconds: number) => {
    clock = t0 + seconds * 1000;
  };
  const ok = succeedingApi(() => server);
  const general = async () => {
    const body = (await ok('GET', '/api/statistics/queues', sophie.headers)) as QueueStatisticsResponse;
    return body.queues.find((queue) => queue.code === 'general') as QueueLiveStatistics;
  };
  const tick = () => server.app.get(RoutingService).dispatch({ type: 'tick' });

  beforeAll(async () => {
    server = await startTestApp({ seedDemo: true, env });
    sophie = await staff(server.dataSource, 'sophie');
    t0 = Date.now() + 1000;
    clock = t0;
    server.app.get(RoutingService).now = () => clock;
  });
  afterAll(async () => {
    await server.close();
  });

  it('gives the longest wait from the arrival after an overflow, as the routing explanation does, also after a restart; the answer counts that wait', async () => {
    at(0);
    const contact = (await ok('POST', '/api/interactions', sophie.headers, { channel: 'voice', caller: {}, queue: 'billing' })).interaction.id as string;
    at(300);
    await tick(); // Billing overflows to General after 300 s
    at(440);
    const explained = await ok('GET', `/api/interactions/${contact}/routing`, sophie.headers);
    expect(explained.queueId).toBe(await queueIdOf(server.dataSource, 'general'));
    expect(explained.waitSeconds).toBe(440);
    expect(await general()).toMatchObject({ waitingCount: 1, longestWaitSeconds: 440 });

    await server.stop();
    server = await startTestApp({ database: server.database, env });
    server.app.get(RoutingService).now = () => clock;
    sophie = await staff(server.dataSource, 'sophie');
    expect(await general()).toMatchObject({ waitingCount: 1, longestWaitSeconds: 440 });
    expect((await ok('GET', `/api/interactions/${contact}/routing`, sophie.headers)).waitSeconds).toBe(440);

    const amy = await staff(server.dataSource, 'amy');
    await ok('PUT', '/api/agents/me/state', amy.headers, { state: 'available' });
    at(445);
    const interaction = await ok('GET', `/api/interactions/${contact}`, amy.headers);
    await ok('POST', `/api/interactions/${contact}/accept`, amy.headers, { offerId: interaction.offer.offerId });
    const answered = await general();
    expect(answered).toMatchObject({ waitingCount: 0, longestWaitSeconds: null });
    expect(answered.sinceMidnight).toMatchObject({ answered: 1, answeredWithinThreshold: 0, asaSeconds: 445 });
  });
});

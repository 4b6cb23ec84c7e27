import type { QueueHistoryResponse, QueueLiveStatistics, QueueStatisticsResponse, QueueWindowFigures } from '@callcentre/shared';
import { RoutingService } from '../../../server/src/modules/routing/routing.service';
import { StatisticsService } from '../../../server/src/modules/statistics/statistics.service';
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
  'completed',
  'handled',
  'serviceLevel',
  'serviceLevelByFormula',
  'asaSeconds',
  'ahtSeconds',
  'abandonRate',
  'abandonRateExcludingShortAbandons',
] as const;
const figuresOf = (window: QueueWindowFigures) => Object.fromEntries(FIGURES.map((key) => [key, window[key]]));

describe('queue statistics: figures as defined, from the journal, across a restart', () => {
  const env = { CENTRE_TIME_ZONE: zoneAwayFromMidnight(), HEARTBEAT_TIMEOUT_SECONDS: '600' };
  let server: TestApp;
  let amy: Staff;
  let sophie: Staff;
  let grace: Staff;
  let general: string;
  let t0: number;
  let clock: number;
  const at = (seconds: number) => {
    clock = t0 + seconds * 1000;
  };
  const call = async () => (await api(server.baseUrl, 'POST', '/api/interactions', sophie.headers, { channel: 'voice', caller: {}, queue: 'general' })).body.interaction.id as string;
  const offeredToAmy = async () => {
    const me = await api(server.baseUrl, 'GET', '/api/agents/me', amy.headers);
    const contactId: string = me.body.live.offeredContactId;
    const interaction = await api(server.baseUrl, 'GET', `/api/interactions/${contactId}`, amy.headers);
    return { contactId, offerId: interaction.body.offer.offerId as string };
  };
  const ok = succeedingApi(() => server);
  const generalNow = async (who: Staff = sophie): Promise<QueueLiveStatistics> => {
    const response = await api<QueueStatisticsResponse>(server.baseUrl, 'GET', '/api/statistics/queues', who.headers);
    expect(response.status).toBe(200);
    return response.body.queues.find((queue) => queue.queueId === general) as QueueLiveStatistics;
  };

  // A server per test: each plays the contacts its figures come from, whatever ran before it.
  beforeEach(async () => {
    server = await startTestApp({ seedDemo: true, env });
    amy = await staff(server.dataSource, 'amy');
    sophie = await staff(server.dataSource, 'sophie');
    grace = await staff(server.dataSource, 'grace');
    general = await queueIdOf(server.dataSource, 'general');
    // The routing clock is the statistics' clock: drive it by hand so every wait is exact.
    t0 = Date.now() + 1000;
    clock = t0;
    server.app.get(RoutingService).now = () => clock;
  });
  afterEach(async () => {
    await server.close();
  });

  /** Five calls to General: three answered (after 10, 82 and 15 s), two abandoned (after 3 and 40 s), two finished. */
  const playMorning = async () => {
    // General: 80% within 20 s, short abandons up to 5 s, service level with abandons in the denominator.
    at(0);
    const c1 = await call();
    const c3 = await call();
    const c4 = await call();
    const c5 = await call();
    at(3);
    await ok('POST', `/api/interactions/${c4}/abandon`, sophie.headers); // waited 3 s: a short abandon
    at(10);
    await ok('PUT', '/api/agents/me/state', amy.headers, { state: 'available' });
    const first = await offeredToAmy();
    expect(first.contactId).toBe(c1);
    await ok('POST', `/api/interactions/${c1}/accept`, amy.headers, { offerId: first.offerId }); // waited 10 s: within 20
    at(40);
    await ok('POST', `/api/interactions/${c5}/abandon`, sophie.headers); // waited 40 s: a real abandon
    at(70);
    await ok('POST', `/api/interactions/${c1}/end`, amy.headers); // talked 60 s
    at(80);
    await ok('POST', `/api/interactions/${c1}/wrap-up`, amy.headers, { disposition: 'resolved' }); // 10 s of wrap-up: handled 70 s
    const second = await offeredToAmy();
    expect(second.contactId).toBe(c3);
    at(82);
    await ok('POST', `/api/interactions/${c3}/accept`, amy.headers, { offerId: second.offerId }); // waited 82 s: after 20
    at(90);
    const c2 = await call();
    at(100);
    await ok('POST', `/api/interactions/${c3}/end`, amy.headers); // talked 18 s
    at(102);
    await ok('POST', `/api/interactions/${c3}/wrap-up`, amy.headers, { disposition: 'resolved' }); // 2 s of wrap-up: handled 20 s
    const third = await offeredToAmy();
    expect(third.contactId).toBe(c2);
    at(105);
    await ok('POST', `/api/interactions/${c2}/accept`, amy.headers, { offerId: third.offerId }); // waited 15 s: within 20
  };
  /** A sixth call, abandoned after 16 s: the third abandon, not short. */
  const abandonAfterSixteenSeconds = async () => {
    at(110);
    const waiting = await call();
    at(126);
    await ok('POST', `/api/interactions/${waiting}/abandon`, sophie.headers);
  };

  it('counts answers within and after the threshold, short and long abandons, ASA and AHT as defined', async () => {
    await playMorning();

    const queue = await generalNow();
    const expected = {
      offered: 5,
      answered: 3,
      answeredWithinThreshold: 2,
      abandoned: 2,
      shortAbandoned: 1,
      overflowedOut: 0,
      transferredOut: 0,
      completed: 2,
      handled: 2,
      // 2 within T / (3 answered + 2 abandoned - 1 short abandon)
      serviceLevel: 0.5,
      serviceLevelByFormula: { answered_only: 2 / 3, abandons_in_denominator: 0.5, short_abandons_met: 3 / 5 },
      asaSeconds: (10 + 82 + 15) / 3,
      ahtSeconds: (70 + 20) / 2,
      abandonRate: 2 / 5,
      abandonRateExcludingShortAbandons: 1 / 4,
    };
    expect(figuresOf(queue.sinceMidnight)).toEqual(expected);
    expect(figuresOf(queue.rolling)).toEqual(expected);
    expect(queue.serviceLevel).toMatchObject({
      formula: 'abandons_in_denominator',
      figure: 'serviceLevel.abandons_in_denominator',
      targetPercent: 80,
      thresholdSeconds: 20,
      shortAbandonThresholdSeconds: 5,
      label: { en: 'Service level (abandons count)', 'zh-Hans': '服务水平（计入放弃）' },
    });
    expect(queue.serviceLevel.definition).toMatch(/short-abandon threshold/);
    expect(queue).toMatchObject({ waitingCount: 0, longestWaitSeconds: null, sinceMidnight: { timeZone: env.CENTRE_TIME_ZONE }, rolling: { minutes: 60 } });
    expect(queue.agents).toMatchObject({ busy: 1, available: 0, reserved: 0, wrap_up: 0 });
    expect(queue.agents.offline).toBeGreaterThan(5);
  });

  it('shows who waits and for how long, live', async () => {
    await playMorning();
    at(110);
    const waiting = await call();
    at(125);
    const queue = await generalNow();
    expect(queue).toMatchObject({ waitingCount: 1, longestWaitSeconds: 15, sinceMidnight: { offered: 6 } });
    at(126);
    await ok('POST', `/api/interactions/${waiting}/abandon`, sophie.headers); // 16 s: the third abandon, not short
    expect(await generalNow()).toMatchObject({ waitingCount: 0, longestWaitSeconds: null, sinceMidnight: { abandoned: 3, shortAbandoned: 1 } });
  });

  it('reports history from the journal with true averages, per interval, and refuses bad ranges', async () => {
    await playMorning();
    await abandonAfterSixteenSeconds();
    const from = new Date(t0 - 60_000).toISOString();
    const to = new Date(t0 + 10 * 60_000).toISOString();
    const history = await api<QueueHistoryResponse>(server.baseUrl, 'GET', `/api/statistics/queues/${general}/history?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&intervalMinutes=15`, grace.headers);
    expect(history.status).toBe(200);
    expect(history.body).toMatchObject({ queueId: general, code: 'general', intervalMinutes: 15, from: Date.parse(from), to: Date.parse(to) });
    expect(figuresOf(history.body.total)).toMatchObject({ offered: 6, answered: 3, answeredWithinThreshold: 2, abandoned: 3, shortAbandoned: 1, completed: 2, asaSeconds: 107 / 3, ahtSeconds: 45 });
    expect(history.body.intervals).toHaveLength(1);
    expect(history.body.intervals[0]).toMatchObject({ startsAt: Date.parse(from), endsAt: Date.parse(to), offered: 6 });

    const hourly = await api<QueueHistoryResponse>(server.baseUrl, 'GET', `/api/statistics/queues/${general}/history?from=${encodeURIComponent(new Date(t0 - 3_600_000).toISOString())}&to=${encodeURIComponent(to)}&intervalMinutes=60`, sophie.headers);
    expect(hourly.body.intervals.map((interval) => interval.offered).reduce((a, b) => a + b, 0)).toBe(6);
    expect(hourly.body.intervals).toHaveLength(2);

    const before = await api(server.baseUrl, 'GET', `/api/statistics/queues/${general}/history?from=${encodeURIComponent(to)}&to=${encodeURIComponent(from)}`, sophie.headers);
    expect(before).toMatchObject({ status: 400, body: { code: 'INVALID_RANGE' } });
    const badInterval = await api(server.baseUrl, 'GET', `/api/statistics/queues/${general}/history?intervalMinutes=7&extra=1`, sophie.headers);
    expect(badInterval.status).toBe(400);
    expect(badInterval.body.fields.map((field: { field: string }) => field.field).sort()).toEqual(['extra', 'intervalMinutes']);
    const notADate = await api(server.baseUrl, 'GET', `/api/statistics/queues/${general}/history?from=yesterday`, sophie.headers);
    expect(notADate).toMatchObject({ status: 400, body: { fields: [{ field: 'from' }] } });
    const unknown = await api(server.baseUrl, 'GET', '/api/statistics/queues/00000000-0000-4000-8000-000000000000/history', sophie.headers);
    expect(unknown).toMatchObject({ status: 404, body: { code: 'QUEUE_NOT_FOUND' } });
  });

  it('is for supervisors, team leads and administrators only', async () => {
    expect((await api(server.baseUrl, 'GET', '/api/statistics/queues', amy.headers)).status).toBe(403);
    expect((await api(server.baseUrl, 'GET', `/api/statistics/queues/${general}/history`, amy.headers)).status).toBe(403);
    expect((await api(server.baseUrl, 'GET', '/api/statistics/queues', {})).status).toBe(401);
    const admin = await staff(server.dataSource, 'admin');
    expect((await api(server.baseUrl, 'GET', '/api/statistics/queues', admin.headers)).status).toBe(200);
    expect((await generalNow(grace)).code).toBe('general');
  });

  it('recomputes the day’s figures when a queue’s threshold changes', async () => {
    await playMorning();
    await abandonAfterSixteenSeconds();
    await server.dataSource.query(`UPDATE queues SET service_level_seconds = 90, service_level_formula = 'answered_only' WHERE id = $1`, [general]);
    await server.app.get(StatisticsService).maintain();
    const queue = await generalNow();
    // Every answer (10, 82 and 15 s) is now within 90 s; the formula now leaves abandons out.
    expect(queue.sinceMidnight).toMatchObject({ answered: 3, answeredWithinThreshold: 3, serviceLevel: 1, serviceLevelByFormula: { abandons_in_denominator: 3 / (3 + 3 - 1) } });
    expect(queue.serviceLevel).toMatchObject({ formula: 'answered_only', thresholdSeconds: 90, label: { en: 'Service level (answered only)' } });
  });

  it('keeps the same since-midnight figures after a restart on the same database', async () => {
    await playMorning();
    await abandonAfterSixteenSeconds();
    const before = await generalNow();
    const everyQueueBefore = (await api<QueueStatisticsResponse>(server.baseUrl, 'GET', '/api/statistics/queues', sophie.headers)).body.queues;
    await server.stop();
    server = await startTestApp({ database: server.database, env });
    const after = await generalNow();
    expect(figuresOf(after.sinceMidnight)).toEqual(figuresOf(before.sinceMidnight));
    expect(after.sinceMidnight.offered).toBe(6);
    expect(figuresOf(after.rolling)).toEqual(figuresOf(before.rolling));
    const everyQueueAfter = (await api<QueueStatisticsResponse>(server.baseUrl, 'GET', '/api/statistics/queues', sophie.headers)).body.queues;
    expect(everyQueueAfter.map((queue) => [queue.code, figuresOf(queue.sinceMidnight)])).toEqual(everyQueueBefore.map((queue) => [queue.code, figuresOf(queue.sinceMidnight)]));
  });
});

import type { QueueHistoryResponse, QueueLiveStatistics, QueueStatisticsResponse, QueueWindowFigures } from '@callcentre/shared';
import { RoutingService } from '../../../server/src/modules/routing/routing.service';
import { startTestApp, TestApp } from '../../support/test-app';
import { api, queueIdOf, staff, Staff } from '../realtime/support';
import { succeedingApi, zoneAwayFromMidnight } from './support';

const FIGURES = ['offered', 'answered', 'abandoned', 'shortAbandoned', 'overflowedOut', 'handled'] as const;
const figuresOf = (window: QueueWindowFigures) => Object.fromEntries(FIGURES.map((key) => [key, window[key]]));
const difference = (after: Record<string, number>, before: Record<string, number>) => Object.fromEntries(Object.keys(after).map((key) => [key, after[key] - before[key]]));

/**
 * A caller who asked to be called back leaves the line, which the PBX does not report; the PBX cancels the
 * callback with `/abandon`. The contact leaves routing and counts as an abandon whose wait runs from arrival.
 */
describe('callbacks cancelled with /abandon', () => {
  const env = { CENTRE_TIME_ZONE: zoneAwayFromMidnight(), HEARTBEAT_TIMEOUT_SECONDS: '600' };
  let server: TestApp;
  let amy: Staff;
  let sophie: Staff;
  let general: string;
  let clock: number;
  let t0: number;
  /** Each test starts its own scenario a minute after everything before it: the routing clock never goes back. */
  const startScenario = () => {
    t0 = clock + 60_000;
    clock = t0;
  };
  const at = (seconds: number) => {
    clock = t0 + seconds * 1000;
  };
  const ok = succeedingApi(() => server);
  const call = async () => (await ok('POST', '/api/interactions', sophie.headers, { channel: 'voice', caller: {}, queue: 'general' })).interaction.id as string;
  const liveGeneral = async (): Promise<QueueLiveStatistics> => {
    const response = await api<QueueStatisticsResponse>(server.baseUrl, 'GET', '/api/statistics/queues', sophie.headers);
    expect(response.status).toBe(200);
    return response.body.queues.find((queue) => queue.queueId === general) as QueueLiveStatistics;
  };
  const historyOfScenario = async (): Promise<QueueWindowFigures> => {
    const range = `from=${encodeURIComponent(new Date(t0).toISOString())}&to=${encodeURIComponent(new Date(t0 + 3_600_000).toISOString())}`;
    const response = await api<QueueHistoryResponse>(server.baseUrl, 'GET', `/api/statistics/queues/${general}/history?${range}`, sophie.headers);
    expect(response.status).toBe(200);
    return response.body.total;
  };
  const journaledAbandon = async (contactId: string) => {
    const rows = await server.dataSource.query(`SELECT payload FROM routing_events WHERE interaction_id = $1 AND type = 'contact.abandoned'`, [contactId]);
    return rows.map((row: { payload: Record<string, unknown> }) => ({ waitSeconds: row.payload.waitSeconds, callback: row.payload.callback }));
  };

  beforeAll(async () => {
    server = await startTestApp({ seedDemo: true, env });
    amy = await staff(server.dataSource, 'amy');
    sophie = await staff(server.dataSource, 'sophie');
    general = await queueIdOf(server.dataSource, 'general');
    // The routing clock is the statistics' clock: drive it by hand so every wait is exact.
    clock = Date.now();
    server.app.get(RoutingService).now = () => clock;
  });
  afterAll(async () => {
    await server.close();
  });

  it('takes a waiting callback out of routing and counts an abandon with the wait from arrival, short or not', async () => {
    startScenario();
    await ok('PUT', '/api/agents/me/state', amy.headers, { state: 'offline' });
    const before = figuresOf((await liveGeneral()).sinceMidnight);
    at(0);
    const short = await call();
    const long = await call();
    at(2);
    await ok('POST', `/api/interactions/${short}/callback`, sophie.headers);
    at(4);
    await ok('POST', `/api/interactions/${long}/callback`, sophie.headers);
    expect(server.app.get(RoutingService).core.getContact(long)).toMatchObject({ status: 'waiting', callback: true });
    expect(await ok('GET', `/api/interactions/${long}`, sophie.headers)).toMatchObject({ status: 'waiting', callback: true });

    at(5);
    expect(await ok('POST', `/api/interactions/${short}/abandon`, sophie.headers)).toMatchObject({ status: 'abandoned' }); // 5 s from arrival: short
    at(9);
    expect(await ok('POST', `/api/interactions/${long}/abandon`, sophie.headers)).toMatchObject({ status: 'abandoned' }); // 9 s from arrival, 5 s from the request: not short
    expect(await journaledAbandon(short)).toEqual([{ waitSeconds: 5, callback: true }]);
    expect(await journaledAbandon(long)).toEqual([{ waitSeconds: 9, callback: true }]);
    expect(server.app.get(RoutingService).core.getContact(long)).toBeUndefined();
    expect(await ok('GET', `/api/interactions/${long}`, sophie.headers)).toMatchObject({ status: 'abandoned', callback: true });

    // Cancelled twice: the contact is closed.
    const again = await api(server.baseUrl, 'POST', `/api/interactions/${long}/abandon`, sophie.headers);
    expect({ status: again.status, code: again.body.code }).toEqual({ status: 409, code: 'INTERACTION_CLOSED' });

    // No agent is offered a cancelled callback.
    at(20);
    await ok('PUT', '/api/agents/me/state', amy.headers, { state: 'available' });
    expect((await ok('GET', '/api/agents/me', amy.headers)).live.offeredContactId).toBeNull();
    await ok('PUT', '/api/agents/me/state', amy.headers, { state: 'offline' });

    const live = await liveGeneral();
    expect(live.waitingCount).toBe(0);
    expect(difference(figuresOf(live.sinceMidnight), before)).toEqual({ offered: 2, answered: 0, abandoned: 2, shortAbandoned: 1, overflowedOut: 0, handled: 0 });
    expect(await historyOfScenario()).toMatchObject({ offered: 2, answered: 0, abandoned: 2, shortAbandoned: 1, abandonRate: 1, abandonRateExcludingShortAbandons: 1 });
  });

  it('withdraws a callback ringing at an agent, who is then offered the next caller', async () => {
    startScenario();
    await ok('PUT', '/api/agents/me/state', amy.headers, { state: 'offline' });
    at(0);
    const callback = await call();
    await ok('POST', `/api/interactions/${callback}/callback`, sophie.headers);
    const next = await call();
    at(10);
    await ok('PUT', '/api/agents/me/state', amy.headers, { state: 'available' });
    expect((await ok('GET', '/api/agents/me', amy.headers)).live.offeredContactId).toBe(callback);
    expect(server.app.get(RoutingService).core.getContact(callback)).toMatchObject({ status: 'offered', callback: true });
    const ringing = await ok('GET', `/api/interactions/${callback}`, amy.headers);

    at(15);
    await ok('POST', `/api/interactions/${callback}/abandon`, sophie.headers);
    expect(await journaledAbandon(callback)).toEqual([{ waitSeconds: 15, callback: true }]);
    // The withdrawn offer cannot be accepted; amy rings with the next caller instead.
    const stale = await api(server.baseUrl, 'POST', `/api/interactions/${callback}/accept`, amy.headers, { offerId: ringing.offer.offerId });
    expect({ status: stale.status, code: stale.body.code }).toEqual({ status: 409, code: 'INTERACTION_CLOSED' });
    expect((await ok('GET', '/api/agents/me', amy.headers)).live.offeredContactId).toBe(next);
    expect(await historyOfScenario()).toMatchObject({ offered: 2, answered: 0, abandoned: 1, shortAbandoned: 0 });

    at(20);
    await ok('POST', `/api/interactions/${next}/abandon`, sophie.headers);
    await ok('PUT', '/api/agents/me/state', amy.headers, { state: 'offline' });
  });
});

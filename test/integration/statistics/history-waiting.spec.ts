import type { QueueHistoryResponse, QueueStatisticsResponse } from '@callcentre/shared';
import { RoutingService } from '../../../server/src/modules/routing/routing.service';
import { startTestApp, TestApp } from '../../support/test-app';
import { queueIdOf, staff, Staff } from '../realtime/support';
import { succeedingApi, zoneAwayFromMidnight } from './support';

/**
 * A history gives, for each interval, the contacts waiting at its end, from the journal: those already waiting
 * before the range included, so the wallboard's chart seeded from it after a reload draws the waiting line.
 */
describe('queue history: contacts waiting at the end of each interval', () => {
  const env = { CENTRE_TIME_ZONE: zoneAwayFromMidnight(), HEARTBEAT_TIMEOUT_SECONDS: '600' };
  let server: TestApp;
  let sophie: Staff;
  let amy: Staff;
  let t0: number;
  let clock: number;
  const at = (seconds: number) => {
    clock = t0 + seconds * 1000;
  };
  const ok = succeedingApi(() => server);
  const call = async () => (await ok('POST', '/api/interactions', sophie.headers, { channel: 'voice', caller: {}, queue: 'general' })).interaction.id as string;

  beforeAll(async () => {
    server = await startTestApp({ seedDemo: true, env });
    sophie = await staff(server.dataSource, 'sophie');
    amy = await staff(server.dataSource, 'amy');
    t0 = Date.now() + 1000;
    clock = t0;
    server.app.get(RoutingService).now = () => clock;
  });
  afterAll(async () => {
    await server.close();
  });

  it('counts the contacts waiting at each interval’s end, those waiting since before the range included, as the live count does', async () => {
    const general = await queueIdOf(server.dataSource, 'general');
    at(0);
    const first = await call();
    at(100);
    await call();
    at(200);
    await ok('PUT', '/api/agents/me/state', amy.headers, { state: 'available' });
    at(205);
    const interaction = await ok('GET', `/api/interactions/${first}`, amy.headers);
    await ok('POST', `/api/interactions/${first}/accept`, amy.headers, { offerId: interaction.offer.offerId });
    at(360);

    const range = `from=${encodeURIComponent(new Date(t0 + 50_000).toISOString())}&to=${encodeURIComponent(new Date(t0 + 350_000).toISOString())}&intervalMinutes=1`;
    const history = (await ok('GET', `/api/statistics/queues/${general}/history?${range}`, sophie.headers)) as QueueHistoryResponse;
    // Interval ends at 110, 170, 230, 290 and 350 s: both wait, then the first is answered at 205 s.
    expect(history.intervals.map((interval) => interval.waitingAtEnd)).toEqual([2, 2, 1, 1, 1]);
    const live = (await ok('GET', '/api/statistics/queues', sophie.headers)) as QueueStatisticsResponse;
    expect(live.queues.find((queue) => queue.queueId === general)?.waitingCount).toBe(1);
  });
});

import type { ForecastResponse, QueueReportResponse, QueueStatisticsResponse } from '@callcentre/shared';
import { withDataSource } from '../../../server/src/common/database/data-source';
import { DEMO_HISTORY_DAYS } from '../../../server/src/modules/demo/demo-history';
import { seedDemoCentre } from '../../../server/src/modules/demo/demo-seed';
import { api, queueIdOf, staff, type Staff } from '../realtime/support';
import { startTestApp, type TestApp } from '../../support/test-app';
import { createTestDatabase } from '../../support/test-database';

const ZONE = 'Asia/Shanghai';

describe('the demo centre seeded with its past weeks', () => {
  let server: TestApp;
  let sophie: Staff;
  let pastContacts = 0;

  beforeAll(async () => {
    const database = await createTestDatabase();
    const seeded = await withDataSource(database.url, (dataSource) => seedDemoCentre(dataSource, undefined, { timeZone: ZONE, history: true }));
    pastContacts = seeded.pastContacts;
    server = await startTestApp({ database, env: { CENTRE_TIME_ZONE: ZONE, JOBS_WORKER: 'off' } });
    sophie = await staff(server.dataSource, 'sophie');
  });
  afterAll(async () => {
    await server.close();
  });

  it('shows a staffing gap at the busy intervals and a surplus elsewhere in the forecast of the general queue', async () => {
    const general = await queueIdOf(server.dataSource, 'general');
    const response = await api<ForecastResponse>(server.baseUrl, 'GET', `/api/reports/forecast?queue=${general}&days=7&interval=60m`, sophie.headers);
    expect(response.status).toBe(200);
    const intervals = response.body.intervals;
    expect(intervals).toHaveLength(7 * 24);
    const staffed = intervals.filter((interval) => interval.requiredAgents > 0);
    // Every day has a forecast from the weeks before it.
    expect(new Set(staffed.map((interval) => interval.local.slice(0, 10))).size).toBe(7);
    const gaps = staffed.filter((interval) => interval.scheduledGap < 0);
    const surpluses = staffed.filter((interval) => interval.scheduledGap > 0);
    expect(gaps.length).toBeGreaterThan(0);
    expect(surpluses.length).toBeGreaterThan(0);
    // Understaffed late mornings on weekdays, when only the early shift is on.
    expect(gaps.some((interval) => ['10:00', '11:00'].includes(interval.local.slice(11)))).toBe(true);
  });

  it('has closed weeks of contacts that all ended in the past: today starts empty, with no one waiting', async () => {
    expect(pastContacts).toBeGreaterThan(DEMO_HISTORY_DAYS * 500);
    const [{ open }] = await server.dataSource.query(
      `SELECT count(*)::int AS open FROM (
         SELECT DISTINCT ON (interaction_id) type FROM routing_events WHERE interaction_id IS NOT NULL ORDER BY interaction_id, id DESC) last
        WHERE type NOT IN ('contact.completed', 'contact.abandoned')`,
    );
    expect(open).toBe(0);
    const [{ sinceMidnight }] = await server.dataSource.query(
      `SELECT count(*)::int AS "sinceMidnight" FROM routing_events WHERE at >= (date_trunc('day', now() AT TIME ZONE $1) AT TIME ZONE $1)`,
      [ZONE],
    );
    expect(sinceMidnight).toBe(0);
    const live = await api<QueueStatisticsResponse>(server.baseUrl, 'GET', '/api/statistics/queues', sophie.headers);
    expect(live.status).toBe(200);
    expect(live.body.queues).toHaveLength(5);
    for (const queue of live.body.queues) {
      expect(queue.waitingCount).toBe(0);
      expect(queue.sinceMidnight.offered).toBe(0);
    }

    // The reports have the weeks up to yesterday, day by day, as many contacts as were seeded in all.
    const today = new Date().toLocaleDateString('en-CA', { timeZone: ZONE });
    const [{ first }] = await server.dataSource.query(`SELECT min(local_date)::text AS first FROM report_queue_days`);
    const all = await api<QueueReportResponse>(server.baseUrl, 'GET', `/api/reports/queues?interval=day&from=${first}&to=${today}`, sophie.headers);
    expect(all.status).toBe(200);
    expect(new Set(all.body.rows.map((row) => row.local)).size).toBe(DEMO_HISTORY_DAYS);
    expect(all.body.rows.reduce((sum, row) => sum + row.offered, 0)).toBe(pastContacts);
    expect(all.body.rows.every((row) => row.answered + row.abandoned === row.offered && row.completed === row.answered)).toBe(true);
    expect(all.body.closedUntil).not.toBeNull();
  });
});

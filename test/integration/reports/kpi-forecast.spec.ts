import type { ForecastResponse, KpiBandSetting, KpiSeriesResponse, RealtimeAlert } from '@callcentre/shared';
import { ReportsJobs } from '../../../server/src/modules/reports/jobs/reports.jobs';
import { ReportsRepository } from '../../../server/src/modules/reports/reports.repository';
import { ReportsService } from '../../../server/src/modules/reports/reports.service';
import { ForecastService } from '../../../server/src/modules/reports/forecast.service';
import { RoutingService } from '../../../server/src/modules/routing/routing.service';
import { startTestApp, TestApp } from '../../support/test-app';
import { api, connect, ConsoleClient, queueIdOf, staff, Staff } from '../realtime/support';
import { succeedingApi } from '../statistics/support';

const QUARTER = 15 * 60_000;
const DAY = 86_400_000;
/** A Wednesday, 10:00 UTC: the intervals checked are Wednesday 10:00 and 10:15. */
const NOW_INTERVAL = Date.parse('2027-06-02T10:00:00Z');

/**
 * History generated up to `at` counts as closed (whatever the closing job did when the server started), with its
 * hours and days derived from the generated records as the closing job derives them.
 */
async function closedUntil(server: TestApp, at: number, timeZone: string): Promise<void> {
  await server.app.get(ReportsRepository).rederiveAllDays(server.dataSource.manager, timeZone);
  await server.dataSource.query(
    `INSERT INTO report_close_state (id, closed_until, time_zone) VALUES (1, $1, $2)
     ON CONFLICT (id) DO UPDATE SET closed_until = EXCLUDED.closed_until, time_zone = EXCLUDED.time_zone`,
    [new Date(at).toISOString(), timeZone],
  );
}

/** Offered per quarter hour of generated history: the same each week, a little noise from the week. */
const historyOffered = (week: number) => 4 + (week % 3) - 1;

describe('KPI bands on generated history', () => {
  const env = { CENTRE_TIME_ZONE: 'UTC', HEARTBEAT_TIMEOUT_SECONDS: '600' };
  let server: TestApp;
  let sophie: Staff;
  let admin: Staff;
  let wallboard: ConsoleClient;
  let billing: string;
  let clock = NOW_INTERVAL + 60_000;
  const ok = succeedingApi(() => server);

  beforeAll(async () => {
    server = await startTestApp({ seedDemo: true, env });
    server.app.get(RoutingService).now = () => clock;
    server.app.get(ReportsService).now = () => clock;
    sophie = await staff(server.dataSource, 'sophie');
    admin = await staff(server.dataSource, 'admin');
    billing = await queueIdOf(server.dataSource, 'billing');
    // Six weeks of closed history for Billing: every quarter hour of every day, 3 to 5 contacts all answered within T.
    await server.dataSource.query(
      `INSERT INTO report_queue_intervals (queue_id, starts_at, offered, answered, answered_within, answered_wait_ms, completed, handled, handle_seconds)
       SELECT $1, s, o, o, o, o * 5000, o, o, o * 240
         FROM generate_series($2::timestamptz, $3::timestamptz - interval '15 minutes', interval '15 minutes') s,
              LATERAL (SELECT 4 + ((floor(extract(epoch FROM $3::timestamptz - s) / 604800)::int) % 3) - 1 AS o) w`,
      [billing, new Date(NOW_INTERVAL - 43 * DAY).toISOString(), new Date(NOW_INTERVAL).toISOString()],
    );
    await closedUntil(server, NOW_INTERVAL, 'UTC');
    await server.dataSource.query(`INSERT INTO kpi_band_checks (id, checked_until) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET checked_until = EXCLUDED.checked_until`, [new Date(NOW_INTERVAL).toISOString()]);
    wallboard = await connect(server.baseUrl, { token: sophie.accessToken });
  });

  afterAll(async () => {
    wallboard.close();
    await server.close();
  });

  it('keeps settings per queue and KPI, with defaults, validated and for supervisors and administrators only', async () => {
    const settings = await ok('GET', `/api/reports/kpi/settings?queue=${billing}`, sophie.headers) as KpiBandSetting[];
    expect(settings.map((setting) => setting.kpi)).toEqual(['offered', 'serviceLevel', 'asaSeconds', 'ahtSeconds', 'abandonRate']);
    expect(settings[0]).toMatchObject({ weeks: 6, k: 2, hardMin: null, hardMax: null, enabled: true });
    // Only offered and the service level alert in this test.
    for (const kpi of ['asaSeconds', 'ahtSeconds', 'abandonRate']) {
      await ok('PUT', '/api/reports/kpi/settings', admin.headers, { queueId: billing, kpi, weeks: 6, k: 2, hardMin: null, hardMax: null, enabled: false });
    }
    const refused = await api(server.baseUrl, 'PUT', '/api/reports/kpi/settings', admin.headers, { queueId: billing, kpi: 'offered', weeks: 1, k: 2, enabled: true });
    expect(refused.status).toBe(400);
    const grace = await staff(server.dataSource, 'grace');
    expect((await api(server.baseUrl, 'PUT', '/api/reports/kpi/settings', grace.headers, { queueId: billing, kpi: 'offered', weeks: 6, k: 2, enabled: true })).status).toBe(403);
    const audited = await server.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'kpi_band.updated'`);
    expect(audited[0].n).toBe(3);
  });

  it('gives each interval its band from the same weekday and time of the weeks before', async () => {
    const series = await ok('GET', `/api/reports/kpi?queue=${billing}&kpi=offered&interval=15m&from=${new Date(NOW_INTERVAL - DAY).toISOString()}&to=${new Date(NOW_INTERVAL - DAY + 2 * QUARTER).toISOString()}`, sophie.headers) as KpiSeriesResponse;
    expect(series.points).toHaveLength(2);
    // Six Tuesdays before: 3, 4, 5, 3, 4, 5 around the week's turn; mean 4, sd √0.8.
    const [point] = series.points;
    expect(point.mean).toBeCloseTo(4, 10);
    expect(point.high).toBeCloseTo(4 + 2 * Math.sqrt(0.8), 10);
    expect(point.low).toBeCloseTo(4 - 2 * Math.sqrt(0.8), 10);
    expect(point.value).toBe(historyOffered(0));
    expect(point.outside).toBeNull();
  });

  it('raises an alert with the figure, the band and the interval when the interval that left its band closes, and none for one within it', async () => {
    const call = async () => (await ok('POST', '/api/interactions', sophie.headers, { channel: 'voice', caller: {}, queue: 'billing' })).interaction.id as string;
    // 10:00-10:15: 4 contacts, all abandoned within the short-abandon threshold (no answer: the service level is
    // empty under the queue's formula), offered within its band.
    for (let i = 0; i < 4; i++) await ajandon(await call());
    // 10:15-10:30: 12 contacts, far above the band of 3 to 5.
    clock = NOW_INTERVAL + QUARTER + 60_000;
    for (let i = 0; i < 12; i++) await ajandon(await call());

    const jobs = server.app.get(ReportsJobs);
    const since = wallboard.deltas.length;
    clock = NOW_INTERVAL + QUARTER + 61_000; // the first interval closed (with its minute of grace)
    await jobs.run();
    clock = NOW_INTERVAL + 2 * QUARTER + 61_000; // the second
    await jobs.run();

    const alert = (await wallboard.next('alert', (data) => (data as RealtimeAlert).kind === 'kpi_out_of_band', 5000, since)).data as RealtimeAlert;
    expect(alert).toMatchObject({ kind: 'kpi_out_of_band', queueId: billing, at: NOW_INTERVAL + 2 * QUARTER });
    expect(alert.details).toMatchObject({ kpi: 'offered', value: 12, outside: 'above', intervalStart: new Date(NOW_INTERVAL + QUARTER).toISOString(), intervalEnd: new Date(NOW_INTERVAL + 2 * QUARTER).toISOString(), local: '2027-06-02 10:15' });
    expect((alert.details as { high: number }).high).toBeCloseTo(4 + 2 * Math.sqrt(0.8), 10);
    expect(alert.message).toContain('Offered of Billing was 12 at 2027-06-02 10:15, above its normal band');
    const stored = await server.dataSource.query(`SELECT message, queue_id FROM alerts WHERE kind = 'kpi_out_of_band'`);
    expect(stored).toEqual([{ message: alert.message, queue_id: billing }]);
    const kpiAlerts = wallboard.deltas.slice(since).filter((received) => received.event === 'alert' && (received.delta.data as RealtimeAlert).kind === 'kpi_out_of_band');
    expect(kpiAlerts).toHaveLength(1);
  });

  async function ajandon(id: string): Promise<void> {
    await ok('POST', `/api/interactions/${id}/abandon`, sophie.headers);
  }
});

describe('forecast to staffing on generated seasonal history', () => {
  const env = { CENTRE_TIME_ZONE: 'Asia/Shanghai' };
  let server: TestApp;
  let sophie: Staff;
  let general: string;
  /** 2027-05-03 (a Monday) 00:00 in Shanghai; ten weeks of history end here, with a holiday on Saturday 2027-05-01. */
  const end = Date.parse('2027-05-02T16:00:00Z');

  beforeAll(async () => {
    server = await startTestApp({ seedDemo: true, env });
    sophie = await staff(server.dataSource, 'sophie');
    const admin = await staff(server.dataSource, 'admin');
    general = await queueIdOf(server.dataSource, 'general');
    const calendar = await succeedingApi(() => server)('GET', '/api/calendars/default', admin.headers);
    await succeedingApi(() => server)('PUT', '/api/calendars/default', admin.headers, {
      workingDays: calendar.config.workingDays,
      workingHours: calendar.config.workingHours,
      holidays: ['2027-04-05', '2027-05-01'],
    });
    // Open 08:00-20:00; weekday × time-of-day seasonality with ±10 % noise; holidays a quarter of a weekday with a late peak.
    await server.dataSource.query(
      `INSERT INTO report_queue_intervals (queue_id, starts_at, offered, answered, answered_within, answered_wait_ms, completed, handled, handle_seconds)
       SELECT $1, s, o, o, o, o * 8000, o, o, o * (200 + 60 * (h >= 18)::int)
         FROM generate_series($2::timestamptz, $3::timestamptz - interval '1 hour', interval '1 hour') s,
              LATERAL (SELECT extract(hour FROM s AT TIME ZONE 'Asia/Shanghai') AS h, (s AT TIME ZONE 'Asia/Shanghai')::date AS d) l,
              LATERAL (SELECT round(
                CASE WHEN l.h < 8 OR l.h >= 20 THEN 0
                     WHEN l.d IN ('2027-04-05', '2027-05-01') THEN 0.25 * 60 * (0.3 + exp(-((l.h - 16) ^ 2) / 2))
                     ELSE 60 * CASE extract(isodow FROM l.d) WHEN 6 THEN 0.5 WHEN 7 THEN 0.4 ELSE 1 END * (0.3 + exp(-((l.h - 11) ^ 2) / 4)) END
                * (0.9 + 0.2 * ((hashtext(s::text) & 1023) / 1023.0)))::int AS o) w
        WHERE w.o > 0`,
      [general, new Date(end - 70 * 86_400_000).toISOString(), new Date(end).toISOString()],
    );
    await closedUntil(server, end, 'Asia/Shanghai');
    server.app.get(ForecastService).now = () => end + 3_600_000;
  });

  afterAll(async () => {
    await server.close();
  });

  it('forecasts the week that passed with a small error, holidays from holidays, and staffs each interval by Erlang A for the queue’s target', async () => {
    const forecast = await succeedingApi(() => server)('GET', `/api/reports/forecast?queue=${general}&from=2027-04-26&days=7&interval=60m`, sophie.headers) as ForecastResponse;
    expect(forecast.intervals).toHaveLength(7 * 24);
    expect(forecast.target).toEqual({ percent: 80, seconds: 20, patienceSeconds: 180 });
    expect(forecast.mapeOffered).not.toBeNull();
    expect(forecast.mapeOffered as number).toBeLessThan(0.12);
    expect(forecast.mapeAht as number).toBeLessThan(0.05);
    const holiday = forecast.intervals.filter((interval) => interval.local.startsWith('2027-05-01'));
    expect(holiday.every((interval) => interval.dayType === 'holiday')).toBe(true);
    const peak = (rows: typeof holiday) => rows.reduce((best, row) => (row.forecastOffered > best.forecastOffered ? row : best)).local.slice(11);
    expect(peak(holiday)).toBe('16:00');
    const monday = forecast.intervals.filter((interval) => interval.local.startsWith('2027-04-26'));
    expect(peak(monday)).toBe('11:00');
    const busiest = monday.find((interval) => interval.local.endsWith('11:00'));
    // About 78 an hour at 200 s: 4.3 erlangs, which 80/20 staffs with 5 to 7 agents.
    expect(busiest?.requiredAgents).toBeGreaterThanOrEqual(5);
    expect(busiest?.requiredAgents).toBeLessThanOrEqual(7);
    expect(busiest?.actualOffered).toBeGreaterThan(0);
    expect(busiest?.gap).toBe((busiest?.agentsAvailable ?? 0) - (busiest?.requiredAgents ?? 0));

    const csv = await fetch(`${server.baseUrl}/api/reports/forecast?queue=${general}&from=2027-04-26&days=1&format=csv`, { headers: sophie.headers });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe('local,start,dayType,forecastOffered,forecastAhtSeconds,requiredAgents,agentsAvailable,gap,actualOffered,actualAhtSeconds,agentsScheduled,scheduledGap');
    expect(lines).toHaveLength(25);
  });
});

/**
 * `npm run bench:reports [-- --database postgres://postgres@127.0.0.1:5432/reports_bench --regenerate --runs 3 --json]`
 * `[--formats json,csv,xlsx] [--kinds 'agents 60m,agents 15m'] [--export-runs 1]`
 *
 * A year of a 500-agent centre, then every report kind timed through the real server (HTTP, to the last byte):
 * - The database is its own (`reports_bench` on the PostgreSQL at 127.0.0.1:5432 unless `--database` says otherwise),
 *   kept between runs; `--regenerate` builds it again.
 * - Generated with set-based SQL (generate_series, no row sent from Node): the demo centre's 5 queues and 500 agents;
 *   for the last 7 days a full routing journal (arrivals, answers after a wait, abandons, completions with talk and
 *   wrap-up, agents' shift starts, breaks and ends), closed into interval records by the same statements as the
 *   closing job (timed: one 15-minute interval and one whole day); for the 358 days before, the interval records
 *   themselves at the same seasonal rates (weekday × time of day), about 10 million contacts over the year, and
 *   their local hours and days derived by the closing job's statements.
 * - Every report kind (queues and agents × 15m, 30m, 60m, day) is asked `--runs` times over its range; the median
 *   time to the last byte is printed with the rows returned and the CPU this process used (server and HTTP client
 *   together, PostgreSQL apart), and each kind's CSV and XLSX export `--export-runs` times (once unless said).
 *   `--formats` and `--kinds` (names starting with the texts given, comma-separated) time only some of them; the
 *   forecast is then left out unless `--forecast` is given.
 * - The forecast of the last 7 days by hour from the weeks before them, against what the journal says: its MAPE.
 */
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { loadConfig } from '../../server/src/common/config/app-config';
import { withDataSource } from '../../server/src/common/database/data-source';
import { createHttpApp } from '../../server/src/common/http/http-app';
import { seedDemoCentre } from '../../server/src/modules/demo/demo-seed';
import { ReportsRepository } from '../../server/src/modules/reports/reports.repository';
import { staff } from '../integration/realtime/support';

const ZONE = 'Asia/Shanghai';
/** The year ends at this local midnight; the bench "now" is just after it. */
const YEAR_END = '2026-12-01';
const AGENTS = 500;

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(name);
  return index > 0 ? process.argv[index + 1] : fallback;
}
const flag = (name: string) => process.argv.includes(name);

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const seconds = (ms: number) => Math.round(ms) / 1000;

/**
 * Contacts per 15 minutes of one queue: a day's shape (quiet nights, a morning and an afternoon peak), weekdays
 * busier than weekends, each queue its own share; noise from a hash of the interval. About 27,400 a day in all.
 */
const RATE_SQL = (startsAt: string, queueIndex: string) => `
  greatest(0, round(
    (ARRAY[0.34, 0.24, 0.17, 0.15, 0.10])[${queueIndex}] * 940
    * CASE extract(isodow FROM ${startsAt} AT TIME ZONE '${ZONE}') WHEN 6 THEN 0.55 WHEN 7 THEN 0.45 ELSE 1.0 END
    * greatest(0.02, exp(-((extract(hour FROM ${startsAt} AT TIME ZONE '${ZONE}') + extract(minute FROM ${startsAt} AT TIME ZONE '${ZONE}') / 60 - 10.5) ^ 2) / 6)
                   + 0.8 * exp(-((extract(hour FROM ${startsAt} AT TIME ZONE '${ZONE}') + extract(minute FROM ${startsAt} AT TIME ZONE '${ZONE}') / 60 - 15.5) ^ 2) / 8))
    * (0.85 + 0.3 * ((hashtext(${startsAt}::text || ${queueIndex}) & 1023) / 1023.0))
  ))::int`;

async function generate(url: string): Promise<void> {
  await withClient(url, async (db) => {
    const step = async (what: string, sql: string, params: unknown[] = []) => {
      const started = performance.now();
      const result = await db.query(sql, params);
      console.log(`  ${what}: ${result.rowCount ?? 0} rows, ${seconds(performance.now() - started)} s`);
    };
    await db.query(`SET synchronous_commit = off`);
    const yearEnd = `('${YEAR_END}'::timestamp AT TIME ZONE '${ZONE}')`;
    const journalFrom = `(${yearEnd} - interval '7 days')`;
    const yearFrom = `(${yearEnd} - interval '365 days')`;
    await step(
      'agents',
      `WITH u AS (
         INSERT INTO users (username, display_name, roles)
         SELECT 'bench.agent.' || n, 'Bench Agent ' || n, '{agent}' FROM generate_series(1, ${AGENTS}) n RETURNING id
       ), a AS (INSERT INTO agents (user_id) SELECT id FROM u RETURNING user_id)
       INSERT INTO agent_skills (agent_id, skill_id, proficiency)
       SELECT a.user_id, s.id, 4 FROM a, skills s WHERE s.code IN ('general', 'billing', 'technical')`,
    );
    await db.query(`CREATE TEMP TABLE bench_queues AS SELECT id, row_number() OVER (ORDER BY code) AS n FROM queues`);
    await db.query(`CREATE TEMP TABLE bench_agents AS SELECT a.user_id AS id, row_number() OVER (ORDER BY a.user_id) - 1 AS n FROM agents a JOIN users u ON u.id = a.user_id WHERE u.username LIKE 'bench.agent.%'`);
    // The last 7 days as a routing journal: one row per contact first, then its events.
    await step(
      'contacts of the last 7 days',
      `CREATE TEMP TABLE bench_contacts AS
       SELECT gen_random_uuid() AS id, q.id AS queue_id, s.starts_at + (random() * interval '15 minutes') AS arrived_at,
              random() < 0.1 AS abandons, (random() * 25)::numeric(8,3)::float8 AS wait_seconds,
              (60 + random() * 360)::numeric(8,3)::float8 AS talk_seconds, (random() * 45)::numeric(8,3)::float8 AS wrap_seconds,
              floor(random() * ${AGENTS})::int AS agent_n
         FROM generate_series(${journalFrom}, ${yearEnd} - interval '15 minutes', interval '15 minutes') s(starts_at)
         CROSS JOIN bench_queues q
         CROSS JOIN LATERAL generate_series(1, ${RATE_SQL('s.starts_at', 'q.n::int')}) c`,
    );
    await step(
      'journal: contact events',
      `INSERT INTO routing_events (at, type, interaction_id, agent_id, queue_id, payload)
       SELECT e.at, e.type, c.id, e.agent_id, c.queue_id, e.payload
         FROM (SELECT c.*, a.id AS agent_id FROM bench_contacts c JOIN bench_agents a ON a.n = c.agent_n) c
        CROSS JOIN LATERAL (VALUES
          (c.arrived_at, 'contact.queued', NULL::uuid, jsonb_build_object('type', 'contact.queued', 'reason', 'arrival')),
          (c.arrived_at + c.wait_seconds * interval '1 second', CASE WHEN c.abandons THEN 'contact.abandoned' ELSE 'contact.connected' END,
             CASE WHEN c.abandons THEN NULL ELSE c.agent_id END, jsonb_build_object('waitSeconds', c.wait_seconds, 'agentId', c.agent_id)),
          (CASE WHEN c.abandons THEN NULL ELSE c.arrived_at + (c.wait_seconds + c.talk_seconds + c.wrap_seconds) * interval '1 second' END, 'contact.completed',
             c.agent_id, jsonb_build_object('talkSeconds', c.talk_seconds, 'wrapUpSeconds', c.wrap_seconds, 'agentId', c.agent_id))
        ) AS e(at, type, agent_id, payload)
        WHERE e.at IS NOT NULL`,
    );
    await step(
      'journal: agents signing in, a break, signing out',
      `INSERT INTO routing_events (at, type, agent_id, payload)
       SELECT d.day + (7 + (a.n % 8)) * interval '1 hour' + e.offset_hours * interval '1 hour', 'agent.state_changed', a.id,
              jsonb_build_object('to', e.state, 'reason', e.reason)
         FROM bench_agents a
        CROSS JOIN generate_series(${journalFrom}, ${yearEnd} - interval '1 day', interval '1 day') d(day)
        CROSS JOIN (VALUES (0, 'available', NULL), (4, 'not_ready', 'lunch'), (4.75, 'available', NULL), (8.5, 'offline', NULL)) e(offset_hours, state, reason)
        WHERE extract(isodow FROM d.day AT TIME ZONE '${ZONE}') <= 5 OR a.n % 3 = 0`,
    );
    await db.query(`ANALYZE routing_events`);
    // The 358 days before as interval records at the same rates.
    await step(
      'queue interval records of the year before',
      `INSERT INTO report_queue_intervals (queue_id, starts_at, offered, answered, answered_within, answered_wait_ms, abandoned, short_abandoned,
                                           completed, handled, handle_seconds, complaints_opened, complaints_closed, complaints_closed_in_time)
       SELECT q.id, s.starts_at, r.offered, r.offered - r.abandoned, round((r.offered - r.abandoned) * 0.82), (r.offered - r.abandoned) * 12500,
              r.abandoned, r.abandoned / 3, r.offered - r.abandoned, r.offered - r.abandoned, (r.offered - r.abandoned) * 262.5,
              (r.offered / 200), (r.offered / 220), (r.offered / 250)
         FROM generate_series(${yearFrom}, ${journalFrom} - interval '15 minutes', interval '15 minutes') s(starts_at)
        CROSS JOIN bench_queues q
        CROSS JOIN LATERAL (SELECT ${RATE_SQL('s.starts_at', 'q.n::int')} AS offered) o
        CROSS JOIN LATERAL (SELECT o.offered, round(o.offered * 0.1)::int AS abandoned) r
        WHERE r.offered > 0`,
    );
    await step(
      'agent interval records of the year before (shifts of 8.5 hours, weekends a third of the agents)',
      `INSERT INTO report_agent_intervals (agent_id, starts_at, answered, handled, handle_seconds, available_seconds, busy_seconds, wrap_up_seconds,
                                           not_ready_seconds, not_ready_lunch)
       SELECT a.id, s.starts_at, 2, 2, 525, 180, 500, 40, CASE WHEN q.k BETWEEN 16 AND 18 THEN 180 ELSE 0 END, CASE WHEN q.k BETWEEN 16 AND 18 THEN 180 ELSE 0 END
         FROM bench_agents a
        CROSS JOIN generate_series(${yearFrom}, ${journalFrom} - interval '1 day', interval '1 day') d(day)
        CROSS JOIN generate_series(0, 33) q(k)
        CROSS JOIN LATERAL (SELECT d.day + (7 + (a.n % 8)) * interval '1 hour' + q.k * interval '15 minutes' AS starts_at) s
        WHERE extract(isodow FROM d.day AT TIME ZONE '${ZONE}') <= 5 OR a.n % 3 = 0`,
    );
  });
}

async function main(): Promise<void> {
  const url = option('--database', 'postgres://postgres@127.0.0.1:5432/reports_bench');
  const runs = Number(option('--runs', '3'));
  const name = new URL(url).pathname.slice(1);
  const adminUrl = url.replace(/\/[^/]*$/, '/postgres');
  const exists = await withClient(adminUrl, async (db) => (await db.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name])).rowCount === 1);
  let fresh = false;
  if (!exists || flag('--regenerate')) {
    await withClient(adminUrl, async (db) => {
      await db.query(`DROP DATABASE IF EXISTS "${name}"`);
      await db.query(`CREATE DATABASE "${name}"`);
    });
    fresh = true;
  }
  const config = loadConfig({ LOG_LEVEL: 'silent', PORT: '0', SMTP_PORT: 'off', JOBS_WORKER: 'off', CENTRE_TIME_ZONE: ZONE });
  if (fresh) {
    // The schema first (the server migrates as it starts), then the demo centre and the generated year.
    const app = await createHttpApp({ config, databaseUrl: url });
    await app.close();
    await withDataSource(url, (dataSource) => seedDemoCentre(dataSource));
    console.log('generating a year of a 500-agent centre:');
    await generate(url);
  }
  const app = await createHttpApp({ config, databaseUrl: url });
  await app.listen(0, '127.0.0.1');
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const repository = app.get(ReportsRepository);
  const results: Record<string, unknown> = {};
  try {
    const yearEnd = await withClient(url, async (db) => (await db.query(`SELECT ('${YEAR_END}'::timestamp AT TIME ZONE '${ZONE}') AS at`)).rows[0].at.getTime());
    if (fresh) {
      const quarter = 15 * 60_000;
      const dataSource = app.get(ReportsRepository);
      let started = performance.now();
      await dataSource.transaction((manager) => repository.closeRange(manager, yearEnd - quarter * 40, yearEnd - quarter * 39, ZONE));
      results.closeOneIntervalSeconds = seconds(performance.now() - started);
      started = performance.now();
      await dataSource.transaction(async (manager) => {
        for (let day = 7; day >= 1; day--) await repository.closeRange(manager, yearEnd - day * 86_400_000, yearEnd - (day - 1) * 86_400_000, ZONE);
        await repository.saveCloseState(manager, yearEnd, ZONE);
      });
      results.closeSevenDaysSeconds = seconds(performance.now() - started);
      started = performance.now();
      await dataSource.transaction((manager) => repository.deriveDays(manager, yearEnd - 365 * 86_400_000, yearEnd - 7 * 86_400_000, ZONE));
      results.deriveYearOfDaysSeconds = seconds(performance.now() - started);
      await withClient(url, async (db) => {
        await db.query(`VACUUM ANALYZE report_queue_intervals, report_agent_intervals, report_queue_hours, report_agent_hours, report_queue_days, report_agent_days`);
      });
      console.log(`closing: one 15-minute interval ${results.closeOneIntervalSeconds} s, 7 days of journal ${results.closeSevenDaysSeconds} s; a year of days derived in ${results.deriveYearOfDaysSeconds} s`);
    }
    const volume = await withClient(url, async (db) =>
      (
        await db.query(
          `SELECT (SELECT sum(offered) FROM report_queue_days)::bigint AS contacts, (SELECT count(*) FROM report_queue_intervals) AS queue_records,
                  (SELECT count(*) FROM report_agent_intervals) AS agent_records,
                  (SELECT count(*) FROM report_queue_hours) AS queue_hours, (SELECT count(*) FROM report_agent_hours) AS agent_hours, (SELECT count(*) FROM routing_events) AS journal_rows`,
        )
      ).rows[0],
    );
    console.log(`history: ${volume.contacts} contacts, ${volume.queue_records} queue and ${volume.agent_records} agent interval records, ${volume.queue_hours} queue and ${volume.agent_hours} agent hours, ${volume.journal_rows} journal rows`);
    results.volume = volume;

    const sophie = await staff(app.get((await import('typeorm')).DataSource), 'sophie');
    const day = (offset: number) => new Date(yearEnd + offset * 86_400_000).toLocaleDateString('en-CA', { timeZone: ZONE });
    const kinds: Array<{ name: string; path: string }> = [
      { name: 'queues 15m, 31 days', path: `/api/reports/queues?interval=15m&from=${day(-31)}&to=${day(0)}` },
      { name: 'queues 30m, 31 days', path: `/api/reports/queues?interval=30m&from=${day(-31)}&to=${day(0)}` },
      { name: 'queues 60m, 92 days', path: `/api/reports/queues?interval=60m&from=${day(-92)}&to=${day(0)}` },
      { name: 'queues day, 365 days', path: `/api/reports/queues?interval=day&from=${day(-365)}&to=${day(0)}` },
      { name: 'agents 15m, 1 day, all 500', path: `/api/reports/agents?interval=15m&from=${day(-1)}&to=${day(0)}` },
      { name: 'agents 30m, 1 day, all 500', path: `/api/reports/agents?interval=30m&from=${day(-1)}&to=${day(0)}` },
      { name: 'agents 60m, 7 days, all 500', path: `/api/reports/agents?interval=60m&from=${day(-7)}&to=${day(0)}` },
      { name: 'agents day, 31 days, all 500', path: `/api/reports/agents?interval=day&from=${day(-31)}&to=${day(0)}` },
      { name: 'agents 15m, 31 days, one agent', path: `/api/reports/agents?interval=15m&from=${day(-31)}&to=${day(0)}&agent=AGENT` },
      { name: 'agents day, 365 days, one agent', path: `/api/reports/agents?interval=day&from=${day(-365)}&to=${day(0)}&agent=AGENT` },
    ];
    const agentId = await withClient(url, async (db) => (await db.query(`SELECT a.user_id FROM agents a JOIN users u ON u.id = a.user_id WHERE u.username = 'bench.agent.1'`)).rows[0].user_id);
    const timed: Record<string, unknown> = {};
    const formats = option('--formats', 'json,csv,xlsx').split(',');
    const kindFilter = option('--kinds', '').split(',').filter((name) => name !== '');
    const exportRuns = Number(option('--export-runs', '1'));
    const subset = formats.length < 3 || kindFilter.length > 0;
    for (const kind of kinds.filter((kind) => kindFilter.length === 0 || kindFilter.some((name) => kind.name.startsWith(name)))) {
      const path = kind.path.replace('AGENT', agentId);
      for (const format of (['json', 'csv', 'xlsx'] as const).filter((format) => formats.includes(format))) {
        const times: number[] = [];
        const cpu: number[] = [];
        let bytes = 0;
        let rows = 0;
        for (let run = 0; run < (format === 'json' ? runs : exportRuns); run++) {
          const started = performance.now();
          const cpuBefore = process.cpuUsage();
          const response = await fetch(`${baseUrl}${path}&format=${format}`, { headers: sophie.headers });
          const body = Buffer.from(await response.arrayBuffer());
          times.push(performance.now() - started);
          const used = process.cpuUsage(cpuBefore);
          cpu.push((used.user + used.system) / 1000);
          if (response.status !== 200) throw new Error(`${path}: ${response.status} ${body.toString('utf8').slice(0, 300)}`);
          bytes = body.length;
          if (format === 'json') rows = (JSON.parse(body.toString('utf8')) as { rows: unknown[] }).rows.length;
        }
        const figure = { medianSeconds: seconds(median(times)), runs: times.map(seconds), nodeCpuSeconds: seconds(median(cpu)), bytes, ...(format === 'json' ? { rows } : {}) };
        timed[`${kind.name} ${format}`] = figure;
        console.log(
          `${kind.name.padEnd(34)} ${format.padEnd(5)} ${String(figure.medianSeconds).padStart(6)} s  [${figure.runs.join(', ')}]  cpu ${figure.nodeCpuSeconds} s  ${format === 'json' ? `${rows} rows, ` : ''}${bytes} bytes`,
        );
      }
    }
    results.reports = timed;
    if (subset && !flag('--forecast')) {
      if (flag('--json')) console.log(JSON.stringify(results));
      return;
    }

    // Forecast error: the last 7 days (the generated journal, closed) forecast from the weeks before them.
    const mape: Record<string, unknown> = {};
    const queueRows = await withClient(url, async (db) => (await db.query(`SELECT id, code FROM queues ORDER BY code`)).rows);
    for (const queue of queueRows) {
      const started = performance.now();
      const response = await fetch(`${baseUrl}/api/reports/forecast?queue=${queue.id}&from=${day(-7)}&days=7&interval=60m`, { headers: sophie.headers });
      const forecast = (await response.json()) as { mapeOffered: number | null; mapeAht: number | null };
      mape[queue.code] = { mapeOffered: forecast.mapeOffered, mapeAht: forecast.mapeAht, seconds: seconds(performance.now() - started) };
      console.log(`forecast ${queue.code.padEnd(12)} 7 days by hour: MAPE offered ${((forecast.mapeOffered ?? NaN) * 100).toFixed(1)} %, AHT ${((forecast.mapeAht ?? NaN) * 100).toFixed(1)} % (${seconds(performance.now() - started)} s)`);
    }
    results.forecast = mape;
    if (flag('--json')) console.log(JSON.stringify(results));
  } finally {
    await app.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

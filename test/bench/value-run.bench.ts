/**
 * `node -r @swc-node/register bench/value-run.bench.ts [--customers 100000] [--transactions 1000000] [--url postgres://…]`:
 * a generated book written straight into the tables with generate_series (heavy-tailed: a few customers buy often
 * and much, 3 % refunds, purchases over the 400 days before the run), then one value run timed step by step.
 * The database (`cv_bench_<customers>_<transactions>`) is kept, so a second call only times the run.
 */
import { EventEmitter2 } from '@nestjs/event-emitter';
import { Logger } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../server/src/common/config/app-config';
import { dataSourceOptions } from '../../server/src/common/database/data-source';
import { withDatabase } from '../../server/src/common/database/embedded-postgres';
import { churnServiceOf } from '../../server/src/modules/customer-value/churn.service';
import { CustomerValueRepository } from '../../server/src/modules/customer-value/customer-value.repository';
import { ValueRunService } from '../../server/src/modules/customer-value/value-runs.service';

const AS_OF = new Date('2026-06-30T23:59:59+08:00');

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(name);
  return index > 0 ? process.argv[index + 1] : fallback;
}

async function main(): Promise<void> {
  const customers = Number(option('--customers', '100000'));
  const transactions = Number(option('--transactions', '1000000'));
  const serverUrl = option('--url', process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  const name = `cv_bench_${customers}_${transactions}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  const exists = (await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name])).rowCount === 1;
  if (!exists) await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();

  Logger.overrideLogger(['error']);
  // One connection, so that the run's PostgreSQL backend is known and its CPU time can be read (same machine only).
  const dataSource = new DataSource(dataSourceOptions(withDatabase(serverUrl, name), { extra: { max: 1 } }));
  await dataSource.initialize();
  const say = (line: string) => process.stdout.write(`${line}\n`);
  try {
    await dataSource.runMigrations({ transaction: 'each' });
    const [{ count }] = await dataSource.query(`SELECT count(*)::int AS count FROM customers`);
    if (count === 0) {
      let started = Date.now();
      await dataSource.query(
        `INSERT INTO customers (name, external_id, value_tier) SELECT 'Customer ' || g, 'B' || lpad(g::text, 8, '0'), 'ordinary' FROM generate_series(1, $1) g`,
        [customers],
      );
      await dataSource.query(`CREATE TEMP TABLE numbered AS SELECT row_number() OVER (ORDER BY external_id) AS n, id FROM customers`);
      await dataSource.query(`CREATE UNIQUE INDEX ON numbered (n)`);
      say(`generated ${customers.toLocaleString('en')} customers in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      started = Date.now();
      await dataSource.query(
        `INSERT INTO customer_transactions (external_id, customer_id, occurred_at, amount)
         SELECT 'T' || g.g, nb.id, $2::timestamptz - g.back * interval '400 days',
                CASE WHEN g.refund THEN -1 ELSE 1 END * round((5 + 500 * power(g.size, 4))::numeric, 2)
           FROM (SELECT g, 1 + floor(power(random(), 2.2) * $1)::bigint AS n, random() AS back, random() < 0.03 AS refund, random() AS size
                   FROM generate_series(1, $3) g) g
           JOIN numbered nb ON nb.n = g.n`,
        [customers, AS_OF, transactions],
      );
      await dataSource.query(`ANALYZE customers; ANALYZE customer_transactions`);
      say(`generated ${transactions.toLocaleString('en')} transactions in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    } else {
      say(`reusing ${count.toLocaleString('en')} customers in ${name}`);
    }
    const runs = new ValueRunService(new CustomerValueRepository(dataSource), loadConfig({ LOG_LEVEL: 'silent' }), new EventEmitter2(), churnServiceOf(dataSource));
    const [{ pid }] = await dataSource.query(`SELECT pg_backend_pid() AS pid`);
    const cpuSeconds = () => {
      try {
        const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
        return (Number(fields[11]) + Number(fields[12])) / 100;
      } catch {
        return Number.NaN;
      }
    };
    const cpuBefore = cpuSeconds();
    const started = Date.now();
    let last = started;
    const run = await runs.start({ asOf: AS_OF, trigger: 'command_line' }, (step) => {
      const now = Date.now();
      say(`  +${((now - last) / 1000).toFixed(1)} s  ${step}`);
      last = now;
    });
    say(`value run ${run.status} in ${((Date.now() - started) / 1000).toFixed(1)} s (${run.durationMs} ms recorded), its backend's CPU ${(cpuSeconds() - cpuBefore).toFixed(1)} s (parallel workers not counted)`);
    say(JSON.stringify(run.counts));
    if (run.status !== 'completed') throw new Error(run.error ?? 'run failed');
  } finally {
    await dataSource.destroy();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);

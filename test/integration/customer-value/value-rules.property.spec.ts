import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { RFM_CELL_SEGMENTS } from '@callcentre/shared';
import { Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { loadConfig } from '../../../server/src/common/config/app-config';
import { dataSourceOptions } from '../../../server/src/common/database/data-source';
import { CustomerValueRepository } from '../../../server/src/modules/customer-value/customer-value.repository';
import { churnServiceOf } from '../../../server/src/modules/customer-value/churn.service';
import { ValueRunService } from '../../../server/src/modules/customer-value/value-runs.service';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

/**
 * The value run's SQL against the rules as written, implemented again here in plain TypeScript with exact integer
 * arithmetic (amounts in cents): period asOf − 365 days < t ≤ asOf; F = purchases with amount > 0; M = sum of all
 * amounts; R = whole days since the latest purchase; no purchase ⇒ inactive (no cell, M counted as 0, ranked last);
 * levels against the active customers' averages; rank by M descending, then external id, customers without one
 * last by id; tiers by ceil(1 % / 20 % / 50 % of all customers).
 */
const DAY_MS = 86_400_000;
const PERIOD_MS = 365 * DAY_MS;
const AS_OF = Date.parse('2026-06-30T15:59:59.000Z');

interface Purchase {
  customer: number;
  at: number;
  cents: number;
  offsetMinutes: number;
}
interface Book {
  customers: { externalId: string | null }[];
  purchases: Purchase[];
}
interface Expected {
  frequency: number;
  monetaryCents: number;
  recencyDays: number | null;
  levels: [string, string, string] | null;
  segment: string | null;
  rank: number;
  tier: string;
  usualGapDays: number | null;
}

/** The instant written in a given offset, as a system of record would send it ("2026-06-30T23:59:59.000+08:00"). */
function withOffset(epochMs: number, offsetMinutes: number): string {
  const local = new Date(epochMs + offsetMinutes * 60_000).toISOString().slice(0, 23);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

function expectedOf(book: Book, ids: string[]): Map<string, Expected> {
  const stats = book.customers.map(() => ({ frequency: 0, cents: 0, times: [] as number[] }));
  for (const purchase of book.purchases) {
    if (!(purchase.at > AS_OF - PERIOD_MS && purchase.at <= AS_OF)) continue;
    const own = stats[purchase.customer];
    own.cents += purchase.cents;
    if (purchase.cents > 0) {
      own.frequency += 1;
      own.times.push(purchase.at);
    }
  }
  const customers = stats.map((own, index) => {
    const active = own.frequency > 0;
    const last = active ? Math.max(...own.times) : null;
    const sorted = [...own.times].sort((a, b) => a - b);
    const gaps = sorted.slice(1).map((time, i) => (time - sorted[i]) / DAY_MS);
    return {
      index,
      id: ids[index],
      externalId: book.customers[index].externalId,
      active,
      frequency: own.frequency,
      monetaryCents: active ? own.cents : 0,
      recencyDays: last === null ? null : Math.floor((AS_OF - last) / DAY_MS),
      usualGapDays: gaps.length ? gaps.reduce((a, b) => a + b, 0) / gaps.length : null,
    };
  });
  const active = customers.filter((customer) => customer.active);
  const n = active.length;
  const sumR = active.reduce((sum, c) => sum + (c.recencyDays as number), 0);
  const sumF = active.reduce((sum, c) => sum + c.frequency, 0);
  const sumM = active.reduce((sum, c) => sum + c.monetaryCents, 0);
  const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const ranked = [...customers].sort((a, b) => {
    if (a.active !== b.active) return a.active ? -1 : 1;
    if (a.monetaryCents !== b.monetaryCents) return b.monetaryCents - a.monetaryCents;
    if (a.externalId !== null && b.externalId !== null) return byteOrder(a.externalId, b.externalId);
    if (a.externalId !== b.externalId) return a.externalId === null ? 1 : -1;
    return byteOrder(a.id, b.id);
  });
  const total = customers.length;
  const cut = (percent: number) => Math.floor((total * percent + 99) / 100);
  const expected = new Map<string, Expected>();
  ranked.forEach((customer, position) => {
    const rank = position + 1;
    const tier = rank <= cut(1) ? 'important' : rank <= cut(20) ? 'secondary' : rank <= cut(50) ? 'ordinary' : 'small';
    const levels: [string, string, string] | null = customer.active
      ? [
          (customer.recencyDays as number) * n < sumR ? 'low' : 'high',
          customer.frequency * n > sumF ? 'high' : 'low',
          customer.monetaryCents * n > sumM ? 'high' : 'low',
        ]
      : null;
    expected.set(customer.id, {
      frequency: customer.frequency,
      monetaryCents: customer.monetaryCents,
      recencyDays: customer.recencyDays,
      levels,
      segment: levels ? RFM_CELL_SEGMENTS[levels.join('/') as keyof typeof RFM_CELL_SEGMENTS] : null,
      rank,
      tier,
      usualGapDays: customer.usualGapDays,
    });
  });
  return expected;
}

/** Purchase times: anywhere around the period, and its edges exactly (the start excluded, asOf included). */
const purchaseTime = fc.oneof(
  fc.integer({ min: AS_OF - 400 * DAY_MS, max: AS_OF + 5 * DAY_MS }),
  fc.constantFrom(AS_OF - PERIOD_MS, AS_OF - PERIOD_MS + 1, AS_OF, AS_OF + 1, AS_OF - DAY_MS, AS_OF - DAY_MS + 1),
);
/** Few distinct amounts, so that equal totals (ties at the cut points) are common; refunds included. */
const cents = fc.constantFrom(10_000, 10_000, 20_000, 35_050, 1, -10_000, -35_050);
const offset = fc.constantFrom(0, 480, -300, 330, 345, -570, 840);

const book: fc.Arbitrary<Book> = fc.integer({ min: 1, max: 40 }).chain((count) =>
  fc.record({
    customers: fc.array(
      fc.record({ externalId: fc.option(fc.stringMatching(/^[A-Za-z0-9_-]{1,6}$/), { freq: 5, nil: null }) }),
      { minLength: count, maxLength: count },
    ),
    purchases: fc.array(fc.record({ customer: fc.integer({ min: 0, max: count - 1 }), at: purchaseTime, cents, offsetMinutes: offset }), { maxLength: 120 }),
  }),
);

describe('value run rules (property)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let runs: ValueRunService;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    database = await createTestDatabase();
    dataSource = new DataSource(dataSourceOptions(database.url));
    await dataSource.initialize();
    runs = new ValueRunService(new CustomerValueRepository(dataSource), loadConfig({ LOG_LEVEL: 'silent' }), new EventEmitter2(), churnServiceOf(dataSource));
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  async function load(sample: Book): Promise<string[]> {
    await dataSource.query(`UPDATE customers SET value_run_id = NULL`);
    await dataSource.query(`DELETE FROM customer_value_runs`);
    await dataSource.query(`DELETE FROM customer_transactions`);
    await dataSource.query(`DELETE FROM customers`);
    // External ids are unique: a repeated one stands for a customer without one.
    const seen = new Set<string>();
    const externalIds = sample.customers.map(({ externalId }) => (externalId === null || seen.has(externalId) ? null : (seen.add(externalId), externalId)));
    sample.customers.forEach((customer, index) => (customer.externalId = externalIds[index]));
    const rows: { id: string }[] = await dataSource.query(
      `INSERT INTO customers (name, external_id) SELECT 'Customer ' || n, e FROM unnest($1::text[]) WITH ORDINALITY AS t(e, n) ORDER BY n RETURNING id`,
      [externalIds],
    );
    const ids = rows.map((row) => row.id);
    if (sample.purchases.length) {
      await dataSource.query(
        `INSERT INTO customer_transactions (external_id, customer_id, occurred_at, amount)
         SELECT 'T' || n, c, o::timestamptz, a::numeric / 100 FROM unnest($1::uuid[], $2::text[], $3::int[]) WITH ORDINALITY AS t(c, o, a, n)`,
        [sample.purchases.map((p) => ids[p.customer]), sample.purchases.map((p) => withOffset(p.at, p.offsetMinutes)), sample.purchases.map((p) => p.cents)],
      );
    }
    return ids;
  }

  it('gives every customer the cell, levels, rank and tier the rules give', async () => {
    await fc.assert(
      fc.asyncProperty(book, async (sample) => {
        const ids = await load(sample);
        const run = await runs.start({ asOf: new Date(AS_OF), trigger: 'command_line' });
        expect(run.status).toBe('completed');
        const expected = expectedOf(sample, ids);
        const rows: {
          customer_id: string;
          rank: number;
          computed_tier: string;
          monetary: string;
          frequency: number;
          recency_days: number | null;
          usual_gap_days: string | null;
          recency_level: string | null;
          frequency_level: string | null;
          monetary_level: string | null;
          segment: string | null;
          value_tier: string;
          computed_value_tier: string;
          rfm_segment: string | null;
        }[] = await dataSource.query(
          `SELECT h.*, c.value_tier, c.computed_value_tier, c.rfm_segment FROM customer_value_history h JOIN customers c ON c.id = h.customer_id WHERE h.run_id = $1`,
          [run.id],
        );
        expect(rows).toHaveLength(ids.length);
        for (const row of rows) {
          const want = expected.get(row.customer_id) as Expected;
          const got = {
            frequency: row.frequency,
            monetaryCents: Math.round(Number(row.monetary) * 100),
            recencyDays: row.recency_days,
            levels: row.recency_level ? [row.recency_level, row.frequency_level, row.monetary_level] : null,
            segment: row.segment,
            rank: row.rank,
            tier: row.computed_tier,
          };
          expect(got).toEqual({
            frequency: want.frequency,
            monetaryCents: want.monetaryCents,
            recencyDays: want.recencyDays,
            levels: want.levels,
            segment: want.segment,
            rank: want.rank,
            tier: want.tier,
          });
          expect([row.value_tier, row.computed_value_tier, row.rfm_segment]).toEqual([want.tier, want.tier, want.segment]);
          // Stored with two decimals: the average gap rounds to within half a hundredth.
          const gapError = row.usual_gap_days === null || want.usualGapDays === null ? null : Math.abs(Number(row.usual_gap_days) - want.usualGapDays);
          expect(row.usual_gap_days === null).toBe(want.usualGapDays === null);
          expect(gapError === null || gapError <= 0.005 + 1e-9).toBe(true);
        }
        const counts = run.counts as Record<string, number>;
        expect(counts.customers).toBe(ids.length);
        expect(counts.active).toBe([...expected.values()].filter((e) => e.segment !== null).length);
      }),
      { numRuns: 60 },
    );
  });
});

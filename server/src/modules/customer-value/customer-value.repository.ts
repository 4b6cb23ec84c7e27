import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { RFM_CELL_SEGMENTS, type RfmLevel, type RfmSegment, type ValueTier } from '@callcentre/shared';
import type { ValueRules } from './customer-value.rules';

/** The one lock that a value run's transaction holds: two runs never compute at once, whatever started them. */
const RUN_LOCK_KEY = `hashtext('customer-value:run')`;
const RUN_LOCK_SQL = `pg_try_advisory_xact_lock(${RUN_LOCK_KEY})`;

/** The errors of runs that can no longer finish (see `failInterruptedRuns`). */
export const JOB_STOPPED_ERROR = 'interrupted: its job stopped before the run finished (the server or its database stopped)';
export const PROCESS_STOPPED_ERROR = 'interrupted: the process running it stopped before it finished';

export interface ValueRunRow {
  id: string;
  as_of: Date;
  parameters: Record<string, unknown>;
  status: 'running' | 'completed' | 'failed';
  requested_by: string | null;
  started_at: Date;
  finished_at: Date | null;
  duration_ms: number | null;
  counts: Record<string, number> | null;
  averages: RunAverages | null;
  error: string | null;
}

/** The active customers' averages, as a run stores them. */
export interface RunAverages {
  recencyDays: number;
  frequency: number;
  monetary: string;
}

/** One group of a run's customers: same computed tier, effective tier and segment. */
export interface RunGroup {
  computedTier: ValueTier;
  effectiveTier: ValueTier;
  segment: RfmSegment | null;
  customers: number;
}

export interface RunSummary {
  groups: RunGroup[];
  customers: number;
  active: number;
  averages: RunAverages | null;
}

/** The latest completed run's row of one customer, with that run's facts. */
export interface CustomerValueRow {
  run_id: string;
  as_of: Date;
  parameters: Record<string, unknown>;
  averages: RunAverages | null;
  customers: number;
  rank: number;
  computed_tier: ValueTier;
  effective_tier: ValueTier;
  monetary: string;
  frequency: number;
  recency_days: number | null;
  usual_gap_days: string | null;
  recency_level: RfmLevel | null;
  frequency_level: RfmLevel | null;
  monetary_level: RfmLevel | null;
  segment: RfmSegment | null;
  churn_score: number;
  churn_reasons: unknown[];
}

export interface TierOverrideRow {
  customer_id: string;
  value_tier: ValueTier;
  reason: string;
  expires_at: Date;
  set_by: string | null;
  set_at: Date;
  tier_before: ValueTier | null;
}

export interface CustomerTiersRow {
  id: string;
  value_tier: ValueTier;
  computed_value_tier: ValueTier | null;
}

export interface LossRow {
  cause: string;
  note: string;
  marked_at: Date;
  marked_by: string | null;
}

/**
 * All SQL of customer value: runs, their history, the customers' value columns and tier overrides. A run computes
 * with set-based statements (aggregate the purchases once, then window over the customers), never row by row.
 */
@Injectable()
export class CustomerValueRepository {
  constructor(private readonly dataSource: DataSource) {}

  inTransaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** A new run, running; null when one is already pending or running (one at a time, by a unique index). */
  async createRun(asOf: Date, parameters: Record<string, unknown>, requestedBy: string | null, manager: EntityManager = this.dataSource.manager): Promise<ValueRunRow | null> {
    const rows: ValueRunRow[] = await manager.query(
      `INSERT INTO customer_value_runs (as_of, parameters, requested_by) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING *`,
      [asOf, parameters, requestedBy],
    );
    return rows[0] ?? null;
  }

  async findRunning(): Promise<ValueRunRow | null> {
    const [row] = await this.dataSource.query(`SELECT * FROM customer_value_runs WHERE status = 'running'`);
    return row ?? null;
  }

  async findRun(id: string): Promise<ValueRunRow | null> {
    const [row] = await this.dataSource.query(`SELECT * FROM customer_value_runs WHERE id = $1`, [id]);
    return row ?? null;
  }

  /** Newest first. */
  listRuns(limit: number, beforeId: string | null): Promise<ValueRunRow[]> {
    return this.dataSource.query(`SELECT * FROM customer_value_runs WHERE ($2::bigint IS NULL OR id < $2) ORDER BY id DESC LIMIT $1`, [limit, beforeId]);
  }

  /**
   * Marks as failed, with the run lock free (a computing run holds it), the runs that can no longer finish:
   * - a run recorded on demand, queued with its job in one transaction (key `jobKeyPrefix` + run id), whose job is
   *   gone or has used its attempts and is held by no worker. A worker whose database stopped mid-run gives its job
   *   back used up, and graphile-worker tries it no more. A job waiting or held by a worker is left alone: one held by
   *   a worker killed outright is given back within about 30 s (JobsService's look for gone worker pools);
   * - any run still running `staleAfterSeconds` after it started (its process stopped).
   * Returns the runs failed, with their error.
   */
  async failInterruptedRuns(jobKeyPrefix: string, staleAfterSeconds: number): Promise<{ id: string; error: string }[]> {
    return this.dataSource.transaction(async (manager) => {
      const [{ free }] = await manager.query(`SELECT ${RUN_LOCK_SQL} AS free`);
      if (!free) return [];
      // The job queue's schema is brought up to date as the server's modules start; the demo seed's run, on a new
      // database, comes before that, when no run has a job yet.
      const [{ queueReady }] = await manager.query(`SELECT to_regclass('graphile_worker.jobs') IS NOT NULL AS "queueReady"`);
      const [jobStopped] = queueReady
        ? await manager.query(
            `UPDATE customer_value_runs r SET status = 'failed', finished_at = now(), error = $2
              WHERE r.status = 'running' AND r.parameters ->> 'trigger' = 'on_demand'
                AND NOT EXISTS (SELECT 1 FROM graphile_worker.jobs j
                                 WHERE j.key = $1::text || r.id AND (j.attempts < j.max_attempts OR j.locked_at IS NOT NULL))
              RETURNING id, error`,
            [jobKeyPrefix, JOB_STOPPED_ERROR],
          )
        : [[]];
      const [stale] = await manager.query(
        `UPDATE customer_value_runs SET status = 'failed', finished_at = now(), error = $2
          WHERE status = 'running' AND started_at < now() - make_interval(secs => $1) RETURNING id, error`,
        [staleAfterSeconds, PROCESS_STOPPED_ERROR],
      );
      return [...jobStopped, ...stale].map((row: { id: string; error: string }) => ({ id: String(row.id), error: row.error }));
    });
  }

  /** The run as it starts computing: its start time is now (it may have waited in the queue); null unless running. */
  async markStarted(id: string): Promise<ValueRunRow | null> {
    const [rows] = await this.dataSource.query(`UPDATE customer_value_runs SET started_at = clock_timestamp() WHERE id = $1 AND status = 'running' RETURNING *`, [id]);
    return rows[0] ?? null;
  }

  /**
   * Runs `work` in one transaction holding the run lock, with `work_mem` raised for the run's aggregates and
   * sorts. Waits for the lock rather than giving up: it is held only by a run computing (only one run is ever
   * recorded as running, so that is this same run, taken twice) or for a moment by a request checking for an
   * interrupted run. Answers null, without running `work`, when the run is no longer running once the lock is held.
   */
  inRunTransaction<T>(runId: string, workMem: string, work: (manager: EntityManager) => Promise<T>): Promise<T | null> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(${RUN_LOCK_KEY})`);
      const [run] = await manager.query(`SELECT status FROM customer_value_runs WHERE id = $1`, [runId]);
      if (run?.status !== 'running') return null;
      await manager.query(`SELECT set_config('work_mem', $1, true)`, [workMem]);
      return work(manager);
    });
  }

  /** Removes the overrides that have expired; returns how many. */
  async deleteExpiredOverrides(manager: EntityManager): Promise<number> {
    const rows = await manager.query(`DELETE FROM customer_tier_overrides WHERE expires_at <= now() RETURNING customer_id`);
    return (rows[0] as unknown[]).length;
  }

  /**
   * Reads the period's purchases once, aggregated per customer, into a temporary table of the run's transaction.
   * Returns how many customers bought or were refunded in the period. One process, not parallel workers: a
   * worker's partial aggregate of a million customers hardly shrinks it, so the final step redid most of the work;
   * in parallel the step took longer than in one process and left no processor for the customer records read
   * meanwhile. The amounts are summed as whole cents (bigint): exact, and cheaper than a numeric sum.
   * - period: asOf − periodDays < occurred_at ≤ asOf (days of 24 hours, whatever the clocks do);
   * - F = purchases with amount > 0; M = sum of all amounts (refunds reduce it); the first and the latest purchase.
   */
  async aggregatePurchases(manager: EntityManager, asOf: Date, rules: ValueRules): Promise<number> {
    // Until the run's transaction ends: its later statements are writes, which PostgreSQL runs in one process anyway.
    await manager.query(`SELECT set_config('max_parallel_workers_per_gather', '0', true)`);
    await manager.query(
      `CREATE TEMPORARY TABLE customer_value_period ON COMMIT DROP AS
         SELECT customer_id,
                count(*) FILTER (WHERE amount > 0) AS frequency,
                sum((amount * 100)::bigint) * 0.01 AS monetary,
                max(occurred_at) FILTER (WHERE amount > 0) AS last_purchase,
                min(occurred_at) FILTER (WHERE amount > 0) AS first_purchase
           FROM customer_transactions
          WHERE occurred_at > $1::timestamptz - make_interval(hours => 24 * $2) AND occurred_at <= $1::timestamptz
          GROUP BY customer_id`,
      [asOf, rules.periodDays],
    );
    await manager.query(`ANALYZE customer_value_period`);
    const [{ count }] = await manager.query(`SELECT count(*)::int AS count FROM customer_value_period`);
    return count;
  }

  /**
   * Writes the run's row for every customer in one statement, from the aggregated purchases, and answers with the
   * run's groups and averages. Customers are ranked with one window over all of them:
   * - R = whole days (of 24 hours) from the latest purchase with amount > 0 to asOf;
   * - a customer without a purchase in the period is inactive: no levels, no cell, counted as M = 0 and ranked last;
   * - levels against the active customers' averages, compared exactly (R·n < ΣR rather than R < ΣR / n);
   * - rank: active first, M descending, then external_id ascending (byte order), customers without one last by id;
   * - tier: rank ≤ ceil(share × customers) for important, secondary, ordinary; small after;
   * - effective tier: an unexpired override's, else the computed one.
   */
  async writeHistory(manager: EntityManager, runId: string, asOf: Date, rules: ValueRules): Promise<RunSummary> {
    const rows: {
      computed_tier: ValueTier | null;
      effective_tier: ValueTier | null;
      segment: RfmSegment | null;
      customers: number;
      active: number;
      recency_avg: string | null;
      frequency_avg: string | null;
      monetary_avg: string | null;
      total: boolean;
    }[] = await manager.query(
      `WITH scored AS (
         SELECT c.id AS customer_id, c.external_id,
                COALESCE(p.frequency, 0) > 0 AS active,
                COALESCE(p.frequency, 0)::int AS frequency,
                CASE WHEN p.frequency > 0 THEN p.monetary ELSE 0 END AS monetary,
                CASE WHEN p.frequency > 0 THEN floor(extract(epoch FROM $2::timestamptz - p.last_purchase) / 86400)::int END AS recency_days,
                CASE WHEN p.frequency > 1 THEN round(extract(epoch FROM p.last_purchase - p.first_purchase) / 86400 / (p.frequency - 1), 2) END AS usual_gap_days
           FROM customers c LEFT JOIN customer_value_period p ON p.customer_id = c.id
       ),
       totals AS (
         SELECT count(*) AS customers, count(*) FILTER (WHERE active) AS active,
                sum(recency_days) FILTER (WHERE active) AS recency_sum,
                sum(frequency) FILTER (WHERE active) AS frequency_sum,
                sum(monetary) FILTER (WHERE active) AS monetary_sum
           FROM scored
       ),
       ranked AS (
         SELECT s.*,
                CASE WHEN s.active THEN CASE WHEN s.recency_days::numeric * t.active < t.recency_sum THEN 'low' ELSE 'high' END END AS recency_level,
                CASE WHEN s.active THEN CASE WHEN s.frequency::numeric * t.active > t.frequency_sum THEN 'high' ELSE 'low' END END AS frequency_level,
                CASE WHEN s.active THEN CASE WHEN s.monetary * t.active > t.monetary_sum THEN 'high' ELSE 'low' END END AS monetary_level,
                row_number() OVER (ORDER BY s.active DESC, s.monetary DESC, s.external_id COLLATE "C" ASC NULLS LAST, s.customer_id ASC) AS rank,
                t.customers
           FROM scored s CROSS JOIN totals t
       ),
       tiered AS (
         SELECT r.*,
                CASE WHEN r.rank <= ceil(r.customers * $3::numeric) THEN 'important'
                     WHEN r.rank <= ceil(r.customers * $4::numeric) THEN 'secondary'
                     WHEN r.rank <= ceil(r.customers * $5::numeric) THEN 'ordinary'
                     ELSE 'small' END AS computed_tier
           FROM ranked r
       ),
       inserted AS (
         INSERT INTO customer_value_history (run_id, customer_id, rank, computed_tier, effective_tier, monetary, frequency, recency_days,
                                             usual_gap_days, recency_level, frequency_level, monetary_level, segment)
         SELECT $1, t.customer_id, t.rank, t.computed_tier, COALESCE(o.value_tier, t.computed_tier), t.monetary, t.frequency, t.recency_days,
                t.usual_gap_days, t.recency_level, t.frequency_level, t.monetary_level,
                $6::jsonb ->> (t.recency_level || '/' || t.frequency_level || '/' || t.monetary_level)
           FROM tiered t LEFT JOIN customer_tier_overrides o ON o.customer_id = t.customer_id AND o.expires_at > now()
          -- In key order: both of the history's indexes are then written front to back rather than at random.
          ORDER BY t.customer_id
         RETURNING computed_tier, effective_tier, segment, recency_days, frequency, monetary
       )
       SELECT computed_tier, effective_tier, segment, count(*)::int AS customers,
              count(*) FILTER (WHERE segment IS NOT NULL)::int AS active,
              round(avg(recency_days) FILTER (WHERE segment IS NOT NULL), 2)::text AS recency_avg,
              round(avg(frequency) FILTER (WHERE segment IS NOT NULL), 2)::text AS frequency_avg,
              round(avg(monetary) FILTER (WHERE segment IS NOT NULL), 2)::text AS monetary_avg,
              GROUPING(computed_tier, effective_tier, segment) <> 0 AS total
         FROM inserted
        GROUP BY GROUPING SETS ((computed_tier, effective_tier, segment), ())`,
      [
        runId,
        asOf,
        String(rules.pyramidCuts.important),
        String(rules.pyramidCuts.secondary),
        String(rules.pyramidCuts.ordinary),
        JSON.stringify(RFM_CELL_SEGMENTS),
      ],
    );
    // The steps after this one read the run's rows by run id. Without fresh statistics the planner takes the
    // history for as small as it was before this run (none at all on a first run) and updates a million customers
    // one index probe at a time; ANALYZE, which counts this transaction's own rows, makes it one hash join.
    await manager.query(`ANALYZE customer_value_history`);
    const total = rows.find((row) => row.total);
    const groups = rows
      .filter((row) => !row.total)
      .map((row) => ({ computedTier: row.computed_tier as ValueTier, effectiveTier: row.effective_tier as ValueTier, segment: row.segment, customers: row.customers }));
    const active = total?.active ?? 0;
    return {
      groups,
      customers: total?.customers ?? 0,
      active,
      averages:
        active > 0 && total
          ? { recencyDays: Number(total.recency_avg), frequency: Number(total.frequency_avg), monetary: total.monetary_avg as string }
          : null,
    };
  }

  /**
   * The run's values into the customers' columns in one statement. The effective tier is read again here: an
   * override set while the run computed is not undone.
   */
  async applyToCustomers(manager: EntityManager, runId: string): Promise<number> {
    const [, updated] = await manager.query(
      `UPDATE customers c
          SET value_tier = COALESCE(o.value_tier, h.computed_tier), computed_value_tier = h.computed_tier, rfm_segment = h.segment, value_run_id = h.run_id
         FROM customer_value_history h
         LEFT JOIN customer_tier_overrides o ON o.customer_id = h.customer_id AND o.expires_at > clock_timestamp()
        WHERE h.run_id = $1 AND c.id = h.customer_id`,
      [runId],
    );
    return Number(updated);
  }

  async completeRun(manager: EntityManager, runId: string, counts: Record<string, number>, averages: RunAverages | null): Promise<ValueRunRow> {
    const [rows] = await manager.query(
      `UPDATE customer_value_runs
          SET status = 'completed', counts = $2, averages = $3, finished_at = clock_timestamp(),
              duration_ms = round(extract(epoch FROM clock_timestamp() - started_at) * 1000)
        WHERE id = $1 RETURNING *`,
      [runId, counts, averages],
    );
    return rows[0];
  }

  async failRun(runId: string, error: string): Promise<ValueRunRow | null> {
    const [rows] = await this.dataSource.query(
      `UPDATE customer_value_runs
          SET status = 'failed', error = $2, finished_at = clock_timestamp(),
              duration_ms = round(extract(epoch FROM clock_timestamp() - started_at) * 1000)
        WHERE id = $1 AND status = 'running' RETURNING *`,
      [runId, error.slice(0, 2000)],
    );
    return rows[0] ?? null;
  }

  /** The customer's row of the latest completed run that computed them, with that run's facts. */
  async latestValueOf(customerId: string): Promise<CustomerValueRow | null> {
    const [row] = await this.dataSource.query(
      `SELECT h.*, r.as_of, r.parameters, r.averages, COALESCE((r.counts ->> 'customers')::int, 0) AS customers
         FROM customer_value_history h JOIN customer_value_runs r ON r.id = h.run_id AND r.status = 'completed'
        WHERE h.customer_id = $1
        ORDER BY h.run_id DESC LIMIT 1`,
      [customerId],
    );
    return row ?? null;
  }

  /** The customer's override unless it has expired. */
  async activeOverrideOf(customerId: string, manager: EntityManager = this.dataSource.manager): Promise<TierOverrideRow | null> {
    const [row] = await manager.query(`SELECT * FROM customer_tier_overrides WHERE customer_id = $1 AND expires_at > now()`, [customerId]);
    return row ?? null;
  }

  async lossOf(customerId: string): Promise<LossRow | null> {
    const [row] = await this.dataSource.query(`SELECT cause, note, marked_at, marked_by FROM customer_losses WHERE customer_id = $1`, [customerId]);
    return row ?? null;
  }

  /** The customer's tiers, locked for the caller's transaction (overrides change them one at a time). */
  async lockCustomerTiers(manager: EntityManager, customerId: string): Promise<CustomerTiersRow | null> {
    const [row] = await manager.query(`SELECT id, value_tier, computed_value_tier FROM customers WHERE id = $1 FOR UPDATE`, [customerId]);
    return row ?? null;
  }

  /** Sets or replaces the override; the tier it first replaced is kept across replacements. */
  async upsertOverride(
    manager: EntityManager,
    override: { customerId: string; valueTier: ValueTier; reason: string; expiresAt: Date; setBy: string | null; tierBefore: ValueTier },
  ): Promise<TierOverrideRow> {
    const [row] = await manager.query(
      `INSERT INTO customer_tier_overrides (customer_id, value_tier, reason, expires_at, set_by, tier_before)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (customer_id) DO UPDATE
         SET value_tier = EXCLUDED.value_tier, reason = EXCLUDED.reason, expires_at = EXCLUDED.expires_at, set_by = EXCLUDED.set_by, set_at = now()
       RETURNING *`,
      [override.customerId, override.valueTier, override.reason, override.expiresAt, override.setBy, override.tierBefore],
    );
    return row;
  }

  /** Removes the customer's override (only once expired, when `expiredOnly`); returns it, or null when none went. */
  async deleteOverride(manager: EntityManager, customerId: string, expiredOnly: boolean): Promise<TierOverrideRow | null> {
    const [rows] = await manager.query(
      `DELETE FROM customer_tier_overrides WHERE customer_id = $1 AND (NOT $2 OR expires_at <= now()) RETURNING *`,
      [customerId, expiredOnly],
    );
    return rows[0] ?? null;
  }

  async setEffectiveTier(manager: EntityManager, customerId: string, valueTier: ValueTier): Promise<void> {
    await manager.query(`UPDATE customers SET value_tier = $2 WHERE id = $1`, [customerId, valueTier]);
  }

  /** Without an override the effective tier is the computed one; before any run, the tier the override replaced. */
  async restoreComputedTier(manager: EntityManager, customerId: string, tierBefore: ValueTier | null): Promise<CustomerTiersRow> {
    const [rows] = await manager.query(
      `UPDATE customers SET value_tier = COALESCE(computed_value_tier, $2, value_tier) WHERE id = $1 RETURNING id, value_tier, computed_value_tier`,
      [customerId, tierBefore],
    );
    return rows[0];
  }
}

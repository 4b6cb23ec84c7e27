import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { RfmSegment, ValueTier } from '@callcentre/shared';
import { TIER_ORDER } from './churn-risk.config';

export interface RunRef {
  id: number;
  as_of: Date;
  status: 'running' | 'completed' | 'failed';
}

/** Money summed exactly and shown with two decimals (a sum of no rows is 0.00). */
const MONEY_SUM = `coalesce(sum(h.monetary), 0)::numeric(20, 2)::text`;

/** All SQL of the managers' value reports; every figure comes from the runs' history rows. */
@Injectable()
export class ValueReportsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async run(id: number): Promise<RunRef | null> {
    const [row] = await this.dataSource.query(`SELECT id::int, as_of, status FROM customer_value_runs WHERE id = $1`, [id]);
    return row ?? null;
  }

  async latestCompletedRun(): Promise<RunRef | null> {
    const [row] = await this.dataSource.query(`SELECT id::int, as_of, status FROM customer_value_runs WHERE status = 'completed' ORDER BY as_of DESC, id DESC LIMIT 1`);
    return row ?? null;
  }

  /** The completed run just before this one (by as-of time, then id): what "since the previous run" compares with. */
  async previousCompletedRun(run: RunRef): Promise<RunRef | null> {
    const [row] = await this.dataSource.query(
      `SELECT id::int, as_of, status FROM customer_value_runs
       WHERE status = 'completed' AND (as_of, id) < ($1::timestamptz, $2::bigint) ORDER BY as_of DESC, id DESC LIMIT 1`,
      [run.as_of, run.id],
    );
    return row ?? null;
  }

  /** Customers and money per tier in force (effective tier) in the run, every tier named. */
  tiers(runId: number): Promise<Array<{ tier: ValueTier; customers: number; value: string }>> {
    return this.dataSource.query(
      `SELECT k.tier, count(h.customer_id)::int AS customers, ${MONEY_SUM} AS value
       FROM unnest($2::text[]) WITH ORDINALITY AS k(tier, position)
       LEFT JOIN customer_value_history h ON h.run_id = $1 AND h.effective_tier = k.tier
       GROUP BY k.tier, k.position ORDER BY k.position`,
      [runId, TIER_ORDER],
    );
  }

  /** Customers and money per RFM cell in the run; the inactive (no cell) under a null segment. */
  cells(runId: number): Promise<Array<{ segment: RfmSegment | null; customers: number; value: string }>> {
    return this.dataSource.query(
      `SELECT h.segment, count(*)::int AS customers, ${MONEY_SUM} AS value FROM customer_value_history h WHERE h.run_id = $1 GROUP BY h.segment`,
      [runId],
    );
  }

  /** Customers of the later run by their tier in force in each run; 'new' for those the earlier run did not have. */
  moves(fromRunId: number, toRunId: number): Promise<Array<{ from: ValueTier | 'new'; to: ValueTier; customers: number }>> {
    return this.dataSource.query(
      `SELECT coalesce(f.effective_tier, 'new') AS "from", t.effective_tier AS "to", count(*)::int AS customers
       FROM customer_value_history t
       LEFT JOIN customer_value_history f ON f.run_id = $1 AND f.customer_id = t.customer_id
       WHERE t.run_id = $2
       GROUP BY 1, 2`,
      [fromRunId, toRunId],
    );
  }
}

import { Injectable } from '@nestjs/common';
import {
  RFM_CELL_SEGMENTS,
  type PyramidView,
  type RfmGridView,
  type RfmLevel,
  type TierMigrationView,
  type ValueTier,
} from '@callcentre/shared';
import { TIER_ORDER } from './churn-risk.config';
import { share } from './report-export';
import { retentionErrors } from './retention.errors';
import { type RunRef, ValueReportsRepository } from './value-reports.repository';

/**
 * The managers' value reports, read from the runs' history: the pyramid, the RFM grid with its change since the
 * previous completed run, the tier migration between two runs. Tiers are those in force (overrides included).
 */
@Injectable()
export class ValueReportsService {
  constructor(private readonly reports: ValueReportsRepository) {}

  /** The completed run asked for, or the latest completed one. */
  private async completedRun(id?: number): Promise<RunRef> {
    if (id === undefined) {
      const latest = await this.reports.latestCompletedRun();
      if (!latest) throw retentionErrors.noCompletedRun();
      return latest;
    }
    const run = await this.reports.run(id);
    if (!run || run.status !== 'completed') throw retentionErrors.runNotFound(id);
    return run;
  }

  async pyramid(runId?: number): Promise<PyramidView> {
    const run = await this.completedRun(runId);
    const tiers = await this.reports.tiers(run.id);
    const total = tiers.reduce((sum, tier) => sum + Number(tier.value), 0);
    return {
      runId: run.id,
      asOf: new Date(run.as_of).toISOString(),
      tiers: tiers.map((tier) => ({ ...tier, valueShare: share(Number(tier.value), total) })),
    };
  }

  async rfmGrid(runId?: number): Promise<RfmGridView> {
    const run = await this.completedRun(runId);
    const previous = await this.reports.previousCompletedRun(run);
    const [now, before] = await Promise.all([this.reports.cells(run.id), previous ? this.reports.cells(previous.id) : Promise.resolve(null)]);
    const cells = Object.entries(RFM_CELL_SEGMENTS).map(([key, segment]) => {
      const [recency, frequency, monetary] = key.split('/') as [RfmLevel, RfmLevel, RfmLevel];
      const current = now.find((cell) => cell.segment === segment);
      const customers = current?.customers ?? 0;
      const earlier = before ? (before.find((cell) => cell.segment === segment)?.customers ?? 0) : null;
      return { segment, recency, frequency, monetary, customers, value: current?.value ?? '0.00', customersChange: earlier === null ? null : customers - earlier };
    });
    return { runId: run.id, previousRunId: previous?.id ?? null, cells, inactive: now.find((cell) => cell.segment === null)?.customers ?? 0 };
  }

  /** Between two completed runs; by default the latest and the one before it (or the one before `to`). */
  async migration(from?: number, to?: number): Promise<TierMigrationView> {
    const later = await this.completedRun(to);
    const earlier = from === undefined ? await this.reports.previousCompletedRun(later) : await this.completedRun(from);
    if (!earlier) throw retentionErrors.noPreviousRun();
    const moves = await this.reports.moves(earlier.id, later.id);
    const count = (source: ValueTier | 'new', target: ValueTier) => moves.find((move) => move.from === source && move.to === target)?.customers ?? 0;
    // The whole matrix, zeros included, in pyramid order: a reader sees every cell in the same place each time.
    const sources: (ValueTier | 'new')[] = [...TIER_ORDER, 'new'];
    return {
      fromRunId: earlier.id,
      toRunId: later.id,
      moves: sources.flatMap((source) => TIER_ORDER.map((target) => ({ from: source, to: target, customers: count(source, target) }))),
    };
  }
}

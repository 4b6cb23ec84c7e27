import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { RFM_SEGMENTS, VALUE_TIERS, type ValueRunView } from '@callcentre/shared';
import { AppConfig } from '../../common/config/app-config';
import { APP_CONFIG } from '../../common/config/config.tokens';
import { ChurnService } from './churn.service';
import { customerValueErrors } from './customer-value.errors';
import { VALUE_RUN_COMPLETED, type ValueRunCompletedEvent } from './customer-value.events';
import { CustomerValueRepository, type RunSummary, type ValueRunRow } from './customer-value.repository';
import { valueRulesOf, type ValueRules } from './customer-value.rules';
import { RECOMPUTE_JOB_KEY_PREFIX } from './jobs/recompute-job';

/** What started a run, kept in its parameters. */
export type RunTrigger = 'on_demand' | 'nightly' | 'command_line' | 'demo_seed';

/** Payload of the `customer-value:recompute` job: a run already recorded (runId), or a new one. */
export interface RecomputePayload {
  asOf?: string;
  requestedBy?: string | null;
  runId?: number;
  trigger?: RunTrigger;
}

/** Told each step as a run goes (the command line prints them). */
export type RunProgress = (step: string) => void;

/** A run that has not finished this long after it started, and holds no lock, was interrupted (its process stopped). */
export const RUN_STALE_AFTER_SECONDS = 3600;

export function toRunView(row: ValueRunRow): ValueRunView {
  return {
    id: Number(row.id),
    asOf: new Date(row.as_of).toISOString(),
    status: row.status,
    parameters: row.parameters,
    counts: row.counts,
    startedAt: new Date(row.started_at).toISOString(),
    finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null,
    durationMs: row.duration_ms,
    error: row.error,
  };
}

/** Counts per tier (computed and effective) and per segment, with zeros, as a run stores them. */
export function runCounts(summary: RunSummary, overridesExpired: number): Record<string, number> {
  const counts: Record<string, number> = { customers: summary.customers, active: summary.active, inactive: summary.customers - summary.active, overridesExpired };
  for (const tier of VALUE_TIERS) {
    counts[`tier.${tier}`] = 0;
    counts[`effectiveTier.${tier}`] = 0;
  }
  for (const segment of RFM_SEGMENTS) counts[`segment.${segment}`] = 0;
  for (const group of summary.groups) {
    counts[`tier.${group.computedTier}`] += group.customers;
    counts[`effectiveTier.${group.effectiveTier}`] += group.customers;
    if (group.segment) counts[`segment.${group.segment}`] = (counts[`segment.${group.segment}`] ?? 0) + group.customers;
  }
  return counts;
}

/**
 * Value runs: purchases into RFM cells and pyramid tiers for every customer, in one transaction that either
 * changes every customer or none. The steps of a run are listed in `run()`, in order.
 */
@Injectable()
export class ValueRunService {
  private readonly log = new Logger('ValueRuns');
  readonly rules: ValueRules;

  constructor(
    private readonly repository: CustomerValueRepository,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly events: EventEmitter2,
    private readonly churn: ChurnService,
  ) {
    this.rules = valueRulesOf(config);
  }

  /** What a run records as its parameters: the rules it applied and who or what started it. */
  parametersOf(trigger: RunTrigger, requestedBy: string | null): Record<string, unknown> {
    return { periodDays: this.rules.periodDays, pyramidCuts: this.rules.pyramidCuts, trigger, requestedBy };
  }

  /** Refuses a moment in the future; returns the moment (default: now). */
  asOfOf(text: string | undefined, now = new Date()): Date {
    const asOf = text === undefined ? now : new Date(text);
    if (asOf.getTime() > now.getTime()) throw customerValueErrors.asOfInFuture();
    return asOf;
  }

  /**
   * Fails the runs that can no longer finish, so a new one may start: a queued run whose job is gone or was used up
   * (its server or database stopped while it ran: graphile-worker tries it no more), and a run left running by a
   * stopped process for longer than a run takes.
   */
  async failInterruptedRuns(): Promise<void> {
    const failed = await this.repository.failInterruptedRuns(RECOMPUTE_JOB_KEY_PREFIX, RUN_STALE_AFTER_SECONDS);
    for (const { id, error } of failed) this.log.warn(`value run ${id} is marked failed: ${error}`);
  }

  /** Records a new run and computes it now (nightly, command line). Refused while another is pending or running. */
  async start(options: { asOf?: Date; requestedBy?: string | null; trigger: RunTrigger }, progress: RunProgress = () => undefined): Promise<ValueRunView> {
    await this.failInterruptedRuns();
    const asOf = options.asOf ?? new Date();
    const row = await this.repository.createRun(asOf, this.parametersOf(options.trigger, options.requestedBy ?? null), options.requestedBy ?? null);
    if (!row) {
      const running = await this.repository.findRunning();
      throw customerValueErrors.runInProgress(running?.id ?? 'unknown');
    }
    progress(`run ${row.id} as of ${asOf.toISOString()} started`);
    return this.run(row, progress);
  }

  /** The `customer-value:recompute` job: computes the recorded run it names, or starts a new one. */
  async runQueued(payload: RecomputePayload): Promise<void> {
    if (payload.runId === undefined) {
      try {
        await this.start({ asOf: payload.asOf ? new Date(payload.asOf) : undefined, requestedBy: payload.requestedBy ?? null, trigger: payload.trigger ?? 'on_demand' });
      } catch (error) {
        if (error instanceof Error && 'code' in error && error.code === 'VALUE_RUN_IN_PROGRESS') this.log.log(`value run not started: ${error.message}`);
        else throw error;
      }
      return;
    }
    const row = await this.repository.findRun(String(payload.runId));
    if (!row || row.status !== 'running') {
      this.log.warn(`value run ${payload.runId} is ${row ? row.status : 'gone'}: nothing to compute`);
      return;
    }
    await this.run(row);
  }

  /**
   * The steps of one run, in one transaction under the run lock:
   * 1. expired overrides go (the computed tier comes back for their customers);
   * 2. the period's purchases, read once and aggregated per customer;
   * 3. every customer's history row: R, F, M, levels, cell, rank, computed and effective tier;
   * 4. the customers' value columns from those rows;
   * 5. every customer's churn risk, and a care action for each customer at risk (ChurnService);
   * 6. the run's counts and averages, completed.
   * A failure rolls all of it back and records the run as failed with its error.
   */
  async run(recorded: ValueRunRow, progress: RunProgress = () => undefined): Promise<ValueRunView> {
    const started = await this.repository.markStarted(recorded.id);
    if (!started) {
      const current = await this.repository.findRun(recorded.id);
      return toRunView(current ?? recorded);
    }
    const runId = started.id;
    const asOf = new Date(started.as_of);
    try {
      const completed = await this.repository.inRunTransaction(runId, this.rules.workMem, async (manager) => {
        const overridesExpired = await this.repository.deleteExpiredOverrides(manager);
        progress(`expired overrides removed: ${overridesExpired}`);
        const buyers = await this.repository.aggregatePurchases(manager, asOf, this.rules);
        progress(`purchases aggregated: ${buyers} customers bought or were refunded in the period`);
        const summary = await this.repository.writeHistory(manager, runId, asOf, this.rules);
        progress(`customers computed: ${summary.customers} (${summary.active} active)`);
        const updated = await this.repository.applyToCustomers(manager, runId);
        progress(`customers updated: ${updated}`);
        const churn = await this.churn.scoreRun(runId, asOf, manager);
        progress(`churn scored: ${churn.atRisk} at risk, ${churn.actionsOpened} care actions opened`);
        const counts = { ...runCounts(summary, overridesExpired), atRisk: churn.atRisk, careActionsOpened: churn.actionsOpened };
        return this.repository.completeRun(manager, runId, counts, summary.averages);
      });
      // The same run, taken twice, was settled by the other taker while this one waited for the lock.
      if (!completed) return toRunView((await this.repository.findRun(runId)) ?? started);
      const view = toRunView(completed);
      this.log.log(`value run ${runId} completed in ${view.durationMs} ms: ${view.counts?.customers ?? 0} customers`);
      this.events.emit(VALUE_RUN_COMPLETED, { runId: view.id, asOf: view.asOf } satisfies ValueRunCompletedEvent);
      return view;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const failed = await this.repository.failRun(runId, message);
      this.log.error(`value run ${runId} failed: ${message}`);
      return toRunView(failed ?? (await this.repository.findRun(runId)) ?? started);
    }
  }
}

import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../../../common/config/app-config';
import { APP_CONFIG } from '../../../common/config/config.tokens';
import { JobsService } from '../../../common/jobs';
import { TierOverridesService } from '../tier-overrides.service';
import { ValueRunService, type RecomputePayload } from '../value-runs.service';
import { nextLocalRun } from './nightly-schedule';
import { RECOMPUTE_JOB } from './recompute-job';

export { RECOMPUTE_JOB, recomputeJobKey } from './recompute-job';
export const NIGHTLY_JOB = 'customer-value:nightly';
export const OVERRIDE_EXPIRY_JOB = 'customer-value:override-expiry';
/** Value runs queue one behind the other. */
export const RUN_QUEUE = 'customer-value';

export interface OverrideExpiryPayload {
  customerId: string;
}

/** One waiting expiry per customer: setting the override again moves it. */
export const overrideExpiryJobKey = (customerId: string) => `${OVERRIDE_EXPIRY_JOB}:${customerId}`;

/**
 * The module's durable jobs: a value run, the nightly schedule and an override's expiry. The nightly job is one
 * waiting row (its job key) due at the next local run time; each time it runs it first books the next night, so
 * it survives restarts and never runs twice.
 */
@Injectable()
export class CustomerValueJobs implements OnModuleInit, OnApplicationBootstrap {
  private readonly log = new Logger('CustomerValueJobs');

  constructor(
    private readonly jobs: JobsService,
    private readonly runs: ValueRunService,
    private readonly overrides: TierOverridesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.registerTask<RecomputePayload>(RECOMPUTE_JOB, (payload) => this.runs.runQueued(payload));
    this.jobs.registerTask<OverrideExpiryPayload>(OVERRIDE_EXPIRY_JOB, (payload) => this.overrides.expire(payload.customerId));
    this.jobs.registerTask<Record<string, never>>(NIGHTLY_JOB, () => this.runNightly());
  }

  /**
   * Fails the runs a stopped server or database left unfinished, so the console shows them failed and a new run
   * may start; then books the nightly run unless it is booked for the right time already or overdue (due at once
   * after a restart).
   */
  async onApplicationBootstrap(): Promise<void> {
    await this.runs.failInterruptedRuns();
    const now = new Date();
    const next = this.nextNightlyRun(now);
    const booked = await this.jobs.scheduledAt(NIGHTLY_JOB);
    if (booked && (booked.getTime() <= now.getTime() || booked.getTime() === next.getTime())) return;
    await this.jobs.enqueue(NIGHTLY_JOB, {}, { jobKey: NIGHTLY_JOB, runAt: next });
    this.log.log(`nightly value run booked for ${next.toISOString()} (${this.config.CUSTOMER_VALUE_NIGHTLY_AT} ${this.config.CENTRE_TIME_ZONE})`);
  }

  nextNightlyRun(after: Date): Date {
    return nextLocalRun(after, this.config.CUSTOMER_VALUE_NIGHTLY_AT, this.config.CENTRE_TIME_ZONE);
  }

  private async runNightly(): Promise<void> {
    // The next night first: a failing run must not end the schedule.
    await this.jobs.enqueue(NIGHTLY_JOB, {}, { jobKey: NIGHTLY_JOB, runAt: this.nextNightlyRun(new Date()) });
    await this.runs.runQueued({ trigger: 'nightly', requestedBy: null });
  }
}

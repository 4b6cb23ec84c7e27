import { Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { JobsService } from '../../../common/jobs';
import { KpiBandsService } from '../kpi-bands.service';
import { RECORD_SECONDS } from '../reports.repository';
import { CLOSE_GRACE_MS, ReportsService } from '../reports.service';

export const CLOSE_INTERVALS_JOB = 'reports:close-intervals';

/**
 * The closing job: one waiting row (its job key) due just after the next 15-minute interval ends. Each run books the
 * next one first, then closes every interval that ended since the last close (so a restart, or a run that failed,
 * catches up), then checks the newly closed intervals against their KPI bands.
 */
@Injectable()
export class ReportsJobs implements OnModuleInit, OnApplicationBootstrap {
  private readonly log = new Logger('ReportsJobs');

  constructor(
    private readonly jobs: JobsService,
    private readonly reports: ReportsService,
    private readonly bands: KpiBandsService,
  ) {}

  onModuleInit(): void {
    this.jobs.registerTask<Record<string, never>>(CLOSE_INTERVALS_JOB, () => this.run());
  }

  /** Due at once at start: whatever ended while the server was down is closed now. */
  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.enqueue(CLOSE_INTERVALS_JOB, {}, { jobKey: CLOSE_INTERVALS_JOB, queueName: CLOSE_INTERVALS_JOB });
  }

  nextRun(now: number): Date {
    const step = RECORD_SECONDS * 1000;
    return new Date((Math.floor((now - CLOSE_GRACE_MS) / step) + 1) * step + CLOSE_GRACE_MS + 1000);
  }

  /** One closing run (also what tests call): closes what ended, then checks the bands. */
  async run(): Promise<void> {
    await this.jobs.enqueue(CLOSE_INTERVALS_JOB, {}, { jobKey: CLOSE_INTERVALS_JOB, queueName: CLOSE_INTERVALS_JOB, runAt: this.nextRun(this.reports.now()) });
    const closedUntil = await this.reports.closeIntervals();
    if (closedUntil !== null) {
      const alerts = await this.bands.checkClosed(closedUntil);
      if (alerts > 0) this.log.log(`${alerts} KPI band alert(s) raised`);
    }
  }
}

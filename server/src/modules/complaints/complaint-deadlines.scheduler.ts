import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { AppConfig } from '../../common/config/app-config';
import { APP_CONFIG } from '../../common/config/config.tokens';
import { CALENDAR_CHANGED } from '../calendars';
import { ROUTER_TOOK_OVER, RoutingService } from '../routing';
import { ComplaintsClock } from './complaints.clock';
import { ComplaintsRepository } from './complaints.repository';
import { ComplaintsService } from './complaints.service';
import { COMPLAINT_CHANGED } from './complaints.types';

/** Complaints evaluated per query of one scan; a full batch means another query right away. */
const BATCH = 100;

/**
 * Persisted deadline timers. Each open complaint carries `next_crossing_at`, the instant its deadline status
 * changes next (due soon, then breached); this scheduler finds the rows whose instant has come and hands them
 * to ComplaintsService.processDeadline. It scans once when the server starts (so a deadline that passed while
 * the server was down is acted on at once), every COMPLAINT_DEADLINE_SCAN_SECONDS, and after every complaint
 * change. The timers are rows, not in-memory timeouts: nothing is lost across a restart.
 *
 * Only the instance that routes (RoutingService.active) scans: the alerts a deadline raises go out to the consoles
 * connected to the process that raised them, and the consoles are connected to the routing instance. A standby
 * leaves the rows alone and starts scanning the moment it takes routing over. Rows are still locked with SKIP LOCKED,
 * so that an instance that has just lost routing and is finishing a scan never acts on the same row twice.
 */
@Injectable()
export class ComplaintDeadlineScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('ComplaintDeadlines');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private readonly intervalMs: number;
  private readonly onChanged = () => this.kick();
  private readonly onTookOver = () => this.kick();
  // The next crossings are stored on whichever instance the calendar changed; the routing instance acts on them.
  private readonly onCalendarChanged = () => {
    void this.repository
      .reevaluateOpen(this.clock.now())
      .then(() => this.kick())
      .catch((error: unknown) => this.logger.error(`re-evaluating deadlines failed: ${error instanceof Error ? error.message : String(error)}`));
  };

  constructor(
    private readonly complaints: ComplaintsService,
    private readonly repository: ComplaintsRepository,
    private readonly clock: ComplaintsClock,
    private readonly events: EventEmitter2,
    private readonly routing: RoutingService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.intervalMs = config.COMPLAINT_DEADLINE_SCAN_SECONDS * 1000;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.events.on(COMPLAINT_CHANGED, this.onChanged);
    this.events.on(CALENDAR_CHANGED, this.onCalendarChanged);
    this.events.on(ROUTER_TOOK_OVER, this.onTookOver);
    await this.scan();
    this.timer = setInterval(() => this.kick(), this.intervalMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.events.off(COMPLAINT_CHANGED, this.onChanged);
    this.events.off(CALENDAR_CHANGED, this.onCalendarChanged);
    this.events.off(ROUTER_TOOK_OVER, this.onTookOver);
    await this.running;
  }

  /**
   * Runs a scan now, or right after the one in progress; resolves when the scans are done. On a standby instance
   * there is nothing to do (see the class comment).
   */
  scan(): Promise<void> {
    this.kick();
    return this.running ?? Promise.resolve();
  }

  private kick(): void {
    if (this.stopped || !this.routing.active) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop().finally(() => (this.running = null));
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      try {
        await this.scanOnce();
      } catch (error) {
        this.logger.error(`deadline scan failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    } while (this.again && !this.stopped);
  }

  private async scanOnce(): Promise<void> {
    const seen = new Set<string>();
    for (;;) {
      if (!this.routing.active) return;
      const due = await this.repository.dueForCrossing(this.clock.now(), BATCH, [...seen]);
      if (due.length === 0 || this.stopped) return;
      for (const id of due) {
        seen.add(id);
        try {
          await this.complaints.processDeadline(id);
        } catch (error) {
          this.logger.error(`deadline of complaint ${id} failed: ${error instanceof Error ? error.message : String(error)}`);
        }
        if (this.stopped || !this.routing.active) return;
      }
    }
  }
}

import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { AlertsService } from '../alerts';
import { QUEUE_UNSTAFFED, unstaffedQueueAlert, unstaffedQueues, type UnstaffedQueue } from '../alerts';
import { RoutingService } from '../routing';
import { ROUTING_ALERT_ROLES } from '../routing';
import { StatisticsService } from '../statistics';
import { LiveAlertsService } from './live-alerts.service';
import { RealtimeRepository } from './realtime.repository';

/** How often the floor is checked. */
const CHECK_INTERVAL_MS = 2_000;

/**
 * Raises an alert to supervisors, team leads and administrators when a caller has waited past the queue's
 * service-level threshold and no signed-in agent can take them ("No signed-in agent can take contacts of queue
 * Billing (missing: Mandarin)"): once per spell, the alert stored, then pushed, and open until acknowledged like any
 * other. A spell ends when someone who can take them signs in or nobody such waits any more; a later spell raises a
 * new alert. While an alert about the queue is still open (also one raised before a restart) no second one is raised.
 * Only the instance that routes checks.
 */
@Injectable()
export class QueueStaffingWatch implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Alerts');
  /** Queues in a spell whose alert was raised (or stands open). */
  private readonly alerted = new Set<string>();
  private checking = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly routing: RoutingService,
    private readonly statistics: StatisticsService,
    private readonly alerts: AlertsService,
    private readonly live: LiveAlertsService,
    private readonly repository: RealtimeRepository,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.check(), CHECK_INTERVAL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Looks at the floor; raises the alerts of spells whose caller has now waited past the threshold. */
  async check(): Promise<void> {
    if (this.checking || !this.routing.active) return;
    this.checking = true;
    try {
      const now = this.routing.now();
      const found = unstaffedQueues(this.routing.core, now);
      const inSpell = new Set(found.map((queue) => queue.queueId));
      for (const queueId of [...this.alerted]) if (!inSpell.has(queueId)) this.alerted.delete(queueId);
      const fresh: UnstaffedQueue[] = [];
      for (const queue of found) {
        if (this.alerted.has(queue.queueId) || queue.waitSeconds < (this.statistics.thresholdSeconds(queue.queueId) ?? 0)) continue;
        // An alert about the queue still open (also one raised before a restart) stands for this spell.
        if (this.live.hasOpen(QUEUE_UNSTAFFED, queue.queueId)) this.alerted.add(queue.queueId);
        else fresh.push(queue);
      }
      if (fresh.length === 0) return;
      const names = await this.repository.skillNames();
      for (const queue of fresh) {
        const alert = unstaffedQueueAlert(queue, {
          queueName: this.statistics.queueName(queue.queueId) ?? queue.queueId,
          channel: this.routing.core.getContact(queue.contactId)?.channel ?? 'voice',
          at: now,
          nameOf: (code) => names.get(code) ?? code,
        });
        const stored = { alert, audience: { users: [], roles: ROUTING_ALERT_ROLES } };
        await this.alerts.raise(stored);
        this.alerted.add(queue.queueId);
        this.live.raised(stored);
      }
    } catch (error) {
      this.logger.error(`queue staffing not checked: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.checking = false;
    }
  }
}

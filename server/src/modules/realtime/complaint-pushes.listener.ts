import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { COMPLAINT_ALERT, COMPLAINT_CHANGED, type ComplaintAlertRaised, type ComplaintAudience, type ComplaintChanged } from '../complaints';
import { LiveAlertsService } from './live-alerts.service';
import { ROLE_ROOMS, userRoom } from './realtime.rooms';
import { RealtimeService } from './realtime.service';

const roomsOf = (audience: ComplaintAudience) => [...audience.users.map(userRoom), ...audience.roles.map((role) => ROLE_ROOMS[role])];

/**
 * Complaints on the live feed: turns the complaint module's committed changes and alerts into
 * `complaint:update` deltas for the people concerned, and hands alerts (stored with the change) to the live
 * alerts, which list them in snapshots and push them. Each socket gets a delta once even when it is in several of
 * the target rooms (a team lead who also owns the complaint).
 */
@Injectable()
export class ComplaintPushesListener implements OnModuleDestroy {
  private readonly logger = new Logger('ComplaintPushes');
  private readonly onChanged = (changed: ComplaintChanged) => this.deliver(() => this.realtime.toRooms(roomsOf(changed.audience), 'complaint:update', changed.update));
  private readonly onAlert = (raised: ComplaintAlertRaised) => this.deliver(() => this.alerts.raised(raised));

  constructor(
    private readonly realtime: RealtimeService,
    private readonly alerts: LiveAlertsService,
    private readonly events: EventEmitter2,
  ) {
    // Subscribed from the constructor, so changes made while the application starts (the first deadline scan) are delivered.
    this.events.on(COMPLAINT_CHANGED, this.onChanged);
    this.events.on(COMPLAINT_ALERT, this.onAlert);
  }

  onModuleDestroy(): void {
    this.events.off(COMPLAINT_CHANGED, this.onChanged);
    this.events.off(COMPLAINT_ALERT, this.onAlert);
  }

  private deliver(send: () => unknown): void {
    try {
      send();
    } catch (error) {
      this.logger.error(`live complaint delivery failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

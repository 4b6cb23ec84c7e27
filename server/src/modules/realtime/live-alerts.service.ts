import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { RealtimeAlert, Role } from '@callcentre/shared';
import { AlertBook } from '../alerts';
import { AlertsService } from '../alerts';
import { ALERT_ACKNOWLEDGED, type AlertAcknowledged, type AlertAudience, type StoredAlert } from '../alerts';
import { ROUTING_COMMITTED, RoutingCommitted, RoutingService } from '../routing';
import { ROLE_ROOMS, userRoom } from './realtime.rooms';
import { RealtimeService } from './realtime.service';

const roomsOf = (audience: AlertAudience) => [...audience.users.map(userRoom), ...audience.roles.map((role) => ROLE_ROOMS[role])];

/**
 * Alerts on the live feed. Every alert is stored before it is announced (routing's with its batch, the complaints
 * module's with the complaint change, acknowledgements with their audit entry); this service keeps the recent
 * ones in an AlertBook, so that each snapshot lists, in the same synchronous step as the deltas around it, the
 * alerts addressed to its viewer, raised before they connected included. Raising an alert and pushing it (`alert`,
 * to the rooms of the people and roles it is addressed to) is one synchronous step, as is taking an
 * acknowledgement and pushing `alert:acknowledged`.
 */
@Injectable()
export class LiveAlertsService implements OnModuleDestroy {
  private readonly book = new AlertBook();
  private readonly committed = (committed: RoutingCommitted) => {
    for (const stored of committed.alerts ?? []) this.raised(stored);
  };
  private readonly acknowledged = (acknowledged: AlertAcknowledged) => this.take(acknowledged);

  constructor(
    private readonly alerts: AlertsService,
    private readonly realtime: RealtimeService,
    private readonly routing: RoutingService,
    private readonly events: EventEmitter2,
  ) {
    // From the constructor, so that nothing raised while the application starts is missed.
    this.events.on(ROUTING_COMMITTED, this.committed);
    this.events.on(ALERT_ACKNOWLEDGED, this.acknowledged);
  }

  onModuleDestroy(): void {
    this.events.off(ROUTING_COMMITTED, this.committed);
    this.events.off(ALERT_ACKNOWLEDGED, this.acknowledged);
  }

  /** Reads the recent alerts from the database (at start, and after routing was taken over or rebuilt). */
  async load(): Promise<void> {
    const now = this.routing.now();
    this.book.load(await this.alerts.recent(now, this.book.openIds()), now);
  }

  /** What a snapshot lists for this person. */
  visibleTo(user: { id: string; roles: readonly Role[] }): RealtimeAlert[] {
    return this.book.visibleTo(user, this.routing.now());
  }

  /** Whether an alert of this kind about this queue is open. */
  hasOpen(kind: string, queueId: string): boolean {
    return this.book.hasOpen(kind, queueId);
  }

  /** A newly raised alert, already stored: into the book and out to the people it is addressed to. */
  raised(stored: StoredAlert): void {
    if (this.book.add(stored, this.routing.now())) this.realtime.toRooms(roomsOf(stored.audience), 'alert', stored.alert);
  }

  private take(acknowledged: StoredAlert): void {
    this.book.put(acknowledged, this.routing.now());
    this.realtime.toRooms(roomsOf(acknowledged.audience), 'alert:acknowledged', { alert: acknowledged.alert });
  }
}

import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { DataSource, EntityManager } from 'typeorm';
import { ALERT_RECENT_HOURS, type RealtimeAlert } from '@callcentre/shared';
import type { AuthenticatedUser } from '../../common/auth';
import { AuditService } from '../audit';
import { ALERTS_KEPT } from './alert-book';
import { alertErrors } from './alerts.errors';
import { AlertsRepository } from './alerts.repository';
import { ALERT_ACKNOWLEDGED, isAddressedTo, type AlertAcknowledged, type StoredAlert } from './alerts.types';

/**
 * Alerts as a record: stored with what raised them (routing's journal writes its own; other modules call `store`
 * in their transaction), read back for the live views, and acknowledged by a supervisor or team lead they are
 * addressed to. An acknowledgement is committed with its audit entry, then announced (ALERT_ACKNOWLEDGED) for the
 * realtime module to push.
 */
@Injectable()
export class AlertsService {
  private readonly logger = new Logger('Alerts');

  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: AlertsRepository,
    private readonly audit: AuditService,
    private readonly events: EventEmitter2,
  ) {}

  /** Stores a newly raised alert in the caller's transaction; the caller announces it once committed. */
  store(manager: EntityManager, stored: StoredAlert): Promise<void> {
    return this.repository.insert(manager, stored);
  }

  /** Stores an alert raised on its own (not with another change), in its own transaction; the caller announces it. */
  async raise(stored: StoredAlert): Promise<void> {
    await this.dataSource.transaction((manager) => this.repository.insert(manager, stored));
  }

  /** What the live views start from: every open alert, those of the last ALERT_RECENT_HOURS, and those named. */
  recent(now: number, ids: readonly string[] = []): Promise<StoredAlert[]> {
    return this.repository.recent(new Date(now - ALERT_RECENT_HOURS * 3_600_000), ids, ALERTS_KEPT);
  }

  /**
   * Takes an alert off everyone's open list, recording who did it (audited). Only a person the alert is addressed
   * to may; an alert someone acknowledged already is answered as it stands, without a second entry.
   */
  async acknowledge(alertId: string, user: AuthenticatedUser): Promise<RealtimeAlert> {
    const { stored, changed } = await this.dataSource.transaction(async (manager) => {
      const found = await this.repository.lock(manager, alertId);
      if (!found) throw alertErrors.notFound(alertId);
      if (!isAddressedTo(found.audience, user)) throw alertErrors.notAddressed(alertId);
      if (found.alert.acknowledged) return { stored: found, changed: false };
      const at = new Date();
      await this.repository.acknowledge(manager, alertId, user.id, at);
      await this.audit.record(
        {
          actor: user,
          action: 'alert.acknowledged',
          target: { type: 'alert', id: alertId },
          details: {
            kind: found.alert.kind,
            raisedAt: new Date(found.alert.at).toISOString(),
            ...(found.alert.agentId ? { agentId: found.alert.agentId } : {}),
            ...(found.alert.contactId ? { contactId: found.alert.contactId } : {}),
            ...(found.alert.complaintId ? { complaintId: found.alert.complaintId } : {}),
          },
        },
        manager,
      );
      const acknowledged: StoredAlert = { ...found, alert: { ...found.alert, acknowledged: { at: at.getTime(), by: user.id, byName: user.displayName } } };
      return { stored: acknowledged, changed: true };
    });
    if (changed) this.announce(stored);
    return stored.alert;
  }

  private announce(acknowledged: AlertAcknowledged): void {
    try {
      this.events.emit(ALERT_ACKNOWLEDGED, acknowledged);
    } catch (error) {
      this.logger.error(`${ALERT_ACKNOWLEDGED} listener failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

import type { AlertSeverity, RealtimeAlert, Role } from '@callcentre/shared';
import type { StoredAlert } from './alerts.types';

/** The columns of an `alerts` row that raising an alert writes (the acknowledgement columns start empty). */
export interface AlertRow {
  id: string;
  kind: string;
  severity: AlertSeverity;
  at: string;
  message: string;
  agent_id: string | null;
  agent_name: string | null;
  contact_id: string | null;
  queue_id: string | null;
  complaint_id: string | null;
  details: Record<string, unknown>;
  recipients: string[];
  recipient_roles: Role[];
}

/** A row as read back, with who acknowledged it. */
export interface ReadAlertRow extends Omit<AlertRow, 'at'> {
  at: Date;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  acknowledged_by_name: string | null;
}

/** The row that stores an alert (routing's journal writes these through its own statement, the complaints module through AlertsService). */
export function toAlertRow({ alert, audience }: StoredAlert): AlertRow {
  return {
    id: alert.id,
    kind: alert.kind,
    severity: alert.severity,
    at: new Date(alert.at).toISOString(),
    message: alert.message,
    agent_id: alert.agentId ?? null,
    agent_name: alert.agentName ?? null,
    contact_id: alert.contactId ?? null,
    queue_id: alert.queueId ?? null,
    complaint_id: alert.complaintId ?? null,
    details: { ...(alert.details ?? {}) },
    recipients: [...audience.users],
    recipient_roles: [...audience.roles],
  };
}

/** The alert a row stores, exactly as it was sent when raised (absent fields stay absent), with its acknowledgement. */
export function fromAlertRow(row: ReadAlertRow): StoredAlert {
  const alert: RealtimeAlert = {
    id: row.id,
    kind: row.kind,
    severity: row.severity,
    at: new Date(row.at).getTime(),
    message: row.message,
    ...(row.agent_id ? { agentId: row.agent_id } : {}),
    ...(row.agent_name ? { agentName: row.agent_name } : {}),
    ...(row.contact_id ? { contactId: row.contact_id } : {}),
    ...(row.queue_id ? { queueId: row.queue_id } : {}),
    ...(row.complaint_id ? { complaintId: row.complaint_id } : {}),
    details: row.details,
    acknowledged:
      row.acknowledged_at && row.acknowledged_by
        ? { at: new Date(row.acknowledged_at).getTime(), by: row.acknowledged_by, byName: row.acknowledged_by_name ?? row.acknowledged_by }
        : null,
  };
  return { alert, audience: { users: row.recipients, roles: row.recipient_roles } };
}

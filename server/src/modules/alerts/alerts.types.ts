import type { RealtimeAlert, Role } from '@callcentre/shared';

/** Who an alert is addressed to: people by id, and everyone holding one of the roles. */
export interface AlertAudience {
  readonly users: readonly string[];
  readonly roles: readonly Role[];
}

/** An alert as stored: what the consoles are shown, and who may see it. */
export interface StoredAlert {
  readonly alert: RealtimeAlert;
  readonly audience: AlertAudience;
}

/** Whether the alert is addressed to this person, by id or by one of their roles. */
export function isAddressedTo(audience: AlertAudience, user: { id: string; roles: readonly Role[] }): boolean {
  return audience.users.includes(user.id) || user.roles.some((role) => audience.roles.includes(role));
}

/** Domain event, emitted after an acknowledgement committed. */
export const ALERT_ACKNOWLEDGED = 'alert.acknowledged';
export type AlertAcknowledged = StoredAlert;

import type { ComplaintLiveUpdate, RealtimeAlert, Role } from '@callcentre/shared';

// The REST and socket payloads are contracts shared with the console (@callcentre/shared, contracts/complaints.ts).

/** Who a live message goes to: people by id, and everyone holding a role. */
export interface ComplaintAudience {
  users: string[];
  roles: Role[];
}

/** Domain event, emitted after the change committed. */
export const COMPLAINT_CHANGED = 'complaint.changed';
export interface ComplaintChanged {
  update: ComplaintLiveUpdate;
  audience: ComplaintAudience;
}

/** Domain event, emitted after the alert committed. */
export const COMPLAINT_ALERT = 'complaint.alert';
export interface ComplaintAlertRaised {
  alert: RealtimeAlert;
  audience: ComplaintAudience;
}

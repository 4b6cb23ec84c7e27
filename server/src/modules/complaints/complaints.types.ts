import type {
  ComplaintComplexity,
  ComplaintContext,
  ComplaintEventType,
  ComplaintReturnStep,
  ComplaintState,
  ComplaintStepId,
  ComplaintUpdateDelta,
  DeadlineStatus,
  RealtimeAlert,
  Role,
  ValueTier,
} from '@callcentre/shared';

/** Where a complaint stands against its deadline, as stored (lists, live updates). */
export interface ComplaintDeadlineSummary {
  kind: 'resolution' | 'progress_call' | null;
  status: DeadlineStatus;
  clock: 'running' | 'paused' | 'stopped';
  /** The target the status measures (the internal target for key customers). */
  dueAt: string | null;
  /** The deadline promised by the domain rule. */
  commitmentDueAt: string | null;
  /** When the status changes next if nothing happens (null: breached, paused or stopped). */
  nextCrossingAt: string | null;
}

/** The deadline evaluated at the time of the request. */
export interface ComplaintDeadlineDetail extends ComplaintDeadlineSummary {
  keyCustomer: boolean;
  countedFrom: string;
  allowedWorkingTimeMs: number;
  elapsedWorkingTimeMs: number;
  remainingWorkingTimeMs: number;
}

export interface ComplaintSummary {
  id: string;
  number: string;
  customerId: string | null;
  customerName: string | null;
  category: string;
  complexity: ComplaintComplexity;
  valueTier: ValueTier;
  state: ComplaintState;
  step: ComplaintStepId | null;
  version: number;
  receivedBy: string;
  ownerId: string;
  ownerName: string | null;
  teamLeadId: string | null;
  teamLeadName: string | null;
  threatening: boolean;
  aboutAgent: boolean;
  aboutAgentId: string | null;
  deadline: ComplaintDeadlineSummary;
  receivedAt: string;
  updatedAt: string;
  closedAt: string | null;
}

export interface ThreatDetails {
  callerNumber: string | null;
  at: string;
  workstation: string;
  statement: string;
}

export interface LinkedInteraction {
  interactionId: string;
  channel: string | null;
  arrivedAt: string | null;
  agentId: string | null;
  linkedAt: string;
  linkedBy: string | null;
}

export interface ComplaintDetail extends Omit<ComplaintSummary, 'deadline'> {
  description: string;
  /** The machine's state value (with the sub-state of `resolve` and `escalated`). */
  stateValue: unknown;
  machineVersion: string;
  threat: ThreatDetails | null;
  aboutAgentName: string | null;
  deadline: ComplaintDeadlineDetail | ComplaintDeadlineSummary;
  /** What the caller may send now: the machine's answer, narrowed to what the caller is allowed to send. */
  allowedEvents: ComplaintEventType[];
  /** For `escalation.returned`: the steps the complaint may be handed back to. */
  allowedReturnSteps: ComplaintReturnStep[];
  context: ComplaintContext;
  interactions: LinkedInteraction[];
}

export interface ComplaintPage {
  items: ComplaintSummary[];
  total: number;
  limit: number;
  offset: number;
}

export interface ComplaintHistoryEntry {
  id: string;
  version: number;
  at: string;
  actor: { kind: 'user' | 'system'; id: string | null; name: string | null };
  type: string;
  payload: Record<string, unknown>;
  note: string | null;
  fromState: string | null;
  toState: string;
  fromValue: unknown;
  toValue: unknown;
}

export interface ComplaintClockEntry {
  id: string;
  kind: 'started' | 'paused' | 'resumed' | 'progress_call' | 'stopped' | 'due_soon' | 'breached';
  at: string;
  reason: string | null;
  actorId: string | null;
  details: Record<string, unknown>;
  recordedAt: string;
}

export interface ComplaintAlertEntry {
  id: string;
  kind: string;
  severity: 'info' | 'warning' | 'critical';
  at: string;
  message: string;
  recipients: string[];
  recipientRoles: string[];
  details: Record<string, unknown>;
}

export interface ComplaintHistory {
  complaintId: string;
  number: string;
  events: ComplaintHistoryEntry[];
  clock: ComplaintClockEntry[];
  alerts: ComplaintAlertEntry[];
}

/** Why a live update was sent. */
export type ComplaintUpdateCause = 'opened' | 'event' | 'deadline';

/** The `complaint:update` delta: the changed complaint's headline fields. */
export interface ComplaintLiveUpdate extends ComplaintUpdateDelta {
  complaintId: string;
  number: string;
  state: ComplaintState;
  step: ComplaintStepId | null;
  version: number;
  ownerId: string;
  teamLeadId: string | null;
  customerId: string | null;
  threatening: boolean;
  deadline: ComplaintDeadlineSummary;
  cause: ComplaintUpdateCause;
  /** The machine event that caused it (null for a deadline crossing). */
  eventType: ComplaintEventType | null;
  updatedAt: string;
}

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

export const COMPLAINT_ALERT_KINDS = ['complaint_threatening_call', 'complaint_deadline_due_soon', 'complaint_deadline_breached'] as const;
export type ComplaintAlertKind = (typeof COMPLAINT_ALERT_KINDS)[number];

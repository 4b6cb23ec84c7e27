/**
 * REST payloads of the complaints (`/api/complaints`), and the `complaint:update` delta the socket carries.
 * Times are ISO 8601 strings (UTC). The machine's own types (state, step, context, events) are in
 * complaints/complaint.types.ts.
 */
import type { DeadlineStatus } from '../calendar/complaint-deadline';
import type { ComplaintContext, ComplaintEvent, ComplaintEventType, ComplaintReturnStep, ComplaintState, ComplaintStepId } from '../complaints/complaint.types';
import type { ComplaintComplexity, ValueTier } from '../domain/call-centre';
import type { ComplaintUpdateDelta } from './realtime';

// ---------------------------------------------------------------------------------------------------------------
// Deadlines
// ---------------------------------------------------------------------------------------------------------------

/** Where a complaint stands against its deadline, as stored (lists, live updates). */
export interface ComplaintDeadlineSummary {
  readonly kind: 'resolution' | 'progress_call' | null;
  readonly status: DeadlineStatus;
  readonly clock: 'running' | 'paused' | 'stopped';
  /** The target the status measures (the internal target for key customers). */
  readonly dueAt: string | null;
  /** The deadline promised by the domain rule. */
  readonly commitmentDueAt: string | null;
  /** When the status changes next if nothing happens (null: breached, paused or stopped). */
  readonly nextCrossingAt: string | null;
}

/** The deadline evaluated at the time of the request. */
export interface ComplaintDeadlineDetail extends ComplaintDeadlineSummary {
  readonly keyCustomer: boolean;
  readonly countedFrom: string;
  readonly allowedWorkingTimeMs: number;
  readonly elapsedWorkingTimeMs: number;
  readonly remainingWorkingTimeMs: number;
}

/** `GET /api/complaints/deadline-preview`: when a complaint received at `receivedAt` would be due. */
export interface ComplaintDeadlinePreview extends ComplaintDeadlineDetail {
  readonly timeZone: string;
  readonly receivedAt: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Complaints
// ---------------------------------------------------------------------------------------------------------------

/** A complaint as the list returns it. */
export interface ComplaintSummary {
  readonly id: string;
  readonly number: string;
  readonly customerId: string | null;
  readonly customerName: string | null;
  readonly category: string;
  readonly complexity: ComplaintComplexity;
  readonly valueTier: ValueTier;
  readonly state: ComplaintState;
  readonly step: ComplaintStepId | null;
  readonly version: number;
  readonly receivedBy: string;
  readonly ownerId: string;
  readonly ownerName: string | null;
  readonly teamLeadId: string | null;
  readonly teamLeadName: string | null;
  readonly threatening: boolean;
  readonly aboutAgent: boolean;
  readonly aboutAgentId: string | null;
  readonly deadline: ComplaintDeadlineSummary;
  readonly receivedAt: string;
  readonly updatedAt: string;
  readonly closedAt: string | null;
  /** The customer's score (1-5) asked at the close; null before it, or when they declined to score. */
  readonly satisfaction: number | null;
}

/** A threat to life or property, as recorded (caller number, time, workstation and what was said). */
export interface ThreatDetails {
  readonly callerNumber: string | null;
  readonly at: string;
  readonly workstation: string;
  readonly statement: string;
}

/** A contact about the complaint. */
export interface LinkedInteraction {
  readonly interactionId: string;
  readonly channel: string | null;
  readonly arrivedAt: string | null;
  readonly agentId: string | null;
  readonly linkedAt: string;
  readonly linkedBy: string | null;
}

/** One complaint in full: the machine's state value and context, to restore the machine in the console. */
export interface ComplaintDetail extends Omit<ComplaintSummary, 'deadline'> {
  readonly description: string;
  /** The machine's state value (with the sub-state of `resolve` and `escalated`). */
  readonly stateValue: unknown;
  readonly machineVersion: string;
  readonly threat: ThreatDetails | null;
  readonly aboutAgentName: string | null;
  /** Evaluated at the time of the request; as stored when it cannot be evaluated. */
  readonly deadline: ComplaintDeadlineDetail | ComplaintDeadlineSummary;
  /** What the caller may send now: the machine's answer, narrowed to what the caller is allowed to send. */
  readonly allowedEvents: ComplaintEventType[];
  /** For `escalation.returned`: the steps the complaint may be handed back to. */
  readonly allowedReturnSteps: ComplaintReturnStep[];
  readonly context: ComplaintContext;
  readonly interactions: LinkedInteraction[];
}

export interface ComplaintPage {
  readonly items: ComplaintSummary[];
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
}

// ---------------------------------------------------------------------------------------------------------------
// History
// ---------------------------------------------------------------------------------------------------------------

export interface ComplaintHistoryEntry {
  readonly id: string;
  readonly version: number;
  readonly at: string;
  readonly actor: { readonly kind: 'user' | 'system'; readonly id: string | null; readonly name: string | null };
  readonly type: string;
  readonly payload: Record<string, unknown>;
  readonly note: string | null;
  readonly fromState: string | null;
  readonly toState: string;
  readonly fromValue: unknown;
  readonly toValue: unknown;
}

export interface ComplaintClockEntry {
  readonly id: string;
  readonly kind: 'started' | 'paused' | 'resumed' | 'progress_call' | 'stopped' | 'due_soon' | 'breached';
  readonly at: string;
  readonly reason: string | null;
  readonly actorId: string | null;
  readonly details: Record<string, unknown>;
  readonly recordedAt: string;
}

export const COMPLAINT_ALERT_KINDS = ['complaint_threatening_call', 'complaint_deadline_due_soon', 'complaint_deadline_breached'] as const;
/** Alerts raised by the complaints module (sent as `alert` deltas beside routing's ALERT_KINDS). */
export type ComplaintAlertKind = (typeof COMPLAINT_ALERT_KINDS)[number];

export interface ComplaintAlertEntry {
  readonly id: string;
  readonly kind: string;
  readonly severity: 'info' | 'warning' | 'critical';
  readonly at: string;
  readonly message: string;
  readonly recipients: string[];
  readonly recipientRoles: string[];
  readonly details: Record<string, unknown>;
}

/** `GET /api/complaints/:id/history`: every transition, the clock (pauses, crossings) and the alerts raised. */
export interface ComplaintHistory {
  readonly complaintId: string;
  readonly number: string;
  readonly events: ComplaintHistoryEntry[];
  readonly clock: ComplaintClockEntry[];
  readonly alerts: ComplaintAlertEntry[];
}

// ---------------------------------------------------------------------------------------------------------------
// Live updates
// ---------------------------------------------------------------------------------------------------------------

/** Why a live update was sent. */
export type ComplaintUpdateCause = 'opened' | 'event' | 'deadline';

/** The `complaint:update` delta: the changed complaint's headline fields. */
export interface ComplaintLiveUpdate extends ComplaintUpdateDelta {
  readonly complaintId: string;
  readonly number: string;
  readonly state: ComplaintState;
  readonly step: ComplaintStepId | null;
  readonly version: number;
  readonly ownerId: string;
  readonly teamLeadId: string | null;
  readonly customerId: string | null;
  readonly threatening: boolean;
  readonly deadline: ComplaintDeadlineSummary;
  readonly cause: ComplaintUpdateCause;
  /** The machine event that caused it (null for a deadline crossing). */
  readonly eventType: ComplaintEventType | null;
  readonly updatedAt: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------------------------

/** `GET /api/complaints` query. */
export interface ComplaintQuery {
  readonly state?: ComplaintState;
  readonly ownerId?: string;
  readonly teamLeadId?: string;
  readonly customerId?: string;
  /** Open complaints with this deadline status. */
  readonly deadline?: DeadlineStatus;
  /** true: not closed; false: closed. */
  readonly open?: boolean;
  readonly threatening?: boolean;
  /** newest received first (the default), or earliest due first. */
  readonly sort?: 'newest' | 'due';
  readonly limit?: number;
  readonly offset?: number;
}

/** `POST /api/complaints`: a complaint received from the contact it came through, or for a customer. */
export interface OpenComplaintInput {
  readonly interactionId?: string;
  readonly customerId?: string;
  readonly category: string;
  readonly complexity: ComplaintComplexity;
  readonly description: string;
  readonly aboutAgentId?: string;
  readonly threat?: { readonly callerNumber?: string; readonly at?: string; readonly workstation: string; readonly statement: string };
  readonly note?: string;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * `POST /api/complaints/:id/events` (besides `expectedVersion`): the machine event without `at` and `by` (the
 * server stamps them), with an optional note for the history. `complaint.recorded` is sent by opening one.
 */
export type ComplaintEventBody = DistributiveOmit<Exclude<ComplaintEvent, { type: 'complaint.recorded' }>, 'at' | 'by'> & {
  note?: string;
};

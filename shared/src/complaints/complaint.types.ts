import { ComplaintComplexity, ValueTier } from '../domain/call-centre';

/** An instant as an ISO 8601 string (what the server stores and sends). */
export type IsoInstant = string;

/** The six steps every agent is trained on, in order (domain rule). */
export const COMPLAINT_STEP_IDS = ['receive', 'calm', 'clarify', 'resolve', 'act', 'thank'] as const;
export type ComplaintStepId = (typeof COMPLAINT_STEP_IDS)[number];

/** Top-level states of the complaint machine. */
export const COMPLAINT_STATES = [
  'receive',
  'calm',
  'clarify',
  'resolve',
  'act',
  'follow_up',
  'escalated',
  'thank',
  'closed',
] as const;
export type ComplaintState = (typeof COMPLAINT_STATES)[number];

/** Steps a team lead may hand a complaint back to (the agent's side of the work). */
export const COMPLAINT_RETURN_STEPS = ['calm', 'clarify', 'resolve', 'act', 'follow_up'] as const;
export type ComplaintReturnStep = (typeof COMPLAINT_RETURN_STEPS)[number];

/** Where a complaint was when it went to the team lead. */
export type EscalationOrigin = 'receive' | ComplaintReturnStep | 'thank';

/**
 * Why a complaint is with the team lead:
 * - `agent_conduct`: about an agent's attitude or service quality, sent to the team lead on receipt;
 * - `threatening`: a threat to life or property, the team lead is alerted on receipt;
 * - `explanation_rejected`: not upheld, and the customer does not accept the explanation;
 * - `not_settled`: at the closing question the customer said it does not settle it;
 * - `requested`: the owner (or a supervisor) escalated it, with a reason.
 */
export const ESCALATION_KINDS = [
  'agent_conduct',
  'threatening',
  'explanation_rejected',
  'not_settled',
  'requested',
] as const;
export type EscalationKind = (typeof ESCALATION_KINDS)[number];

export interface Remedy {
  readonly id: string;
  readonly description: string;
}

export interface RemedyOffer {
  readonly remedies: readonly Remedy[];
  readonly offeredAt: IsoInstant;
  readonly offeredBy: string;
  /** `withdrawn`: the complaint was escalated while the customer was still choosing. */
  readonly outcome: 'pending' | 'chosen' | 'rejected' | 'withdrawn';
  readonly decidedAt: IsoInstant | null;
  /** What the customer said when rejecting every remedy. */
  readonly note: string | null;
}

export interface DueDateChange {
  readonly from: IsoInstant;
  readonly to: IsoInstant;
  readonly reason: string;
  readonly at: IsoInstant;
  readonly by: string;
}

/** Carrying out a remedy: done during the contact (no due date), or followed up until a due date. */
export interface ComplaintAction {
  readonly description: string;
  readonly ownerId: string;
  readonly startedAt: IsoInstant;
  readonly dueAt: IsoInstant | null;
  readonly completedAt: IsoInstant | null;
  readonly completionNote: string | null;
  readonly dueDateChanges: readonly DueDateChange[];
}

export interface ProgressCall {
  readonly note: string;
  readonly at: IsoInstant;
  readonly by: string;
}

export interface EscalationRecord {
  readonly kind: EscalationKind;
  readonly reason: string;
  readonly from: EscalationOrigin;
  readonly escalatedAt: IsoInstant;
  readonly escalatedBy: string;
  readonly acceptedAt: IsoInstant | null;
  readonly acceptedBy: string | null;
  readonly returnedAt: IsoInstant | null;
  readonly returnedTo: ComplaintReturnStep | null;
  /** The team lead's guidance to the agent when handing it back. */
  readonly guidance: string | null;
  readonly resolvedAt: IsoInstant | null;
}

/**
 * A stretch of time the complaint's clock does not count: waiting on the customer (with the reason
 * recorded), or settled and awaiting the closing answers (reopened if the customer says it is not settled).
 */
export interface ClockPause {
  readonly kind: 'waiting_on_customer' | 'settled';
  readonly reason: string;
  readonly from: IsoInstant;
  readonly by: string;
  readonly to: IsoInstant | null;
}

export interface ClosingAnswers {
  /** "Does this settle it for you?" */
  readonly settled: boolean;
  /** "Is there anything else?": what the customer raised, or null for nothing. Recorded; closing still happens. */
  readonly anythingElse: string | null;
  /** 1-5, or null when the customer declined to score. */
  readonly satisfaction: number | null;
  readonly at: IsoInstant;
}

/** How the complaint reached the thank step. */
export type ComplaintOutcome = 'explained' | 'remedied' | 'resolved_by_team_lead';

export interface ComplaintContext {
  /** The complaint number, given on receipt. */
  readonly complaintId: string | null;
  readonly receivedAt: IsoInstant | null;
  /** The agent who took the complaint. */
  readonly agentId: string | null;
  /** Who works the complaint now: the agent, or the follow-up owner a team lead or supervisor appointed. */
  readonly ownerId: string | null;
  /** The team lead who last accepted an escalation. */
  readonly teamLeadId: string | null;
  readonly category: string | null;
  readonly complexity: ComplaintComplexity | null;
  readonly description: string | null;
  readonly valueTier: ValueTier | null;
  readonly aboutAgentConduct: boolean;
  /** The agent the complaint is about, when it is about an agent's attitude or service quality. */
  readonly concernedAgentId: string | null;
  readonly threatening: boolean;
  readonly upheld: boolean | null;
  /** The problem restated and confirmed with the customer. */
  readonly clarification: string | null;
  readonly remedyOffers: readonly RemedyOffer[];
  readonly chosenRemedy: Remedy | null;
  readonly actions: readonly ComplaintAction[];
  readonly progressCalls: readonly ProgressCall[];
  readonly escalations: readonly EscalationRecord[];
  readonly resolution: string | null;
  /** True while the clock is paused waiting on the customer. */
  readonly waitingOnCustomer: boolean;
  readonly clockPauses: readonly ClockPause[];
  readonly outcome: ComplaintOutcome | null;
  readonly closing: ClosingAnswers | null;
  readonly closedAt: IsoInstant | null;
}

/** Every event carries when it happened and who sent it (a user id), both given by the caller. */
export interface ComplaintEventBase {
  readonly at: IsoInstant;
  readonly by: string;
}

export type ComplaintRecordedEvent = ComplaintEventBase & {
  readonly type: 'complaint.recorded';
  readonly complaintId: string;
  readonly category: string;
  readonly complexity: ComplaintComplexity;
  readonly description: string;
  readonly valueTier: ValueTier;
  /** About an agent's attitude or service quality. */
  readonly aboutAgentConduct: boolean;
  readonly concernedAgentId?: string | null;
  /** A threat to life or property. */
  readonly threatening: boolean;
};

export type ComplaintEvent =
  | ComplaintRecordedEvent
  | (ComplaintEventBase & { readonly type: 'customer.calmed' })
  | (ComplaintEventBase & { readonly type: 'problem.clarified'; readonly upheld: boolean; readonly summary: string })
  | (ComplaintEventBase & { readonly type: 'explanation.accepted' })
  | (ComplaintEventBase & { readonly type: 'explanation.rejected'; readonly note: string })
  | (ComplaintEventBase & { readonly type: 'remedies.offered'; readonly remedies: readonly Remedy[] })
  | (ComplaintEventBase & { readonly type: 'remedy.chosen'; readonly remedyId: string })
  | (ComplaintEventBase & { readonly type: 'remedies.rejected'; readonly note: string })
  | (ComplaintEventBase & { readonly type: 'action.completed'; readonly note: string })
  | (ComplaintEventBase & {
      readonly type: 'action.deferred';
      readonly description: string;
      readonly dueAt: IsoInstant;
      readonly ownerId: string;
    })
  | (ComplaintEventBase & { readonly type: 'action.rescheduled'; readonly dueAt: IsoInstant; readonly reason: string })
  | (ComplaintEventBase & { readonly type: 'progress.logged'; readonly note: string })
  | (ComplaintEventBase & { readonly type: 'complaint.escalated'; readonly reason: string })
  | (ComplaintEventBase & { readonly type: 'escalation.accepted' })
  | (ComplaintEventBase & { readonly type: 'owner.assigned'; readonly ownerId: string })
  | (ComplaintEventBase & { readonly type: 'escalation.returned'; readonly to: ComplaintReturnStep; readonly guidance: string })
  | (ComplaintEventBase & { readonly type: 'escalation.resolved'; readonly resolution: string })
  | (ComplaintEventBase & {
      readonly type: 'customer.thanked';
      readonly settled: boolean;
      readonly anythingElse: string | null;
      readonly satisfaction: number | null;
    })
  | (ComplaintEventBase & { readonly type: 'customer.wait'; readonly reason: string })
  | (ComplaintEventBase & { readonly type: 'customer.answered' });

export type ComplaintEventType = ComplaintEvent['type'];
export type ComplaintEventOf<T extends ComplaintEventType> = Extract<ComplaintEvent, { type: T }>;

export const COMPLAINT_EVENT_TYPES = [
  'complaint.recorded',
  'customer.calmed',
  'problem.clarified',
  'explanation.accepted',
  'explanation.rejected',
  'remedies.offered',
  'remedy.chosen',
  'remedies.rejected',
  'action.completed',
  'action.deferred',
  'action.rescheduled',
  'progress.logged',
  'complaint.escalated',
  'escalation.accepted',
  'owner.assigned',
  'escalation.returned',
  'escalation.resolved',
  'customer.thanked',
  'customer.wait',
  'customer.answered',
] as const satisfies readonly ComplaintEventType[];

/** Compile-time check that the list above names every event type. */
type MissingEventTypes = Exclude<ComplaintEventType, (typeof COMPLAINT_EVENT_TYPES)[number]>;
const everyEventTypeListed: MissingEventTypes extends never ? true : never = true;
void everyEventTypeListed;

import type { AgentState, NotReadyReason } from '../domain/call-centre';
import type { CallCommandType, CallContext, CallFailure, CallStateValue, ConferenceParty, ConsultLeg, PendingCallCommand } from '../cti/call.types';

/**
 * The CTI boundary's REST and socket shapes (see docs/cti.md). A call's live state is sent whole (`call:update`)
 * to the desktops of everyone on it (the handling agent, the consulted colleague, conference parties) and to the
 * wallboard, after it is committed.
 */
export interface CallView {
  readonly contactId: string;
  /** The machine's state: `pending` while a command waits for the PBX, `over` once the call left the desktop. */
  readonly state: CallStateValue;
  readonly agentId: string;
  readonly held: boolean;
  readonly heldSince: number | null;
  readonly holdSeconds: number;
  readonly muted: boolean;
  readonly consult: ConsultLeg | null;
  readonly parties: readonly ConferenceParty[];
  readonly pending: PendingCallCommand | null;
  readonly lastFailure: CallFailure | null;
  readonly outcome: CallContext['outcome'];
  /** Increases with every committed change: a client keeps the highest it saw. */
  readonly version: number;
  readonly updatedAt: number;
}

/** `call:update`: a call changed; `call` is the whole view. */
export interface CallUpdateDelta {
  readonly call: CallView;
}

export const CALL_TIMELINE_KINDS = [
  'rang',
  'answered',
  'held',
  'resumed',
  'muted',
  'unmuted',
  'consulted',
  'consult_cancelled',
  'transferred',
  'conference_added',
  'conference_dropped',
  'ended',
  'command_failed',
  'wrapped_up',
] as const;
export type CallTimelineKind = (typeof CALL_TIMELINE_KINDS)[number];

/** One line of a contact's timeline ("held 0:42", "consulted Ben", "transferred to Ben"). */
export interface CallTimelineEntry {
  readonly at: number;
  readonly kind: CallTimelineKind;
  /** The agent acting or concerned (rang at, answered by, consulted, transferred to, added). */
  readonly agentId: string | null;
  readonly agentName: string | null;
  /** Length of a hold ("held 0:42"), seconds; null otherwise. */
  readonly seconds: number | null;
  /** For `command_failed`: the command and why (refused, timeout). */
  readonly commandType: CallCommandType | null;
  readonly reason: string | null;
}

/** `GET /api/calls/:contactId`: the call now, its timeline, and talk and hold counted apart. */
export interface CallDetails {
  readonly contactId: string;
  readonly call: CallView | null;
  readonly timeline: readonly CallTimelineEntry[];
  /** From the answer to the end (or now) minus hold, seconds; null before an answer. */
  readonly talkSeconds: number | null;
  readonly holdSeconds: number;
}

/** `POST /api/calls/:contactId/commands`. Exactly the fields of the command type. */
export interface CallCommandRequest {
  readonly type: CallCommandType;
  /** consult, blind_transfer, conference_add (a new colleague), conference_drop. */
  readonly agentId?: string;
  /** Instead of agentId, a queue (id or code): a consult goes to its longest-free agent; a blind transfer sends the call back to wait in it. */
  readonly queueId?: string;
}

/** The answer to a command: accepted and sent to the PBX (its result comes later as `call:update`). */
export interface CallCommandAccepted {
  readonly commandId: string;
  readonly call: CallView;
}

/** `GET /api/calls/directory`: colleagues to consult or transfer to, with live presence and skills. */
export interface DirectoryAgent {
  readonly id: string;
  readonly displayName: string;
  readonly state: AgentState;
  readonly notReadyReason: NotReadyReason | null;
  /** Free for a call now (a consult, a transfer or a conference would be taken). */
  readonly free: boolean;
  /** Skill code to proficiency 1-5. */
  readonly skills: Readonly<Record<string, number>>;
  readonly languages: readonly string[];
}

export interface DirectoryQueue {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  /** Agents free for a call who serve the queue. */
  readonly freeAgents: number;
}

export interface CallDirectory {
  readonly agents: readonly DirectoryAgent[];
  readonly queues: readonly DirectoryQueue[];
}

/** `GET /api/calls/live`: calls on the desktops now (supervisors: all; agents: theirs and those they are on). */
export interface LiveCallsResponse {
  readonly items: readonly CallView[];
}

/** Telephony events the PBX sends to `POST /api/cti/events` (see docs/cti.md). */
export const TELEPHONY_EVENT_TYPES = ['command.confirmed', 'command.refused', 'call.ended'] as const;
export type TelephonyEventType = (typeof TELEPHONY_EVENT_TYPES)[number];

export interface TelephonyEventBody {
  /** The PBX's id of this event: a repeat of an event already taken is answered `duplicate` and changes nothing. */
  readonly eventId: string;
  readonly type: TelephonyEventType;
  /** The contact id the command carried as `callId`. */
  readonly callId: string;
  readonly commandId?: string;
  /** command.refused: why, in the PBX's words. */
  readonly reason?: string;
  /** When it happened at the PBX (ISO 8601); the server's time when absent. */
  readonly occurredAt?: string;
}

export type TelephonyEventOutcome = 'applied' | 'duplicate' | 'stale';

export interface TelephonyEventResult {
  readonly eventId: string;
  readonly outcome: TelephonyEventOutcome;
  readonly call: CallView | null;
}

/** The body the server POSTs to CTI_COMMAND_URL. */
export interface CtiCommandMessage {
  readonly commandId: string;
  readonly callId: string;
  /** The PBX's own id of the call (the `externalId` it gave when the call arrived), or null. */
  readonly externalCallId: string | null;
  readonly type: CallCommandType;
  /** The agent on whose desktop the command was given. */
  readonly agentId: string;
  /** The colleague concerned (consult, blind transfer, conference add/drop; the consulted one for a warm transfer). */
  readonly targetAgentId: string | null;
  /** The PBX extension of that colleague (their username), or null. */
  readonly targetExtension: string | null;
  /** The queue concerned: a blind transfer to a queue (the caller waits there, with queue music, for the product's next offer), a consult of a queue; else null. */
  readonly targetQueueId: string | null;
  /** That queue's code (as the PBX names it when it posts a call), or null. */
  readonly targetQueueCode: string | null;
  readonly requestedAt: string;
  /** An answer after this is not applied; the PBX should not carry the command out after it. */
  readonly expiresAt: string;
}

/** Talk and hold of the calls of one queue that ended in the period (docs/statistics.md). */
export interface QueueCallTimes {
  readonly queueId: string;
  readonly queueName: string;
  /** Voice contacts answered and ended in the period, in this queue (the queue they ended in). */
  readonly calls: number;
  readonly talkSeconds: number;
  readonly holdSeconds: number;
  /** Per call; null when no call ended. */
  readonly averageTalkSeconds: number | null;
  readonly averageHoldSeconds: number | null;
  readonly callsWithHold: number;
}

/** `GET /api/calls/times?from&to`: talk and hold counted apart, per queue. */
export interface CallTimesResponse {
  readonly from: string;
  readonly to: string;
  readonly queues: readonly QueueCallTimes[];
}

/**
 * A live call as the desktop drives it through the CTI boundary: hold, mute, a consult leg, conference parties,
 * and the one command waiting for the PBX's answer. Times are epoch milliseconds.
 */

export const CALL_COMMAND_TYPES = [
  'hold',
  'resume',
  'mute',
  'unmute',
  'consult',
  'consult_cancel',
  'transfer_complete',
  'blind_transfer',
  'conference_add',
  'conference_drop',
  'end',
] as const;
export type CallCommandType = (typeof CALL_COMMAND_TYPES)[number];

/** At most this many colleagues in a conference besides the handling agent and the caller. */
export const MAX_CONFERENCE_PARTIES = 3;

/**
 * What the agent asks the PBX to do. `consult` names the colleague (a consult of a queue is sent as a consult of
 * the agent the server picked in it, with `queueId` kept for the record); `blind_transfer` names a colleague or a
 * queue; `conference_add` without an agent brings the consulted colleague in.
 */
export type CallCommand =
  | { readonly type: 'hold' }
  | { readonly type: 'resume' }
  | { readonly type: 'mute' }
  | { readonly type: 'unmute' }
  | { readonly type: 'consult'; readonly agentId: string; readonly queueId?: string | null }
  | { readonly type: 'consult_cancel' }
  | { readonly type: 'transfer_complete' }
  /** To a colleague (`agentId`) or back to a queue (`queueId`, by id), exactly one of them. */
  | { readonly type: 'blind_transfer'; readonly agentId?: string | null; readonly queueId?: string | null }
  | { readonly type: 'conference_add'; readonly agentId?: string | null }
  | { readonly type: 'conference_drop'; readonly agentId: string }
  | { readonly type: 'end' };

export interface PendingCallCommand {
  readonly commandId: string;
  readonly command: CallCommand;
  readonly requestedAt: number;
  readonly requestedBy: string;
  /** The PBX's answer counts only until then; after it the command failed (timeout). */
  readonly expiresAt: number;
}

export type CallFailureReason = 'refused' | 'timeout';

export interface CallFailure {
  readonly commandId: string;
  readonly commandType: CallCommandType;
  readonly reason: CallFailureReason;
  /** The PBX's words when it refused (at most 200 characters). */
  readonly detail: string | null;
  readonly at: number;
}

export interface ConsultLeg {
  readonly agentId: string;
  readonly queueId: string | null;
  readonly since: number;
  /** The consult put the caller on hold (taking the call back resumes them). */
  readonly heldCaller: boolean;
}

export interface ConferenceParty {
  readonly agentId: string;
  readonly since: number;
}

export interface CallContext {
  readonly contactId: string;
  /** The agent handling the call (the consulted colleague after a warm transfer, the target after a blind one). */
  readonly agentId: string;
  readonly held: boolean;
  readonly heldSince: number | null;
  /** Hold time of finished holds, seconds (the current hold is added when it ends). */
  readonly holdSeconds: number;
  readonly muted: boolean;
  readonly consult: ConsultLeg | null;
  readonly parties: readonly ConferenceParty[];
  readonly pending: PendingCallCommand | null;
  readonly lastFailure: CallFailure | null;
  /** How the call left the desktop: hung up (or ended by the PBX), or blind-transferred. */
  readonly outcome: 'ended' | 'transferred' | null;
}

export type CallEvent =
  | {
      readonly type: 'command.requested';
      readonly commandId: string;
      readonly command: CallCommand;
      readonly at: number;
      readonly by: string;
      readonly expiresAt: number;
    }
  | { readonly type: 'command.confirmed'; readonly commandId: string; readonly at: number }
  | { readonly type: 'command.refused'; readonly commandId: string; readonly at: number; readonly detail?: string | null }
  | { readonly type: 'command.expired'; readonly commandId: string; readonly at: number }
  /** The call left the desktop by a way other than a command (the caller hung up, a supervisor moved it). */
  | { readonly type: 'call.gone'; readonly at: number };

export type CallEventType = CallEvent['type'];

export type CallStateValue = 'ready' | 'pending' | 'over';

/**
 * The socket.io contract between the server and the consoles (path `/socket.io`, default namespace).
 *
 * Connecting: the handshake carries the session, either the `cc_session` cookie the console already has or
 * `auth: { token }` (an access token). A browser page on another origin is refused unless listed in
 * CORS_ORIGINS. The server puts the socket in its rooms by role (and an agent's desktop in the rooms of the queues
 * they serve); clients never choose rooms. When the session
 * is revoked (sign-out) or ends, the server sends `session:ended` and closes the socket.
 *
 * State: right after connecting the server sends a `snapshot`, then deltas. Every delta is wrapped in a
 * `RealtimeDelta` carrying `epoch` (a random id of the live state the server follows: new with each server
 * process, and again when a standby instance takes routing over) and `seq` (this connection's delta counter:
 * 1, 2, 3... without gaps). The snapshot carries the `seq` of the last delta sent before it, so a client
 * applies the snapshot and then only deltas with a larger seq. A client that sees a gap in seq or an `epoch`
 * it does not know emits `sync` and gets a fresh `snapshot`. The server may also send a `snapshot` unasked
 * (to every open socket after a takeover, or after routing rebuilt its state from the database because a commit
 * failed); it replaces the client's state like any other. A server that lost routing to another instance closes
 * its sockets, and the consoles reconnect. Deltas carry whole records (a full agent
 * view, a full contact), never increments, so applying one twice is harmless.
 *
 * Commands: each client event takes a payload object and an acknowledgement callback, answered with
 * `RealtimeAck`: `{ ok: true, data }` or `{ ok: false, error: { code, message } }`. Unknown fields, a payload
 * larger than REALTIME_MAX_PAYLOAD_BYTES or a role that the matching REST route refuses are errors.
 *
 * Times are epoch milliseconds (UTC); `serverTime` in the snapshot lets a client correct its own clock.
 */
import type { AgentState, Channel, NotReadyReason, Role, SettableNotReadyReason, ValueTier } from '../domain/call-centre';
import type { OfferWithdrawnReason } from '../routing/routing.events';
import type { AgentView, LiveInteractionStatus } from '../routing/routing.types';
import type { FigureDefinition, QueueFigureKey } from '../statistics/figure-definitions';
import type { EpochMillis } from '../statistics/queue-events';
import type { CallUpdateDelta } from './cti';
import type { QueueLiveStatistics } from './statistics';

/** Largest command payload the server reads, serialised as JSON. */
export const REALTIME_MAX_PAYLOAD_BYTES = 4096;

// ---------------------------------------------------------------------------------------------------------------
// Records
// ---------------------------------------------------------------------------------------------------------------

/** A contact still in routing (waiting, ringing, connected or in after-contact work), with its details. */
export interface LiveContact {
  readonly id: string;
  readonly status: LiveInteractionStatus;
  readonly channel: Channel;
  readonly queueId: string;
  readonly queueName: string;
  /** The agent it rings at or is handled by. */
  readonly agentId: string | null;
  /**
   * Customer, caller and subject: on a wallboard, only where its viewer may read the contact (supervisors every
   * contact, team leads their team's, administrators none); elsewhere null and `caller: {}`.
   */
  readonly customerId: string | null;
  readonly customerName: string | null;
  readonly caller: { readonly phone?: string; readonly email?: string; readonly name?: string };
  readonly subject: string | null;
  readonly valueTier: ValueTier;
  readonly complaint: boolean;
  readonly language: string | null;
  /** The customer asked to be called back. */
  readonly callback: boolean;
  /** First arrival in the centre. */
  readonly arrivedAt: EpochMillis;
  /** Place in line while waiting (kept on overflow, fresh on transfer). */
  readonly enqueuedAt: EpochMillis;
  /** Waiting so far, seconds, as of the snapshot or delta carrying it; once answered, the wait before the answer. */
  readonly waitSeconds: number;
  readonly answeredAt: EpochMillis | null;
  /** When after-contact work ends by itself (status wrap_up). */
  readonly wrapUpEndsAt: EpochMillis | null;
  readonly offerId: string | null;
  readonly offerExpiresAt: EpochMillis | null;
  /** The handling agent's desktop disconnected; the contact goes back to its queue at the grace end. */
  readonly agentLost: boolean;
}

/** The offer ringing at an agent. */
export interface RingingOffer {
  readonly offerId: string;
  readonly contactId: string;
  /** Null in a snapshot taken after a server restart. */
  readonly offeredAt: EpochMillis | null;
  /** Deadline: the offer expires (and counts as missed) if not answered by then. */
  readonly expiresAt: EpochMillis;
  /** 1 for the contact's first offer, 2 for the second...; null when unknown (after a restart). */
  readonly attempt: number | null;
  readonly contact: LiveContact;
}

/** An agent as the wallboard shows them. */
export interface WallboardAgent extends AgentView {
  readonly username: string;
  readonly displayName: string;
  readonly teamLeadId: string | null;
  /** The name of the agent's team; null outside any team. */
  readonly teamName: string | null;
}

export const ALERT_KINDS = ['agent_missed_offers', 'agent_disconnected_with_contacts', 'contact_agent_lost', 'queue_unstaffed'] as const;
/**
 * Alerts raised by routing and the live floor (`queue_unstaffed`: contacts wait that no signed-in agent can take);
 * other modules (complaints) add their own kinds.
 */
export type RoutingAlertKind = (typeof ALERT_KINDS)[number];
export type AlertSeverity = 'info' | 'warning' | 'critical';

/** Who acknowledged an alert, and when: from then on it is off everyone's open list. */
export interface AlertAcknowledgement {
  readonly at: EpochMillis;
  /** The supervisor's or team lead's user id. */
  readonly by: string;
  readonly byName: string;
}

/**
 * Something a person must act on. Alerts are stored when raised (in the same transaction as what raised them),
 * addressed to people and roles, and stay open until a supervisor or team lead acknowledges one: the snapshot
 * lists those addressed to its viewer (see RealtimeSnapshot.alerts), `alert` adds one, `alert:acknowledged`
 * updates one.
 */
export interface RealtimeAlert {
  /** Unique per alert, to de-duplicate. */
  readonly id: string;
  readonly kind: RoutingAlertKind | (string & {});
  readonly severity: AlertSeverity;
  readonly at: EpochMillis;
  /** English text; consoles translate by `kind` and the fields below. */
  readonly message: string;
  readonly agentId?: string;
  readonly agentName?: string;
  readonly contactId?: string;
  readonly queueId?: string;
  readonly complaintId?: string;
  readonly details?: Readonly<Record<string, unknown>>;
  /** Null while open. */
  readonly acknowledged: AlertAcknowledgement | null;
}

/** Roles that may acknowledge an alert addressed to them (POST /api/alerts/:id/acknowledge, `alert:acknowledge`). */
export const ALERT_ACKNOWLEDGE_ROLES: readonly Role[] = ['supervisor', 'team_lead'];
/** An acknowledged alert stays in snapshots until it is this old (counted from when it was raised). */
export const ALERT_RECENT_HOURS = 12;
/** At most this many alerts in a snapshot: open ones first, newest first, then recently acknowledged ones. */
export const ALERT_SNAPSHOT_LIMIT = 100;

// ---------------------------------------------------------------------------------------------------------------
// Snapshot
// ---------------------------------------------------------------------------------------------------------------

/** An agent's desktop: their own state, the contacts they handle and the offer ringing at them. */
export interface AgentDeskSnapshot {
  /** Null when the user has the agent role but no agent profile yet. */
  readonly agent: AgentView | null;
  /** Contacts the agent handles (connected or in wrap-up). */
  readonly contacts: readonly LiveContact[];
  readonly offer: RingingOffer | null;
  /** Send `agent:heartbeat` at least this often, or the desktop counts as disconnected. */
  readonly heartbeatIntervalSeconds: number;
  /**
   * The queues the agent serves (their skills meet each queue's required skills), with live figures, in the
   * wallboard's order; `queue:stats` keeps them current. When the agent's skills or a queue's requirements
   * change, the server sends a fresh snapshot with the new list.
   */
  readonly queues: readonly QueueLiveStatistics[];
}

/** Supervisors', team leads' and administrators' wallboard. */
export interface WallboardSnapshot {
  readonly agents: readonly WallboardAgent[];
  /** Every contact in routing; the waiting list is those with status `waiting` or `offered`. */
  readonly contacts: readonly LiveContact[];
  readonly queues: readonly QueueLiveStatistics[];
  readonly definitions: Readonly<Record<QueueFigureKey, FigureDefinition>>;
  readonly timeZone: string;
  readonly rollingMinutes: number;
}

export interface RealtimeSnapshot {
  readonly epoch: string;
  /** The last delta sent on this connection before this snapshot (0: none yet). */
  readonly seq: number;
  readonly serverTime: EpochMillis;
  readonly me: { readonly id: string; readonly username: string; readonly displayName: string; readonly roles: readonly Role[] };
  /** For users with the agent role. */
  readonly desk: AgentDeskSnapshot | null;
  /** For supervisors, team leads and administrators. */
  readonly wallboard: WallboardSnapshot | null;
  /**
   * The alerts addressed to this person (by id or by one of their roles), raised before they connected included:
   * every open one, then those acknowledged and raised within ALERT_RECENT_HOURS; open first, newest first, at most
   * ALERT_SNAPSHOT_LIMIT.
   */
  readonly alerts: readonly RealtimeAlert[];
}

// ---------------------------------------------------------------------------------------------------------------
// Deltas (server to client)
// ---------------------------------------------------------------------------------------------------------------

/** To the agent: a new offer rings. */
export interface OfferDelta {
  readonly offer: RingingOffer;
}

export type OfferGoneReason = 'accepted' | 'rejected' | 'expired' | 'withdrawn';

/** To the agent: the offer stopped ringing. `withdrawn` names why (abandoned, agent_disconnected, ...). */
export interface OfferGoneDelta {
  readonly contactId: string;
  readonly offerId: string;
  readonly reason: OfferGoneReason;
  readonly withdrawnBecause: OfferWithdrawnReason | null;
}

/** To the agent: their own state changed (full view). */
export interface AgentStateDelta {
  readonly agent: AgentView;
}

/**
 * To the agent: a supervisor changed their state (`PUT /api/agents/:id/state`), sent after the change is
 * committed and after the `agent:state` it caused. `pending` when a not-ready request waits for the agent's
 * contacts to end.
 */
export interface AgentOverrideDelta {
  readonly by: { readonly id: string; readonly displayName: string };
  readonly requested: 'available' | 'not_ready' | 'offline';
  readonly reason: NotReadyReason | null;
  readonly pending: boolean;
  readonly agent: AgentView;
}

/** Why a contact left an agent's desk or the routing. */
export type ContactLeftReason = 'completed' | 'abandoned' | 'transferred' | 'requeued' | 'reassigned';

/** To the agent: a contact they handle changed; `contact` is null once it is no longer theirs. */
export interface ContactUpdateDelta {
  readonly contactId: string;
  readonly contact: LiveContact | null;
  readonly reason: ContactLeftReason | null;
}

/** To the wallboard: one agent changed (full view). */
export interface AgentUpdateDelta {
  readonly agent: WallboardAgent;
}

/**
 * To the wallboard, and to the desktops of the agents who serve the queue: one queue's statistics (at most once
 * a second per queue, and every few seconds while contacts wait).
 */
export interface QueueStatsDelta {
  readonly queue: QueueLiveStatistics;
}

/** To the wallboard: a contact in routing changed; `contact` is null once it left routing. */
export interface WallboardContactDelta {
  readonly contactId: string;
  readonly contact: LiveContact | null;
  readonly reason: ContactLeftReason | null;
}

/**
 * To the wallboard: a supervisor changed where a waiting contact stands: raised or lowered its priority points
 * (`reprioritized`), moved it to another queue (`moved`) or sent it to a named agent (`sent_to_agent`). Sent after
 * the routing change is committed and after the `wallboard:contact` of the same batch, so a queue's drill-down
 * re-orders at once; its routing explanation (`GET /api/interactions/:id/routing`) gives the exact place.
 */
export interface QueueContactDelta {
  readonly contactId: string;
  readonly change: 'reprioritized' | 'moved' | 'sent_to_agent';
  /** The queue it waits in now. */
  readonly queueId: string;
  /** The queue it left (`moved`, `sent_to_agent`); null otherwise. */
  readonly fromQueueId: string | null;
  /** Effective priority after the change, aging included. */
  readonly priority: number;
  /** Extra priority points a supervisor gave it (`reprioritized`); null otherwise. */
  readonly boost: number | null;
  /** The agent it was sent to (`sent_to_agent`); null otherwise. */
  readonly agentId: string | null;
  /** Who changed it (a supervisor's user id), when a person did. */
  readonly byUserId: string | null;
  readonly at: EpochMillis;
}

/** A complaint changed (sent by the complaints module to the people concerned; its fields: ComplaintLiveUpdate). */
export interface ComplaintUpdateDelta {
  readonly complaintId: string;
  readonly [field: string]: unknown;
}

/**
 * To the wallboard: a satisfaction survey was answered (committed); today's satisfaction figures
 * (`GET /api/satisfaction/live`) changed.
 */
export interface SatisfactionAnsweredDelta {
  readonly interactionId: string;
  readonly agentId: string | null;
  readonly queueId: string;
  /** Experience − expectation. */
  readonly satisfaction: number;
  readonly poor: boolean;
}

/** To everyone an alert is addressed to: it was acknowledged (the whole alert, with `acknowledged` set). */
export interface AlertAcknowledgedDelta {
  readonly alert: RealtimeAlert;
}

/** Every delta event and its data. */
export interface RealtimeDeltaMap {
  offer: OfferDelta;
  'offer:gone': OfferGoneDelta;
  'agent:state': AgentStateDelta;
  'agent:override': AgentOverrideDelta;
  'contact:update': ContactUpdateDelta;
  'agent:update': AgentUpdateDelta;
  'queue:stats': QueueStatsDelta;
  'wallboard:contact': WallboardContactDelta;
  'queue:contact': QueueContactDelta;
  alert: RealtimeAlert;
  'alert:acknowledged': AlertAcknowledgedDelta;
  'complaint:update': ComplaintUpdateDelta;
  'call:update': CallUpdateDelta;
  'satisfaction:answered': SatisfactionAnsweredDelta;
}

export type RealtimeDeltaEvent = keyof RealtimeDeltaMap;

export const REALTIME_DELTA_EVENTS: readonly RealtimeDeltaEvent[] = [
  'offer',
  'offer:gone',
  'agent:state',
  'agent:override',
  'contact:update',
  'agent:update',
  'queue:stats',
  'wallboard:contact',
  'queue:contact',
  'alert',
  'alert:acknowledged',
  'complaint:update',
  'call:update',
  'satisfaction:answered',
];

export interface RealtimeDelta<E extends RealtimeDeltaEvent = RealtimeDeltaEvent> {
  readonly epoch: string;
  /** This connection's delta counter: 1, 2, 3... without gaps. */
  readonly seq: number;
  /** When the server sent it. */
  readonly at: EpochMillis;
  readonly data: RealtimeDeltaMap[E];
}

/** Sent once before the server closes a socket whose session ended. */
export interface SessionEndedNotice {
  readonly reason: 'session_ended' | 'roles_changed';
}

/**
 * Sent before the server closes a console's socket because this instance does not route now: another instance
 * does (`standby`: connect again, through the load balancer, to the one that routes) or the database cannot be
 * reached (`database_unavailable`: connect again in a moment). Also the code of a refused handshake.
 */
export interface RoutingAwayNotice {
  readonly reason: 'standby' | 'database_unavailable';
  readonly retryAfterSeconds: number;
}

export type ServerToClientEvents = {
  [E in RealtimeDeltaEvent]: (delta: RealtimeDelta<E>) => void;
} & {
  snapshot: (snapshot: RealtimeSnapshot) => void;
  'session:ended': (notice: SessionEndedNotice) => void;
  'routing:away': (notice: RoutingAwayNotice) => void;
};

// ---------------------------------------------------------------------------------------------------------------
// Commands (client to server)
// ---------------------------------------------------------------------------------------------------------------

export type RealtimeErrorCode =
  | 'VALIDATION_FAILED'
  | 'PAYLOAD_TOO_LARGE'
  | 'FORBIDDEN'
  | 'RATE_LIMITED'
  | 'INTERNAL_ERROR'
  /** Domain refusals keep their REST code, e.g. OFFER_NOT_YOURS, INTERACTION_CLOSED, REASON_REQUIRED. */
  | (string & {});

export interface RealtimeError {
  readonly code: RealtimeErrorCode;
  readonly message: string;
  readonly fields?: readonly { readonly field: string; readonly messages: readonly string[] }[];
  readonly details?: Readonly<Record<string, unknown>>;
}

export type RealtimeAck<T> = { readonly ok: true; readonly data: T } | { readonly ok: false; readonly error: RealtimeError };

/** No fields (send `{}`). */
export type EmptyPayload = Readonly<Record<string, never>>;

export interface AgentStateCommand {
  readonly state: 'available' | 'not_ready' | 'offline';
  /** Required for not_ready: one of SETTABLE_NOT_READY_REASONS. */
  readonly reason?: SettableNotReadyReason;
}

export interface OfferCommand {
  readonly interactionId: string;
  /** The offer being answered; a stale offer id is refused. */
  readonly offerId?: string;
}

export interface ContactCommand {
  readonly interactionId: string;
}

export interface WrapUpCommand {
  readonly interactionId: string;
  /** Lower-case code such as resolved, follow_up. */
  readonly disposition?: string;
}

export interface AlertCommand {
  readonly alertId: string;
}

export interface ContactCommandResult {
  readonly interactionId: string;
  readonly status: string;
}

export interface SyncResult {
  readonly epoch: string;
  /** The seq of the snapshot just sent. */
  readonly seq: number;
}

/** Every command, its payload, its result and the roles that may send it (the same as the REST route's). */
export interface RealtimeCommandMap {
  /** POST /api/agents/me/heartbeat. */
  'agent:heartbeat': { payload: EmptyPayload; result: { readonly at: EpochMillis } };
  /** PUT /api/agents/me/state. */
  'agent:state': { payload: AgentStateCommand; result: AgentView };
  /** POST /api/interactions/:id/accept. */
  'offer:accept': { payload: OfferCommand; result: ContactCommandResult };
  /** POST /api/interactions/:id/reject. */
  'offer:reject': { payload: OfferCommand; result: ContactCommandResult };
  /** POST /api/interactions/:id/end. */
  'contact:end': { payload: ContactCommand; result: ContactCommandResult };
  /** POST /api/interactions/:id/wrap-up. */
  'wrapup:finish': { payload: WrapUpCommand; result: ContactCommandResult };
  /** POST /api/alerts/:id/acknowledge: the alert as it stands (acknowledged by whoever did it first). */
  'alert:acknowledge': { payload: AlertCommand; result: RealtimeAlert };
  /** A fresh snapshot (after a gap in seq or a new epoch). */
  sync: { payload: EmptyPayload; result: SyncResult };
}

export type RealtimeCommand = keyof RealtimeCommandMap;

export const REALTIME_COMMAND_ROLES: Readonly<Record<RealtimeCommand, readonly Role[]>> = {
  'agent:heartbeat': ['agent'],
  'agent:state': ['agent'],
  'offer:accept': ['agent'],
  'offer:reject': ['agent'],
  'contact:end': ['agent', 'supervisor'],
  'wrapup:finish': ['agent'],
  'alert:acknowledge': ALERT_ACKNOWLEDGE_ROLES,
  sync: ['agent', 'team_lead', 'supervisor', 'admin'],
};

export type ClientToServerEvents = {
  [E in RealtimeCommand]: (
    payload: RealtimeCommandMap[E]['payload'],
    ack: (result: RealtimeAck<RealtimeCommandMap[E]['result']>) => void,
  ) => void;
};

/** `connect_error` data when the handshake is refused. */
export interface RealtimeConnectError {
  /** `ROUTER_STANDBY` / `DATABASE_UNAVAILABLE`: this instance does not route now; try again after `retryAfterSeconds`. */
  readonly code: 'UNAUTHENTICATED' | 'ORIGIN_NOT_ALLOWED' | 'ROUTER_STANDBY' | 'DATABASE_UNAVAILABLE';
  readonly message: string;
  readonly retryAfterSeconds?: number;
}

/** States the wallboard counts agents in, in display order. */
export const WALLBOARD_AGENT_STATES: readonly AgentState[] = ['available', 'reserved', 'busy', 'wrap_up', 'not_ready', 'offline'];

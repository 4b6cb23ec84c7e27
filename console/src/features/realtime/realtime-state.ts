import type {
  AgentOverrideDelta,
  AgentView,
  CallView,
  ComplaintUpdateDelta,
  FigureDefinition,
  LiveContact,
  OfferGoneDelta,
  QueueContactDelta,
  ContactLeftReason,
  QueueFigureKey,
  QueueLiveStatistics,
  RealtimeAlert,
  RealtimeSnapshot,
  RingingOffer,
  RoutingAwayNotice,
  WallboardAgent,
} from '@callcentre/shared';

/**
 * - `idle`: nobody signed in, no socket;
 * - `connecting`: the first connection is being made;
 * - `syncing`: connected, waiting for the snapshot (after connecting, or after a gap in the deltas);
 * - `live`: the snapshot is applied and deltas follow it without gaps;
 * - `reconnecting`: the connection dropped; what is shown may be out of date until the next snapshot.
 */
export type RealtimeStatus = 'idle' | 'connecting' | 'syncing' | 'live' | 'reconnecting';

/** How the last offer stopped ringing, kept so the desktop can say it (a missed offer, a caller who hung up). */
export interface OfferEnding extends OfferGoneDelta {
  readonly customerName: string | null;
  /** Server time. */
  readonly at: number;
}

/** A contact that left the desk for a reason other than the agent finishing it (requeued, reassigned...). */
export interface ContactDeparture {
  readonly contactId: string;
  readonly reason: ContactLeftReason | null;
  readonly customerName: string | null;
  readonly at: number;
}

/** A supervisor's change of the agent's state, kept so the desktop can say who did it and to what. */
export interface StateOverride extends Omit<AgentOverrideDelta, 'agent'> {
  /** Server time. */
  readonly at: number;
}

export interface DeskState {
  readonly agent: AgentView | null;
  readonly contacts: Readonly<Record<string, LiveContact>>;
  readonly offer: RingingOffer | null;
  readonly heartbeatIntervalSeconds: number;
  /** The queues the agent serves, with their live figures, in the wallboard's order. */
  readonly queues: readonly QueueLiveStatistics[];
  readonly lastOfferEnding: OfferEnding | null;
  readonly lastDeparture: ContactDeparture | null;
  readonly lastOverride?: StateOverride | null;
}

/** One point of a queue's live series (the wallboard chart), in server time. */
export interface QueueSample {
  readonly at: number;
  /** 0..1 under the queue's own formula, over the rolling window; null when nothing to divide by. */
  readonly serviceLevel: number | null;
  /** Contacts waiting (for a point from the history endpoint: at the end of its interval); null when not known. */
  readonly waiting: number | null;
  /** True for points taken from the history endpoint rather than live deltas. */
  readonly fromHistory?: boolean;
}

export interface WallboardState {
  readonly agents: Readonly<Record<string, WallboardAgent>>;
  readonly contacts: Readonly<Record<string, LiveContact>>;
  readonly queues: Readonly<Record<string, QueueLiveStatistics>>;
  readonly definitions: Readonly<Record<QueueFigureKey, FigureDefinition>> | null;
  readonly timeZone: string;
  readonly rollingMinutes: number;
  /**
   * The last supervisor change (priority, move, named agent) of each contact since the snapshot, and a counter of
   * them, so a queue's drill-down re-orders at once and reads the exact places again.
   */
  readonly contactChanges: Readonly<Record<string, QueueContactDelta>>;
  readonly contactChangeSerial: number;
}

/** The latest `complaint:update` per complaint, with when it arrived (local time), so views know to reload. */
export interface ComplaintSignal {
  readonly update: ComplaintUpdateDelta;
  readonly receivedAt: number;
  readonly serial: number;
}

/** Why the server sent the console away (see RoutingAwayNotice): it reconnects by itself. */
export type AwayReason = RoutingAwayNotice['reason'];

export interface RealtimeState {
  readonly status: RealtimeStatus;
  /** While reconnecting: why the server closed or refused the connection, when it said so. */
  readonly awayReason: AwayReason | null;
  /** The server process whose deltas are being applied; a delta from another epoch means the state is stale. */
  readonly epoch: string | null;
  /** The last delta applied on this connection (the snapshot's seq right after a snapshot). */
  readonly seq: number;
  /** True from connecting (or a gap) until the next snapshot: deltas meanwhile are left to the snapshot. */
  readonly awaitingSnapshot: boolean;
  /** Server clock minus this computer's clock, from the last snapshot. */
  readonly clockOffsetMs: number;
  readonly me: RealtimeSnapshot['me'] | null;
  readonly desk: DeskState | null;
  readonly wallboard: WallboardState | null;
  /**
   * The alerts addressed to this person, from the snapshot and then as raised and acknowledged: open ones first,
   * then acknowledged ones, each newest first, at most MAX_ALERTS, without duplicates.
   */
  readonly alerts: readonly RealtimeAlert[];
  /** Acknowledged alerts this console stopped showing. */
  readonly dismissedAlertIds: readonly string[];
  readonly complaints: Readonly<Record<string, ComplaintSignal>>;
  /** Counts complaint updates, so a list can reload when any complaint changed. */
  readonly complaintSerial: number;
  /** Counts answered satisfaction surveys, so today's satisfaction figures reload when one was answered. */
  readonly satisfactionSerial: number;
  /** Calls on desktops by contact id (`call:update`, and `GET /api/calls/live` after each snapshot): the highest version seen. */
  readonly calls: Readonly<Record<string, CallView>>;
  /** Live series per queue, oldest first, at most SERIES_WINDOW_MS long. */
  readonly series: Readonly<Record<string, readonly QueueSample[]>>;
  /** How many times this session asked for a fresh snapshot after a gap or a new epoch. */
  readonly resyncs: number;
  /** Local time of the last snapshot. */
  readonly syncedAt: number | null;
}

export const MAX_ALERTS = 100;
/** The chart shows the last hour. */
export const SERIES_WINDOW_MS = 60 * 60_000;
/** At most one sample per queue this often (queue:stats can come every second). */
export const SERIES_MIN_SPACING_MS = 5_000;

export const INITIAL_REALTIME_STATE: RealtimeState = Object.freeze({
  status: 'idle',
  awayReason: null,
  epoch: null,
  seq: 0,
  awaitingSnapshot: true,
  clockOffsetMs: 0,
  me: null,
  desk: null,
  wallboard: null,
  alerts: [],
  dismissedAlertIds: [],
  complaints: {},
  complaintSerial: 0,
  satisfactionSerial: 0,
  calls: {},
  series: {},
  resyncs: 0,
  syncedAt: null,
});

export const byId = <T extends { readonly id: string }>(items: readonly T[]): Record<string, T> =>
  Object.fromEntries(items.map((item) => [item.id, item]));

export function withoutKey<T>(record: Readonly<Record<string, T>>, key: string): Record<string, T> {
  if (!(key in record)) return record as Record<string, T>;
  const next = { ...record };
  delete next[key];
  return next;
}

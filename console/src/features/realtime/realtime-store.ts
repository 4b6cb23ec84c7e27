import type { CallView, RealtimeDelta, RealtimeDeltaEvent, RealtimeSnapshot } from '@callcentre/shared';
import { alertHandlers, orderAlerts } from './handlers/alert-handlers';
import { callHandlers, withCalls } from './handlers/call-handlers';
import { deskHandlers } from './handlers/desk-handlers';
import { satisfactionHandlers } from './handlers/satisfaction-handlers';
import { appendSample, sampleOf, seedSeries } from './handlers/series';
import type { DeltaHandler } from './handlers/types';
import { wallboardHandlers } from './handlers/wallboard-handlers';
import { byId, INITIAL_REALTIME_STATE, type AwayReason, type QueueSample, type RealtimeState } from './realtime-state';

/** Every delta event and the domain handler that applies it. */
const HANDLERS: { readonly [E in RealtimeDeltaEvent]: DeltaHandler<E> } = {
  ...deskHandlers,
  ...wallboardHandlers,
  ...alertHandlers,
  ...callHandlers,
  ...satisfactionHandlers,
  // Queue figures go to the desk (the agent's own queues) and to the wallboard.
  'queue:stats': (state, data, at) => wallboardHandlers['queue:stats'](deskHandlers['queue:stats'](state, data, at), data, at),
};

/** What receiving a delta led to. */
export type DeltaOutcome = 'applied' | 'duplicate' | 'ignored' | 'resync';

export interface RealtimeStore {
  getState(): RealtimeState;
  subscribe(listener: () => void): () => void;
  /** The socket is connecting for the first time. */
  connecting(): void;
  /** Connected: wait for the snapshot the server sends. */
  connected(): void;
  /** The connection dropped: keep what is shown, marked as possibly out of date. */
  disconnected(): void;
  /** The server closed or refused the connection and said why (another instance routes, the database is away). */
  sentAway(reason: AwayReason): void;
  /** Signed out: forget everything. */
  reset(): void;
  /** Replaces the desk, wallboard and alerts with the snapshot (nothing stale survives it); `localNow` sets the clock offset. */
  applySnapshot(snapshot: RealtimeSnapshot, localNow?: number): void;
  /**
   * Applies a delta if it is the next one of this connection. A delta of another epoch, or one that skips a
   * seq, means deltas were lost: the answer is `resync` and deltas are set aside until the next snapshot.
   */
  receive<E extends RealtimeDeltaEvent>(event: E, delta: RealtimeDelta<E>): DeltaOutcome;
  /** A fresh snapshot was asked for. */
  resyncRequested(): void;
  /** Stops showing an alert on this console (the server keeps it; acknowledging is a command). */
  dismissAlert(id: string): void;
  /** Calls read from `GET /api/calls/live` (after a snapshot): merged by version with those received live. */
  mergeCalls(calls: readonly CallView[]): void;
  /** Earlier points of a queue's series, from the history endpoint. */
  seedSeries(queueId: string, samples: readonly QueueSample[]): void;
}

export function createRealtimeStore(initial: RealtimeState = INITIAL_REALTIME_STATE): RealtimeStore {
  let state = initial;
  const listeners = new Set<() => void>();
  const set = (next: RealtimeState) => {
    if (next === state) return;
    state = next;
    listeners.forEach((listener) => listener());
  };

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    connecting: () => set({ ...state, status: 'connecting', awaitingSnapshot: true }),
    connected: () => set({ ...state, status: 'syncing', awaitingSnapshot: true, awayReason: null }),
    disconnected: () => set({ ...state, status: state.status === 'idle' ? 'idle' : 'reconnecting', awaitingSnapshot: true }),
    sentAway: (reason) => set({ ...state, status: 'reconnecting', awaitingSnapshot: true, awayReason: reason }),
    reset: () => set(INITIAL_REALTIME_STATE),

    applySnapshot(snapshot, localNow = Date.now()) {
      const desk = snapshot.desk
        ? {
            agent: snapshot.desk.agent,
            contacts: byId(snapshot.desk.contacts),
            offer: snapshot.desk.offer,
            heartbeatIntervalSeconds: snapshot.desk.heartbeatIntervalSeconds,
            queues: snapshot.desk.queues ?? [],
            // A notice about an offer or contact is only kept when it is about the same moment.
            lastOfferEnding: snapshot.desk.offer ? null : (state.desk?.lastOfferEnding ?? null),
            lastDeparture: state.desk?.lastDeparture ?? null,
            lastOverride: state.desk?.lastOverride ?? null,
          }
        : null;
      const wallboard = snapshot.wallboard
        ? {
            agents: byId(snapshot.wallboard.agents),
            contacts: byId(snapshot.wallboard.contacts),
            queues: Object.fromEntries(snapshot.wallboard.queues.map((queue) => [queue.queueId, queue])),
            definitions: snapshot.wallboard.definitions,
            timeZone: snapshot.wallboard.timeZone,
            rollingMinutes: snapshot.wallboard.rollingMinutes,
            contactChanges: {},
            contactChangeSerial: state.wallboard?.contactChangeSerial ?? 0,
          }
        : null;
      let series = state.series;
      for (const queue of snapshot.wallboard?.queues ?? []) series = { ...series, [queue.queueId]: appendSample(series[queue.queueId], sampleOf(queue)) };
      set({
        ...state,
        status: 'live',
        epoch: snapshot.epoch,
        seq: snapshot.seq,
        awaitingSnapshot: false,
        clockOffsetMs: snapshot.serverTime - localNow,
        me: snapshot.me,
        desk,
        wallboard,
        // Raised before this console connected included; an alert no longer listed is no longer kept.
        alerts: orderAlerts(snapshot.alerts ?? []),
        dismissedAlertIds: state.dismissedAlertIds.filter((id) => (snapshot.alerts ?? []).some((alert) => alert.id === id)),
        series,
        syncedAt: localNow,
      });
    },

    receive(event, delta) {
      if (state.awaitingSnapshot) return 'ignored';
      if (delta.epoch !== state.epoch) return 'resync';
      if (delta.seq <= state.seq) return 'duplicate';
      if (delta.seq !== state.seq + 1) return 'resync';
      const handler = HANDLERS[event] as DeltaHandler<typeof event> | undefined;
      const applied = handler ? handler(state, delta.data, delta.at) : state;
      set({ ...applied, seq: delta.seq });
      return 'applied';
    },

    resyncRequested: () => set({ ...state, status: 'syncing', awaitingSnapshot: true, resyncs: state.resyncs + 1 }),

    dismissAlert: (id) => {
      if (state.dismissedAlertIds.includes(id)) return;
      set({ ...state, dismissedAlertIds: [...state.dismissedAlertIds, id] });
    },

    mergeCalls: (calls) => set(withCalls(state, calls)),

    seedSeries: (queueId, samples) => set({ ...state, series: { ...state.series, [queueId]: seedSeries(state.series[queueId], samples) } }),
  };
}

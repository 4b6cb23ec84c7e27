import {
  REALTIME_DELTA_EVENTS,
  type RealtimeAck,
  type RealtimeCommand,
  type RealtimeCommandMap,
  type RealtimeConnectError,
  type RealtimeDelta,
  type RealtimeDeltaEvent,
  type RealtimeSnapshot,
  type RoutingAwayNotice,
  type SessionEndedNotice,
} from '@callcentre/shared';
import type { RealtimeStore } from './realtime-store';

/** The part of a socket.io client socket the console uses (a fake one stands in for it in tests). */
export interface RealtimeSocket {
  readonly connected: boolean;
  on(event: string, listener: (...args: never[]) => void): unknown;
  emit(event: string, ...args: unknown[]): unknown;
  connect(): unknown;
  disconnect(): unknown;
  removeAllListeners(): unknown;
}

/** A command the server refused or that got no answer; `code` is the server's (e.g. OFFER_NOT_YOURS) or OFFLINE/TIMEOUT. */
export class RealtimeCommandError extends Error {
  override readonly name = 'RealtimeCommandError';

  constructor(
    readonly code: string,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

export interface RealtimeClientOptions {
  store: RealtimeStore;
  socket: RealtimeSocket;
  /** The server closed the socket because the sign-in ended. */
  onSessionEnded(notice: SessionEndedNotice): void;
  /** The server closed the socket because the person's roles changed (it reconnects into the new rooms). */
  onRolesChanged?(): void;
  /** The handshake was refused for want of a valid session: renew it; resolve true to connect again. */
  renewSession(): Promise<boolean>;
  /** How long a command waits for its acknowledgement. */
  commandTimeoutMs?: number;
  /** Wait before asking again when a sync gets no answer. */
  resyncRetryMs?: number;
}

export interface RealtimeClient {
  start(): void;
  stop(): void;
  command<C extends RealtimeCommand>(name: C, payload: RealtimeCommandMap[C]['payload']): Promise<RealtimeCommandMap[C]['result']>;
  /** Asks for a fresh snapshot now (also done by itself after a gap in the deltas). */
  resync(): void;
}

const DEFAULT_COMMAND_TIMEOUT_MS = 8_000;

/**
 * Drives one socket for the signed-in person: snapshot on every (re)connection, deltas applied in order,
 * a fresh snapshot asked for on a gap or a new server epoch, heartbeats while the person is an agent, and
 * commands answered through acknowledgements.
 */
export function createRealtimeClient({
  store,
  socket,
  onSessionEnded,
  onRolesChanged,
  renewSession,
  commandTimeoutMs = DEFAULT_COMMAND_TIMEOUT_MS,
  resyncRetryMs = 3_000,
}: RealtimeClientOptions): RealtimeClient {
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let heartbeatEvery = 0;
  let resyncTimer: ReturnType<typeof setTimeout> | undefined;
  let syncing = false;
  let stopped = false;
  let ended = false;
  /** How long to wait before connecting again after the server sent this console away, as it said. */
  let awayRetryMs: number | null = null;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  const connectAgainIn = (ms: number) => {
    clearTimeout(reconnectTimer);
    reconnectTimer = setTimeout(() => !stopped && !socket.connected && socket.connect(), ms);
  };

  const stopHeartbeat = () => {
    clearInterval(heartbeat);
    heartbeat = undefined;
    heartbeatEvery = 0;
  };

  /** Agents prove their desktop is alive; the interval comes with the snapshot. */
  const keepHeartbeat = (snapshot: RealtimeSnapshot) => {
    const seconds = snapshot.desk?.heartbeatIntervalSeconds ?? 0;
    if (seconds <= 0) return stopHeartbeat();
    if (heartbeat && heartbeatEvery === seconds) return;
    stopHeartbeat();
    heartbeatEvery = seconds;
    heartbeat = setInterval(() => {
      if (socket.connected) socket.emit('agent:heartbeat', {}, () => undefined);
    }, seconds * 1000);
  };

  const resync = () => {
    if (stopped || syncing) return;
    store.resyncRequested();
    if (!socket.connected) return; // the next connection brings a snapshot anyway
    syncing = true;
    clearTimeout(resyncTimer);
    let answered = false;
    const retry = setTimeout(() => {
      if (answered) return;
      syncing = false;
      // No answer: start over with a new connection, which always begins with a snapshot.
      socket.disconnect();
      socket.connect();
    }, commandTimeoutMs);
    socket.emit('sync', {}, (ack: RealtimeAck<unknown>) => {
      answered = true;
      clearTimeout(retry);
      syncing = false;
      if (!ack?.ok && !stopped) resyncTimer = setTimeout(resync, resyncRetryMs);
    });
  };

  const onDelta = (event: RealtimeDeltaEvent) => (delta: RealtimeDelta) => {
    if (store.receive(event, delta as RealtimeDelta<typeof event>) === 'resync') resync();
  };

  function start() {
    socket.on('connect', () => {
      syncing = false;
      store.connected();
    });
    socket.on('snapshot', (snapshot: RealtimeSnapshot) => {
      syncing = false;
      store.applySnapshot(snapshot);
      keepHeartbeat(snapshot);
    });
    for (const event of REALTIME_DELTA_EVENTS) socket.on(event, onDelta(event));
    socket.on('disconnect', (reason: string) => {
      syncing = false;
      stopHeartbeat();
      if (stopped) return;
      store.disconnected();
      // socket.io reconnects by itself after a network loss, but not after the server closed the socket.
      if (reason === 'io server disconnect' && !ended) connectAgainIn(awayRetryMs ?? 500);
      awayRetryMs = null;
    });
    // This server does not route now (another one does, or its database is away): say why, and come back.
    socket.on('routing:away', (notice: RoutingAwayNotice) => {
      awayRetryMs = Math.max(500, (notice?.retryAfterSeconds ?? 1) * 1000);
      if (notice?.reason) store.sentAway(notice.reason);
    });
    socket.on('connect_error', (error: Error & { data?: RealtimeConnectError }) => {
      if (stopped) return;
      store.disconnected();
      const code = error?.data?.code;
      if (code === 'ROUTER_STANDBY' || code === 'DATABASE_UNAVAILABLE') {
        // A refused handshake is not retried by socket.io: try again when the server said to.
        store.sentAway(code === 'ROUTER_STANDBY' ? 'standby' : 'database_unavailable');
        connectAgainIn(Math.max(500, (error.data?.retryAfterSeconds ?? 2) * 1000));
      } else if (code === 'UNAUTHENTICATED') {
        // The access token ran out while the socket was away: renew the session, then try again.
        void renewSession().then((renewed) => {
          if (renewed && !stopped) socket.connect();
        });
      }
    });
    socket.on('session:ended', (notice: SessionEndedNotice) => {
      if (notice?.reason === 'session_ended') {
        ended = true;
        onSessionEnded(notice);
      } else if (notice?.reason === 'roles_changed') {
        onRolesChanged?.();
      }
    });
    store.connecting();
    socket.connect();
  }

  function stop() {
    stopped = true;
    stopHeartbeat();
    clearTimeout(reconnectTimer);
    clearTimeout(resyncTimer);
    socket.removeAllListeners();
    socket.disconnect();
  }

  function command<C extends RealtimeCommand>(name: C, payload: RealtimeCommandMap[C]['payload']): Promise<RealtimeCommandMap[C]['result']> {
    if (!socket.connected) {
      return Promise.reject(new RealtimeCommandError('OFFLINE', 'Not connected to the server. Wait until the console has reconnected.'));
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new RealtimeCommandError('TIMEOUT', 'The server did not answer in time. Check the result before trying again.')),
        commandTimeoutMs,
      );
      socket.emit(name, payload, (ack: RealtimeAck<RealtimeCommandMap[C]['result']>) => {
        clearTimeout(timer);
        if (ack?.ok) resolve(ack.data);
        else reject(new RealtimeCommandError(ack?.error?.code ?? 'INTERNAL_ERROR', ack?.error?.message ?? 'The server refused the command.', ack?.error?.details));
      });
    });
  }

  return { start, stop, command, resync };
}

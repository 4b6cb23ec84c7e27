import type { RealtimeCommand, RealtimeCommandMap } from '@callcentre/shared';
import { createContext, useContext, useEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import { recoverAuth } from '../../../api/http';
import { useSession } from '../../auth';
import { StaticConnectionProvider, useConnectionStatus, type ConnectionStatus } from '../../connection';
import { openBrowserSocket } from '../api/socket';
import { createRealtimeClient, RealtimeCommandError, type RealtimeClient, type RealtimeSocket } from '../realtime-client';
import type { RealtimeState, RealtimeStatus } from '../realtime-state';
import { createRealtimeStore, type RealtimeStore } from '../realtime-store';

export type SendCommand = <C extends RealtimeCommand>(name: C, payload: RealtimeCommandMap[C]['payload']) => Promise<RealtimeCommandMap[C]['result']>;

interface RealtimeContextValue {
  store: RealtimeStore;
  command: SendCommand;
  resync(): void;
}

const RealtimeContext = createContext<RealtimeContextValue | null>(null);

export interface RealtimeProviderProps {
  children: ReactNode;
  /** Opens the socket: the browser's socket.io client unless a test passes a fake. */
  socketFactory?: () => RealtimeSocket;
  /** A store to use (tests seed one); a fresh one otherwise. */
  store?: RealtimeStore;
}

const CONNECTION_OF: Record<RealtimeStatus, ConnectionStatus> = {
  idle: 'connecting',
  connecting: 'connecting',
  syncing: 'connecting',
  live: 'online',
  reconnecting: 'reconnecting',
};

/**
 * Owns the console's one socket while someone is signed in: it connects with the session, keeps the
 * normalised stores up to date, and is the source of the connection light in the top bar.
 */
export function RealtimeProvider({ children, socketFactory = openBrowserSocket, store: given }: RealtimeProviderProps) {
  const { session, endSession, refreshIdentity } = useSession();
  const [store] = useState(() => given ?? createRealtimeStore());
  const client = useRef<RealtimeClient | null>(null);
  const factory = useRef(socketFactory);
  factory.current = socketFactory;
  const userId = session?.userId ?? null;

  useEffect(() => {
    if (!userId) {
      store.reset();
      return undefined;
    }
    const next = createRealtimeClient({
      store,
      socket: factory.current(),
      onSessionEnded: () => endSession('ended'),
      onRolesChanged: () => void refreshIdentity().catch(() => undefined),
      renewSession: recoverAuth,
    });
    client.current = next;
    next.start();
    return () => {
      next.stop();
      if (client.current === next) client.current = null;
      store.reset();
    };
  }, [userId, store, endSession, refreshIdentity]);

  const value = useMemo<RealtimeContextValue>(
    () => ({
      store,
      command: (name, payload) =>
        client.current
          ? client.current.command(name, payload)
          : Promise.reject(new RealtimeCommandError('OFFLINE', 'Not connected to the server.')),
      resync: () => client.current?.resync(),
    }),
    [store],
  );

  const status = useSyncExternalStore(store.subscribe, () => store.getState().status);
  const probed = useConnectionStatus();
  const connection = userId ? CONNECTION_OF[status] : probed;

  return (
    <RealtimeContext.Provider value={value}>
      <StaticConnectionProvider value={connection}>{children}</StaticConnectionProvider>
    </RealtimeContext.Provider>
  );
}

function useRealtimeContext(): RealtimeContextValue {
  const context = useContext(RealtimeContext);
  if (!context) throw new Error('Realtime hooks need a <RealtimeProvider> above them');
  return context;
}

export function useRealtimeStore(): RealtimeStore {
  return useRealtimeContext().store;
}

/**
 * A slice of the realtime state; the component renders again when the slice changes. The selector may
 * build new objects: it runs once per state change.
 */
export function useRealtime<T>(selector: (state: RealtimeState) => T): T {
  const { store } = useRealtimeContext();
  const cache = useRef<{ state: RealtimeState; selector: (state: RealtimeState) => T; value: T } | null>(null);
  const read = () => {
    const state = store.getState();
    const cached = cache.current;
    if (cached && cached.state === state && cached.selector === selector) return cached.value;
    const value = selector(state);
    cache.current = { state, selector, value };
    return value;
  };
  return useSyncExternalStore(store.subscribe, read, read);
}

export function useRealtimeCommand(): SendCommand {
  return useRealtimeContext().command;
}

export function useResync(): () => void {
  return useRealtimeContext().resync;
}

/** True while the console shows the server's current state (actions are safe to take). */
export function useRealtimeLive(): boolean {
  return useRealtime((state) => state.status === 'live');
}

/** The server's clock, ticking every `tickMs` (default one second), for countdowns and time-in-state. */
export function useServerNow(tickMs = 1_000): number {
  const offset = useRealtime((state) => state.clockOffsetMs);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    // Read again when the offset changes (a snapshot arrived), so the first figure is not a tick behind.
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), tickMs);
    return () => clearInterval(timer);
  }, [tickMs, offset]);
  return now + offset;
}

/** A reader of the server's clock, for components (like Countdown) that tick on their own. */
export function useServerClock(): () => number {
  const offset = useRealtime((state) => state.clockOffsetMs);
  return useMemo(() => () => Date.now() + offset, [offset]);
}

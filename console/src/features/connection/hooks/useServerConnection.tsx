import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { checkHealth } from '../api/health-api';

/** `reconnecting`: the realtime socket dropped and is coming back (signed-in pages only). */
export type ConnectionStatus = 'connecting' | 'online' | 'offline' | 'reconnecting';

export interface ConnectionOptions {
  /** Probe used to decide whether the server is reachable. */
  check?: (signal: AbortSignal) => Promise<void>;
  /** Time between probes while connected, and while disconnected (shorter, to notice recovery). */
  onlineIntervalMs?: number;
  offlineIntervalMs?: number;
}

/**
 * Whether the console can reach the server, probed on a timer and whenever the browser goes
 * on- or offline. The realtime socket, when it arrives, becomes the source of this status.
 */
export function useServerConnection({
  check = checkHealth,
  onlineIntervalMs = 15_000,
  offlineIntervalMs = 5_000,
}: ConnectionOptions = {}): ConnectionStatus {
  const [status, setStatus] = useState<ConnectionStatus>('connecting');

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let controller: AbortController | undefined;
    let stopped = false;

    const probe = async () => {
      clearTimeout(timer);
      controller?.abort();
      controller = new AbortController();
      const signal = controller.signal;
      let next: ConnectionStatus;
      try {
        await check(signal);
        next = 'online';
      } catch {
        next = 'offline';
      }
      if (stopped || signal.aborted) return;
      setStatus(next);
      timer = setTimeout(probe, next === 'online' ? onlineIntervalMs : offlineIntervalMs);
    };
    const goneOffline = () => {
      controller?.abort();
      clearTimeout(timer);
      setStatus('offline');
      timer = setTimeout(probe, offlineIntervalMs);
    };
    const backOnline = () => {
      setStatus('connecting');
      void probe();
    };

    void probe();
    window.addEventListener('offline', goneOffline);
    window.addEventListener('online', backOnline);
    return () => {
      stopped = true;
      clearTimeout(timer);
      controller?.abort();
      window.removeEventListener('offline', goneOffline);
      window.removeEventListener('online', backOnline);
    };
  }, [check, onlineIntervalMs, offlineIntervalMs]);

  return status;
}

const ConnectionContext = createContext<ConnectionStatus>('connecting');

/** Owns the connection probe for the whole console. */
export function ConnectionProvider({ children, ...options }: ConnectionOptions & { children: ReactNode }) {
  const status = useServerConnection(options);
  return <ConnectionContext.Provider value={status}>{children}</ConnectionContext.Provider>;
}

/** For tests and previews: a fixed status without probing. */
export const StaticConnectionProvider = ConnectionContext.Provider;

export function useConnectionStatus(): ConnectionStatus {
  return useContext(ConnectionContext);
}

import { ApiError, setAuthRecovery } from '../../api/http';
import * as authApi from './api/auth-api';
import type { Session } from './session';
import type { SessionStore } from './session-store';

/** Renew the access token this long before it expires (or at 80% of its life, if that comes first). */
export const RENEW_BEFORE_EXPIRY_MS = 60_000;
/** After a renewal that got no answer (network down), try again this often. */
export const RENEW_RETRY_MS = 10_000;

export interface SessionKeeperOptions {
  refresh?: () => Promise<Session>;
  now?: () => number;
}

export interface SessionKeeper {
  /** Renews now (once at a time); true when the session is good again. */
  renew(): Promise<boolean>;
  stop(): void;
}

/** When to renew a session issued at `now`: a minute before expiry, or at 80% of the token's remaining life. */
export function renewalDelay(session: Session, now: number): number {
  const remaining = session.accessTokenExpiresAt - now;
  return Math.max(0, Math.min(remaining - RENEW_BEFORE_EXPIRY_MS, remaining * 0.8));
}

/**
 * Keeps the sign-in alive: renews the access token before it expires, and is the HTTP client's answer to a
 * 401 (renew, then the request is sent again). When the server refuses the renewal (the sign-in ended, was
 * revoked, or its 12 hours are over) the console signs out and the sign-in page says why.
 */
export function startSessionKeeper(store: SessionStore, { refresh = authApi.refreshSession, now = Date.now }: SessionKeeperOptions = {}): SessionKeeper {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inflight: Promise<boolean> | null = null;
  let stopped = false;

  const schedule = (delay?: number) => {
    clearTimeout(timer);
    const session = store.get();
    if (!session || stopped) return;
    timer = setTimeout(() => void renew(), delay ?? renewalDelay(session, now()));
  };

  const attempt = async (retried: boolean): Promise<boolean> => {
    try {
      const next = await refresh();
      if (stopped || !store.get()) return false;
      store.set(next);
      return true;
    } catch (error) {
      if (stopped) return false;
      if (error instanceof ApiError && error.code === 'REFRESH_TOKEN_ROTATED' && !retried) {
        // Another tab renewed a moment ago and the browser already holds its new cookies: renew again with those.
        await new Promise((done) => setTimeout(done, 300));
        return attempt(true);
      }
      if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
        store.set(null, 'expired');
        return false;
      }
      // No answer, throttled or a server fault: keep the session and try again shortly.
      schedule(RENEW_RETRY_MS);
      return false;
    }
  };

  const renew = (): Promise<boolean> => {
    if (!store.get()) return Promise.resolve(false);
    inflight ??= attempt(false).finally(() => {
      inflight = null;
    });
    return inflight;
  };

  const unsubscribe = store.subscribe(() => schedule());
  schedule();
  setAuthRecovery(renew);

  return {
    renew,
    stop() {
      stopped = true;
      clearTimeout(timer);
      unsubscribe();
      setAuthRecovery(null);
    },
  };
}

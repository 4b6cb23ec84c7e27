import { isSession, type Session } from './session';

export const SESSION_STORAGE_KEY = 'callcentre.console.session';

/** Why the console is signed out without the person asking: shown on the sign-in page. */
export type SessionEndReason = 'expired' | 'ended';

/** Holds the signed-in person for this browser tab; components read it through `useSession`. */
export interface SessionStore {
  get(): Session | null;
  /** Keeps a session, or forgets it (`reason` says why when it was not the person's own sign-out). */
  set(session: Session | null, reason?: SessionEndReason): void;
  /** Why the last session ended by itself; cleared by the next sign-in. */
  endReason(): SessionEndReason | null;
  subscribe(listener: () => void): () => void;
}

/**
 * A session kept in `storage` (sessionStorage: it lasts as long as the tab, so a reload keeps
 * you signed in and closing the tab signs you out). Without storage it lives in memory only.
 * Only who is signed in and when the tokens expire are kept: the tokens themselves stay in
 * httpOnly cookies, out of reach of scripts.
 */
export function createSessionStore(storage?: Storage): SessionStore {
  let current: Session | null = null;
  let reason: SessionEndReason | null = null;
  try {
    const saved = storage?.getItem(SESSION_STORAGE_KEY);
    const parsed: unknown = saved ? JSON.parse(saved) : null;
    current = isSession(parsed) ? parsed : null;
  } catch {
    current = null; // unreadable leftovers from an older version: start signed out
  }
  const listeners = new Set<() => void>();

  return {
    get: () => current,
    set(session, why) {
      current = session;
      reason = session ? null : (why ?? null);
      try {
        if (session) storage?.setItem(SESSION_STORAGE_KEY, JSON.stringify(session));
        else storage?.removeItem(SESSION_STORAGE_KEY);
      } catch {
        // storage full or blocked: the session still works for this page
      }
      listeners.forEach((listener) => listener());
    },
    endReason: () => reason,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

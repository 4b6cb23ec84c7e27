import { isSession, type Session } from './session';

export const SESSION_STORAGE_KEY = 'callcentre.console.session';

/** Holds the signed-in person for this browser tab; components read it through `useSession`. */
export interface SessionStore {
  get(): Session | null;
  set(session: Session | null): void;
  subscribe(listener: () => void): () => void;
}

/**
 * A session kept in `storage` (sessionStorage: it lasts as long as the tab, so a reload keeps
 * you signed in and closing the tab signs you out). Without storage it lives in memory only.
 */
export function createSessionStore(storage?: Storage): SessionStore {
  let current: Session | null = null;
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
    set(session) {
      current = session;
      try {
        if (session) storage?.setItem(SESSION_STORAGE_KEY, JSON.stringify(session));
        else storage?.removeItem(SESSION_STORAGE_KEY);
      } catch {
        // storage full or blocked: the session still works for this page
      }
      listeners.forEach((listener) => listener());
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

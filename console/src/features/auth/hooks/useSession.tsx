import { createContext, useCallback, useContext, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import * as authApi from '../api/auth-api';
import type { Session } from '../session';
import type { SessionStore } from '../session-store';

const SessionStoreContext = createContext<SessionStore | null>(null);

export function SessionProvider({ store, children }: { store: SessionStore; children: ReactNode }) {
  return <SessionStoreContext.Provider value={store}>{children}</SessionStoreContext.Provider>;
}

function useSessionStore(): SessionStore {
  const store = useContext(SessionStoreContext);
  if (!store) throw new Error('useSession needs a <SessionProvider> above it');
  return store;
}

export interface SessionApi {
  session: Session | null;
  /** Authenticates and keeps the session; rejects with `SignInError` when refused. */
  signIn(credentials: authApi.Credentials): Promise<Session>;
  signOut(): Promise<void>;
}

export function useSession(): SessionApi {
  const store = useSessionStore();
  const session = useSyncExternalStore(store.subscribe, store.get, store.get);
  const signIn = useCallback(
    async (credentials: authApi.Credentials) => {
      const next = await authApi.signIn(credentials);
      store.set(next);
      return next;
    },
    [store],
  );
  const signOut = useCallback(async () => {
    await authApi.signOut();
    store.set(null);
  }, [store]);
  return useMemo(() => ({ session, signIn, signOut }), [session, signIn, signOut]);
}

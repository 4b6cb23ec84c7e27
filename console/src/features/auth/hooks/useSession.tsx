import { createContext, useCallback, useContext, useEffect, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import { ApiError } from '../../../api/http';
import * as authApi from '../api/auth-api';
import { primaryRole, type Session } from '../session';
import { startSessionKeeper } from '../session-keeper';
import type { SessionEndReason, SessionStore } from '../session-store';

const SessionStoreContext = createContext<SessionStore | null>(null);

export interface SessionProviderProps {
  store: SessionStore;
  /**
   * Keep the session alive with the server: renew the tokens before they expire, renew on a 401, and check a
   * session restored after a reload with `GET /api/auth/me`. Off in component tests, which have no server.
   */
  keepAlive?: boolean;
  children: ReactNode;
}

export function SessionProvider({ store, keepAlive = false, children }: SessionProviderProps) {
  useEffect(() => {
    if (!keepAlive) return undefined;
    const keeper = startSessionKeeper(store);
    const controller = new AbortController();
    const restored = store.get();
    if (restored) {
      // A session restored from this tab's storage: make sure the server still honours it, and take its current roles.
      authApi.fetchMe(controller.signal).then(
        (me) => {
          const current = store.get();
          if (current && current.userId === me.id) {
            store.set({ ...current, displayName: me.displayName, roles: [...me.roles], role: primaryRole(me.roles), teamLeadId: me.teamLeadId });
          }
        },
        (error: unknown) => {
          if (controller.signal.aborted) return;
          if (error instanceof ApiError && error.status === 401) store.set(null, 'expired');
        },
      );
    }
    return () => {
      controller.abort();
      keeper.stop();
    };
  }, [store, keepAlive]);
  return <SessionStoreContext.Provider value={store}>{children}</SessionStoreContext.Provider>;
}

function useSessionStore(): SessionStore {
  const store = useContext(SessionStoreContext);
  if (!store) throw new Error('useSession needs a <SessionProvider> above it');
  return store;
}

export interface SessionApi {
  session: Session | null;
  /** Why the last session ended without the person signing out, if it did. */
  endReason: SessionEndReason | null;
  /** Authenticates and keeps the session; rejects with `SignInError` when refused. */
  signIn(credentials: authApi.Credentials): Promise<Session>;
  signOut(): Promise<void>;
  /** Forgets the session because the server ended it (e.g. the socket was told `session:ended`). */
  endSession(reason: SessionEndReason): void;
  /** Reads who is signed in again (their roles changed on the server); pages follow the new roles. */
  refreshIdentity(): Promise<void>;
}

export function useSession(): SessionApi {
  const store = useSessionStore();
  const session = useSyncExternalStore(store.subscribe, store.get, store.get);
  const endReason = useSyncExternalStore(store.subscribe, store.endReason, store.endReason);
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
  const endSession = useCallback((reason: SessionEndReason) => store.set(null, reason), [store]);
  const refreshIdentity = useCallback(async () => {
    const me = await authApi.fetchMe();
    const current = store.get();
    if (current && current.userId === me.id) {
      store.set({ ...current, displayName: me.displayName, roles: [...me.roles], role: primaryRole(me.roles), teamLeadId: me.teamLeadId });
    }
  }, [store]);
  return useMemo(
    () => ({ session, endReason, signIn, signOut, endSession, refreshIdentity }),
    [session, endReason, signIn, signOut, endSession, refreshIdentity],
  );
}

/** Who is using the console. Authentication plugs in at `api/auth-api.ts`; the session keeper renews it. */
export { fetchMe, refreshSession, sessionFrom, signIn, signOut, SignInError, type Credentials, type Me } from './api/auth-api';
export { LoginForm, type LoginFormProps } from './components/LoginForm';
export { RequireSession } from './components/RequireSession';
export { SessionMenu } from './components/SessionMenu';
export { SessionProvider, useSession, type SessionApi, type SessionProviderProps } from './hooks/useSession';
export {
  HOME_PATHS,
  PAGE_ROLES,
  homePathFor,
  isSession,
  mayOpen,
  primaryRole,
  WORK_ROLES,
  type Session,
  type WorkRole,
} from './session';
export { RENEW_BEFORE_EXPIRY_MS, renewalDelay, startSessionKeeper, type SessionKeeper } from './session-keeper';
export { createSessionStore, SESSION_STORAGE_KEY, type SessionEndReason, type SessionStore } from './session-store';

/** Who is using the console. Real authentication plugs in at `api/auth-api.ts`; nothing else changes. */
export { signIn, signOut, SignInError, type Credentials } from './api/auth-api';
export { LoginForm, type LoginFormProps } from './components/LoginForm';
export { RequireSession } from './components/RequireSession';
export { SessionMenu } from './components/SessionMenu';
export { SessionProvider, useSession, type SessionApi } from './hooks/useSession';
export { HOME_PATHS, homePathFor, isSession, WORK_ROLES, type Session, type WorkRole } from './session';
export { createSessionStore, SESSION_STORAGE_KEY, type SessionStore } from './session-store';

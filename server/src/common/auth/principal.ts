import type { Role } from '@callcentre/shared';

/** A member of staff signed in with a session token (bearer or the `cc_session` cookie). */
export interface AuthenticatedUser {
  kind: 'user';
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  teamLeadId: string | null;
  /** The sign-in this request or socket rides on; set whenever the user came through a session token. */
  sessionId?: string;
}

/** A system that feeds contacts (PBX, IVR, mail gateway) calling with an `X-Api-Key`. */
export interface AuthenticatedApiKey {
  kind: 'api_key';
  id: string;
  name: string;
  scopes: string[];
}

/** Who is calling: what `@CurrentUser()` gives a handler. */
export type AuthenticatedPrincipal = AuthenticatedUser | AuthenticatedApiKey;

export function isUser(principal: AuthenticatedPrincipal | null | undefined): principal is AuthenticatedUser {
  return principal?.kind === 'user';
}

export function hasRole(principal: AuthenticatedPrincipal | null | undefined, ...roles: Role[]): boolean {
  return isUser(principal) && principal.roles.some((role) => roles.includes(role));
}

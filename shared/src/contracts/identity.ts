import type { Role } from '../domain/call-centre';

/** `GET /api/auth/me`, and the `user` of a sign-in or a refresh. */
export interface Me {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  teamLeadId: string | null;
}

/** What `POST /api/auth/login` and `POST /api/auth/refresh` answer. The console also receives both tokens as httpOnly cookies. */
export interface IssuedSession {
  tokenType: 'Bearer';
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
  /** The sign-in ends then, whatever the refreshes: sign in again after. */
  sessionExpiresAt: string;
  user: Me;
}

/** A member of staff as the administration routes (`GET /api/users` and the user writes) show them. */
export interface StaffUser {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  /** The lead of the user's team (null: no team, or a team without a lead). */
  teamLeadId: string | null;
  teamId: string | null;
  teamName: string | null;
  createdAt: string;
  /** Set while sign-in is locked after repeated failures. */
  lockedUntil: string | null;
}

/** An API key as `GET /api/api-keys` lists it: never the key itself, only its first characters to recognise it. */
export interface ApiKeyView {
  id: string;
  name: string;
  keyPrefix: string;
  scopes: string[];
  createdBy: string | null;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

/** What `POST /api/api-keys` answers. */
export interface CreatedApiKey extends ApiKeyView {
  /** The whole key: shown once, at creation, never again. */
  key: string;
}

/** A team as `GET /api/teams` and the team administration routes show it. */
export interface TeamView {
  id: string;
  name: string;
  teamLeadId: string | null;
  teamLeadName: string | null;
  memberCount: number;
  createdAt: string;
  updatedAt: string;
}

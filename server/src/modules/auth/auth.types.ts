import type { Role } from '@callcentre/shared';

/** `GET /api/auth/me` and the `user` of a sign-in. */
export interface Me {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  teamLeadId: string | null;
}

/** What a sign-in or a refresh hands out. The console also receives both tokens as httpOnly cookies. */
export interface IssuedSession {
  tokenType: 'Bearer';
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
  /** The sign-in ends then, whatever the refreshes: sign in again after. */
  sessionExpiresAt: string;
  user: Me;
}

/** Where a request came from, kept on its session. */
export interface ClientInfo {
  address: string | null;
  userAgent: string | null;
}

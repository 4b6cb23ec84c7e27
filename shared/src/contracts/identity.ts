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

import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../../common/auth/principal';
import { hashSecret, isSecretOfKind } from '../../common/auth/secrets';
import { SessionsRepository } from './sessions.repository';

/**
 * Turns an access token into the signed-in user, or null when the token is unknown, expired or its
 * session revoked. Roles are read live, so a role change applies to the next request.
 * The HTTP guard calls it per request; the realtime gateway on connection and then periodically,
 * so a socket whose session was revoked or has expired is disconnected.
 */
@Injectable()
export class SessionAuthenticator {
  constructor(private readonly sessions: SessionsRepository) {}

  async authenticateToken(token: string | null | undefined): Promise<AuthenticatedUser | null> {
    if (!isSecretOfKind(token, 'cca')) return null;
    const row = await this.sessions.findSignedInUserByAccessToken(hashSecret(token));
    if (!row) return null;
    return {
      kind: 'user',
      id: row.id,
      username: row.username,
      displayName: row.display_name,
      roles: row.roles,
      teamLeadId: row.team_lead_id,
      sessionId: row.session_id,
    };
  }

  /**
   * Whether the sign-in is still alive (not revoked, not past its end), whatever its current access
   * token: for a long-lived socket that should outlive one access token but not the session.
   */
  isSessionActive(sessionId: string): Promise<boolean> {
    return this.sessions.isActive(sessionId);
  }
}

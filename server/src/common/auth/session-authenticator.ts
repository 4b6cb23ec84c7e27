import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Role } from '@callcentre/shared';
import type { AuthenticatedUser } from './principal';
import { hashSecret, isSecretOfKind } from './secrets';

interface SessionUserRow {
  session_id: string;
  id: string;
  username: string;
  display_name: string;
  roles: Role[];
  team_lead_id: string | null;
}

/**
 * Turns an access token into the signed-in user, or null when the token is unknown, expired or its
 * session revoked. Roles are read live, so a role change applies to the next request.
 * The HTTP guard calls it per request; the realtime gateway on connection and then periodically,
 * so a socket whose session was revoked or has expired is disconnected.
 */
@Injectable()
export class SessionAuthenticator {
  constructor(private readonly dataSource: DataSource) {}

  async authenticateToken(token: string | null | undefined): Promise<AuthenticatedUser | null> {
    if (!isSecretOfKind(token, 'cca')) return null;
    const rows: SessionUserRow[] = await this.dataSource.query(
      `SELECT s.id AS session_id, u.id, u.username, u.display_name, u.roles, u.team_lead_id
         FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.access_token_hash = $1 AND s.revoked_at IS NULL AND s.access_expires_at > now() AND s.expires_at > now()`,
      [hashSecret(token)],
    );
    const row = rows[0];
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
  async isSessionActive(sessionId: string): Promise<boolean> {
    const rows = await this.dataSource.query(`SELECT 1 FROM sessions WHERE id = $1 AND revoked_at IS NULL AND expires_at > now()`, [sessionId]);
    return rows.length > 0;
  }
}

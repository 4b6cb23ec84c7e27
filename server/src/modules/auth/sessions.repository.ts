import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Role } from '@callcentre/shared';
import { returnedRows } from './sql';

export interface SessionTimes {
  id: string;
  user_id: string;
  access_expires_at: Date;
  expires_at: Date;
}

export interface SignedInUserRow {
  session_id: string;
  id: string;
  username: string;
  display_name: string;
  roles: Role[];
  team_lead_id: string | null;
}

/** Sessions hold only sha256 hashes of their tokens; every lookup is by hash. */
@Injectable()
export class SessionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The user behind a live access token, with their current roles (so a role change applies to the next request). */
  async findSignedInUserByAccessToken(accessTokenHash: string): Promise<SignedInUserRow | null> {
    const rows: SignedInUserRow[] = await this.dataSource.query(
      `SELECT s.id AS session_id, u.id, u.username, u.display_name, u.roles, u.team_lead_id
         FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.access_token_hash = $1 AND s.revoked_at IS NULL AND s.access_expires_at > now() AND s.expires_at > now()`,
      [accessTokenHash],
    );
    return rows[0] ?? null;
  }

  /** Whether the session is neither revoked nor past its end, whatever its current access token. */
  async isActive(sessionId: string): Promise<boolean> {
    const rows = await this.dataSource.query(`SELECT 1 FROM sessions WHERE id = $1 AND revoked_at IS NULL AND expires_at > now()`, [sessionId]);
    return rows.length > 0;
  }

  async create(session: {
    userId: string;
    accessTokenHash: string;
    refreshTokenHash: string;
    accessTtlSeconds: number;
    sessionTtlSeconds: number;
    clientAddress: string | null;
    userAgent: string | null;
  }): Promise<SessionTimes> {
    const [row] = await this.dataSource.query(
      `INSERT INTO sessions (user_id, access_token_hash, refresh_token_hash, expires_at, access_expires_at, client_address, user_agent)
       SELECT $1, $2, $3, t.expires_at, LEAST(now() + make_interval(secs => $4), t.expires_at), $6, $7
         FROM (SELECT now() + make_interval(secs => $5) AS expires_at) t
       RETURNING id, user_id, access_expires_at, expires_at`,
      [session.userId, session.accessTokenHash, session.refreshTokenHash, session.accessTtlSeconds, session.sessionTtlSeconds, session.clientAddress, session.userAgent],
    );
    return row;
  }

  /**
   * Swaps in new tokens for the session whose current refresh token is `refreshTokenHash`, in one
   * statement: the old access and refresh tokens stop working at once, and of two concurrent
   * refreshes with the same token only one succeeds.
   */
  async rotate(refreshTokenHash: string, next: { accessTokenHash: string; refreshTokenHash: string; accessTtlSeconds: number }): Promise<SessionTimes | null> {
    const result = await this.dataSource.query(
      `UPDATE sessions SET access_token_hash = $2, refresh_token_hash = $3, previous_refresh_token_hash = refresh_token_hash,
              access_expires_at = LEAST(now() + make_interval(secs => $4), expires_at), refreshed_at = now()
        WHERE refresh_token_hash = $1 AND revoked_at IS NULL AND expires_at > now()
       RETURNING id, user_id, access_expires_at, expires_at`,
      [refreshTokenHash, next.accessTokenHash, next.refreshTokenHash, next.accessTtlSeconds],
    );
    return returnedRows<SessionTimes>(result)[0] ?? null;
  }

  /** A live session whose previous (already rotated) refresh token is this one, and how long ago it rotated. */
  async findByPreviousRefreshToken(refreshTokenHash: string): Promise<{ id: string; user_id: string; seconds_since_refresh: number } | null> {
    const rows = await this.dataSource.query(
      `SELECT id, user_id, extract(epoch FROM now() - refreshed_at)::float8 AS seconds_since_refresh
         FROM sessions WHERE previous_refresh_token_hash = $1 AND revoked_at IS NULL`,
      [refreshTokenHash],
    );
    return rows[0] ?? null;
  }

  /** Revokes the live session holding either token (expired access tokens included, so a late logout still ends the session). */
  async revokeByToken(hashes: { accessTokenHash?: string; refreshTokenHash?: string }, reason: string): Promise<{ id: string; user_id: string; username: string } | null> {
    const result = await this.dataSource.query(
      `UPDATE sessions s SET revoked_at = now(), revoked_reason = $3
         FROM users u
        WHERE u.id = s.user_id AND s.revoked_at IS NULL AND (s.access_token_hash = $1 OR s.refresh_token_hash = $2)
       RETURNING s.id, s.user_id, u.username`,
      [hashes.accessTokenHash ?? null, hashes.refreshTokenHash ?? null, reason],
    );
    return returnedRows<{ id: string; user_id: string; username: string }>(result)[0] ?? null;
  }

  /** Whether the user has another session, not revoked, whose access token is still fresh. */
  async hasOtherFreshSession(userId: string, exceptSessionId: string): Promise<boolean> {
    const [other] = await this.dataSource.query(
      `SELECT 1 FROM sessions WHERE user_id = $1 AND id <> $2 AND revoked_at IS NULL AND access_expires_at > now() LIMIT 1`,
      [userId, exceptSessionId],
    );
    return Boolean(other);
  }

  async revoke(id: string, reason: string): Promise<void> {
    await this.dataSource.query(`UPDATE sessions SET revoked_at = now(), revoked_reason = $2 WHERE id = $1 AND revoked_at IS NULL`, [id, reason]);
  }

  /** Ends every live session of a user but one (the caller's, after a password change). Returns how many ended. */
  async revokeAllOfUser(userId: string, reason: string, exceptSessionId: string | null): Promise<number> {
    const result = await this.dataSource.query(
      `UPDATE sessions SET revoked_at = now(), revoked_reason = $2
        WHERE user_id = $1 AND revoked_at IS NULL AND id IS DISTINCT FROM $3 RETURNING id`,
      [userId, reason, exceptSessionId],
    );
    return returnedRows(result).length;
  }

  /** Sessions that ended more than a day ago are of no more use; the audit log keeps the sign-in history. */
  async purgeEnded(userId: string): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM sessions WHERE user_id = $1 AND (expires_at < now() - interval '1 day' OR revoked_at < now() - interval '1 day')`,
      [userId],
    );
  }
}

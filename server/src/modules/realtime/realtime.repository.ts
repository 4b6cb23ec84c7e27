import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Role } from '@callcentre/shared';
import type { ContactDetails, Person } from './realtime-projection';

/** The realtime layer's reads: who agents are, contact details routing does not hold, whether sessions still live. */
@Injectable()
export class RealtimeRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Agents' names and their team's (the one they are in, or else the one they lead); every agent when `ids` is omitted. */
  async people(ids?: readonly string[]): Promise<Map<string, Person>> {
    const rows: Array<{ id: string; username: string; display_name: string; team_lead_id: string | null; team_name: string | null }> = await this.dataSource.query(
      `SELECT a.user_id AS id, u.username, u.display_name, u.team_lead_id, coalesce(t.name, led.name) AS team_name
         FROM agents a JOIN users u ON u.id = a.user_id
         LEFT JOIN teams t ON t.id = u.team_id LEFT JOIN teams led ON led.team_lead_id = u.id
        ${ids ? 'WHERE a.user_id = ANY($1::uuid[])' : ''}`,
      ids ? [ids] : [],
    );
    return new Map(rows.map((row) => [row.id, { username: row.username, displayName: row.display_name, teamLeadId: row.team_lead_id, teamName: row.team_name }]));
  }

  /** Display names of skills and languages, by code. */
  async skillNames(): Promise<Map<string, string>> {
    const rows: Array<{ code: string; name: string }> = await this.dataSource.query(`SELECT code, name FROM skills`);
    return new Map(rows.map((row) => [row.code, row.name]));
  }

  /** Customer, caller, subject and answer facts of interactions, by id. */
  async contactDetails(ids: readonly string[]): Promise<Map<string, ContactDetails>> {
    if (ids.length === 0) return new Map();
    const rows: Array<{
      id: string;
      customer_id: string | null;
      customer_name: string | null;
      caller: Record<string, unknown> | null;
      subject: string | null;
      answered_at: Date | null;
      wait_seconds: number | null;
    }> = await this.dataSource.query(
      `SELECT i.id, i.customer_id, c.name AS customer_name, i.caller, i.subject, i.answered_at, i.wait_seconds
         FROM interactions i LEFT JOIN customers c ON c.id = i.customer_id WHERE i.id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(
      rows.map((row) => [
        row.id,
        {
          customerId: row.customer_id,
          customerName: row.customer_name,
          caller: pickCaller(row.caller),
          subject: row.subject,
          answeredAt: row.answered_at ? row.answered_at.getTime() : null,
          waitedSeconds: row.wait_seconds,
          offeredAt: null,
          attempt: null,
        },
      ]),
    );
  }

  /**
   * The sessions among `sessionIds` still alive (not revoked, not past their end, the same rule as
   * SessionsRepository.isActive), with their user's current roles. One query for every socket.
   */
  async liveSessions(sessionIds: readonly string[]): Promise<Map<string, Role[]>> {
    if (sessionIds.length === 0) return new Map();
    const rows: Array<{ id: string; roles: Role[] }> = await this.dataSource.query(
      `SELECT s.id, u.roles FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.id = ANY($1::uuid[]) AND s.revoked_at IS NULL AND s.expires_at > now()`,
      [sessionIds],
    );
    return new Map(rows.map((row) => [row.id, row.roles]));
  }
}

/** The caller fields a live view shows, from an interaction's stored caller. */
export function pickCaller(caller: Record<string, unknown> | null): ContactDetails['caller'] {
  const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);
  const phone = text(caller?.phone);
  const email = text(caller?.email);
  const name = text(caller?.name);
  return { ...(phone ? { phone } : {}), ...(email ? { email } : {}), ...(name ? { name } : {}) };
}

import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { returnedRows } from './sql';

export interface TeamRow {
  id: string;
  name: string;
  team_lead_id: string | null;
  team_lead_name: string | null;
  member_count: number;
  created_at: Date;
  updated_at: Date;
}

const TEAM_COLUMNS = `t.id, t.name, t.team_lead_id, l.display_name AS team_lead_name,
  (SELECT count(*)::int FROM users m WHERE m.team_id = t.id) AS member_count, t.created_at, t.updated_at`;

/**
 * Every read and write of `teams`, and of `users.team_id` with `users.team_lead_id` (the lead of the user's team,
 * kept in step here so the code that groups by team lead reads one column).
 */
@Injectable()
export class TeamsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async list(): Promise<TeamRow[]> {
    return this.dataSource.query(`SELECT ${TEAM_COLUMNS} FROM teams t LEFT JOIN users l ON l.id = t.team_lead_id ORDER BY lower(t.name)`);
  }

  async count(manager: EntityManager): Promise<number> {
    const [row] = await manager.query(`SELECT count(*)::int AS count FROM teams`);
    return row.count;
  }

  async find(id: string, manager: EntityManager = this.dataSource.manager, lock = false): Promise<TeamRow | null> {
    if (lock) await manager.query(`SELECT 1 FROM teams WHERE id = $1 FOR UPDATE`, [id]);
    const [row] = await manager.query(`SELECT ${TEAM_COLUMNS} FROM teams t LEFT JOIN users l ON l.id = t.team_lead_id WHERE t.id = $1`, [id]);
    return row ?? null;
  }

  async ledBy(leadId: string, manager: EntityManager): Promise<TeamRow | null> {
    const [row] = await manager.query(`SELECT ${TEAM_COLUMNS} FROM teams t LEFT JOIN users l ON l.id = t.team_lead_id WHERE t.team_lead_id = $1`, [leadId]);
    return row ?? null;
  }

  async nameTaken(name: string, exceptId: string | null, manager: EntityManager): Promise<boolean> {
    const rows = await manager.query(`SELECT 1 FROM teams WHERE lower(name) = lower($1) AND ($2::uuid IS NULL OR id <> $2)`, [name, exceptId]);
    return rows.length > 0;
  }

  async insert(team: { name: string; teamLeadId: string | null }, manager: EntityManager): Promise<string> {
    const [row] = await manager.query(`INSERT INTO teams (name, team_lead_id) VALUES ($1, $2) RETURNING id`, [team.name, team.teamLeadId]);
    return row.id;
  }

  async rename(id: string, name: string, manager: EntityManager): Promise<void> {
    await manager.query(`UPDATE teams SET name = $2, updated_at = now() WHERE id = $1`, [id, name]);
  }

  /** A new lead (or none), and the same lead on every member. */
  async setLead(id: string, teamLeadId: string | null, manager: EntityManager): Promise<void> {
    await manager.query(`UPDATE teams SET team_lead_id = $2, updated_at = now() WHERE id = $1`, [id, teamLeadId]);
    await manager.query(`UPDATE users SET team_lead_id = $2 WHERE team_id = $1`, [id, teamLeadId]);
  }

  /** Deletes a team without members; false when it still has some (or is gone). */
  async deleteEmpty(id: string, manager: EntityManager): Promise<boolean> {
    const rows = returnedRows<{ id: string }>(
      await manager.query(`DELETE FROM teams t WHERE t.id = $1 AND NOT EXISTS (SELECT 1 FROM users m WHERE m.team_id = t.id) RETURNING t.id`, [id]),
    );
    return rows.length > 0;
  }

  /** The user's team and, with it, the team's lead; null takes them out of any team. */
  async setMembership(userId: string, teamId: string | null, manager: EntityManager): Promise<void> {
    await manager.query(
      `UPDATE users SET team_id = $2, team_lead_id = (SELECT t.team_lead_id FROM teams t WHERE t.id = $2) WHERE id = $1`,
      [userId, teamId],
    );
  }

  async isMember(userId: string, teamId: string, manager: EntityManager): Promise<boolean> {
    const rows = await manager.query(`SELECT 1 FROM users WHERE id = $1 AND team_id = $2`, [userId, teamId]);
    return rows.length > 0;
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export interface ShiftRow {
  id: string;
  agent_id: string;
  agent_name: string;
  team_id: string | null;
  team_name: string | null;
  starts_at: Date;
  ends_at: Date;
}

const SHIFT_COLUMNS = `s.id, s.agent_id, u.display_name AS agent_name, u.team_id, t.name AS team_name, s.starts_at, s.ends_at`;
const SHIFT_JOINS = `FROM agent_shifts s JOIN users u ON u.id = s.agent_id LEFT JOIN teams t ON t.id = u.team_id`;

/** All SQL of agents' shifts. */
@Injectable()
export class SchedulesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Shifts that meet [from, to), by start then agent name. */
  async list(filter: { from: Date; to: Date; agentId?: string; teamId?: string }): Promise<ShiftRow[]> {
    return this.dataSource.query(
      `SELECT ${SHIFT_COLUMNS} ${SHIFT_JOINS}
        WHERE s.starts_at < $2 AND s.ends_at > $1 AND ($3::uuid IS NULL OR s.agent_id = $3) AND ($4::uuid IS NULL OR u.team_id = $4)
        ORDER BY s.starts_at, u.display_name, s.id`,
      [filter.from, filter.to, filter.agentId ?? null, filter.teamId ?? null],
    );
  }

  /** Locks the agents (in id order, so two writers never wait on each other in a circle) and returns their names. */
  async lockAgents(agentIds: readonly string[], manager: EntityManager): Promise<Array<{ id: string; name: string }>> {
    return manager.query(
      `SELECT a.user_id AS id, u.display_name AS name FROM agents a JOIN users u ON u.id = a.user_id
        WHERE a.user_id = ANY($1::uuid[]) ORDER BY a.user_id FOR UPDATE OF a`,
      [agentIds],
    );
  }

  async agentsOfTeam(teamId: string, manager: EntityManager): Promise<string[]> {
    const rows: Array<{ id: string }> = await manager.query(`SELECT a.user_id AS id FROM agents a JOIN users u ON u.id = a.user_id WHERE u.team_id = $1`, [teamId]);
    return rows.map((row) => row.id);
  }

  async teamExists(teamId: string, manager: EntityManager): Promise<boolean> {
    return (await manager.query(`SELECT 1 FROM teams WHERE id = $1`, [teamId])).length > 0;
  }

  async agentIdsByUsername(usernames: readonly string[], manager: EntityManager): Promise<Map<string, string>> {
    const rows: Array<{ id: string; username: string }> = await manager.query(
      `SELECT a.user_id AS id, u.username FROM agents a JOIN users u ON u.id = a.user_id WHERE u.username = ANY($1::text[])`,
      [usernames],
    );
    return new Map(rows.map((row) => [row.username, row.id]));
  }

  /** The agent's first shift that overlaps [startsAt, endsAt), if any. */
  async overlapping(agentId: string, startsAt: Date, endsAt: Date, manager: EntityManager): Promise<{ id: string; starts_at: Date; ends_at: Date } | null> {
    const [row] = await manager.query(
      `SELECT id, starts_at, ends_at FROM agent_shifts WHERE agent_id = $1 AND starts_at < $3 AND ends_at > $2 ORDER BY starts_at LIMIT 1`,
      [agentId, startsAt, endsAt],
    );
    return row ?? null;
  }

  async insert(shift: { agentId: string; startsAt: Date; endsAt: Date; createdBy: string | null }, manager: EntityManager): Promise<ShiftRow> {
    const [{ id }] = await manager.query(`INSERT INTO agent_shifts (agent_id, starts_at, ends_at, created_by) VALUES ($1, $2, $3, $4) RETURNING id`, [
      shift.agentId,
      shift.startsAt,
      shift.endsAt,
      shift.createdBy,
    ]);
    const [row] = await manager.query(`SELECT ${SHIFT_COLUMNS} ${SHIFT_JOINS} WHERE s.id = $1`, [id]);
    return row;
  }

  async delete(id: string, manager: EntityManager): Promise<ShiftRow | null> {
    const [row] = await manager.query(`SELECT ${SHIFT_COLUMNS} ${SHIFT_JOINS} WHERE s.id = $1 FOR UPDATE OF s`, [id]);
    if (!row) return null;
    await manager.query(`DELETE FROM agent_shifts WHERE id = $1`, [id]);
    return row;
  }
}

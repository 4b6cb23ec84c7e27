import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SkillEntity } from '../skills';

export interface AgentRow {
  user_id: string;
  username: string;
  display_name: string;
  team_lead_id: string | null;
  team_id: string | null;
  team_name: string | null;
  languages: string[];
  capacity: Record<string, number>;
  skills: Record<string, number> | null;
}

/** All SQL of the agents and agent_skills tables. */
@Injectable()
export class AgentsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Every agent with their name, team and its lead, languages, capacity and skills (code to proficiency), by name. */
  list(): Promise<AgentRow[]> {
    return this.dataSource.query(`
      SELECT a.user_id, u.username, u.display_name, u.team_lead_id, u.team_id, (SELECT t.name FROM teams t WHERE t.id = u.team_id) AS team_name,
             a.languages, a.capacity,
             (SELECT jsonb_object_agg(s.code, ask.proficiency) FROM agent_skills ask JOIN skills s ON s.id = ask.skill_id WHERE ask.agent_id = a.user_id) AS skills
      FROM agents a JOIN users u ON u.id = a.user_id ORDER BY u.display_name`);
  }

  /** The agent's state changes in [from, to) and the last one before `from` (the state the day started in), oldest first. */
  stateChanges(agentId: string, from: Date, to: Date): Promise<Array<{ at: Date; payload: { from: string; to: string; reason: string | null } }>> {
    return this.dataSource.query(
      `(SELECT at, payload FROM routing_events WHERE agent_id = $1 AND type = 'agent.state_changed' AND at < $2 ORDER BY at DESC, id DESC LIMIT 1)
       UNION ALL
       (SELECT at, payload FROM routing_events WHERE agent_id = $1 AND type = 'agent.state_changed' AND at >= $2 AND at < $3 ORDER BY at, id LIMIT 5000)
       ORDER BY at`,
      [agentId, from, to],
    );
  }

  /** Contacts the agent took (or was last offered) that arrived in [from, to), newest first. */
  contactsOf(agentId: string, from: Date, to: Date): Promise<Array<{ id: string; channel: string; queue_name: string | null; status: string; arrived_at: Date; answered_at: Date | null; wait_seconds: number | null; handle_seconds: number | null; disposition: string | null; satisfaction: number | null }>> {
    return this.dataSource.query(
      `SELECT i.id, i.channel, q.name AS queue_name, i.status, i.arrived_at, i.answered_at, i.wait_seconds, i.handle_seconds, i.disposition,
              s.satisfaction
       FROM interactions i LEFT JOIN queues q ON q.id = i.queue_id LEFT JOIN satisfaction_surveys s ON s.interaction_id = i.id AND s.answered_at IS NOT NULL
       WHERE i.agent_id = $1 AND i.arrived_at >= $2 AND i.arrived_at < $3 ORDER BY i.arrived_at DESC LIMIT 1000`,
      [agentId, from, to],
    );
  }

  /** The user's roles, or null when there is no such user. */
  async rolesOfUser(userId: string): Promise<string[] | null> {
    const [user] = await this.dataSource.query(`SELECT roles FROM users WHERE id = $1`, [userId]);
    return user ? (user.roles as string[]) : null;
  }

  async exists(userId: string): Promise<boolean> {
    const [existing] = await this.dataSource.query(`SELECT 1 FROM agents WHERE user_id = $1`, [userId]);
    return Boolean(existing);
  }

  async insert(userId: string, capacity: Record<string, number>): Promise<void> {
    await this.dataSource.query(`INSERT INTO agents (user_id, capacity, languages) VALUES ($1, $2, $3)`, [userId, JSON.stringify(capacity), []]);
  }

  async remove(userId: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM agents WHERE user_id = $1`, [userId]);
  }

  skills(): Promise<SkillEntity[]> {
    return this.dataSource.getRepository(SkillEntity).find();
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** The agent's languages and skills, with the agent's row locked until the transaction ends; null when unknown. */
  async lockSkills(manager: EntityManager, agentId: string): Promise<{ languages: string[]; skills: Record<string, number> | null } | null> {
    const [before] = await manager.query(
      `SELECT a.languages,
              (SELECT jsonb_object_agg(s.code, ask.proficiency) FROM agent_skills ask JOIN skills s ON s.id = ask.skill_id WHERE ask.agent_id = a.user_id) AS skills
       FROM agents a WHERE a.user_id = $1 FOR UPDATE OF a`,
      [agentId],
    );
    return before ?? null;
  }

  async replaceSkills(manager: EntityManager, agentId: string, skills: Array<{ skillId: string; proficiency: number }>, languages: string[]): Promise<void> {
    await manager.query(`DELETE FROM agent_skills WHERE agent_id = $1`, [agentId]);
    for (const skill of skills) {
      await manager.query(
        `INSERT INTO agent_skills (agent_id, skill_id, proficiency) VALUES ($1, $2, $3) ON CONFLICT (agent_id, skill_id) DO UPDATE SET proficiency = EXCLUDED.proficiency`,
        [agentId, skill.skillId, skill.proficiency],
      );
    }
    await manager.query(`UPDATE agents SET languages = $2 WHERE user_id = $1`, [agentId, languages]);
  }

  /** The agent's capacity, with the agent's row locked until the transaction ends; null when unknown. */
  async lockCapacity(manager: EntityManager, agentId: string): Promise<Record<string, number> | null> {
    const [before] = await manager.query(`SELECT capacity FROM agents WHERE user_id = $1 FOR UPDATE`, [agentId]);
    return before?.capacity ?? null;
  }

  async setCapacity(manager: EntityManager, agentId: string, capacity: Record<string, number>): Promise<void> {
    await manager.query(`UPDATE agents SET capacity = $2 WHERE user_id = $1`, [agentId, JSON.stringify(capacity)]);
  }
}

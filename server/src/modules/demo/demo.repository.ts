import type { EntityManager } from 'typeorm';
import type { Role } from '@callcentre/shared';
import type { DemoCustomer, DemoPurchase } from './demo-centre';

/** The lock that serialises concurrent starts seeding one database. */
const SEED_LOCK = 7243001;

export interface DemoQueueRow {
  code: string;
  name: string;
  basePriority: number;
  serviceLevelPercent: number;
  serviceLevelSeconds: number;
  wrapUpSeconds: number;
  maxWaitSeconds: number | null;
  relaxationSteps: unknown[];
}

export interface DemoUserRow {
  id: string;
  username: string;
  display_name: string;
  team_lead_id: string | null;
  roles: string[];
}

/**
 * The demo centre's writes, all inside the seed's one transaction (`manager`). The demo inserts rows the
 * product otherwise creates through its services; this is the one place that writes them directly.
 */
export class DemoRepository {
  constructor(private readonly manager: EntityManager) {}

  /** Held until the seed's transaction ends, so two starts against one database seed it once. */
  async lockSeeding(): Promise<void> {
    await this.manager.query(`SELECT pg_advisory_xact_lock($1)`, [SEED_LOCK]);
  }

  async hasQueues(): Promise<boolean> {
    const [{ count }] = await this.manager.query(`SELECT count(*)::int AS count FROM queues`);
    return count > 0;
  }

  async insertSkill(skill: { code: string; name: string; kind: string }): Promise<string> {
    const [row] = await this.manager.query(`INSERT INTO skills (code, name, kind) VALUES ($1, $2, $3) RETURNING id`, [skill.code, skill.name, skill.kind]);
    return row.id;
  }

  async insertQueue(queue: DemoQueueRow): Promise<string> {
    const [row] = await this.manager.query(
      `INSERT INTO queues (code, name, base_priority, service_level_percent, service_level_seconds, wrap_up_seconds, max_wait_seconds, relaxation_steps)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [queue.code, queue.name, queue.basePriority, queue.serviceLevelPercent, queue.serviceLevelSeconds, queue.wrapUpSeconds, queue.maxWaitSeconds,
        JSON.stringify(queue.relaxationSteps)],
    );
    return row.id;
  }

  async insertQueueSkill(queueId: string, skillId: string, minProficiency: number, optional: boolean): Promise<void> {
    await this.manager.query(`INSERT INTO queue_skills (queue_id, skill_id, min_proficiency, optional) VALUES ($1, $2, $3, $4)`, [queueId, skillId, minProficiency, optional]);
  }

  async setOverflow(queueId: string, overflowQueueId: string): Promise<void> {
    await this.manager.query(`UPDATE queues SET overflow_queue_id = $1 WHERE id = $2`, [overflowQueueId, queueId]);
  }

  async insertUser(user: { username: string; displayName: string; roles: Role[]; passwordHash: string | null; teamId: string | null }): Promise<string> {
    const [row] = await this.manager.query(
      `INSERT INTO users (username, display_name, roles, password_hash, team_id, team_lead_id)
       VALUES ($1, $2, $3, $4, $5, (SELECT t.team_lead_id FROM teams t WHERE t.id = $5)) RETURNING id`,
      [user.username, user.displayName, user.roles, user.passwordHash, user.teamId],
    );
    return row.id;
  }

  async insertShifts(shifts: ReadonlyArray<{ agentId: string; startsAt: Date; endsAt: Date }>): Promise<void> {
    if (shifts.length === 0) return;
    await this.manager.query(
      `INSERT INTO agent_shifts (agent_id, starts_at, ends_at) SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[])`,
      [shifts.map((shift) => shift.agentId), shifts.map((shift) => shift.startsAt.toISOString()), shifts.map((shift) => shift.endsAt.toISOString())],
    );
  }

  async insertTeam(name: string): Promise<string> {
    const [row] = await this.manager.query(`INSERT INTO teams (name) VALUES ($1) RETURNING id`, [name]);
    return row.id;
  }

  async setTeamLead(teamId: string, leadId: string): Promise<void> {
    await this.manager.query(`UPDATE teams SET team_lead_id = $2 WHERE id = $1`, [teamId, leadId]);
    await this.manager.query(`UPDATE users SET team_lead_id = $2 WHERE team_id = $1`, [teamId, leadId]);
  }

  async insertAgent(userId: string, capacity: Readonly<Record<string, number>>, languages: string[]): Promise<void> {
    await this.manager.query(`INSERT INTO agents (user_id, capacity, languages) VALUES ($1, $2, $3)`, [userId, JSON.stringify(capacity), languages]);
  }

  async insertAgentSkill(agentId: string, skillId: string, proficiency: number): Promise<void> {
    await this.manager.query(`INSERT INTO agent_skills (agent_id, skill_id, proficiency) VALUES ($1, $2, $3)`, [agentId, skillId, proficiency]);
  }

  async insertCustomers(customers: readonly DemoCustomer[]): Promise<void> {
    await this.manager.query(
      `INSERT INTO customers (external_id, name, phone, email, value_tier, lifetime_value, language, time_zone)
       SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::varchar[], $5::varchar[], $6::numeric[], $7::varchar[], $8::varchar[])`,
      [customers.map((c) => c.externalId), customers.map((c) => c.name), customers.map((c) => c.phone), customers.map((c) => c.email),
        customers.map((c) => c.valueTier), customers.map((c) => c.lifetimeValue), customers.map((c) => c.language), customers.map((c) => c.timeZone)],
    );
  }

  /** Purchases name their customer by external id. */
  async insertPurchases(purchases: readonly DemoPurchase[]): Promise<void> {
    await this.manager.query(
      `INSERT INTO customer_transactions (external_id, customer_id, occurred_at, amount, product, channel)
       SELECT p.external_id, c.id, p.occurred_at, p.amount, p.product, p.channel
         FROM unnest($1::varchar[], $2::varchar[], $3::timestamptz[], $4::numeric[], $5::varchar[], $6::varchar[])
              AS p(external_id, customer_external_id, occurred_at, amount, product, channel)
         JOIN customers c ON c.external_id = p.customer_external_id`,
      [purchases.map((p) => p.externalId), purchases.map((p) => p.customerExternalId), purchases.map((p) => p.occurredAt.toISOString()),
        purchases.map((p) => p.amount), purchases.map((p) => p.product), purchases.map((p) => p.channel)],
    );
  }

  async insertDefaultCalendar(name: string, config: unknown): Promise<void> {
    await this.manager.query(`INSERT INTO business_calendars (name, is_default, config) VALUES ($1, true, $2)`, [name, JSON.stringify(config)]);
  }

  users(): Promise<DemoUserRow[]> {
    return this.manager.query(`SELECT id, username, display_name, team_lead_id, roles FROM users`);
  }

  customersByPhone(): Promise<Array<{ id: string; phone: string; value_tier: string }>> {
    return this.manager.query(`SELECT id, phone, value_tier FROM customers ORDER BY phone`);
  }
}

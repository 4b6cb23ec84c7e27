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

  /**
   * The demo's past weeks as a routing journal, set-based (nothing sent row by row): each history day's 15-minute
   * slots × queues give a count of voice contacts (the queue's peak rate × a weekday's shape of a late-morning and an
   * afternoon peak, from 07:30 to 20:30 local, weekends lighter, ±20 % noise); each contact is queued, then answered
   * by an agent on shift who meets the queue's required skills (not at lunch) and completed after talk and wrap-up,
   * or abandoned (7 %, or when no such agent is on shift). Agents sign in at their shift's start, take 45 minutes of
   * lunch three and a half to four and a half hours in (by agent) and sign out at its end. Every random figure comes from a hash of the contact or slot, so a seed is the
   * same for the same days. Every contact ends (completed or abandoned) the day it arrived: nothing is left waiting.
   * Returns the contacts made.
   */
  async insertHistory(
    days: { dayStarts: readonly number[]; shifts: ReadonlyArray<{ agentId: string; startsAt: Date; endsAt: Date }> },
    traffic: ReadonlyArray<{ code: string; peakPerHour: number; talkSeconds: number }>,
    timeZone: string,
  ): Promise<number> {
    /** A uniform figure in [0, 1) from a hash of `key` (SQL text). */
    const uniform = (key: string) => `((hashtext(${key}) & 1048575) / 1048576.0)`;
    const ms = (at: string) => `(extract(epoch FROM ${at}) * 1000)::bigint`;
    const shifts = [days.shifts.map((shift) => shift.agentId), days.shifts.map((shift) => shift.startsAt.toISOString()), days.shifts.map((shift) => shift.endsAt.toISOString())];
    await this.manager.query(
      `INSERT INTO agent_shifts (agent_id, starts_at, ends_at) SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[])`,
      shifts,
    );
    const [{ contacts }] = await this.manager.query(
      `WITH shifts AS (
         SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[]) AS s(agent_id, starts_at, ends_at)
       ), profiles AS (
         SELECT q.id AS queue_id, q.code, q.service_level_seconds, q.wrap_up_seconds, p.peak, p.talk
           FROM unnest($5::text[], $6::float8[], $7::float8[]) AS p(code, peak, talk) JOIN queues q ON q.code = p.code
       ), slots AS (
         SELECT d.day_start + k * interval '15 minutes' AS starts_at, extract(isodow FROM d.day_start AT TIME ZONE $8) AS dow
           FROM unnest($4::timestamptz[]) AS d(day_start), generate_series(0, 95) AS k
       ), rated AS (
         SELECT s.starts_at, p.*,
                round(p.peak / 4 * (CASE s.dow WHEN 6 THEN 0.7 WHEN 7 THEN 0.6 ELSE 1 END)
                      * (CASE WHEN h.hour >= 7.5 AND h.hour < 20.5 THEN exp(-((h.hour - 10.5) ^ 2) / 3) + 0.75 * exp(-((h.hour - 15) ^ 2) / 4) ELSE 0 END)
                      * (0.8 + 0.4 * ${uniform(`s.starts_at::text || p.code`)}))::int AS contacts
           FROM slots s CROSS JOIN profiles p
          CROSS JOIN LATERAL (SELECT extract(hour FROM s.starts_at AT TIME ZONE $8) + extract(minute FROM s.starts_at AT TIME ZONE $8) / 60.0 AS hour) h
       ), contacts AS (
         SELECT md5(r.code || r.starts_at::text || n)::uuid AS id, r.queue_id, r.code, r.service_level_seconds, r.wrap_up_seconds,
                r.starts_at + ${uniform(`r.code || r.starts_at::text || n || 'at'`)} * interval '15 minutes' AS arrived_at,
                ${uniform(`r.code || r.starts_at::text || n || 'abandons'`)} < 0.07 AS abandons,
                round((-ln(1 - ${uniform(`r.code || r.starts_at::text || n || 'wait'`)}) * 14)::numeric, 3)::float8 AS answer_wait,
                round((5 + 85 * ${uniform(`r.code || r.starts_at::text || n || 'patience'`)})::numeric, 3)::float8 AS abandon_wait,
                round((r.talk * (0.5 + ${uniform(`r.code || r.starts_at::text || n || 'talk'`)}))::numeric, 3)::float8 AS talk_seconds,
                round((r.wrap_up_seconds * (0.3 + 0.7 * ${uniform(`r.code || r.starts_at::text || n || 'wrap'`)}))::numeric, 3)::float8 AS wrap_seconds
           FROM rated r CROSS JOIN LATERAL generate_series(1, r.contacts) AS n
       ), eligible AS MATERIALIZED (
         -- Each shift with the queues its agent may take (every required skill met), and its lunch.
         SELECT s.agent_id, s.starts_at, s.ends_at, p.queue_id, (s.starts_at AT TIME ZONE $8)::date AS day,
                s.starts_at + interval '210 minutes' + (abs(hashtext(s.agent_id::text)) % 3) * interval '30 minutes' AS lunch_at
           FROM shifts s CROSS JOIN profiles p
          WHERE NOT EXISTS (
                  SELECT 1 FROM queue_skills qs WHERE qs.queue_id = p.queue_id AND NOT qs.optional
                     AND NOT EXISTS (SELECT 1 FROM agent_skills k WHERE k.agent_id = s.agent_id AND k.skill_id = qs.skill_id AND k.proficiency >= qs.min_proficiency))
       ), picked AS (
         -- One of the agents on shift for the contact's queue (not at lunch, not about to leave), chosen by a hash.
         SELECT DISTINCT ON (c.id) c.id, e.agent_id
           FROM contacts c JOIN eligible e ON e.queue_id = c.queue_id AND e.day = (c.arrived_at AT TIME ZONE $8)::date
          WHERE c.arrived_at >= e.starts_at AND c.arrived_at < e.ends_at - interval '10 minutes'
            AND NOT (c.arrived_at >= e.lunch_at AND c.arrived_at < e.lunch_at + interval '45 minutes')
          ORDER BY c.id, hashtext(c.id::text || e.agent_id::text)
       ), handled AS (
         SELECT c.*, CASE WHEN c.abandons THEN NULL ELSE p.agent_id END AS agent_id, ${ms('c.arrived_at')} AS arrived_ms
           FROM contacts c LEFT JOIN picked p ON p.id = c.id
       ), inserted AS (
         INSERT INTO routing_events (at, type, interaction_id, agent_id, queue_id, payload)
         SELECT e.at, e.type, c.id, e.agent_id, c.queue_id, e.payload || jsonb_build_object('type', e.type, 'at', ${ms('e.at')}, 'contactId', c.id, 'queueId', c.queue_id, 'channel', 'voice')
           FROM handled c
          CROSS JOIN LATERAL (SELECT c.arrived_at + (CASE WHEN c.agent_id IS NULL THEN c.abandon_wait ELSE c.answer_wait END) * interval '1 second' AS ended_wait) w
          CROSS JOIN LATERAL (VALUES
            (c.arrived_at, 'contact.queued', NULL::uuid,
             jsonb_build_object('reason', 'arrival', 'enqueuedAt', c.arrived_ms, 'queueEnteredAt', c.arrived_ms, 'valueTier', 'ordinary', 'complaint', c.code = 'complaints',
                                'language', NULL, 'callback', false, 'priority', 0, 'preferredAgentId', NULL)),
            (w.ended_wait, CASE WHEN c.agent_id IS NULL THEN 'contact.abandoned' ELSE 'contact.connected' END, c.agent_id,
             CASE WHEN c.agent_id IS NULL
               THEN jsonb_build_object('waitSeconds', c.abandon_wait, 'totalWaitSeconds', c.abandon_wait, 'enqueuedAt', c.arrived_ms, 'queueEnteredAt', c.arrived_ms,
                                       'offeredAgentId', NULL, 'callback', false)
               ELSE jsonb_build_object('agentId', c.agent_id, 'waitSeconds', c.answer_wait, 'totalWaitSeconds', c.answer_wait, 'enqueuedAt', c.arrived_ms,
                                       'queueEnteredAt', c.arrived_ms, 'firstEnqueuedAt', c.arrived_ms, 'serviceLevelThresholdSeconds', c.service_level_seconds,
                                       'callback', false, 'valueTier', 'ordinary') END),
            (CASE WHEN c.agent_id IS NOT NULL THEN w.ended_wait + (c.talk_seconds + c.wrap_seconds) * interval '1 second' END, 'contact.completed', c.agent_id,
             jsonb_build_object('agentId', c.agent_id, 'talkSeconds', c.talk_seconds, 'wrapUpSeconds', c.wrap_seconds, 'handleSeconds', c.talk_seconds + c.wrap_seconds,
                                'endedBy', 'agent'))
          ) AS e(at, type, agent_id, payload)
          WHERE e.at IS NOT NULL
          RETURNING type
       )
       SELECT count(*) FILTER (WHERE type = 'contact.queued')::int AS contacts FROM inserted`,
      [...shifts, days.dayStarts.map((at) => new Date(at).toISOString()), traffic.map((queue) => queue.code), traffic.map((queue) => queue.peakPerHour),
        traffic.map((queue) => queue.talkSeconds), timeZone],
    );
    await this.manager.query(
      `INSERT INTO routing_events (at, type, agent_id, payload)
       SELECT e.at, 'agent.state_changed', s.agent_id,
              jsonb_build_object('type', 'agent.state_changed', 'at', ${ms('e.at')}, 'agentId', s.agent_id, 'from', e.from_state, 'fromReason', e.from_reason,
                                 'to', e.to_state, 'reason', e.reason, 'by', jsonb_build_object('kind', 'agent', 'id', s.agent_id), 'secondsInPrevious', e.previous_seconds)
         FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[]) AS s(agent_id, starts_at, ends_at)
        CROSS JOIN LATERAL (SELECT s.starts_at + interval '210 minutes' + (abs(hashtext(s.agent_id::text)) % 3) * interval '30 minutes' AS lunch_at) l
        CROSS JOIN LATERAL (VALUES
          (s.starts_at, 'offline', NULL, 'available', NULL, 0::float8),
          (l.lunch_at, 'available', NULL, 'not_ready', 'lunch', extract(epoch FROM l.lunch_at - s.starts_at)::float8),
          (l.lunch_at + interval '45 minutes', 'not_ready', 'lunch', 'available', NULL, 2700::float8),
          (s.ends_at, 'available', NULL, 'offline', NULL, extract(epoch FROM s.ends_at - l.lunch_at)::float8 - 2700)
        ) AS e(at, from_state, from_reason, to_state, reason, previous_seconds)`,
      shifts,
    );
    return contacts;
  }

  users(): Promise<DemoUserRow[]> {
    return this.manager.query(`SELECT id, username, display_name, team_lead_id, roles FROM users`);
  }

  customersByPhone(): Promise<Array<{ id: string; phone: string; value_tier: string }>> {
    return this.manager.query(`SELECT id, phone, value_tier FROM customers ORDER BY phone`);
  }
}

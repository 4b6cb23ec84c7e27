import { DataSource, EntityManager } from 'typeorm';
import { DEFAULT_CHANNEL_CAPACITY } from '@callcentre/shared';
import { DEMO_CALENDAR, seedDemoComplaints } from '../complaints/complaints.demo';
import { DEMO_QUEUES, DEMO_SKILLS, DEMO_STAFF, demoCustomers, demoPurchases } from './demo-centre';

export interface SeedResult {
  seeded: boolean;
  users: number;
  customers: number;
  purchases: number;
}

async function isEmpty(manager: EntityManager): Promise<boolean> {
  const [{ count }] = await manager.query(`SELECT count(*)::int AS count FROM queues`);
  return count === 0;
}

/**
 * Seeds the demo call centre in one transaction when the database holds no queues yet, so a
 * restart never duplicates it and a half-seeded database never exists.
 * `hashPassword` turns each demo user's password into a stored hash (the password is the username).
 */
export async function seedDemoCentre(
  dataSource: DataSource,
  hashPassword?: (password: string) => Promise<string>,
): Promise<SeedResult> {
  return dataSource.transaction(async (manager) => {
    // Serialises concurrent starts against one database.
    await manager.query(`SELECT pg_advisory_xact_lock(7243001)`);
    if (!(await isEmpty(manager))) return { seeded: false, users: 0, customers: 0, purchases: 0 };

    const skillIds = new Map<string, string>();
    for (const skill of DEMO_SKILLS) {
      const [row] = await manager.query(`INSERT INTO skills (code, name, kind) VALUES ($1, $2, $3) RETURNING id`, [skill.code, skill.name, skill.kind]);
      skillIds.set(skill.code, row.id);
    }

    const queueIds = new Map<string, string>();
    for (const queue of DEMO_QUEUES) {
      const [row] = await manager.query(
        `INSERT INTO queues (code, name, base_priority, service_level_percent, service_level_seconds, wrap_up_seconds, max_wait_seconds, relaxation_steps)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [queue.code, queue.name, queue.basePriority, queue.serviceLevelPercent, queue.serviceLevelSeconds, queue.wrapUpSeconds, queue.maxWaitSeconds,
          JSON.stringify([{ afterSeconds: 60, lowerProficiencyBy: 1, dropOptionalSkills: true }])],
      );
      queueIds.set(queue.code, row.id);
      for (const skill of queue.skills) {
        await manager.query(`INSERT INTO queue_skills (queue_id, skill_id, min_proficiency, optional) VALUES ($1, $2, $3, $4)`, [row.id, skillIds.get(skill.code), skill.minProficiency, skill.optional ?? false]);
      }
    }
    for (const queue of DEMO_QUEUES) {
      if (queue.overflowTo) await manager.query(`UPDATE queues SET overflow_queue_id = $1 WHERE id = $2`, [queueIds.get(queue.overflowTo), queueIds.get(queue.code)]);
    }

    const userIds = new Map<string, string>();
    for (const person of [...DEMO_STAFF].sort((a, b) => Number(Boolean(a.teamLead)) - Number(Boolean(b.teamLead)))) {
      const passwordHash = hashPassword ? await hashPassword(person.username) : null;
      const [row] = await manager.query(
        `INSERT INTO users (username, display_name, roles, password_hash, team_lead_id) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [person.username, person.displayName, person.roles, passwordHash, person.teamLead ? userIds.get(person.teamLead) : null],
      );
      userIds.set(person.username, row.id);
      if (person.roles.includes('agent')) {
        await manager.query(`INSERT INTO agents (user_id, capacity, languages) VALUES ($1, $2, $3)`, [row.id, JSON.stringify(DEFAULT_CHANNEL_CAPACITY), person.languages ?? []]);
        for (const [code, proficiency] of Object.entries(person.skills ?? {})) {
          await manager.query(`INSERT INTO agent_skills (agent_id, skill_id, proficiency) VALUES ($1, $2, $3)`, [row.id, skillIds.get(code), proficiency]);
        }
      }
    }

    const customers = demoCustomers();
    await manager.query(
      `INSERT INTO customers (external_id, name, phone, email, value_tier, lifetime_value, language, time_zone)
       SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::varchar[], $5::varchar[], $6::numeric[], $7::varchar[], $8::varchar[])`,
      [customers.map((c) => c.externalId), customers.map((c) => c.name), customers.map((c) => c.phone), customers.map((c) => c.email),
        customers.map((c) => c.valueTier), customers.map((c) => c.lifetimeValue), customers.map((c) => c.language), customers.map((c) => c.timeZone)],
    );
    const purchases = demoPurchases(customers, new Date());
    await manager.query(
      `INSERT INTO customer_transactions (external_id, customer_id, occurred_at, amount, product, channel)
       SELECT p.external_id, c.id, p.occurred_at, p.amount, p.product, p.channel
         FROM unnest($1::varchar[], $2::varchar[], $3::timestamptz[], $4::numeric[], $5::varchar[], $6::varchar[])
              AS p(external_id, customer_external_id, occurred_at, amount, product, channel)
         JOIN customers c ON c.external_id = p.customer_external_id`,
      [purchases.map((p) => p.externalId), purchases.map((p) => p.customerExternalId), purchases.map((p) => p.occurredAt.toISOString()),
        purchases.map((p) => p.amount), purchases.map((p) => p.product), purchases.map((p) => p.channel)],
    );
    // The business calendar complaint deadlines count on, and complaints in the states a team lead sees on a normal day.
    await manager.query(`INSERT INTO business_calendars (name, is_default, config) VALUES ($1, true, $2)`, ['Head office', JSON.stringify(DEMO_CALENDAR)]);
    await seedDemoComplaints(manager, DEMO_CALENDAR);
    return { seeded: true, users: DEMO_STAFF.length, customers: customers.length, purchases: purchases.length };
  });
}

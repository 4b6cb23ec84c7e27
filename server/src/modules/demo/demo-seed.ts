import type { DataSource } from 'typeorm';
import { DEFAULT_CHANNEL_CAPACITY } from '@callcentre/shared';
import { DEMO_CALENDAR, seedDemoComplaints } from './demo-complaints';
import { DEMO_QUEUES, DEMO_SKILLS, DEMO_STAFF, DEMO_TEAMS, demoCustomers, demoPurchases } from './demo-centre';
import { ReportsRepository } from '../reports';
import { DEMO_QUEUE_TRAFFIC, demoHistoryPlan } from './demo-history';
import { demoShifts } from './demo-shifts';
import { DemoRepository } from './demo.repository';

export interface SeedResult {
  seeded: boolean;
  users: number;
  customers: number;
  purchases: number;
  /** Contacts of the past weeks (with `history`), 0 without. */
  pastContacts: number;
}

/**
 * Seeds the demo call centre in one transaction when the database holds no queues yet, so a
 * restart never duplicates it and a half-seeded database never exists.
 * `hashPassword` turns each demo user's password into a stored hash (the password is the username). The agents get
 * a week of shifts from `now`'s date on the centre's clock (`timeZone`, default UTC), for the forecast's staffing gap.
 * With `history` (`npm start` and `npm run seed` ask for it), the DEMO_HISTORY_DAYS days before `now`'s date get
 * the rota's shifts and a routing journal of contacts that all ended those days (demo.repository.ts,
 * `insertHistory`), closed into interval records up to today's start, so the forecast, the reports and the KPI
 * bands have weeks to show; today's figures start empty.
 */
export async function seedDemoCentre(
  dataSource: DataSource,
  hashPassword?: (password: string) => Promise<string>,
  options: { timeZone?: string; now?: Date; history?: boolean } = {},
): Promise<SeedResult> {
  return dataSource.transaction(async (manager) => {
    const demo = new DemoRepository(manager);
    // Serialises concurrent starts against one database.
    await demo.lockSeeding();
    if (await demo.hasQueues()) return { seeded: false, users: 0, customers: 0, purchases: 0, pastContacts: 0 };

    const skillIds = new Map<string, string>();
    for (const skill of DEMO_SKILLS) skillIds.set(skill.code, await demo.insertSkill(skill));

    const queueIds = new Map<string, string>();
    for (const queue of DEMO_QUEUES) {
      const queueId = await demo.insertQueue({ ...queue, relaxationSteps: [{ afterSeconds: 60, lowerProficiencyBy: 1, dropOptionalSkills: true }] });
      queueIds.set(queue.code, queueId);
      for (const skill of queue.skills) await demo.insertQueueSkill(queueId, skillIds.get(skill.code) as string, skill.minProficiency, skill.optional ?? false);
    }
    for (const queue of DEMO_QUEUES) {
      if (queue.overflowTo) await demo.setOverflow(queueIds.get(queue.code) as string, queueIds.get(queue.overflowTo) as string);
    }

    // Teams first, then their leads, then the people in them (who take their lead from the team).
    const teamIds = new Map<string, string>();
    for (const team of DEMO_TEAMS) teamIds.set(team.lead, await demo.insertTeam(team.name));
    const userIds = new Map<string, string>();
    for (const person of [...DEMO_STAFF].sort((a, b) => Number(Boolean(a.teamLead)) - Number(Boolean(b.teamLead)))) {
      const passwordHash = hashPassword ? await hashPassword(person.username) : null;
      const userId = await demo.insertUser({
        username: person.username,
        displayName: person.displayName,
        roles: person.roles,
        passwordHash,
        teamId: person.teamLead ? (teamIds.get(person.teamLead) ?? null) : null,
      });
      const ledTeam = teamIds.get(person.username);
      if (ledTeam) await demo.setTeamLead(ledTeam, userId);
      userIds.set(person.username, userId);
      if (person.roles.includes('agent')) {
        await demo.insertAgent(userId, DEFAULT_CHANNEL_CAPACITY, person.languages ?? []);
        for (const [code, proficiency] of Object.entries(person.skills ?? {})) await demo.insertAgentSkill(userId, skillIds.get(code) as string, proficiency);
      }
    }

    const agentIds = DEMO_STAFF.filter((person) => person.roles.includes('agent')).map((person) => userIds.get(person.username) as string);
    const now = options.now ?? new Date();
    const timeZone = options.timeZone ?? 'UTC';
    await demo.insertShifts(demoShifts(agentIds, now, timeZone));
    let pastContacts = 0;
    if (options.history) {
      const plan = demoHistoryPlan(agentIds, now, timeZone);
      pastContacts = await demo.insertHistory(plan, DEMO_QUEUE_TRAFFIC, timeZone);
      // Closed as the closing job closes them, up to today's start: the job goes on from there.
      const reports = new ReportsRepository(dataSource);
      await reports.lockCloseState(manager);
      await reports.closeRange(manager, plan.from, plan.to, timeZone);
      await reports.saveCloseState(manager, plan.to, timeZone);
    }

    const customers = demoCustomers();
    await demo.insertCustomers(customers);
    const purchases = demoPurchases(customers, new Date());
    await demo.insertPurchases(purchases);
    // The business calendar complaint deadlines count on, and complaints in the states a team lead sees on a normal day.
    await demo.insertDefaultCalendar('Head office', DEMO_CALENDAR);
    await seedDemoComplaints(manager, DEMO_CALENDAR);
    return { seeded: true, users: DEMO_STAFF.length, customers: customers.length, purchases: purchases.length, pastContacts };
  });
}

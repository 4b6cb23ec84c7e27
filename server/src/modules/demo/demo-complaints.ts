import type { EntityManager } from 'typeorm';
import {
  applyComplaintEvent,
  complaintDeadlineOf,
  complaintMachine,
  complaintStateOf,
  complaintStepOf,
  createBusinessCalendar,
  DEFAULT_COMPLAINT_DEADLINE_POLICY,
  INITIAL_COMPLAINT_CONTEXT,
  type BusinessCalendarConfig,
  type ComplaintComplexity,
  type ComplaintEvent,
  type ComplaintSnapshot,
  type ValueTier,
} from '@callcentre/shared';
import { isTimeZone } from '../../common/config/app-config';
import { AlertsRepository } from '../alerts';
import { effectiveCalendarConfig, type StoredCalendarConfig } from '../calendars';
import { clockEventsAdded, complaintNumber, deadlineColumns, eventPayload, yearIn, type ClockEntry } from '../complaints';
import { ComplaintsRepository, type HistoryRow } from '../complaints';
import { DemoRepository, type DemoUserRow } from './demo.repository';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** What happens to a demo complaint: minutes before the seed, who sends it and the event's own details. */
type Step = { ago: number; by: string } & Record<string, unknown> & { type: Exclude<ComplaintEvent['type'], 'complaint.recorded'> };

interface DemoComplaint {
  agent: string;
  customer: { tier: ValueTier; index: number };
  category: string;
  complexity: ComplaintComplexity;
  description: string;
  receivedAgo: number;
  aboutAgent?: string;
  threat?: { callerNumber: string; workstation: string; statement: string };
  steps: Step[];
}

/** A handful of complaints in the states a team lead's inbox shows on a normal day. */
const DEMO_COMPLAINTS: DemoComplaint[] = [
  {
    agent: 'amy',
    customer: { tier: 'ordinary', index: 0 },
    category: 'billing',
    complexity: 'simple',
    description: 'Charged twice for the October bill; wants the second payment back.',
    receivedAgo: 25 * MINUTE,
    steps: [],
  },
  {
    agent: 'chen.jing',
    customer: { tier: 'secondary', index: 0 },
    category: 'billing',
    complexity: 'general',
    description: 'Roaming charges on a plan that includes roaming.',
    receivedAgo: 2 * HOUR,
    steps: [
      { type: 'customer.calmed', ago: 115 * MINUTE, by: 'chen.jing' },
      { type: 'problem.clarified', ago: 110 * MINUTE, by: 'chen.jing', upheld: true, summary: 'Roaming was billed on days covered by the plan' },
      {
        type: 'remedies.offered',
        ago: 100 * MINUTE,
        by: 'chen.jing',
        remedies: [
          { id: 'refund', description: 'Refund the roaming charges to the card' },
          { id: 'credit', description: 'Credit the charges plus 10% on the next bill' },
        ],
      },
    ],
  },
  {
    agent: 'li.na',
    customer: { tier: 'ordinary', index: 1 },
    category: 'delivery',
    complexity: 'general',
    description: 'Router delivered damaged; the courier left it in the rain.',
    receivedAgo: 26 * HOUR,
    steps: [
      { type: 'customer.calmed', ago: 26 * 60 - 5, by: 'li.na' },
      { type: 'problem.clarified', ago: 26 * 60 - 10, by: 'li.na', upheld: true, summary: 'The router arrived wet and does not power on' },
      { type: 'remedies.offered', ago: 26 * 60 - 15, by: 'li.na', remedies: [{ id: 'replace', description: 'Send a replacement by courier' }] },
      { type: 'remedy.chosen', ago: 26 * 60 - 18, by: 'li.na', remedyId: 'replace' },
      { type: 'action.deferred', ago: 26 * 60 - 20, by: 'li.na', description: 'Logistics sends a replacement router', dueAt: 2 * DAY, ownerId: 'li.na' },
      { type: 'progress.logged', ago: 3 * 60, by: 'li.na', note: 'Told the customer the replacement left the warehouse' },
    ],
  },
  {
    agent: 'ben',
    customer: { tier: 'small', index: 0 },
    category: 'service quality',
    complexity: 'simple',
    description: 'The agent on a previous call was rude and hung up.',
    receivedAgo: 35 * MINUTE,
    aboutAgent: 'david',
    steps: [],
  },
  {
    agent: 'ho.mei',
    customer: { tier: 'ordinary', index: 2 },
    category: 'threat',
    complexity: 'general',
    description: 'Caller threatened to come to the shop and smash the counter over a disconnection.',
    receivedAgo: 3 * HOUR,
    threat: { callerNumber: '+44 7700 900777', workstation: 'Desk 7, extension 2207', statement: '"If my line is not back today I will come and smash your counter."' },
    steps: [{ type: 'escalation.accepted', ago: 170, by: 'daniel' }],
  },
  {
    agent: 'emma',
    customer: { tier: 'important', index: 0 },
    category: 'billing',
    complexity: 'simple',
    description: 'Late fee applied although the payment was made on time.',
    receivedAgo: 3 * DAY,
    steps: [
      { type: 'customer.calmed', ago: 3 * 24 * 60 - 3, by: 'emma' },
      { type: 'problem.clarified', ago: 3 * 24 * 60 - 8, by: 'emma', upheld: false, summary: 'The payment reached us two days after the due date' },
      { type: 'explanation.accepted', ago: 3 * 24 * 60 - 15, by: 'emma' },
      { type: 'customer.thanked', ago: 3 * 24 * 60 - 17, by: 'emma', settled: true, anythingElse: null, satisfaction: 5 },
    ],
  },
  {
    agent: 'frank',
    customer: { tier: 'small', index: 1 },
    category: 'technical',
    complexity: 'simple',
    description: 'Broadband drops every evening since the upgrade.',
    receivedAgo: 6 * DAY,
    steps: [{ type: 'customer.calmed', ago: 6 * 24 * 60 - 4, by: 'frank' }],
  },
  {
    agent: 'amy',
    customer: { tier: 'ordinary', index: 3 },
    category: 'contract',
    complexity: 'simple',
    description: 'Believes the contract was renewed without consent.',
    receivedAgo: 50 * MINUTE,
    steps: [
      { type: 'customer.calmed', ago: 47, by: 'amy' },
      { type: 'problem.clarified', ago: 40, by: 'amy', upheld: false, summary: 'The renewal was confirmed by text message on the customer’s number' },
      { type: 'explanation.accepted', ago: 30, by: 'amy' },
    ],
  },
  {
    agent: 'hannah',
    customer: { tier: 'important', index: 1 },
    category: 'network',
    complexity: 'complex',
    description: 'Repeated outages at the customer’s offices; business lines down for hours.',
    receivedAgo: 5 * DAY,
    steps: [
      { type: 'customer.calmed', ago: 5 * 24 * 60 - 5, by: 'hannah' },
      { type: 'problem.clarified', ago: 5 * 24 * 60 - 20, by: 'hannah', upheld: true, summary: 'Three outages in two weeks at both offices' },
      { type: 'remedies.offered', ago: 5 * 24 * 60 - 30, by: 'hannah', remedies: [{ id: 'engineer', description: 'Engineer visit and a line survey' }] },
      { type: 'remedy.chosen', ago: 5 * 24 * 60 - 35, by: 'hannah', remedyId: 'engineer' },
      { type: 'action.deferred', ago: 5 * 24 * 60 - 40, by: 'hannah', description: 'Network team surveys both lines', dueAt: 5 * DAY, ownerId: 'hannah' },
      { type: 'progress.logged', ago: 24 * 60, by: 'hannah', note: 'Engineer visit booked; told the office manager' },
    ],
  },
];

/** The demo calendar: Monday to Friday, 09:00-12:00 and 13:00-18:00, a few public holidays; the zone follows CENTRE_TIME_ZONE. */
export const DEMO_CALENDAR: StoredCalendarConfig = {
  workingDays: ['mon', 'tue', 'wed', 'thu', 'fri'],
  workingHours: [
    { from: '09:00', to: '12:00' },
    { from: '13:00', to: '18:00' },
  ],
  holidays: ['2026-10-01', '2026-10-02', '2026-12-25', '2027-01-01', '2027-02-08', '2027-02-09', '2027-02-10', '2027-04-05', '2027-05-03', '2027-10-01'],
  extraWorkingDays: [],
};

function centreTimeZone(): string {
  const configured = process.env.CENTRE_TIME_ZONE;
  if (isTimeZone(configured)) return configured;
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return isTimeZone(zone) ? zone : 'UTC';
}

/**
 * Seeds the demo complaints inside the demo centre's transaction: each one is run through the complaint machine
 * from its receipt, so its snapshot, history and clock are what the server would have written. Open complaints
 * are left for the deadline scheduler to evaluate on start (the oldest is breached and gets escalated then).
 */
export async function seedDemoComplaints(manager: EntityManager, calendarConfig: StoredCalendarConfig, now = new Date()): Promise<number> {
  const repository = new ComplaintsRepository(manager.connection);
  const alerts = new AlertsRepository(manager.connection);
  const config: BusinessCalendarConfig = effectiveCalendarConfig(calendarConfig, centreTimeZone());
  const calendar = createBusinessCalendar(config);
  const demo = new DemoRepository(manager);
  const users = new Map<string, DemoUserRow>((await demo.users()).map((user) => [user.username, user]));
  const user = (username: string) => {
    const found = users.get(username);
    if (!found) throw new Error(`demo complaints: no user ${username}`);
    return found;
  };
  const customersByTier = new Map<string, Array<{ id: string; phone: string }>>();
  for (const row of await demo.customersByPhone()) {
    customersByTier.set(row.value_tier, [...(customersByTier.get(row.value_tier) ?? []), row]);
  }

  const ordered = [...DEMO_COMPLAINTS].sort((a, b) => b.receivedAgo - a.receivedAgo);
  for (const demo of ordered) {
    const agent = user(demo.agent);
    const customer = customersByTier.get(demo.customer.tier)?.[demo.customer.index];
    if (!customer) throw new Error(`demo complaints: no ${demo.customer.tier} customer ${demo.customer.index}`);
    const receivedAt = new Date(now.getTime() - demo.receivedAgo);
    const year = yearIn(calendar.timeZone, receivedAt);
    const number = complaintNumber(year, await repository.nextSequence(manager, year));
    const aboutAgent = demo.aboutAgent ? user(demo.aboutAgent) : null;

    const recorded: ComplaintEvent = {
      type: 'complaint.recorded',
      complaintId: number,
      category: demo.category,
      complexity: demo.complexity,
      description: demo.description,
      valueTier: demo.customer.tier,
      aboutAgentConduct: aboutAgent !== null,
      concernedAgentId: aboutAgent?.id ?? null,
      threatening: Boolean(demo.threat),
      at: receivedAt.toISOString(),
      by: agent.id,
    };
    const events: ComplaintEvent[] = [
      recorded,
      ...demo.steps.map(({ ago, by, ...fields }) => {
        const at = new Date(now.getTime() - ago * MINUTE);
        const details: Record<string, unknown> = { ...fields };
        if (typeof details.dueAt === 'number') details.dueAt = new Date(at.getTime() + details.dueAt).toISOString();
        if (typeof details.ownerId === 'string') details.ownerId = user(details.ownerId).id;
        return { ...details, at: at.toISOString(), by: user(by).id } as unknown as ComplaintEvent;
      }),
    ];

    let snapshot: ComplaintSnapshot | null = null;
    const history: Array<Omit<HistoryRow, 'complaint_id'>> = [];
    const clock: ClockEntry[] = [];
    for (const [index, event] of events.entries()) {
      const before = snapshot;
      const result = applyComplaintEvent(before, event);
      if (!result.changed) throw new Error(`demo complaint ${number}: ${event.type} refused`);
      const sender = [...users.values()].find((candidate) => candidate.id === event.by);
      history.push({
        version: index + 1,
        at: new Date(event.at),
        actor_kind: 'user',
        actor_id: event.by,
        actor_name: sender?.display_name ?? null,
        event_type: event.type,
        payload: eventPayload(event),
        note: null,
        from_state: before ? complaintStateOf(before) : 'receive',
        to_state: complaintStateOf(result.snapshot),
        from_value: before ? before.value : 'receive',
        to_value: result.snapshot.value,
      });
      clock.push(...clockEventsAdded(before?.context ?? INITIAL_COMPLAINT_CONTEXT, result.snapshot.context));
      snapshot = result.snapshot;
    }
    const final = snapshot as ComplaintSnapshot;
    const state = complaintStateOf(final);
    const closed = state === 'closed';
    const lastAt = new Date(events[events.length - 1].at);
    const deadline = deadlineColumns(complaintDeadlineOf(calendar, DEFAULT_COMPLAINT_DEADLINE_POLICY, final.context, now), 'on_track', now, false);
    const teamLeadId = final.context.teamLeadId ?? aboutAgent?.team_lead_id ?? agent.team_lead_id;
    const id = await repository.insert(manager, {
      number,
      customer_id: customer.id,
      category: demo.category,
      complexity: demo.complexity,
      description: demo.description,
      value_tier: demo.customer.tier,
      received_by: agent.id,
      owner_id: final.context.ownerId ?? agent.id,
      team_lead_id: teamLeadId,
      threatening: Boolean(demo.threat),
      threat_caller_number: demo.threat?.callerNumber ?? null,
      threat_at: demo.threat ? receivedAt : null,
      threat_workstation: demo.threat?.workstation ?? null,
      threat_statement: demo.threat?.statement ?? null,
      about_agent: aboutAgent !== null,
      about_agent_id: aboutAgent?.id ?? null,
      snapshot: complaintMachine.getPersistedSnapshot(final) as never,
      machine_version: complaintMachine.version ?? '1',
      state,
      step: complaintStepOf(final),
      received_at: receivedAt,
      created_at: receivedAt,
      updated_at: lastAt,
      closed_at: closed ? new Date(final.context.closedAt ?? lastAt) : null,
      version: events.length,
      ...deadline,
      // Open complaints: the scheduler evaluates them on start, records what crossed and acts on breaches.
      ...(closed ? {} : { deadline_status: 'on_track' as const, next_crossing_at: now }),
    });
    for (const row of history) await repository.insertHistory(manager, { ...row, complaint_id: id });
    await repository.insertClockEvents(manager, id, clock);
    if (demo.threat) {
      const message = `Threatening call recorded on complaint ${number}: alert the team lead`;
      const recipients = [agent.id, teamLeadId].filter((value): value is string => Boolean(value));
      const details = { number, callerNumber: demo.threat.callerNumber, workstation: demo.threat.workstation, statement: demo.threat.statement };
      const alertId = await repository.insertAlert(manager, {
        complaint_id: id,
        kind: 'complaint_threatening_call',
        severity: 'critical',
        at: receivedAt,
        message,
        recipients,
        recipient_roles: ['team_lead', 'supervisor'],
        details,
      });
      // Open on the consoles until a team lead or supervisor acknowledges it.
      await alerts.insert(manager, {
        alert: {
          id: alertId,
          kind: 'complaint_threatening_call',
          severity: 'critical',
          at: receivedAt.getTime(),
          message,
          agentId: agent.id,
          agentName: agent.display_name,
          complaintId: id,
          details: { ...details, state, teamLeadId },
          acknowledged: null,
        },
        audience: { users: recipients, roles: ['team_lead', 'supervisor'] },
      });
    }
  }
  return DEMO_COMPLAINTS.length;
}

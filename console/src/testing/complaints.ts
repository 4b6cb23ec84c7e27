import {
  applyComplaintEvent,
  persistComplaintSnapshot,
  type ComplaintDetail,
  type ComplaintEvent,
  type ComplaintSnapshot,
} from '@callcentre/shared';
import { aSession } from './fixtures';

export const AGENT_ID = aSession({ username: 'amy' }).userId;
export const TEAM_LEAD_ID = aSession({ username: 'grace' }).userId;

let clock = Date.UTC(2026, 4, 20, 9, 0, 0);
const at = () => new Date((clock += 60_000)).toISOString();

type EventWithoutStamp = ComplaintEvent extends infer E ? (E extends ComplaintEvent ? Omit<E, 'at' | 'by'> : never) : never;

/** Runs the real complaint machine through events (each stamped a minute apart), from a new complaint. */
export function complaintAfter(events: ReadonlyArray<EventWithoutStamp & { by?: string }>): ComplaintSnapshot {
  let snapshot: ComplaintSnapshot | null = null;
  const recorded = {
    type: 'complaint.recorded',
    complaintId: 'C-2026-000042',
    category: 'billing',
    complexity: 'general',
    description: 'Charged twice for May',
    valueTier: 'secondary',
    aboutAgentConduct: false,
    threatening: false,
  } as const;
  for (const event of [recorded, ...events]) {
    const stamped = { by: AGENT_ID, ...event, at: at() } as ComplaintEvent;
    const result = applyComplaintEvent(snapshot, stamped);
    if (!result.changed) throw new Error(`The machine refused ${event.type} in ${JSON.stringify(result.snapshot.value)}`);
    snapshot = result.snapshot;
  }
  return snapshot as ComplaintSnapshot;
}

/** A complaint as GET /api/complaints/:id answers, around a machine snapshot. */
export function aComplaintDetail(snapshot: ComplaintSnapshot, overrides: Partial<ComplaintDetail> = {}): ComplaintDetail {
  const persisted = persistComplaintSnapshot(snapshot);
  const state = typeof persisted.value === 'string' ? persisted.value : Object.keys(persisted.value)[0];
  return {
    id: 'cp-1',
    number: 'C-2026-000042',
    customerId: '40000000-0000-4000-8000-000000000001',
    customerName: 'Olivia Smith',
    category: 'billing',
    complexity: 'general',
    valueTier: 'secondary',
    state: state as ComplaintDetail['state'],
    step: null,
    version: 3,
    receivedBy: AGENT_ID,
    ownerId: persisted.context.ownerId ?? AGENT_ID,
    ownerName: 'Amy Walker',
    teamLeadId: persisted.context.teamLeadId,
    teamLeadName: persisted.context.teamLeadId ? 'Grace Lin' : null,
    threatening: false,
    aboutAgent: false,
    aboutAgentId: null,
    deadline: { kind: 'resolution', status: 'on_track', clock: 'running', dueAt: new Date(Date.now() + 26 * 3_600_000).toISOString(), commitmentDueAt: null, nextCrossingAt: null },
    receivedAt: persisted.context.receivedAt ?? new Date().toISOString(),
    updatedAt: new Date().toISOString(),
    closedAt: persisted.context.closedAt,
    satisfaction: persisted.context.closing?.satisfaction ?? null,
    description: 'Charged twice for May',
    stateValue: persisted.value,
    machineVersion: '1',
    threat: null,
    aboutAgentName: null,
    allowedEvents: [
      'customer.calmed', 'problem.clarified', 'explanation.accepted', 'explanation.rejected', 'remedies.offered', 'remedy.chosen',
      'remedies.rejected', 'action.completed', 'action.deferred', 'action.rescheduled', 'progress.logged', 'complaint.escalated',
      'escalation.accepted', 'owner.assigned', 'escalation.returned', 'escalation.resolved', 'customer.thanked', 'customer.wait', 'customer.answered',
    ],
    allowedReturnSteps: [],
    context: persisted.context,
    interactions: [],
    ...overrides,
  };
}

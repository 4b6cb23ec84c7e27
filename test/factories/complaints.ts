import type { DataSource } from 'typeorm';
import { COMPLAINT_EVENT_TYPES, type ComplaintEventType } from '@callcentre/shared';
import { call, customerByTier, DemoStaff } from './routing';

export interface ApiResult<T = ComplaintBody> {
  status: number;
  body: T;
}

/** The parts of a complaint's JSON the suites read. */
export interface ComplaintBody {
  id: string;
  number: string;
  state: string;
  stateValue: unknown;
  step: string | null;
  version: number;
  ownerId: string;
  teamLeadId: string | null;
  customerId: string | null;
  valueTier: string;
  threatening: boolean;
  allowedEvents: ComplaintEventType[];
  allowedReturnSteps: string[];
  deadline: { kind: string; status: string; dueAt: string; commitmentDueAt: string; nextCrossingAt: string | null; keyCustomer?: boolean; clock: string };
  context: {
    remedyOffers: Array<{ remedies: Array<{ id: string }>; outcome: string }>;
    escalations: Array<{ kind: string; from: string; escalatedBy: string }>;
    ownerId: string;
    teamLeadId: string | null;
    [field: string]: unknown;
  };
  interactions: Array<{ interactionId: string }>;
  code?: string;
  message?: string;
  details?: Record<string, unknown> & { state?: string; allowedEvents?: string[]; yourAllowedEvents?: string[]; version?: number };
  fields?: Array<{ field: string; messages: string[] }>;
  [field: string]: unknown;
}

export interface OpenOptions {
  customerTier?: 'important' | 'secondary' | 'ordinary' | 'small';
  customerId?: string;
  interactionId?: string;
  category?: string;
  complexity?: 'simple' | 'general' | 'complex';
  description?: string;
  aboutAgentId?: string;
  threat?: { callerNumber?: string; at?: string; workstation: string; statement: string };
  note?: string;
}

/**
 * A contact of the customer that `staff` handled: one they already answered, else a finished call of the customer
 * that they answered, stored as the router leaves a completed contact (no live routing record, the agent kept on
 * it). Only agents answer contacts: for anyone else nothing is written and the answer is null.
 */
export async function servedBy(dataSource: DataSource, staff: Pick<DemoStaff, 'id'>, customerId: string): Promise<string | null> {
  const [handled] = await dataSource.query(`SELECT id FROM interactions WHERE customer_id = $1 AND agent_id = $2 ORDER BY arrived_at LIMIT 1`, [customerId, staff.id]);
  if (handled) return handled.id;
  const [recorded] = await dataSource.query(
    `INSERT INTO interactions (channel, status, queue_id, first_queue_id, customer_id, caller, value_tier, complaint, agent_id,
                               arrived_at, answered_at, ended_at, closed_at, wait_seconds, handle_seconds, disposition)
     SELECT 'voice', 'completed', q.id, q.id, c.id, jsonb_build_object('phone', c.phone), c.value_tier, true, a.user_id,
            now() - interval '20 minutes', now() - interval '19 minutes', now() - interval '12 minutes', now() - interval '11 minutes', 60, 480, 'complaint_recorded'
     FROM customers c
     JOIN agents a ON a.user_id = $2
     JOIN queues q ON q.code = 'complaints'
     WHERE c.id = $1
     RETURNING id`,
    [customerId, staff.id],
  );
  return recorded?.id ?? null;
}

/**
 * Opens a complaint through the API as `staff`, for a customer of the given tier unless an interaction or customer
 * is given. Opened for a customer alone, the agent has first served that customer (agents receive complaints only
 * from customers whose contacts they handled); opened from an interaction, nothing is added.
 */
export async function openComplaint(baseUrl: string, dataSource: DataSource, staff: DemoStaff, options: OpenOptions = {}): Promise<ApiResult> {
  const customerId = options.interactionId || options.customerId ? options.customerId : (await customerByTier(dataSource, options.customerTier ?? 'ordinary')).id;
  if (customerId && !options.interactionId) await servedBy(dataSource, staff, customerId);
  const body: Record<string, unknown> = {
    category: options.category ?? 'billing',
    complexity: options.complexity ?? 'simple',
    description: options.description ?? 'Charged twice for the same bill',
  };
  if (customerId) body.customerId = customerId;
  if (options.interactionId) body.interactionId = options.interactionId;
  if (options.aboutAgentId) body.aboutAgentId = options.aboutAgentId;
  if (options.threat) body.threat = options.threat;
  if (options.note) body.note = options.note;
  return call(baseUrl, 'POST', '/api/complaints', staff.headers, body);
}

export function sendEvent(baseUrl: string, staff: DemoStaff, complaintId: string, body: Record<string, unknown>): Promise<ApiResult> {
  return call(baseUrl, 'POST', `/api/complaints/${complaintId}/events`, staff.headers, body);
}

export function getComplaint(baseUrl: string, staff: DemoStaff, complaintId: string): Promise<ApiResult> {
  return call(baseUrl, 'GET', `/api/complaints/${complaintId}`, staff.headers);
}

/** Sends one event and fails loudly unless it is accepted. */
export async function move(baseUrl: string, staff: DemoStaff, complaintId: string, body: Record<string, unknown>): Promise<ComplaintBody> {
  const response = await sendEvent(baseUrl, staff, complaintId, body);
  if (response.status !== 200) throw new Error(`${String(body.type)} answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body;
}

let remedySerial = 0;

/**
 * A well-formed body for an event type, so that a refusal can only come from the complaint's state:
 * remedies are fresh, a chosen remedy is one on offer, due dates lie ahead, a new owner is someone else.
 */
export function sampleEventBody(type: ComplaintEventType, complaint: ComplaintBody, otherAgentId: string): Record<string, unknown> {
  const dueAt = new Date(Date.now() + 3 * 24 * 3_600_000).toISOString();
  switch (type) {
    case 'customer.calmed':
    case 'explanation.accepted':
    case 'escalation.accepted':
    case 'customer.answered':
      return { type };
    case 'problem.clarified':
      return { type, upheld: true, summary: 'The bill was collected twice' };
    case 'explanation.rejected':
    case 'remedies.rejected':
    case 'action.completed':
    case 'progress.logged':
      return { type, note: `A note for ${type}` };
    case 'remedies.offered':
      remedySerial += 1;
      return { type, remedies: [{ id: `refund-${remedySerial}`, description: 'Refund the second collection' }] };
    case 'remedy.chosen': {
      const offer = complaint.context.remedyOffers.at(-1);
      return { type, remedyId: offer?.remedies[0]?.id ?? 'refund' };
    }
    case 'action.deferred':
      return { type, description: 'Finance reverses the collection', dueAt, ownerId: complaint.ownerId };
    case 'action.rescheduled':
      return { type, dueAt: new Date(Date.now() + 5 * 24 * 3_600_000).toISOString(), reason: 'Finance needs the bank statement' };
    case 'complaint.escalated':
      return { type, reason: 'Needs approval above my limit' };
    case 'owner.assigned':
      return { type, ownerId: otherAgentId };
    case 'escalation.returned':
      return { type, to: 'resolve', guidance: 'Offer the goodwill credit' };
    case 'escalation.resolved':
      return { type, resolution: 'Refunded with a goodwill credit' };
    case 'customer.thanked':
      return { type, settled: true, anythingElse: null, satisfaction: 4 };
    case 'customer.wait':
      return { type, reason: 'Customer looks for the bank statement' };
    case 'complaint.recorded':
      throw new Error('complaint.recorded is sent by opening a complaint');
  }
}

/** Every event type a console can send (all but complaint.recorded). */
export const SENDABLE_TYPES: ComplaintEventType[] = COMPLAINT_EVENT_TYPES.filter((type) => type !== 'complaint.recorded');

/** Rows a complaint has in each of its tables: nothing may change them on a refusal. */
export async function complaintFootprint(dataSource: DataSource, complaintId: string) {
  const [row] = await dataSource.query(
    `SELECT c.version, c.state, c.snapshot::text AS snapshot, c.updated_at,
            (SELECT count(*)::int FROM complaint_events e WHERE e.complaint_id = c.id) AS events,
            (SELECT count(*)::int FROM complaint_clock_events k WHERE k.complaint_id = c.id) AS clock,
            (SELECT count(*)::int FROM complaint_alerts a WHERE a.complaint_id = c.id) AS alerts,
            (SELECT count(*)::int FROM audit_log l WHERE l.target_type = 'complaint' AND l.target_id = c.id::text) AS audit
     FROM complaints c WHERE c.id = $1`,
    [complaintId],
  );
  return row;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` returns something truthy, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 8000, what = 'condition'): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

/**
 * A complaint call answered by `agent` through the ACD: the PBX sends it to the complaints queue, the agent
 * becomes available, is offered it and accepts. Returns the interaction id (the call is connected).
 */
export async function complaintCallAnsweredBy(
  baseUrl: string,
  pbxHeaders: Record<string, string>,
  agent: DemoStaff,
  caller: { phone: string },
  externalId: string,
): Promise<string> {
  const created = await call(baseUrl, 'POST', '/api/interactions', pbxHeaders, { channel: 'voice', caller, queue: 'complaints', complaint: true, externalId, preferredAgentId: agent.id });
  if (created.status !== 201) throw new Error(`ingestion answered ${created.status}: ${JSON.stringify(created.body)}`);
  const interactionId: string = created.body.interaction.id;
  const available = await call(baseUrl, 'PUT', '/api/agents/me/state', agent.headers, { state: 'available' });
  if (available.status !== 200) throw new Error(`agent state answered ${available.status}: ${JSON.stringify(available.body)}`);
  const offer = await eventually(async () => {
    const interaction = await call(baseUrl, 'GET', `/api/interactions/${interactionId}`, agent.headers);
    return interaction.body.offer?.agentId === agent.id ? interaction.body.offer : null;
  }, 8000, 'the offer to ring');
  const accepted = await call(baseUrl, 'POST', `/api/interactions/${interactionId}/accept`, agent.headers, { offerId: offer.offerId });
  if (accepted.status !== 200) throw new Error(`accept answered ${accepted.status}: ${JSON.stringify(accepted.body)}`);
  return interactionId;
}

/** The agent hangs up and finishes after-contact work: their desk is free for the next contact. */
export async function finishContact(baseUrl: string, agent: DemoStaff, interactionId: string): Promise<void> {
  const ended = await call(baseUrl, 'POST', `/api/interactions/${interactionId}/end`, agent.headers);
  if (ended.status !== 200) throw new Error(`end answered ${ended.status}: ${JSON.stringify(ended.body)}`);
  const wrapped = await call(baseUrl, 'POST', `/api/interactions/${interactionId}/wrap-up`, agent.headers, { disposition: 'complaint_recorded' });
  if (wrapped.status !== 200) throw new Error(`wrap-up answered ${wrapped.status}: ${JSON.stringify(wrapped.body)}`);
}

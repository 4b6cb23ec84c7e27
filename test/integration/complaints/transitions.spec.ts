import { allowedEvents, COMPLAINT_EVENT_SENDERS, restoreComplaintSnapshot, type ComplaintEventType } from '@callcentre/shared';
import { call, DemoStaff, signInAs } from '../../factories/routing';
import {
  complaintFootprint,
  getComplaint,
  move,
  openComplaint,
  sampleEventBody,
  SENDABLE_TYPES,
  sendEvent,
  servedBy,
  type ComplaintBody,
} from '../../factories/complaints';
import { startTestApp, TestApp } from '../../support/test-app';

describe('complaints: the server runs the machine, refuses what it does not accept, and lets one of two racing changes win', () => {
  let server: TestApp;
  let amy: DemoStaff;
  let chen: DemoStaff;
  let grace: DemoStaff;
  let sophie: DemoStaff;

  beforeAll(async () => {
    server = await startTestApp({ seedDemo: true });
    amy = await signInAs(server.dataSource, 'amy');
    chen = await signInAs(server.dataSource, 'chen.jing');
    grace = await signInAs(server.dataSource, 'grace');
    sophie = await signInAs(server.dataSource, 'sophie');
  });
  afterAll(async () => {
    await server.close();
  });

  /** A permitted sender for the type: the owner when the owner may send it, else the team lead, else a supervisor. */
  const senderFor = (type: ComplaintEventType): DemoStaff =>
    COMPLAINT_EVENT_SENDERS[type].includes('owner') ? amy : COMPLAINT_EVENT_SENDERS[type].includes('team_lead') ? grace : sophie;

  const machineAllows = async (id: string): Promise<ComplaintEventType[]> => {
    const [row] = await server.dataSource.query(`SELECT snapshot FROM complaints WHERE id = $1`, [id]);
    return allowedEvents(restoreComplaintSnapshot(row.snapshot));
  };

  const reach: Record<string, (id: string) => Promise<void>> = {
    calm: async () => undefined,
    explaining: async (id) => {
      await move(server.baseUrl, amy, id, { type: 'customer.calmed' });
      await move(server.baseUrl, amy, id, { type: 'problem.clarified', upheld: false, summary: 'Billed as agreed' });
    },
    awaiting_team_lead: async (id) => {
      await move(server.baseUrl, amy, id, { type: 'complaint.escalated', reason: 'Above my limit' });
    },
    handling: async (id) => {
      await move(server.baseUrl, amy, id, { type: 'complaint.escalated', reason: 'Above my limit' });
      await move(server.baseUrl, grace, id, { type: 'escalation.accepted' });
    },
    thank: async (id) => {
      await reach.explaining(id);
      await move(server.baseUrl, amy, id, { type: 'explanation.accepted' });
    },
    closed: async (id) => {
      await reach.thank(id);
      await move(server.baseUrl, amy, id, { type: 'customer.thanked', settled: true, anythingElse: null, satisfaction: 3 });
    },
  };

  it.each(Object.keys(reach))('in %s, every event the machine does not accept answers 409 with the state and the allowed events, and writes nothing', async (where) => {
    const opened = await openComplaint(server.baseUrl, server.dataSource, amy);
    const id = opened.body.id;
    await reach[where](id);
    const allowed = await machineAllows(id);
    const complaint = (await getComplaint(server.baseUrl, amy, id)).body;
    const refused = SENDABLE_TYPES.filter((type) => !allowed.includes(type));
    expect(refused.length).toBeGreaterThan(where === 'closed' ? 18 : 8);
    const before = await complaintFootprint(server.dataSource, id);
    for (const type of refused) {
      const response = await sendEvent(server.baseUrl, senderFor(type), id, sampleEventBody(type, complaint, chen.id));
      expect({ type, status: response.status, code: response.body.code }).toEqual({ type, status: 409, code: 'COMPLAINT_EVENT_REFUSED' });
      expect(response.body.details).toMatchObject({ state: complaint.state, version: complaint.version, reason: 'not_allowed_now', allowedEvents: allowed });
      expect(response.body.message).toContain(complaint.state);
    }
    expect(await complaintFootprint(server.dataSource, id)).toEqual(before);
  });

  it('refuses details the machine does not accept (a remedy not on offer, a due date already past) with 409 and writes nothing', async () => {
    const opened = await openComplaint(server.baseUrl, server.dataSource, amy);
    const id = opened.body.id;
    await move(server.baseUrl, amy, id, { type: 'customer.calmed' });
    await move(server.baseUrl, amy, id, { type: 'problem.clarified', upheld: true, summary: 'Collected twice' });
    await move(server.baseUrl, amy, id, { type: 'remedies.offered', remedies: [{ id: 'refund', description: 'Refund it' }] });
    const before = await complaintFootprint(server.dataSource, id);
    const unknownRemedy = await sendEvent(server.baseUrl, amy, id, { type: 'remedy.chosen', remedyId: 'voucher' });
    expect(unknownRemedy.status).toBe(409);
    expect(unknownRemedy.body.details).toMatchObject({ reason: 'details_refused', state: 'resolve', stateValue: { resolve: 'awaiting_choice' } });
    expect(unknownRemedy.body.details?.allowedEvents).toContain('remedy.chosen');
    await move(server.baseUrl, amy, id, { type: 'remedy.chosen', remedyId: 'refund' });
    const past = await sendEvent(server.baseUrl, amy, id, { type: 'action.deferred', description: 'Finance refunds', dueAt: '2020-01-01T00:00:00Z', ownerId: amy.id });
    expect(past.status).toBe(409);
    expect(past.body.details).toMatchObject({ reason: 'details_refused', state: 'act' });
    expect((await complaintFootprint(server.dataSource, id)).events).toBe(before.events + 1);
  });

  it('answers 409 to a stale expectedVersion, naming the current state and version', async () => {
    const opened = await openComplaint(server.baseUrl, server.dataSource, amy);
    await move(server.baseUrl, amy, opened.body.id, { type: 'customer.calmed', expectedVersion: 1 });
    const before = await complaintFootprint(server.dataSource, opened.body.id);
    const stale = await sendEvent(server.baseUrl, amy, opened.body.id, { type: 'problem.clarified', upheld: true, summary: 'x', expectedVersion: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('COMPLAINT_VERSION_CONFLICT');
    expect(stale.body.details).toMatchObject({ state: 'clarify', version: 2, expectedVersion: 1 });
    expect(stale.body.details?.yourAllowedEvents).toEqual(expect.arrayContaining(['problem.clarified', 'complaint.escalated']));
    expect(await complaintFootprint(server.dataSource, opened.body.id)).toEqual(before);
  });

  it('two consoles sending conflicting transitions at once: one 200, one 409, one history row', async () => {
    for (let round = 0; round < 4; round += 1) {
      const opened = await openComplaint(server.baseUrl, server.dataSource, amy);
      const id = opened.body.id;
      await move(server.baseUrl, amy, id, { type: 'customer.calmed' });
      const [clarified, escalated] = await Promise.all([
        sendEvent(server.baseUrl, amy, id, { type: 'problem.clarified', upheld: true, summary: 'Collected twice', expectedVersion: 2 }),
        sendEvent(server.baseUrl, sophie, id, { type: 'complaint.escalated', reason: 'Key account manager asked', expectedVersion: 2 }),
      ]);
      expect([clarified.status, escalated.status].sort()).toEqual([200, 409]);
      const loser = clarified.status === 409 ? clarified : escalated;
      expect(loser.body.code).toMatch(/^COMPLAINT_(VERSION_CONFLICT|EVENT_REFUSED)$/);
      expect(loser.body.details).toMatchObject({ version: 3 });
      const history = await call(server.baseUrl, 'GET', `/api/complaints/${id}/history`, sophie.headers);
      expect(history.body.events.map((event: { version: number }) => event.version)).toEqual([1, 2, 3]);
      const [row] = await server.dataSource.query(`SELECT version, state FROM complaints WHERE id = $1`, [id]);
      expect(row.version).toBe(3);
      expect(row.state).toBe(clarified.status === 200 ? 'resolve' : 'escalated');
    }
  });

  it('two escalations at once (owner and supervisor, no expected version): one escalation', async () => {
    for (let round = 0; round < 4; round += 1) {
      const opened = await openComplaint(server.baseUrl, server.dataSource, amy);
      const id = opened.body.id;
      const responses = await Promise.all([
        sendEvent(server.baseUrl, amy, id, { type: 'complaint.escalated', reason: 'Customer asks for a manager' }),
        sendEvent(server.baseUrl, sophie, id, { type: 'complaint.escalated', reason: 'Seen on the wallboard' }),
      ]);
      expect(responses.map((response) => response.status).sort()).toEqual([200, 409]);
      const escalations = await server.dataSource.query(`SELECT count(*)::int AS n FROM complaint_events WHERE complaint_id = $1 AND event_type = 'complaint.escalated'`, [id]);
      expect(escalations[0].n).toBe(1);
      const complaint = (await getComplaint(server.baseUrl, sophie, id)).body as ComplaintBody;
      expect(complaint.context.escalations).toHaveLength(1);
      expect(complaint.state).toBe('escalated');
    }
  });

  it('validates each event type’s own fields, rejects unknown fields and unknown types with field messages', async () => {
    const opened = await openComplaint(server.baseUrl, server.dataSource, amy);
    const id = opened.body.id;
    const before = await complaintFootprint(server.dataSource, id);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ type: 'problem.clarified', upheld: 'yes', summary: 'x' }, 'upheld'],
      [{ type: 'problem.clarified', upheld: true }, 'summary'],
      [{ type: 'problem.clarified', upheld: true, summary: '   ' }, 'summary'],
      [{ type: 'customer.calmed', mood: 'better' }, 'mood'],
      [{ type: 'customer.calmed', at: '2020-01-01T00:00:00Z' }, 'at'],
      [{ type: 'customer.calmed', by: amy.id }, 'by'],
      [{ type: 'remedies.offered', remedies: [] }, 'remedies'],
      [{ type: 'remedies.offered', remedies: [{ id: 'x' }] }, 'remedies.0.description'],
      [{ type: 'action.deferred', description: 'x', dueAt: 'tomorrow', ownerId: amy.id }, 'dueAt'],
      [{ type: 'owner.assigned', ownerId: 'ben' }, 'ownerId'],
      [{ type: 'escalation.returned', to: 'thank', guidance: 'x' }, 'to'],
      [{ type: 'customer.thanked', settled: true, satisfaction: 6 }, 'satisfaction'],
      [{ type: 'progress.logged' }, 'note'],
      [{ type: 'customer.calmed', expectedVersion: 0 }, 'expectedVersion'],
      [{ type: 'complaint.recorded' }, 'type'],
      [{ type: 'complaint.deleted' }, 'type'],
      [{}, 'type'],
    ];
    for (const [body, field] of cases) {
      const response = await sendEvent(server.baseUrl, amy, id, body);
      expect({ body, status: response.status, code: response.body.code }).toEqual({ body, status: 400, code: 'VALIDATION_FAILED' });
      expect(response.body.fields?.map((entry) => entry.field)).toContain(field);
    }
    const notJson = await fetch(`${server.baseUrl}/api/complaints/${id}/events`, { method: 'POST', headers: amy.headers, body: '[1,2]' });
    expect(notJson.status).toBe(400);
    expect(await complaintFootprint(server.dataSource, id)).toEqual(before);

    const unknownOwner = await sendEvent(server.baseUrl, grace, id, { type: 'owner.assigned', ownerId: '00000000-0000-4000-8000-000000000000' });
    expect(unknownOwner.status).toBe(404);
    expect(unknownOwner.body.code).toBe('USER_NOT_FOUND');
    const missing = await sendEvent(server.baseUrl, amy, '00000000-0000-4000-8000-000000000000', { type: 'customer.calmed' });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('COMPLAINT_NOT_FOUND');
    expect((await sendEvent(server.baseUrl, amy, 'not-a-uuid', { type: 'customer.calmed' })).status).toBe(400);
  });

  it('validates an opening and refuses one without a customer or contact', async () => {
    const count = async () => (await server.dataSource.query(`SELECT count(*)::int AS n FROM complaints`))[0].n;
    const before = await count();
    // A customer Amy served, so that each refusal below comes from the field it is about.
    const customerId = (await server.dataSource.query(`SELECT id FROM customers LIMIT 1`))[0].id;
    await servedBy(server.dataSource, amy, customerId);
    const cases: Array<[Record<string, unknown>, number, string, string?]> = [
      [{ category: 'billing', complexity: 'simple', description: 'x' }, 400, 'CUSTOMER_OR_INTERACTION_REQUIRED'],
      [{ customerId, complexity: 'simple', description: 'x' }, 400, 'VALIDATION_FAILED', 'category'],
      [{ customerId, category: 'billing', complexity: 'tricky', description: 'x' }, 400, 'VALIDATION_FAILED', 'complexity'],
      [{ customerId, category: 'billing', complexity: 'simple', description: ' ' }, 400, 'VALIDATION_FAILED', 'description'],
      [{ customerId, category: 'billing', complexity: 'simple', description: 'x', valueTier: 'important' }, 400, 'VALIDATION_FAILED', 'valueTier'],
      [{ customerId, category: 'billing', complexity: 'simple', description: 'x', threat: { workstation: 'Desk 1' } }, 400, 'VALIDATION_FAILED', 'threat.statement'],
      [{ customerId: '00000000-0000-4000-8000-000000000000', category: 'billing', complexity: 'simple', description: 'x' }, 404, 'CUSTOMER_NOT_FOUND'],
      [{ interactionId: '00000000-0000-4000-8000-000000000000', category: 'billing', complexity: 'simple', description: 'x' }, 404, 'INTERACTION_NOT_FOUND'],
      [{ customerId, category: 'billing', complexity: 'simple', description: 'x', aboutAgentId: '00000000-0000-4000-8000-000000000000' }, 404, 'USER_NOT_FOUND'],
      [{ customerId, category: 'billing', complexity: 'simple', description: 'x', aboutAgentId: sophie.id }, 400, 'NOT_AN_AGENT'],
    ];
    for (const [body, status, code, field] of cases) {
      const response = await call(server.baseUrl, 'POST', '/api/complaints', amy.headers, body);
      expect({ body, status: response.status, code: response.body.code }).toEqual({ body, status, code });
      expect(response.body.fields?.map((entry: { field: string }) => entry.field) ?? []).toEqual(expect.arrayContaining(field ? [field] : []));
    }
    // Supervisors reassign and escalate; complaints are received by agents and team leads.
    expect((await call(server.baseUrl, 'POST', '/api/complaints', sophie.headers, { customerId, category: 'billing', complexity: 'simple', description: 'x' })).status).toBe(403);
    expect(await count()).toBe(before);
  });
});

import { call, customerByTier, DemoStaff, signInAs } from '../../factories/routing';
import { createApiKey } from '../../factories/users';
import { complaintCallAnsweredBy, finishContact, getComplaint, move, openComplaint } from '../../factories/complaints';
import { startTestApp, TestApp } from '../../support/test-app';

describe('complaints: opened from a contact, numbered, walked through the six steps and closed', () => {
  let server: TestApp;
  let liNa: DemoStaff;
  let amy: DemoStaff;
  let grace: DemoStaff;
  let sophie: DemoStaff;
  let pbx: { headers: Record<string, string> };

  // A server per test: contacts a test leaves ringing or waiting (an e-mail offered to Li Na) stay out of the others.
  beforeEach(async () => {
    server = await startTestApp({ seedDemo: true });
    liNa = await signInAs(server.dataSource, 'li.na');
    amy = await signInAs(server.dataSource, 'amy');
    grace = await signInAs(server.dataSource, 'grace');
    sophie = await signInAs(server.dataSource, 'sophie');
    pbx = await createApiKey(server.dataSource, { scopes: ['ingest'] });
  });
  afterEach(async () => {
    await server.close();
  });

  it('opens a complaint from the call it came through: numbered CMP-<year>-<6 digits>, owned by the agent, recorded in the history', async () => {
    const customer = await customerByTier(server.dataSource, 'secondary');
    const interactionId = await complaintCallAnsweredBy(server.baseUrl, pbx.headers, liNa, { phone: customer.phone }, 'complaint-call-1');

    const opened = await openComplaint(server.baseUrl, server.dataSource, liNa, { interactionId, complexity: 'general', description: 'Roaming billed on an inclusive plan', note: 'Customer very upset' });
    expect(opened.status).toBe(201);
    const year = new Date().getUTCFullYear();
    expect(opened.body.number).toMatch(new RegExp(`^CMP-(${year - 1}|${year}|${year + 1})-\\d{6}$`));
    expect(opened.body).toMatchObject({
      state: 'calm',
      step: 'calm',
      version: 1,
      ownerId: liNa.id,
      customerId: customer.id,
      valueTier: 'secondary',
      threatening: false,
      interactions: [{ interactionId }],
    });
    const [lead] = await server.dataSource.query(`SELECT id FROM users WHERE username = 'grace'`);
    expect(opened.body.teamLeadId).toBe(lead.id);
    expect(opened.body.allowedEvents).toEqual(expect.arrayContaining(['customer.calmed', 'complaint.escalated', 'customer.wait', 'progress.logged']));
    expect(opened.body.allowedEvents).not.toContain('escalation.accepted');

    const history = await call(server.baseUrl, 'GET', `/api/complaints/${opened.body.id}/history`, liNa.headers);
    expect(history.status).toBe(200);
    expect(history.body.events).toHaveLength(1);
    expect(history.body.events[0]).toMatchObject({
      version: 1,
      type: 'complaint.recorded',
      actor: { kind: 'user', id: liNa.id },
      fromState: 'receive',
      toState: 'calm',
      note: 'Customer very upset',
      payload: { complaintId: opened.body.number, complexity: 'general', valueTier: 'secondary', interactionId },
    });
    expect(history.body.clock.map((entry: { kind: string }) => entry.kind)).toEqual(['started']);
    await finishContact(server.baseUrl, liNa, interactionId);

    // The next complaint gets the next number of the year.
    const next = await openComplaint(server.baseUrl, server.dataSource, amy);
    const sequence = (number: string) => Number(number.slice(-6));
    expect(next.body.number.slice(0, 9)).toBe(opened.body.number.slice(0, 9));
    expect(sequence(next.body.number)).toBe(sequence(opened.body.number) + 1);
  });

  it('an agent opens complaints only from contacts they handled; a team lead from any; later contacts are linked to it', async () => {
    const customer = await customerByTier(server.dataSource, 'ordinary');
    const interactionId = await complaintCallAnsweredBy(server.baseUrl, pbx.headers, liNa, { phone: customer.phone }, 'complaint-call-2');
    const notHers = await openComplaint(server.baseUrl, server.dataSource, amy, { interactionId });
    expect(notHers.status).toBe(403);
    expect(notHers.body.code).toBe('INTERACTION_NOT_YOURS');
    const otherCustomer = await customerByTier(server.dataSource, 'small');
    const mismatch = await openComplaint(server.baseUrl, server.dataSource, liNa, { interactionId, customerId: otherCustomer.id });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.code).toBe('CUSTOMER_MISMATCH');
    const byLead = await openComplaint(server.baseUrl, server.dataSource, grace, { interactionId });
    expect(byLead.status).toBe(201);
    expect(byLead.body).toMatchObject({ ownerId: grace.id, teamLeadId: grace.id, customerId: customer.id, valueTier: 'ordinary' });
    await finishContact(server.baseUrl, liNa, interactionId);

    // The customer writes in about it: the e-mail is linked to the complaint.
    const email = await call(server.baseUrl, 'POST', '/api/interactions', pbx.headers, { channel: 'email', caller: { phone: customer.phone }, queue: 'complaints', complaint: true, subject: 'About my complaint' });
    expect(email.status).toBe(201);
    const linked = await call(server.baseUrl, 'POST', `/api/complaints/${byLead.body.id}/interactions`, grace.headers, { interactionId: email.body.interaction.id });
    expect(linked.status).toBe(201);
    expect(linked.body.interactions.map((link: { interactionId: string }) => link.interactionId)).toEqual([interactionId, email.body.interaction.id]);
    const twice = await call(server.baseUrl, 'POST', `/api/complaints/${byLead.body.id}/interactions`, grace.headers, { interactionId: email.body.interaction.id });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('INTERACTION_ALREADY_LINKED');
    expect((await call(server.baseUrl, 'POST', `/api/complaints/${byLead.body.id}/interactions`, amy.headers, { interactionId })).status).toBe(403);
  });

  it('the demo centre shows complaints in the states of a normal day, the oldest breached and escalated by the system', async () => {
    const page = await call(server.baseUrl, 'GET', '/api/complaints?limit=200', sophie.headers);
    const states = new Set(page.body.items.map((item: { state: string }) => item.state));
    for (const state of ['calm', 'resolve', 'follow_up', 'escalated', 'thank', 'closed']) expect(states).toContain(state);
    const technical = page.body.items.find((item: { category: string }) => item.category === 'technical');
    expect(technical).toMatchObject({ state: 'escalated', deadline: { status: 'breached' } });
    const history = await call(server.baseUrl, 'GET', `/api/complaints/${technical.id}/history`, sophie.headers);
    expect(history.body.events.at(-1)).toMatchObject({ type: 'complaint.escalated', actor: { kind: 'system' } });
    expect(history.body.clock.map((entry: { kind: string }) => entry.kind)).toContain('breached');
  });

  it('walks receive → calm → clarify → explore solutions → act → thank → closed, with every transition in the history', async () => {
    const opened = await openComplaint(server.baseUrl, server.dataSource, amy);
    const id = opened.body.id;
    let complaint = await move(server.baseUrl, amy, id, { type: 'customer.calmed', expectedVersion: 1 });
    expect(complaint).toMatchObject({ state: 'clarify', version: 2 });
    complaint = await move(server.baseUrl, amy, id, { type: 'problem.clarified', upheld: true, summary: 'Collected twice on 3 October', expectedVersion: 2 });
    expect(complaint).toMatchObject({ state: 'resolve', stateValue: { resolve: 'proposing' }, step: 'resolve' });
    complaint = await move(server.baseUrl, amy, id, {
      type: 'remedies.offered',
      remedies: [
        { id: 'refund', description: 'Refund the second collection' },
        { id: 'credit', description: 'Credit it with 10% on top' },
      ],
    });
    expect(complaint.stateValue).toEqual({ resolve: 'awaiting_choice' });
    expect(complaint.allowedEvents).toEqual(expect.arrayContaining(['remedy.chosen', 'remedies.rejected']));
    complaint = await move(server.baseUrl, amy, id, { type: 'remedy.chosen', remedyId: 'credit' });
    expect(complaint).toMatchObject({ state: 'act', step: 'act' });
    complaint = await move(server.baseUrl, amy, id, { type: 'action.completed', note: 'Credit applied to the account' });
    expect(complaint).toMatchObject({ state: 'thank', step: 'thank' });
    expect(complaint.deadline.clock).toBe('paused');
    complaint = await move(server.baseUrl, amy, id, { type: 'customer.thanked', settled: true, anythingElse: null, satisfaction: 5, note: 'Happy with the credit' });
    expect(complaint).toMatchObject({ state: 'closed', step: null, version: 7, allowedEvents: [] });
    expect(complaint.closedAt).toEqual(expect.any(String));
    expect(complaint.deadline.clock).toBe('stopped');

    const history = await call(server.baseUrl, 'GET', `/api/complaints/${id}/history`, amy.headers);
    expect(history.body.events.map((event: { type: string; fromState: string; toState: string }) => [event.type, event.fromState, event.toState])).toEqual([
      ['complaint.recorded', 'receive', 'calm'],
      ['customer.calmed', 'calm', 'clarify'],
      ['problem.clarified', 'clarify', 'resolve'],
      ['remedies.offered', 'resolve', 'resolve'],
      ['remedy.chosen', 'resolve', 'act'],
      ['action.completed', 'act', 'thank'],
      ['customer.thanked', 'thank', 'closed'],
    ]);
    expect(history.body.events.map((event: { version: number }) => event.version)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(history.body.events.every((event: { actor: { id: string } }) => event.actor.id === amy.id)).toBe(true);
    expect(history.body.events[6]).toMatchObject({ payload: { settled: true, satisfaction: 5, anythingElse: null }, note: 'Happy with the credit' });
    expect(history.body.clock.map((entry: { kind: string }) => entry.kind)).toEqual(['started', 'paused', 'stopped']);

    const [closure] = await server.dataSource.query(`SELECT actor_id, details FROM audit_log WHERE action = 'complaint.closed' AND target_id = $1`, [id]);
    expect(closure).toMatchObject({ actor_id: amy.id, details: { number: opened.body.number, outcome: 'remedied', satisfaction: 5 } });

    // History is evidence: the database refuses to rewrite or erase it.
    await expect(server.dataSource.query(`UPDATE complaint_events SET note = 'edited' WHERE complaint_id = $1`, [id])).rejects.toThrow(/append-only/);
    await expect(server.dataSource.query(`DELETE FROM complaint_events WHERE complaint_id = $1`, [id])).rejects.toThrow(/append-only/);
    await expect(server.dataSource.query(`DELETE FROM complaint_clock_events WHERE complaint_id = $1`, [id])).rejects.toThrow(/append-only/);
    expect((await call(server.baseUrl, 'GET', `/api/complaints/${id}/history`, amy.headers)).body.events).toHaveLength(7);
    const closed = await getComplaint(server.baseUrl, sophie, id);
    expect(closed.body).toMatchObject({ state: 'closed', version: 7 });
  });
});

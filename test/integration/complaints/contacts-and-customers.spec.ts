import { call, DemoStaff, signInAs } from '../../factories/routing';
import { createApiKey } from '../../factories/users';
import { complaintCallAnsweredBy, finishContact, openComplaint, sendEvent, servedBy, type ComplaintBody } from '../../factories/complaints';
import { startTestApp, TestApp } from '../../support/test-app';

/** Every complaint table, each row as text: a refusal must leave all of them as they were. */
const COMPLAINT_TABLES = ['complaints', 'complaint_events', 'complaint_clock_events', 'complaint_alerts', 'complaint_interactions'];

describe('complaints: agents receive and link only the contacts and customers they served; team leads and supervisors any', () => {
  let server: TestApp;
  let amy: DemoStaff;
  let ben: DemoStaff;
  let emma: DemoStaff;
  let grace: DemoStaff;
  let daniel: DemoStaff;
  let sophie: DemoStaff;
  let pbx: { headers: Record<string, string> };
  /** Customers nobody has served yet, one per test that needs a fresh one. */
  let customers: Array<{ id: string; phone: string }>;

  // A server per test: a contact one test leaves ringing or waiting does not hold up another's calls.
  beforeEach(async () => {
    server = await startTestApp({ seedDemo: true });
    [amy, ben, emma, grace, daniel, sophie] = await Promise.all(['amy', 'ben', 'emma', 'grace', 'daniel', 'sophie'].map((username) => signInAs(server.dataSource, username)));
    pbx = await createApiKey(server.dataSource, { scopes: ['ingest'] });
    customers = await server.dataSource.query(`SELECT id, phone FROM customers WHERE value_tier = 'ordinary' ORDER BY phone LIMIT 6`);
    const [{ count }] = await server.dataSource.query(`SELECT count(*)::int AS count FROM interactions`);
    expect(count).toBe(0);
  });
  afterEach(async () => {
    await server.close();
  });

  const footprint = async () => {
    const parts = COMPLAINT_TABLES.map((table) => `(SELECT count(*) || ':' || coalesce(md5(string_agg(to_jsonb(t)::text, ',' ORDER BY to_jsonb(t)::text)), '-') FROM ${table} t) AS "${table}"`);
    const [row] = await server.dataSource.query(`SELECT ${parts.join(', ')}, (SELECT count(*)::int FROM audit_log WHERE target_type = 'complaint') AS audit`);
    return row;
  };

  const open = (staff: DemoStaff, body: Record<string, unknown>) =>
    call(server.baseUrl, 'POST', '/api/complaints', staff.headers, { category: 'billing', complexity: 'simple', description: 'Charged twice', ...body });

  const link = (staff: DemoStaff, complaintId: string, interactionId: string) => call(server.baseUrl, 'POST', `/api/complaints/${complaintId}/interactions`, staff.headers, { interactionId });

  const linksOf = async (complaintId: string): Promise<string[]> =>
    (await server.dataSource.query(`SELECT interaction_id FROM complaint_interactions WHERE complaint_id = $1 ORDER BY linked_at, interaction_id`, [complaintId])).map(
      (row: { interaction_id: string }) => row.interaction_id,
    );

  /** A contact from the customer that nobody has answered yet: an e-mail waiting in the complaints queue. */
  const waitingEmail = async (phone: string, externalId: string): Promise<string> => {
    const created = await call(server.baseUrl, 'POST', '/api/interactions', pbx.headers, { channel: 'email', caller: { phone }, queue: 'complaints', complaint: true, subject: 'About my complaint', externalId });
    expect(created.status).toBe(201);
    return created.body.interaction.id;
  };

  it('an agent receives a complaint from a call they answered, and later for that customer alone', async () => {
    const customer = customers[1];
    expect((await open(emma, { customerId: customer.id })).body.code).toBe('CUSTOMER_NOT_SERVED');

    const callId = await complaintCallAnsweredBy(server.baseUrl, pbx.headers, emma, { phone: customer.phone }, 'served-call-1');
    const fromCall = await open(emma, { interactionId: callId });
    expect(fromCall.status).toBe(201);
    expect(fromCall.body).toMatchObject({ ownerId: emma.id, customerId: customer.id, interactions: [{ interactionId: callId }] });
    await finishContact(server.baseUrl, emma, callId);

    // The customer calls back another day: Emma, who served them, opens a complaint for them without the contact.
    const forCustomer = await open(emma, { customerId: customer.id, category: 'delivery' });
    expect(forCustomer.status).toBe(201);
    expect(forCustomer.body).toMatchObject({ ownerId: emma.id, customerId: customer.id, interactions: [] });
    // Emma takes a break, so that the e-mails the next cases send wait unanswered.
    expect((await call(server.baseUrl, 'PUT', '/api/agents/me/state', emma.headers, { state: 'not_ready', reason: 'break' })).status).toBe(200);
  });

  it('an agent may not receive a complaint for a customer they never served, nor from another agent’s contact; nothing is written', async () => {
    const customer = customers[0];
    const before = await footprint();

    const unserved = await open(amy, { customerId: customer.id });
    expect(unserved.status).toBe(403);
    expect(unserved.body).toMatchObject({ code: 'CUSTOMER_NOT_SERVED', details: { customerId: customer.id } });

    // Ben served the customer; that does not make the customer Amy's, nor Ben's contact hers.
    const bensContact = (await servedBy(server.dataSource, ben, customer.id)) as string;
    const afterBen = await footprint();
    expect((await open(amy, { customerId: customer.id })).body.code).toBe('CUSTOMER_NOT_SERVED');
    const fromBens = await open(amy, { interactionId: bensContact });
    expect(fromBens.status).toBe(403);
    expect(fromBens.body).toMatchObject({ code: 'INTERACTION_NOT_YOURS', details: { interactionId: bensContact } });
    expect((await open(amy, { interactionId: bensContact, customerId: customer.id })).body.code).toBe('INTERACTION_NOT_YOURS');
    // A contact nobody answered is nobody's: an agent does not receive a complaint from it either.
    const waiting = await waitingEmail(customer.phone, 'unserved-waiting');
    expect((await open(amy, { interactionId: waiting })).body.code).toBe('INTERACTION_NOT_YOURS');

    expect(before).toEqual(afterBen);
    expect(await footprint()).toEqual(before);
    // Ben himself receives it, by the customer or from his contact.
    expect((await open(ben, { customerId: customer.id })).status).toBe(201);
    expect((await open(ben, { interactionId: bensContact })).status).toBe(201);
  });

  it('a team lead receives a complaint for any customer and from any contact; a supervisor does not receive complaints', async () => {
    const customer = customers[2];
    const byLead = await open(grace, { customerId: customer.id });
    expect(byLead.status).toBe(201);
    expect(byLead.body).toMatchObject({ ownerId: grace.id, teamLeadId: grace.id, customerId: customer.id });
    const bensContact = (await servedBy(server.dataSource, ben, customer.id)) as string;
    const fromBens = await open(daniel, { interactionId: bensContact });
    expect(fromBens.status).toBe(201);
    expect(fromBens.body).toMatchObject({ ownerId: daniel.id, customerId: customer.id, interactions: [{ interactionId: bensContact }] });

    // Supervisors reassign and escalate; receiving is the floor's work, whatever the customer.
    const before = await footprint();
    expect((await open(sophie, { customerId: customer.id })).status).toBe(403);
    expect(await footprint()).toEqual(before);
  });

  it('the owner links only contacts they handled: another agent’s contact and one nobody answered are refused, nothing is written', async () => {
    const customer = customers[3];
    const amysContact = (await servedBy(server.dataSource, amy, customer.id)) as string;
    const complaint: ComplaintBody = (await open(amy, { customerId: customer.id })).body;
    expect(complaint.interactions).toEqual([]);
    const bensContact = (await servedBy(server.dataSource, ben, customer.id)) as string;
    const waiting = await waitingEmail(customer.phone, 'link-waiting');
    const before = await footprint();

    const forged = await link(amy, complaint.id, bensContact);
    expect(forged.status).toBe(403);
    expect(forged.body).toMatchObject({ code: 'INTERACTION_NOT_YOURS', details: { interactionId: bensContact, number: complaint.number } });
    const unanswered = await link(amy, complaint.id, waiting);
    expect(unanswered.status).toBe(403);
    expect(unanswered.body.code).toBe('INTERACTION_NOT_YOURS');
    // A contact of hers, but of another customer, does not belong on this complaint.
    const hersElsewhere = (await servedBy(server.dataSource, amy, customers[4].id)) as string;
    const beforeMismatch = await footprint();
    const mismatch = await link(amy, complaint.id, hersElsewhere);
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.code).toBe('CUSTOMER_MISMATCH');
    expect(await footprint()).toEqual(beforeMismatch);
    expect(beforeMismatch).toEqual(before);
    expect(await linksOf(complaint.id)).toEqual([]);

    // Her own contact of the customer: linked.
    const own = await link(amy, complaint.id, amysContact);
    expect(own.status).toBe(201);
    expect(own.body.interactions.map((entry: { interactionId: string }) => entry.interactionId)).toEqual([amysContact]);
    expect(await linksOf(complaint.id)).toEqual([amysContact]);
  });

  it('the complaint’s team lead and a supervisor link any contact of the customer; another team’s lead cannot reach the complaint', async () => {
    const customer = customers[5];
    await servedBy(server.dataSource, amy, customer.id);
    const complaint: ComplaintBody = (await open(amy, { customerId: customer.id })).body;
    expect(complaint.teamLeadId).toBe(grace.id);
    const bensContact = (await servedBy(server.dataSource, ben, customer.id)) as string;
    const waiting = await waitingEmail(customer.phone, 'lead-waiting');
    const otherCustomersContact = (await servedBy(server.dataSource, ben, customers[0].id)) as string;

    const before = await footprint();
    const byOtherLead = await link(daniel, complaint.id, bensContact);
    expect(byOtherLead.status).toBe(403);
    expect(byOtherLead.body.code).toBe('COMPLAINT_NOT_VISIBLE');
    // Any contact, but of the complaint's customer only.
    const mismatch = await link(sophie, complaint.id, otherCustomersContact);
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.code).toBe('CUSTOMER_MISMATCH');
    expect(await footprint()).toEqual(before);

    expect((await link(grace, complaint.id, bensContact)).status).toBe(201);
    expect((await link(sophie, complaint.id, waiting)).status).toBe(201);
    expect(await linksOf(complaint.id)).toEqual([bensContact, waiting]);
    const [links] = await server.dataSource.query(`SELECT array_agg(linked_by::text ORDER BY linked_at) AS by FROM complaint_interactions WHERE complaint_id = $1`, [complaint.id]);
    expect(links.by).toEqual([grace.id, sophie.id]);
  });

  it('refuses an expected version beyond any complaint’s as a bad field, and answers one merely ahead with a conflict', async () => {
    const opened = await openComplaint(server.baseUrl, server.dataSource, amy);
    expect(opened.status).toBe(201);
    const before = await footprint();
    for (const expectedVersion of [1e12, 1_000_001, 2 ** 53 + 2]) {
      const response = await sendEvent(server.baseUrl, amy, opened.body.id, { type: 'customer.calmed', expectedVersion });
      expect({ expectedVersion, status: response.status, code: response.body.code }).toEqual({ expectedVersion, status: 400, code: 'VALIDATION_FAILED' });
      expect(response.body.fields).toEqual([{ field: 'expectedVersion', messages: [expect.stringMatching(/expectedVersion/)] }]);
    }
    const ahead = await sendEvent(server.baseUrl, amy, opened.body.id, { type: 'customer.calmed', expectedVersion: 1_000_000 });
    expect(ahead.status).toBe(409);
    expect(ahead.body).toMatchObject({ code: 'COMPLAINT_VERSION_CONFLICT', details: { version: 1, expectedVersion: 1_000_000 } });
    expect(await footprint()).toEqual(before);
  });
});

import { RoutingService } from '../../../server/src/modules/routing/routing.service';
import { call, customerByTier, DemoStaff, queueId, signInAs } from '../../factories/routing';
import { createApiKey } from '../../factories/users';
import { startTestApp, TestApp } from '../../support/test-app';

describe('routing through the server: ingestion, offers, accept, wrap-up', () => {
  let server: TestApp;
  let supervisor: DemoStaff;
  let amy: DemoStaff;
  let chen: DemoStaff;
  let pbx: { headers: Record<string, string> };

  const interactionCount = async () => Number((await server.dataSource.query(`SELECT count(*)::int AS n FROM interactions`))[0].n);

  beforeAll(async () => {
    server = await startTestApp({ seedDemo: true });
    supervisor = await signInAs(server.dataSource, 'sophie');
    amy = await signInAs(server.dataSource, 'amy');
    chen = await signInAs(server.dataSource, 'chen.jing');
    pbx = await createApiKey(server.dataSource, { scopes: ['ingest'] });
  });
  afterAll(async () => {
    await server.close();
  });

  it('queues a call from the PBX, idempotent on the external id, and names the customer', async () => {
    const customer = await customerByTier(server.dataSource, 'secondary');
    const body = { channel: 'voice', caller: { phone: customer.phone }, queue: 'billing', externalId: 'pbx-call-1', language: 'en' };
    const first = await call(server.baseUrl, 'POST', '/api/interactions', pbx.headers, body);
    expect(first.status).toBe(201);
    expect(first.body.created).toBe(true);
    expect(first.body.interaction).toMatchObject({ status: 'waiting', channel: 'voice', customerId: customer.id, valueTier: 'secondary', externalId: 'pbx-call-1' });

    const again = await call(server.baseUrl, 'POST', '/api/interactions', pbx.headers, body);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ created: false, interaction: { id: first.body.interaction.id } });

    const concurrent = await Promise.all(
      Array.from({ length: 6 }, () => call(server.baseUrl, 'POST', '/api/interactions', pbx.headers, { ...body, externalId: 'pbx-call-2' })),
    );
    expect(concurrent.map((response) => response.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    expect(new Set(concurrent.map((response) => response.body.interaction.id)).size).toBe(1);
    expect(concurrent.filter((response) => response.body.created)).toHaveLength(1);
    const [{ n }] = await server.dataSource.query(`SELECT count(*)::int AS n FROM interactions WHERE external_id = 'pbx-call-2'`);
    expect(n).toBe(1);
  });

  it.each([
    [{ channel: 'voice', caller: {}, queue: 'no-such-queue' }, 404, 'QUEUE_NOT_FOUND'],
    [{ channel: 'voice', caller: { customerId: '00000000-0000-4000-8000-000000000000' }, queue: 'billing' }, 404, 'CUSTOMER_NOT_FOUND'],
    [{ channel: 'voice', caller: {}, skills: ['underwater-basket-weaving'] }, 404, 'SKILL_NOT_FOUND'],
    [{ channel: 'voice', caller: {} }, 400, 'QUEUE_OR_SKILLS_REQUIRED'],
    [{ channel: 'fax', caller: {}, queue: 'billing' }, 400, 'VALIDATION_FAILED'],
    [{ channel: 'voice', caller: { phone: 'DROP TABLE' }, queue: 'billing' }, 400, 'VALIDATION_FAILED'],
    [{ channel: 'voice', caller: {}, queue: 'billing', priority: 999 }, 400, 'VALIDATION_FAILED'],
    [{ channel: 'voice', caller: {}, queue: 'billing', preferredAgentId: '00000000-0000-4000-8000-000000000000' }, 404, 'AGENT_NOT_FOUND'],
  ])('refuses %j with %i %s and writes nothing', async (body, status, code) => {
    const before = await interactionCount();
    const response = await call(server.baseUrl, 'POST', '/api/interactions', pbx.headers, body);
    expect(response.status).toBe(status);
    expect(response.body.code).toBe(code);
    expect(await interactionCount()).toBe(before);
  });

  it('picks the queue from the skills the IVR asked for', async () => {
    const response = await call(server.baseUrl, 'POST', '/api/interactions', pbx.headers, { channel: 'chat', caller: { name: 'Web visitor' }, skills: ['technical'] });
    expect(response.status).toBe(201);
    expect(response.body.interaction.queueId).toBe(await queueId(server.dataSource, 'technical'));
    expect(response.body.skillsNotRequiredByQueue).toEqual([]);
  });

  it('says which requested skills the chosen queue does not require, instead of dropping them silently', async () => {
    const response = await call(server.baseUrl, 'POST', '/api/interactions', pbx.headers, { channel: 'chat', caller: {}, skills: ['technical', 'zh-yue', 'technical'] });
    expect(response.status).toBe(201);
    expect(response.body.interaction.queueId).toBe(await queueId(server.dataSource, 'technical'));
    expect(response.body.skillsNotRequiredByQueue).toEqual(['zh-yue']);
  });

  it('offers the longest waiting billing call to the agent who becomes available, and only they can accept it', async () => {
    // At least two callers wait, whichever tests ran before this one.
    for (let caller = 0; caller < 2; caller += 1) expect((await call(server.baseUrl, 'POST', '/api/interactions', pbx.headers, { channel: 'voice', caller: {}, queue: 'billing' })).status).toBe(201);
    const waiting = await call(server.baseUrl, 'GET', `/api/interactions?status=waiting&queueId=${await queueId(server.dataSource, 'billing')}`, supervisor.headers);
    const oldest = waiting.body.items.at(-1);

    const available = await call(server.baseUrl, 'PUT', '/api/agents/me/state', amy.headers, { state: 'available' });
    expect(available.status).toBe(200);
    expect(available.body.state).toBe('reserved');

    const offered = await call(server.baseUrl, 'GET', `/api/interactions/${oldest.id}`, supervisor.headers);
    expect(offered.body).toMatchObject({ status: 'offered', agentId: amy.id, offer: { agentId: amy.id } });
    const offerId = offered.body.offer.offerId;

    const stolen = await call(server.baseUrl, 'POST', `/api/interactions/${oldest.id}/accept`, chen.headers, { offerId });
    expect(stolen.status).toBe(409);
    expect(stolen.body.code).toBe('OFFER_NOT_YOURS');

    const [first, second] = await Promise.all([
      call(server.baseUrl, 'POST', `/api/interactions/${oldest.id}/accept`, amy.headers, { offerId }),
      call(server.baseUrl, 'POST', `/api/interactions/${oldest.id}/accept`, amy.headers, { offerId }),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    const connected = await call(server.baseUrl, 'GET', `/api/interactions/${oldest.id}`, supervisor.headers);
    expect(connected.body).toMatchObject({ status: 'connected', agentId: amy.id });
    expect(connected.body.answeredAt).not.toBeNull();

    const ended = await call(server.baseUrl, 'POST', `/api/interactions/${oldest.id}/end`, amy.headers);
    expect(ended.body.status).toBe('wrap_up');
    const wrapped = await call(server.baseUrl, 'POST', `/api/interactions/${oldest.id}/wrap-up`, amy.headers, { disposition: 'resolved', notes: 'Refunded the double charge.' });
    expect(wrapped.status).toBe(200);
    expect(wrapped.body).toMatchObject({ status: 'completed', disposition: 'resolved', wrapUpNotes: 'Refunded the double charge.' });
    expect(wrapped.body.handleSeconds).toBeGreaterThanOrEqual(0);

    const journal = await server.dataSource.query(`SELECT type FROM routing_events WHERE interaction_id = $1 ORDER BY id`, [oldest.id]);
    expect(journal.map((row: { type: string }) => row.type)).toEqual(['contact.queued', 'contact.offered', 'offer.accepted', 'contact.connected', 'contact.wrap_up', 'contact.completed']);
  });

  it('explains why a contact waits: its place, priority parts and each agent’s verdict', async () => {
    await call(server.baseUrl, 'PUT', '/api/agents/me/state', amy.headers, { state: 'not_ready', reason: 'break' });
    const created = await call(server.baseUrl, 'POST', '/api/interactions', pbx.headers, { channel: 'voice', caller: {}, queue: 'vip' });
    const explanation = await call(server.baseUrl, 'GET', `/api/interactions/${created.body.interaction.id}/routing`, supervisor.headers);
    expect(explanation.status).toBe(200);
    expect(explanation.body).toMatchObject({ status: 'waiting', place: 1, priority: { base: 50 } });
    const amyVerdict = explanation.body.agents.find((verdict: { agentId: string }) => verdict.agentId === amy.id);
    expect(amyVerdict.qualifies).toBe(false);
    expect(amyVerdict.reasons.map((reason: { code: string }) => reason.code)).toEqual(expect.arrayContaining(['not_ready', 'missing_skill']));
  });

  it('refuses a not-ready request without a reason, and lets a supervisor override an agent’s state, audited', async () => {
    const response = await call(server.baseUrl, 'PUT', '/api/agents/me/state', chen.headers, { state: 'not_ready' });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('REASON_REQUIRED');
    const offline = await call(server.baseUrl, 'PUT', '/api/agents/me/state', chen.headers, { state: 'offline' });
    expect(offline.status).toBe(200);
    const notReady = await call(server.baseUrl, 'PUT', `/api/agents/${chen.id}/state`, supervisor.headers, { state: 'not_ready', reason: 'meeting' });
    expect(notReady.status).toBe(200);
    expect(notReady.body).toMatchObject({ state: 'not_ready', notReadyReason: 'meeting' });
    const audit = await server.dataSource.query(`SELECT actor_id, details FROM audit_log WHERE action = 'agent.state_forced' AND target_id = $1`, [chen.id]);
    expect(audit).toEqual([expect.objectContaining({ actor_id: supervisor.id })]);
    await call(server.baseUrl, 'PUT', '/api/agents/me/state', chen.headers, { state: 'offline' });
    const forbidden = await call(server.baseUrl, 'PUT', `/api/agents/${amy.id}/state`, chen.headers, { state: 'offline' });
    expect(forbidden.status).toBe(403);
  });

  it('refuses impossible agent requests with 409 and the current state, and changes nothing', async () => {
    const created = await call(server.baseUrl, 'POST', '/api/interactions', pbx.headers, { channel: 'voice', caller: {}, queue: 'general', language: 'en' });
    expect(created.status).toBe(201);
    expect((await call(server.baseUrl, 'PUT', '/api/agents/me/state', chen.headers, { state: 'available' })).status).toBe(200);
    const offered = (await call(server.baseUrl, 'GET', '/api/agents/me', chen.headers)).body.live.offeredContactId as string;
    expect(offered).toEqual(expect.any(String));
    const offer = (await call(server.baseUrl, 'GET', `/api/interactions/${offered}`, chen.headers)).body.offer.offerId;
    expect((await call(server.baseUrl, 'POST', `/api/interactions/${offered}/accept`, chen.headers, { offerId: offer })).status).toBe(200);

    const agentBefore = (await call(server.baseUrl, 'GET', `/api/agents/${chen.id}`, supervisor.headers)).body.live;
    expect(agentBefore).toMatchObject({ state: 'busy', contactIds: [offered] });
    const contactBefore = (await call(server.baseUrl, 'GET', `/api/interactions/${offered}`, supervisor.headers)).body;
    const journalBefore = (await server.dataSource.query(`SELECT count(*)::int AS n FROM routing_events`))[0].n;
    const forcedStates = () => server.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'agent.state_forced' AND target_id = $1`, [chen.id]);
    const forcedBefore = await forcedStates();

    // Logging out (by the agent or by a supervisor) while holding a call: the call would be left without an agent.
    for (const [path, headers] of [['/api/agents/me/state', chen.headers], [`/api/agents/${chen.id}/state`, supervisor.headers]] as const) {
      const refused = await call(server.baseUrl, 'PUT', path, headers, { state: 'offline' });
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ code: 'INVALID_AGENT_TRANSITION', details: { problem: 'the agent still holds contacts', agent: agentBefore } });
    }
    // Ending after-contact work on a call still in progress.
    const notInWrapUp = await call(server.baseUrl, 'POST', `/api/interactions/${offered}/wrap-up`, chen.headers, { disposition: 'resolved' });
    expect(notInWrapUp.status).toBe(409);
    expect(notInWrapUp.body).toMatchObject({ code: 'INVALID_CONTACT_TRANSITION', details: { contact: { id: offered, status: 'connected', agentId: chen.id }, agent: agentBefore } });

    expect((await call(server.baseUrl, 'GET', `/api/agents/${chen.id}`, supervisor.headers)).body.live).toEqual(agentBefore);
    expect((await call(server.baseUrl, 'GET', `/api/interactions/${offered}`, supervisor.headers)).body).toEqual(contactBefore);
    expect((await server.dataSource.query(`SELECT count(*)::int AS n FROM routing_events`))[0].n).toBe(journalBefore);
    expect(await forcedStates()).toEqual(forcedBefore);

    // The same requests go through once the call has ended and its wrap-up is done.
    expect((await call(server.baseUrl, 'POST', `/api/interactions/${offered}/end`, chen.headers)).status).toBe(200);
    expect((await call(server.baseUrl, 'POST', `/api/interactions/${offered}/wrap-up`, chen.headers, { disposition: 'resolved' })).status).toBe(200);
    expect((await call(server.baseUrl, 'PUT', '/api/agents/me/state', chen.headers, { state: 'offline' })).body).toMatchObject({ state: 'offline' });
  });

  it('lets a supervisor move a waiting call to another queue, audited', async () => {
    const created = await call(server.baseUrl, 'POST', '/api/interactions', pbx.headers, { channel: 'voice', caller: {}, queue: 'technical' });
    const id = created.body.interaction.id;
    const moved = await call(server.baseUrl, 'POST', `/api/interactions/${id}/transfer`, supervisor.headers, { queue: 'general' });
    expect(moved.status).toBe(200);
    expect(moved.body.queueId).toBe(await queueId(server.dataSource, 'general'));
    const audit = await server.dataSource.query(`SELECT actor_id, details FROM audit_log WHERE action = 'interaction.reassigned' AND target_id = $1`, [id]);
    expect(audit).toEqual([expect.objectContaining({ actor_id: supervisor.id, details: { toQueue: 'general', toAgentId: null } })]);
    const both = await call(server.baseUrl, 'POST', `/api/interactions/${id}/transfer`, supervisor.headers, { queue: 'general', agentId: amy.id });
    expect(both.body.code).toBe('TRANSFER_TARGET_REQUIRED');
    const byAgent = await call(server.baseUrl, 'POST', `/api/interactions/${id}/transfer`, chen.headers, { queue: 'billing' });
    expect(byAgent.status).toBe(403);
  });

  it('abandons a waiting call from the PBX and keeps it out of routing', async () => {
    const created = await call(server.baseUrl, 'POST', '/api/interactions', pbx.headers, { channel: 'voice', caller: {}, queue: 'complaints' });
    const id = created.body.interaction.id;
    const abandoned = await call(server.baseUrl, 'POST', `/api/interactions/${id}/abandon`, pbx.headers);
    expect(abandoned.body).toMatchObject({ status: 'abandoned' });
    expect(server.app.get(RoutingService).core.getContact(id)).toBeUndefined();
    const again = await call(server.baseUrl, 'POST', `/api/interactions/${id}/abandon`, pbx.headers);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('INTERACTION_CLOSED');
  });
});

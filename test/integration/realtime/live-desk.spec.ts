import { createApiKey } from '../../factories/users';
import { startTestApp, TestApp } from '../../support/test-app';
import { api, connect, ConsoleClient, expectGapFreeSeq, ofEvent, queueIdOf, receivedBeforeMarker, staff, Staff } from './support';

describe('realtime desk and wallboard: snapshot, then ordered deltas', () => {
  let server: TestApp;
  let amy: Staff;
  let chen: Staff;
  let sophie: Staff;
  let pbx: { headers: Record<string, string> };
  let billing: string;
  let clients: ConsoleClient[] = [];
  const open = async (who: Staff) => {
    const client = await connect(server.baseUrl, { token: who.accessToken });
    clients.push(client);
    return client;
  };

  // A server per test: each opens its own consoles and plays its own calls, whatever ran before it.
  beforeEach(async () => {
    clients = [];
    server = await startTestApp({ seedDemo: true });
    amy = await staff(server.dataSource, 'amy');
    chen = await staff(server.dataSource, 'chen.jing');
    sophie = await staff(server.dataSource, 'sophie');
    pbx = await createApiKey(server.dataSource, { scopes: ['ingest'] });
    billing = await queueIdOf(server.dataSource, 'billing');
  });
  afterEach(async () => {
    for (const client of clients) client.close();
    await server.close();
  });

  /** Amy's desk, Chen's desk and Sophie's wallboard open; a billing call offered to Amy and answered. */
  const answeredCall = async () => {
    const amyDesk = await open(amy);
    const chenDesk = await open(chen);
    const wallboard = await open(sophie);
    expect(await amyDesk.command('agent:state', { state: 'available' })).toMatchObject({ ok: true });
    const created = await api(server.baseUrl, 'POST', '/api/interactions', pbx.headers, { channel: 'voice', caller: {}, queue: 'billing' });
    expect(created.status).toBe(201);
    const interactionId: string = created.body.interaction.id;
    const offer = await amyDesk.next('offer', (data) => data.offer.contactId === interactionId);
    expect(await amyDesk.command('offer:accept', { interactionId, offerId: offer.data.offer.offerId })).toMatchObject({ ok: true });
    await amyDesk.next('contact:update', (data) => data.contactId === interactionId && data.contact?.status === 'connected');
    return { amyDesk, chenDesk, wallboard, interactionId };
  };

  it('rings the available agent with a deadline and the caller’s details, and the wallboard follows the answer', async () => {
    const amyDesk = await open(amy);
    const chenDesk = await open(chen);
    const wallboard = await open(sophie);
    expect(amyDesk.snapshot.desk).toMatchObject({ agent: { state: 'offline' }, contacts: [], offer: null, heartbeatIntervalSeconds: expect.any(Number) });
    const billingAtStart = wallboard.snapshot.wallboard?.queues.find((queue) => queue.queueId === billing);
    expect(billingAtStart).toMatchObject({ code: 'billing', waitingCount: 0, sinceMidnight: { answered: 0, offered: 0 } });
    expect(billingAtStart?.serviceLevel).toMatchObject({ formula: 'abandons_in_denominator', thresholdSeconds: 30, targetPercent: 80, label: { en: 'Service level (abandons count)' } });

    const available = await amyDesk.command('agent:state', { state: 'available' });
    expect(available).toMatchObject({ ok: true, data: { id: amy.id, state: 'available' } });
    await amyDesk.next('agent:state', (data) => data.agent.state === 'available');
    await wallboard.next('agent:update', (data) => data.agent.id === amy.id && data.agent.state === 'available');

    const [customer] = await server.dataSource.query(`SELECT id, name, phone FROM customers WHERE value_tier = 'secondary' ORDER BY phone LIMIT 1`);
    const before = Date.now();
    const created = await api(server.baseUrl, 'POST', '/api/interactions', pbx.headers, { channel: 'voice', caller: { phone: customer.phone }, queue: 'billing', subject: 'Double charge' });
    expect(created.status).toBe(201);
    const interactionId: string = created.body.interaction.id;

    const offer = await amyDesk.next('offer', (data) => data.offer.contactId === interactionId);
    expect(offer.data.offer).toMatchObject({
      contactId: interactionId,
      attempt: 1,
      contact: { id: interactionId, status: 'offered', channel: 'voice', queueId: billing, queueName: 'Billing', customerId: customer.id, customerName: customer.name, valueTier: 'secondary', subject: 'Double charge', agentId: amy.id },
    });
    expect(offer.data.offer.expiresAt).toBeGreaterThan(before);
    expect(offer.data.offer.expiresAt).toBe(offer.data.offer.contact.offerExpiresAt);
    await amyDesk.next('agent:state', (data) => data.agent.state === 'reserved');
    expect(ofEvent(await receivedBeforeMarker(chenDesk), 'offer')).toHaveLength(0);
    const ringing = await wallboard.next('wallboard:contact', (data) => data.contactId === interactionId && data.contact?.status === 'offered');
    expect(ringing.data.contact?.customerName).toBe(customer.name);

    const mark = wallboard.deltas.length;
    const accepted = await amyDesk.command('offer:accept', { interactionId, offerId: offer.data.offer.offerId });
    expect(accepted).toEqual({ ok: true, data: { interactionId, status: 'connected' } });
    const gone = await amyDesk.next('offer:gone', (data) => data.contactId === interactionId);
    expect(gone.data).toMatchObject({ reason: 'accepted', offerId: offer.data.offer.offerId, withdrawnBecause: null });
    const mine = await amyDesk.next('contact:update', (data) => data.contactId === interactionId);
    expect(mine.data.contact).toMatchObject({ status: 'connected', answeredAt: expect.any(Number), customerName: customer.name });

    const busy = await wallboard.next('agent:update', (data) => data.agent.id === amy.id && data.agent.state === 'busy', 5000, mark);
    expect(busy.data.agent).toMatchObject({ displayName: 'Amy Walker', teamName: 'Customer care', contactIds: [interactionId] });
    const stats = await wallboard.next('queue:stats', (data) => data.queue.queueId === billing && data.queue.sinceMidnight.answered === 1, 5000, mark);
    expect(stats.data.queue).toMatchObject({ waitingCount: 0, sinceMidnight: { offered: 1, answered: 1, answeredWithinThreshold: 1, serviceLevel: 1 }, rolling: { minutes: 60, answered: 1 } });
    expect(stats.data.queue.agents.busy).toBeGreaterThanOrEqual(1);

    // The same offer accepted again, by another available agent: refused, nothing changes.
    expect(await chenDesk.command('agent:state', { state: 'available' })).toMatchObject({ ok: true });
    const stolen = await chenDesk.command('offer:accept', { interactionId, offerId: offer.data.offer.offerId });
    expect(stolen).toMatchObject({ ok: false, error: { code: 'OFFER_NOT_FOUND' } });
    expect(await chenDesk.command('agent:state', { state: 'not_ready', reason: 'break' })).toMatchObject({ ok: true, data: { state: 'not_ready' } });
    const interaction = await api(server.baseUrl, 'GET', `/api/interactions/${interactionId}`, sophie.headers);
    expect(interaction.body).toMatchObject({ status: 'connected', agentId: amy.id });
  });

  it('ends the call into wrap-up and finishes it with a disposition over the socket', async () => {
    const { amyDesk, wallboard, interactionId } = await answeredCall();
    const ended = await amyDesk.command('contact:end', { interactionId });
    expect(ended).toEqual({ ok: true, data: { interactionId, status: 'wrap_up' } });
    const wrapUp = await amyDesk.next('contact:update', (data) => data.contactId === interactionId && data.contact?.status === 'wrap_up');
    expect(wrapUp.data.contact?.wrapUpEndsAt).toBeGreaterThan(Date.now() - 1000);

    const wrongDisposition = await amyDesk.command('wrapup:finish', { interactionId, disposition: 'Resolved!' });
    expect(wrongDisposition).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', fields: [{ field: 'disposition' }] } });
    const finished = await amyDesk.command('wrapup:finish', { interactionId, disposition: 'resolved' });
    expect(finished).toEqual({ ok: true, data: { interactionId, status: 'completed' } });
    const left = await amyDesk.next('contact:update', (data) => data.contactId === interactionId && data.contact === null);
    expect(left.data.reason).toBe('completed');
    await amyDesk.next('agent:state', (data) => data.agent.state === 'available' && data.agent.contactIds.length === 0);
    await wallboard.next('wallboard:contact', (data) => data.contactId === interactionId && data.contact === null && data.reason === 'completed');
    await wallboard.next('queue:stats', (data) => data.queue.queueId === billing && data.queue.sinceMidnight.completed === 1);
  });

  it('numbers every delta of a connection 1, 2, 3... without gaps, in one epoch', async () => {
    const { amyDesk, chenDesk, wallboard, interactionId } = await answeredCall();
    expect(await chenDesk.command('agent:state', { state: 'available' })).toMatchObject({ ok: true });
    expect(await chenDesk.command('agent:state', { state: 'not_ready', reason: 'break' })).toMatchObject({ ok: true });
    await chenDesk.next('agent:state', (data) => data.agent.state === 'not_ready');
    expect(await amyDesk.command('contact:end', { interactionId })).toMatchObject({ ok: true });
    expect(await amyDesk.command('wrapup:finish', { interactionId, disposition: 'resolved' })).toMatchObject({ ok: true });
    await wallboard.next('wallboard:contact', (data) => data.contactId === interactionId && data.contact === null);
    await amyDesk.next('agent:state', (data) => data.agent.state === 'available' && data.agent.contactIds.length === 0);
    expect(amyDesk.deltas.length).toBeGreaterThan(8);
    expect(chenDesk.deltas.length).toBeGreaterThan(1);
    expect(wallboard.deltas.length).toBeGreaterThan(8);
    for (const client of clients) expectGapFreeSeq(client);
  });

  it('answers sync with a fresh snapshot at the current seq, and a reconnect gets a snapshot that matches REST', async () => {
    const amyDesk = await open(amy);
    expect(await amyDesk.command('agent:state', { state: 'available' })).toMatchObject({ ok: true });
    await amyDesk.next('agent:state', (data) => data.agent.state === 'available');
    const sync = await amyDesk.command('sync', {});
    expect(sync).toEqual({ ok: true, data: { epoch: amyDesk.snapshot.epoch, seq: amyDesk.deltas.length } });
    expect(amyDesk.snapshots).toHaveLength(2);
    expect(amyDesk.snapshot.seq).toBe(amyDesk.deltas.length);

    // A second call, answered, so the desk holds a contact when the agent reconnects.
    const created = await api(server.baseUrl, 'POST', '/api/interactions', sophie.headers, { channel: 'chat', caller: { name: 'Web visitor' }, queue: 'billing' });
    const interactionId: string = created.body.interaction.id;
    const offer = await amyDesk.next('offer', (data) => data.offer.contactId === interactionId);
    // The console reconnects (a new socket first, so the desktop never counts as gone).
    const again = await open(amy);
    amyDesk.close();
    expect(again.snapshot.desk?.offer).toMatchObject({ contactId: interactionId, offerId: offer.data.offer.offerId, expiresAt: offer.data.offer.expiresAt });
    expect(await again.command('offer:accept', { interactionId, offerId: again.snapshot.desk?.offer?.offerId })).toMatchObject({ ok: true });
    await again.next('contact:update', (data) => data.contactId === interactionId && data.contact?.status === 'connected');

    const fresh = await open(amy);
    const me = await api(server.baseUrl, 'GET', '/api/agents/me', amy.headers);
    const rest = await api(server.baseUrl, 'GET', `/api/interactions/${interactionId}`, amy.headers);
    expect(fresh.snapshot.seq).toBe(0);
    expect(fresh.snapshot.desk?.agent).toEqual(me.body.live);
    expect(fresh.snapshot.desk?.offer).toBeNull();
    expect(fresh.snapshot.desk?.contacts).toEqual([
      expect.objectContaining({ id: interactionId, status: rest.body.status, agentId: rest.body.agentId, channel: 'chat', answeredAt: Date.parse(rest.body.answeredAt) }),
    ]);
    const wallboard = await open(sophie);
    expect(wallboard.snapshot.wallboard?.agents.find((agent) => agent.id === amy.id)).toMatchObject({ state: me.body.live.state, contactIds: [interactionId], teamName: 'Customer care' });
    // Each agent's team by name: the one they are in, or the one they lead.
    const teams = Object.fromEntries((wallboard.snapshot.wallboard?.agents ?? []).map((agent) => [agent.username, agent.teamName]));
    expect(teams).toMatchObject({ amy: 'Customer care', grace: 'Customer care', daniel: 'Cantonese desk', frank: 'Cantonese desk' });

    // A team renamed: the wallboards are told of each of its agents under the new name.
    const admin = await staff(server.dataSource, 'admin');
    const [{ id: careId }] = await server.dataSource.query(`SELECT id FROM teams WHERE name = 'Customer care'`);
    const mark = wallboard.deltas.length;
    expect((await api(server.baseUrl, 'PATCH', `/api/teams/${careId}`, admin.headers, { name: 'Customer care & billing' })).status).toBe(200);
    try {
      const renamed = await wallboard.next('agent:update', (data) => data.agent.id === amy.id, 5000, mark);
      expect(renamed.data.agent).toMatchObject({ teamName: 'Customer care & billing', state: me.body.live.state });
    } finally {
      expect((await api(server.baseUrl, 'PATCH', `/api/teams/${careId}`, admin.headers, { name: 'Customer care' })).status).toBe(200);
    }
    expect(wallboard.snapshot.wallboard?.contacts.map((contact) => contact.id)).toContain(interactionId);
  });
});

import type { LiveContact, RealtimeSnapshot } from '@callcentre/shared';
import { createApiKey } from '../../factories/users';
import { startTestApp, TestApp } from '../../support/test-app';
import { api, connect, ConsoleClient, expectGapFreeSeq, queueIdOf, staff, Staff } from './support';

/**
 * Live contacts follow the same rules as the contacts API: a supervisor sees every caller; a team lead sees the
 * callers of their team's contacts (ringing at or handled by an agent of their team, or themselves) and of no other;
 * an administrator sees none. Every contact stays on every wallboard with its queue, channel, status, wait and value
 * tier, and every agent row and queue figure is the same for all of them.
 */
describe('realtime: who sees which caller on the wallboard', () => {
  let server: TestApp;
  let amy: Staff;
  let sophie: Staff;
  let grace: Staff;
  let daniel: Staff;
  let admin: Staff;
  let pbx: { headers: Record<string, string> };
  let billing: string;
  let customer: { id: string; name: string; phone: string };
  let second: { id: string; name: string; phone: string };
  let clients: ConsoleClient[] = [];
  const open = async (who: Staff) => {
    const client = await connect(server.baseUrl, { token: who.accessToken });
    clients.push(client);
    return client;
  };
  const contactIn = (snapshot: RealtimeSnapshot, contactId: string) => snapshot.wallboard?.contacts.find((contact) => contact.id === contactId);
  /** What every viewer sees of a contact, whoever they are. */
  const floorFields = (contact: LiveContact | null | undefined) =>
    contact && { id: contact.id, status: contact.status, channel: contact.channel, queueId: contact.queueId, queueName: contact.queueName, agentId: contact.agentId, valueTier: contact.valueTier, arrivedAt: contact.arrivedAt };
  const hidden = { customerId: null, customerName: null, caller: {}, subject: null };

  // A server per test: each scenario starts from an idle floor, whatever ran before it.
  beforeEach(async () => {
    clients = [];
    server = await startTestApp({ seedDemo: true });
    [amy, sophie, grace, daniel, admin] = await Promise.all(['amy', 'sophie', 'grace', 'daniel', 'admin'].map((username) => staff(server.dataSource, username)));
    pbx = await createApiKey(server.dataSource, { scopes: ['ingest'] });
    billing = await queueIdOf(server.dataSource, 'billing');
    [customer, second] = await server.dataSource.query(`SELECT id, name, phone FROM customers WHERE value_tier = 'secondary' ORDER BY phone LIMIT 2`);
  });
  afterEach(async () => {
    for (const client of clients) client.close();
    await server.close();
  });

  /** Every console open, Amy available, and a caller of her team's customer ringing at her. */
  const ringAtAmy = async () => {
    const amyDesk = await open(amy);
    const supervisor = await open(sophie);
    const ownLead = await open(grace);
    const otherLead = await open(daniel);
    const administrator = await open(admin);
    expect(await amyDesk.command('agent:state', { state: 'available' })).toMatchObject({ ok: true });
    for (const board of [supervisor, ownLead, otherLead, administrator]) await board.next('agent:update', (data) => data.agent.id === amy.id && data.agent.state === 'available');

    const created = await api(server.baseUrl, 'POST', '/api/interactions', pbx.headers, { channel: 'voice', caller: { phone: customer.phone, name: 'Caller On Hold' }, queue: 'billing', subject: 'Refund for order 4471' });
    expect(created.status).toBe(201);
    const ringingId: string = created.body.interaction.id;
    const offer = await amyDesk.next('offer', (data) => data.offer.contactId === ringingId);
    return { amyDesk, supervisor, ownLead, otherLead, administrator, ringingId, offerId: offer.data.offer.offerId };
  };
  type Floor = Awaited<ReturnType<typeof ringAtAmy>>;
  const answer = async ({ amyDesk, ringingId, offerId }: Floor) => expect(await amyDesk.command('offer:accept', { interactionId: ringingId, offerId })).toMatchObject({ ok: true });
  /** Amy is busy and nobody else takes billing: the next caller waits, at no one's agent. */
  const queueAnother = async () => {
    const created = await api(server.baseUrl, 'POST', '/api/interactions', pbx.headers, { channel: 'voice', caller: { phone: second.phone }, queue: 'billing', subject: 'Second invoice' });
    expect(created.status).toBe(201);
    return created.body.interaction.id as string;
  };

  it('sends a contact ringing at Amy whole to the supervisor and to Grace, her team lead, and without its caller to Daniel and the administrator', async () => {
    const { supervisor, ownLead, otherLead, administrator, ringingId } = await ringAtAmy();

    const ringingAt = (board: ConsoleClient) => board.next('wallboard:contact', (data) => data.contactId === ringingId && data.contact?.status === 'offered');
    const [full, own, other, config] = await Promise.all([supervisor, ownLead, otherLead, administrator].map(ringingAt));
    const whole = { customerId: customer.id, customerName: customer.name, caller: { phone: customer.phone, name: 'Caller On Hold' }, subject: 'Refund for order 4471' };
    expect(full.data.contact).toMatchObject({ ...whole, status: 'offered', agentId: amy.id, queueId: billing, channel: 'voice', valueTier: 'secondary' });
    expect(own.data.contact).toEqual(full.data.contact);
    expect(other.data.contact).toEqual({ ...full.data.contact, ...hidden });
    expect(config.data.contact).toEqual({ ...full.data.contact, ...hidden });

    // The same contact in a fresh snapshot of each.
    for (const board of [supervisor, ownLead, otherLead, administrator]) expect(await board.command('sync', {})).toMatchObject({ ok: true });
    expect(contactIn(supervisor.snapshot, ringingId)).toMatchObject({ ...whole, status: 'offered' });
    expect(contactIn(ownLead.snapshot, ringingId)).toMatchObject({ ...whole, status: 'offered' });
    expect(contactIn(otherLead.snapshot, ringingId)).toMatchObject({ ...hidden, status: 'offered', agentId: amy.id, queueId: billing, valueTier: 'secondary' });
    expect(contactIn(administrator.snapshot, ringingId)).toMatchObject({ ...hidden, status: 'offered', agentId: amy.id, queueId: billing, valueTier: 'secondary' });
    for (const board of [ownLead, otherLead, administrator]) expect(floorFields(contactIn(board.snapshot, ringingId))).toEqual(floorFields(contactIn(supervisor.snapshot, ringingId)));
  });

  it('keeps it that way once Amy answers, and a contact waiting for nobody shows its caller to the supervisor alone', async () => {
    const floor = await ringAtAmy();
    const { supervisor, ownLead, otherLead, administrator, ringingId } = floor;
    await answer(floor);
    const connectedAt = (board: ConsoleClient) => board.next('wallboard:contact', (data) => data.contactId === ringingId && data.contact?.status === 'connected');
    const [full, own, other, config] = await Promise.all([supervisor, ownLead, otherLead, administrator].map(connectedAt));
    expect(full.data.contact).toMatchObject({ customerName: customer.name, subject: 'Refund for order 4471', agentId: amy.id });
    expect(own.data.contact).toEqual(full.data.contact);
    expect(other.data.contact).toEqual({ ...full.data.contact, ...hidden });
    expect(config.data.contact).toEqual({ ...full.data.contact, ...hidden });

    const waitingId = await queueAnother();
    const waitingAt = (board: ConsoleClient) => board.next('wallboard:contact', (data) => data.contactId === waitingId);
    const [queued, ownQueued, otherQueued, configQueued] = await Promise.all([supervisor, ownLead, otherLead, administrator].map(waitingAt));
    expect(queued.data.contact).toMatchObject({ status: 'waiting', agentId: null, customerId: second.id, customerName: second.name, subject: 'Second invoice' });
    for (const board of [ownQueued, otherQueued, configQueued]) expect(board.data.contact).toEqual({ ...queued.data.contact, ...hidden });

    // Agent rows and queue figures are the same on every wallboard.
    const stats = (board: ConsoleClient) => board.next('queue:stats', (data) => data.queue.queueId === billing && data.queue.waitingCount === 1);
    const figures = await Promise.all([supervisor, ownLead, otherLead, administrator].map(stats));
    for (const figure of figures.slice(1)) expect(figure.data.queue.waitingCount).toBe(figures[0].data.queue.waitingCount);
    const amyRows = [supervisor, ownLead, otherLead, administrator].map((board) => board.of('agent:update').filter((delta) => delta.data.agent.id === amy.id).map((delta) => delta.data.agent));
    expect(amyRows[0].at(-1)).toMatchObject({ state: 'busy', contactIds: [ringingId] });
    for (const rows of amyRows.slice(1)) expect(rows).toEqual(amyRows[0]);
  });

  it('never sends another team’s or any caller to the team lead or the administrator who may not see them, snapshot or delta, and numbers deltas without gaps', async () => {
    const floor = await ringAtAmy();
    const { supervisor, ownLead, otherLead, administrator, ringingId } = floor;
    await answer(floor);
    const waitingId = await queueAnother();
    await supervisor.next('wallboard:contact', (data) => data.contactId === waitingId);
    for (const board of [supervisor, ownLead, otherLead, administrator]) expect(await board.command('sync', {})).toMatchObject({ ok: true });
    const everything = (board: ConsoleClient) => JSON.stringify([board.snapshots, board.deltas]);
    const secrets = (of: { id: string; name: string; phone: string }) => [of.id, of.name, of.phone];
    for (const text of [...secrets(customer), ...secrets(second), 'Refund for order 4471', 'Second invoice', 'Caller On Hold']) {
      expect(everything(supervisor)).toContain(text);
      expect(everything(otherLead)).not.toContain(text);
      expect(everything(administrator)).not.toContain(text);
    }
    expect(everything(ownLead)).toContain(customer.name);
    expect(everything(ownLead)).not.toContain(second.name);
    expect(contactIn(ownLead.snapshot, waitingId)).toMatchObject({ ...hidden, status: 'waiting', queueId: billing });
    expect(contactIn(ownLead.snapshot, ringingId)).toMatchObject({ status: 'connected', customerName: customer.name });
    for (const client of clients) expectGapFreeSeq(client);
  });
});

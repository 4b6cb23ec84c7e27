import type { TestApp } from '../../support/test-app';
import { startTestApp } from '../../support/test-app';
import { api, connect, ConsoleClient, eventually, staff, Staff } from './support';

/** Cuts the PostgreSQL session that holds the router lock (and journals), as a broken connection would. */
async function cutRouterSession(server: TestApp): Promise<void> {
  const [{ cut }] = await server.dataSource.query(
    `SELECT count(pg_terminate_backend(l.pid))::int AS cut FROM pg_locks l JOIN pg_database d ON d.oid = l.database
     WHERE l.locktype = 'advisory' AND l.granted AND l.objid = 7146221 AND d.datname = current_database()`,
  );
  expect(cut).toBe(1);
}

const env = { HEARTBEAT_TIMEOUT_SECONDS: '600' };

/**
 * A commit that fails makes routing rebuild its core from the database: what was not saved is gone and offers
 * that rang are withdrawn. The live views follow: every console is sent a fresh snapshot of a new epoch, built from
 * the rebuilt core, instead of keeping what it showed.
 */
describe('live views after routing rebuilt its core from the database', () => {
  let server: TestApp;
  let sophie: Staff;
  let amy: Staff;
  const clients: ConsoleClient[] = [];
  const open = async (who: Staff) => {
    const client = await connect(server.baseUrl, { token: who.accessToken });
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    server = await startTestApp({ seedDemo: true, env });
    sophie = await staff(server.dataSource, 'sophie');
    amy = await staff(server.dataSource, 'amy');
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await server.close();
  });

  it('sends every console a fresh snapshot without the offer the rebuild withdrew', async () => {
    const wallboard = await open(sophie);
    const desk = await open(amy);
    expect(await desk.command('agent:state', { state: 'available' })).toMatchObject({ ok: true });
    const ringing = await api(server.baseUrl, 'POST', '/api/interactions', sophie.headers, { channel: 'voice', caller: {}, queue: 'billing', preferredAgentId: amy.id });
    const contactId: string = ringing.body.interaction.id;
    const offer = await desk.next('offer', (data) => data.offer.contactId === contactId);
    await wallboard.next('wallboard:contact', (data) => data.contactId === contactId && data.contact?.status === 'offered');
    const [deskEpoch, wallboardEpoch] = [desk.snapshot.epoch, wallboard.snapshot.epoch];
    const [deskSnapshots, wallboardSnapshots] = [desk.snapshots.length, wallboard.snapshots.length];

    // The journal's session breaks: the next commit fails, and routing rebuilds from what is stored (keeping its lock).
    await cutRouterSession(server);
    const refused = await api(server.baseUrl, 'POST', '/api/interactions', sophie.headers, { channel: 'chat', caller: {}, queue: 'general' });
    expect(refused).toMatchObject({ status: 409, body: { code: 'ROUTING_NOT_SAVED' } });

    const freshDesk = await eventually(() => desk.snapshots.slice(deskSnapshots).at(-1), 5000, 'a fresh desk snapshot');
    const freshBoard = await eventually(() => wallboard.snapshots.slice(wallboardSnapshots).at(-1), 5000, 'a fresh wallboard snapshot');
    expect(freshDesk.epoch).not.toBe(deskEpoch);
    expect(freshBoard.epoch).toBe(freshDesk.epoch);
    expect(freshBoard.epoch).not.toBe(wallboardEpoch);
    // The offer no longer rings: the contact waits again, as the rebuilt core holds it; the refused chat is nowhere.
    expect(freshDesk.desk?.offer).toBeNull();
    expect(freshDesk.desk?.agent).toMatchObject({ state: 'available', offeredContactId: null });
    expect(freshBoard.wallboard?.contacts.find((live) => live.id === contactId)).toMatchObject({ status: 'waiting', agentId: null, offerId: null });
    expect(freshBoard.wallboard?.contacts.some((live) => live.channel === 'chat')).toBe(false);

    // Routing carries on from the rebuilt core: the contact is offered again at once, in the new epoch.
    const again = await desk.next('offer', (data) => data.offer.contactId === contactId && data.offer.offerId !== offer.data.offer.offerId);
    expect(await desk.command('offer:accept', { interactionId: contactId, offerId: offer.data.offer.offerId })).toMatchObject({ ok: false });
    expect(again.epoch).toBe(freshDesk.epoch);
    expect(again.data.offer.offerId).not.toBe(offer.data.offer.offerId);
  });
});

/**
 * An instance whose lock session broke while another instance took the lock stands by with an empty core: its
 * consoles are closed, so that they reconnect where routing runs now (a load balancer sends them to the instance
 * that answers /ready), and a console that connects to it anyway is shown its standby view, not the old one.
 */
describe('live views of an instance that lost the router lock to another', () => {
  let first: TestApp;
  let second: TestApp;
  const clients: ConsoleClient[] = [];

  beforeAll(async () => {
    first = await startTestApp({ seedDemo: true, env });
    second = await startTestApp({ database: first.database, env });
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await second.stop();
    await first.stop();
    await first.database.drop();
  });

  it('closes its consoles once it stands by, and shows a console that connects the standby view', async () => {
    const sophie = await staff(first.dataSource, 'sophie');
    const waiting = await api(first.baseUrl, 'POST', '/api/interactions', sophie.headers, { channel: 'voice', caller: {}, queue: 'billing' });
    expect(waiting.status).toBe(201);
    const contactId: string = waiting.body.interaction.id;
    const wallboard = await connect(first.baseUrl, { token: sophie.accessToken });
    clients.push(wallboard);
    expect(wallboard.snapshot.wallboard?.contacts.map((contact) => contact.id)).toContain(contactId);

    // The first instance's lock session breaks; the standby takes the lock over and routes.
    await cutRouterSession(first);
    await eventually(async () => (await fetch(`${second.baseUrl}/ready`)).status === 200, 20_000, 'the standby to take over');
    // The first learns it at its next commit, and stands by.
    const refused = await api(first.baseUrl, 'POST', '/api/interactions', sophie.headers, { channel: 'voice', caller: {}, queue: 'billing' });
    expect(refused).toMatchObject({ status: 409, body: { code: 'ROUTING_NOT_SAVED' } });
    await eventually(() => wallboard.disconnectReason === 'io server disconnect', 5000, 'the console to be sent away');
    expect((await fetch(`${first.baseUrl}/ready`)).status).toBe(503);

    const onStandby = await connect(first.baseUrl, { token: sophie.accessToken });
    clients.push(onStandby);
    expect(onStandby.snapshot.epoch).not.toBe(wallboard.snapshot.epoch);
    expect(onStandby.snapshot.wallboard?.contacts).toEqual([]);
    // Where routing runs now, the contact still waits.
    const onActive = await connect(second.baseUrl, { token: sophie.accessToken });
    clients.push(onActive);
    expect(onActive.snapshot.wallboard?.contacts.map((contact) => contact.id)).toContain(contactId);
  });
});

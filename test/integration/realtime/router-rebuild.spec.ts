import type { TestApp } from '../../support/test-app';
import { startTestApp } from '../../support/test-app';
import { Client } from 'pg';
import { api, connect, ConsoleClient, eventually, keepAlive, refusedConnection, sleep, staff, Staff } from './support';

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

    // The journal's session breaks: routing stops at once and rebuilds from what is stored (taking its lock back).
    await cutRouterSession(server);
    const freshDesk = await eventually(() => desk.snapshots.slice(deskSnapshots).at(-1), 15_000, 'a fresh desk snapshot');
    const freshBoard = await eventually(() => wallboard.snapshots.slice(wallboardSnapshots).at(-1), 15_000, 'a fresh wallboard snapshot');
    expect(freshDesk.epoch).not.toBe(deskEpoch);
    expect(freshBoard.epoch).toBe(freshDesk.epoch);
    expect(freshBoard.epoch).not.toBe(wallboardEpoch);
    // The offer no longer rings: the contact waits again, as the rebuilt core holds it; the refused chat is nowhere.
    expect(freshDesk.desk?.offer).toBeNull();
    expect(freshDesk.desk?.agent).toMatchObject({ state: 'available', offeredContactId: null });
    expect(freshBoard.wallboard?.contacts.find((live) => live.id === contactId)).toMatchObject({ status: 'waiting', agentId: null, offerId: null });
    // Routing carries on from the rebuilt core: the contact is offered again at once, in the new epoch.
    const again = await desk.next('offer', (data) => data.offer.contactId === contactId && data.offer.offerId !== offer.data.offer.offerId);
    expect(await desk.command('offer:accept', { interactionId: contactId, offerId: offer.data.offer.offerId })).toMatchObject({ ok: false });
    expect(again.epoch).toBe(freshDesk.epoch);
    expect(again.data.offer.offerId).not.toBe(offer.data.offer.offerId);
    // The journal closes the first offer (withdrawn) before the contact is offered again.
    const journal: Array<{ type: string; offer_id: string; reason: string | null }> = await server.dataSource.query(
      `SELECT type, payload->>'offerId' AS offer_id, payload->>'reason' AS reason FROM routing_events
        WHERE interaction_id = $1 AND type IN ('contact.offered', 'offer.withdrawn', 'offer.accepted', 'offer.rejected', 'offer.expired') ORDER BY id`,
      [contactId],
    );
    expect(journal).toEqual([
      { type: 'contact.offered', offer_id: offer.data.offer.offerId, reason: null },
      { type: 'offer.withdrawn', offer_id: offer.data.offer.offerId, reason: 'routing_rebuilt' },
      { type: 'contact.offered', offer_id: again.data.offer.offerId, reason: null },
    ]);
  });
});

/**
 * An instance whose lock session broke while another instance took the lock stands by with an empty core: its
 * consoles are told why and closed, so that they reconnect where routing runs now (a load balancer sends them to the
 * instance that answers /ready); a console that connects to it is refused with the reason, and every routing command
 * sent to it, REST or socket, answers 503 ROUTER_STANDBY.
 */
describe('an instance that lost the router lock to another', () => {
  let first: TestApp;
  let second: TestApp;
  let holder: Client;
  const clients: ConsoleClient[] = [];

  beforeAll(async () => {
    // No job worker: a closing job that falls due while the lock is held elsewhere is no part of this test, and
    // stopping an instance waits for the job it runs.
    first = await startTestApp({ seedDemo: true, env: { ...env, JOBS_WORKER: 'off' } });
    second = await startTestApp({ database: first.database, env: { ...env, JOBS_WORKER: 'off' } });
    holder = new Client({ connectionString: first.database.url });
    await holder.connect();
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await holder.end().catch(() => undefined);
    await second.stop();
    await first.stop();
    await first.database.drop();
  });

  it('sends its consoles away with the reason at once, refuses new ones and answers routing work with 503 ROUTER_STANDBY', async () => {
    const sophie = await staff(first.dataSource, 'sophie');
    const amy = await staff(first.dataSource, 'amy');
    const waiting = await api(first.baseUrl, 'POST', '/api/interactions', sophie.headers, { channel: 'voice', caller: {}, queue: 'billing' });
    expect(waiting.status).toBe(201);
    const contactId: string = waiting.body.interaction.id;
    const wallboard = await connect(first.baseUrl, { token: sophie.accessToken });
    clients.push(wallboard);
    const desk = await connect(first.baseUrl, { token: amy.accessToken });
    clients.push(desk);
    expect(wallboard.snapshot.wallboard?.contacts.map((contact) => contact.id)).toContain(contactId);

    // The first instance's lock session is cut and the lock taken before it can ask again: it stands by, with no
    // commit needed to notice.
    // The holder queues for the lock first, so PostgreSQL hands it over the moment the cut session exits.
    const taken = holder.query(`SELECT pg_advisory_lock(7146221)`);
    await eventually(async () => (await first.dataSource.query(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND objid = 7146221`))[0].n === 1, 5000, 'the holder to queue');
    await cutRouterSession(first);
    await taken;
    await eventually(() => wallboard.disconnectReason === 'io server disconnect' && desk.disconnectReason === 'io server disconnect', 5000, 'the consoles to be sent away');
    expect(wallboard.awayNotices).toEqual([{ reason: 'standby', retryAfterSeconds: 1 }]);
    expect(desk.awayNotices).toEqual([{ reason: 'standby', retryAfterSeconds: 1 }]);
    for (const instance of [first, second]) expect((await fetch(`${instance.baseUrl}/ready`)).status).toBe(503);

    // A console connecting to the standby is refused with the reason, not shown an empty floor.
    const refused = await refusedConnection(first.baseUrl, { token: sophie.accessToken });
    expect(refused.data).toMatchObject({ code: 'ROUTER_STANDBY', retryAfterSeconds: 1 });
    // Routing work sent to it says why it is refused.
    const state = await api(first.baseUrl, 'PUT', '/api/agents/me/state', amy.headers, { state: 'available' });
    expect(state).toMatchObject({ status: 503, body: { code: 'ROUTER_STANDBY' } });
    const override = await api(first.baseUrl, 'PUT', `/api/agents/${amy.id}/state`, sophie.headers, { state: 'available' });
    expect(override).toMatchObject({ status: 503, body: { code: 'ROUTER_STANDBY' } });
    const explain = await api(first.baseUrl, 'GET', `/api/interactions/${contactId}/routing`, sophie.headers);
    expect(explain).toMatchObject({ status: 503, body: { code: 'ROUTER_STANDBY' } });
    const arrival = await fetch(`${first.baseUrl}/api/interactions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...sophie.headers },
      body: JSON.stringify({ channel: 'voice', caller: {}, queue: 'billing' }),
    });
    expect(arrival.status).toBe(503);
    expect(arrival.headers.get('retry-after')).toBe('2');

    // The lock is free again: exactly one instance takes it, and there the contact still waits.
    await holder.query(`SELECT pg_advisory_unlock_all()`);
    const active = await eventually(
      async () => {
        const statuses = await Promise.all([first, second].map((instance) => fetch(`${instance.baseUrl}/ready`).then((response) => response.status)));
        return statuses.filter((status) => status === 200).length === 1 ? [first, second][statuses.indexOf(200)] : null;
      },
      10_000,
      'one instance to route',
    );
    const onActive = await connect(active.baseUrl, { token: sophie.accessToken });
    clients.push(onActive);
    expect(onActive.snapshot.wallboard?.contacts.map((contact) => contact.id)).toContain(contactId);
    // A socket command to the instance that stands by is refused with the same code.
    const standby = active === first ? second : first;
    expect((await api(standby.baseUrl, 'PUT', '/api/agents/me/state', amy.headers, { state: 'available' })).body.code).toBe('ROUTER_STANDBY');
  });
});

/**
 * Agents of a takeover: their desks are sent away by the instance that lost the lock the moment its lock session
 * broke, connect to whichever instance routes next (as through a load balancer), and are not made not ready there
 * however long no instance routed in between: the grace runs from the takeover.
 */
describe('agents whose router lost its lock', () => {
  const HEARTBEAT_TIMEOUT_SECONDS = 3;
  let first: TestApp;
  let second: TestApp;
  let holder: Client;
  const clients: ConsoleClient[] = [];
  const stops: Array<() => void> = [];

  beforeAll(async () => {
    const presence = { HEARTBEAT_TIMEOUT_SECONDS: String(HEARTBEAT_TIMEOUT_SECONDS) };
    first = await startTestApp({ seedDemo: true, env: presence });
    second = await startTestApp({ database: first.database, env: presence });
    holder = new Client({ connectionString: first.database.url });
    await holder.connect();
  });
  afterAll(async () => {
    for (const stop of stops) stop();
    for (const client of clients) client.close();
    await holder.end().catch(() => undefined);
    await second.stop();
    await first.stop();
    await first.database.drop();
  });

  /** The instance a load balancer would send a console to: the one whose /ready answers 200. */
  const routingInstance = () =>
    eventually(
      async () => {
        for (const instance of [first, second]) if ((await fetch(`${instance.baseUrl}/ready`)).status === 200) return instance;
        return null;
      },
      15_000,
      'an instance that routes',
    );

  it('keeps every agent whose desk moved to the new router', async () => {
    const sophie = await staff(first.dataSource, 'sophie');
    const agents = await Promise.all(['amy', 'ben'].map((username) => staff(first.dataSource, username)));
    for (const agent of agents) {
      const desk = await connect(first.baseUrl, { token: agent.accessToken });
      clients.push(desk);
      stops.push(keepAlive(desk));
      expect(await desk.command('agent:state', { state: 'available' })).toMatchObject({ ok: true });
    }
    const oldDesks = [...clients];

    // The lock session is cut and the lock held elsewhere for longer than the heartbeat timeout: no instance routes.
    const taken = holder.query(`SELECT pg_advisory_lock(7146221)`);
    await eventually(async () => (await first.dataSource.query(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND objid = 7146221`))[0].n === 1, 5000, 'the holder to queue');
    await cutRouterSession(first);
    await taken;
    await eventually(() => oldDesks.every((desk) => desk.awayNotices.length > 0), 5000, 'the desks to be sent away');
    await sleep((HEARTBEAT_TIMEOUT_SECONDS + 1) * 1000);
    await holder.query(`SELECT pg_advisory_unlock_all()`);

    // The desks follow routing to whichever instance took the lock, and stay there.
    const router = await routingInstance();
    const wallboard = await connect(router.baseUrl, { token: sophie.accessToken });
    clients.push(wallboard);
    for (const agent of agents) {
      const desk = await connect(router.baseUrl, { token: agent.accessToken });
      clients.push(desk);
      stops.push(keepAlive(desk));
    }
    // Past the takeover's grace (the timeout and a console retry): nobody was made not ready.
    await sleep((HEARTBEAT_TIMEOUT_SECONDS + 5 + 2) * 1000);
    const live = await Promise.all(agents.map(async (agent) => (await api(router.baseUrl, 'GET', `/api/agents/${agent.id}`, sophie.headers)).body.live));
    expect(live.map((view) => ({ state: view.state, disconnected: view.disconnected }))).toEqual(agents.map(() => ({ state: 'available', disconnected: false })));
    expect(wallboard.of('agent:update').filter((delta) => delta.data.agent.disconnected)).toEqual([]);
  }, 60_000);
});

import { Client } from 'pg';
import { call } from '../../factories/routing';
import { bearer, createSignedInUser } from '../../factories/users';
import { createBenchCentre, type BenchCentre } from '../../load/bench-centre';
import { RoutingService } from '../../../server/src/modules/routing/routing.service';
import { startTestApp, type TestApp } from '../../support/test-app';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { eventually } from '../realtime/support';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Cuts the PostgreSQL session holding the router lock, as a broken connection or an administrator would. */
async function cutLockSession(admin: Client): Promise<number> {
  const { rows } = await admin.query(
    `SELECT count(pg_terminate_backend(l.pid))::int AS cut FROM pg_locks l JOIN pg_database d ON d.oid = l.database
      WHERE l.locktype = 'advisory' AND l.granted AND l.objid = 7146221 AND d.datname = current_database()`,
  );
  return rows[0].cut;
}

/** What the callers and desks were told: only answered requests are promises the server made. */
interface Acknowledged {
  arrivals: Map<string, string>;
  accepted: Map<string, string>;
}

/**
 * Two server instances on one database; the session that holds the router lock is cut again and again while
 * contacts arrive and agents answer. Whichever instance routes after each cut (the same one, having taken its lock
 * back, or the other), nothing a caller or an agent was told is lost or done twice, every offer is closed in the
 * journal, and at most one instance says it is ready at any moment.
 */
describe('routing through cuts of the router lock session', () => {
  let database: TestDatabase;
  let instances: TestApp[] = [];
  let admin: Client;

  afterAll(async () => {
    await admin?.end();
    for (const instance of instances) await instance.stop();
    await database?.drop();
  });

  it('loses no acknowledged contact, connects none twice and closes every offer', async () => {
    database = await createTestDatabase();
    const centre: BenchCentre = await createBenchCentre(database.url, 6, { wrapUpSeconds: 0, offerTimeoutSeconds: 30 });
    // Desks without a socket: presence must not sign them out during the test.
    const env = { HEARTBEAT_TIMEOUT_SECONDS: '600' };
    instances = [await startTestApp({ database, env }), await startTestApp({ database, env })];
    admin = new Client({ connectionString: database.url });
    await admin.connect();
    const routers = instances.map((instance) => instance.app.get(RoutingService));
    const routing = () => instances.find((_, index) => routers[index].active);
    const pbx = { 'x-api-key': centre.apiKey };
    const agentHeaders = new Map(centre.agents.map((agent) => [agent.id, bearer(agent.accessToken)]));
    for (const agent of centre.agents) {
      expect((await call(instances[0].baseUrl, 'PUT', '/api/agents/me/state', agentHeaders.get(agent.id) as Record<string, string>, { state: 'available' })).status).toBe(200);
    }

    const acknowledged: Acknowledged = { arrivals: new Map(), accepted: new Map() };
    const unexpected: Array<{ what: string; status: number; code?: string }> = [];
    let running = true;
    const inFlight = new Set<Promise<unknown>>();
    const track = <T>(request: Promise<T>) => {
      inFlight.add(request);
      void request.finally(() => inFlight.delete(request)).catch(() => undefined);
      return request;
    };
    // Answers a caller or a desk may get during a cut: the change was made, or it was not and they try again.
    const expectedRefusal = (status: number, code?: string) =>
      status === 503 || (status === 409 && ['ROUTING_NOT_SAVED', 'OFFER_NOT_CURRENT', 'OFFER_NOT_YOURS', 'INTERACTION_CLOSED', 'CONTACT_NOT_OFFERED', 'CONTACT_NOT_YOURS'].includes(code ?? ''));

    // The PBX: one arrival every 8 ms, to each instance in turn (a load balancer may still send to either).
    let sent = 0;
    const callers = (async () => {
      while (running) {
        const externalId = `cut-${sent++}`;
        const target = instances[sent % 2].baseUrl;
        void track(
          call(target, 'POST', '/api/interactions', pbx, { channel: 'voice', caller: {}, queue: centre.queueCode, externalId })
            .then((response) => {
              if (response.status === 201 || response.status === 200) acknowledged.arrivals.set(externalId, response.body.interaction.id);
              else if (!expectedRefusal(response.status, response.body?.code)) unexpected.push({ what: 'arrival', status: response.status, code: response.body?.code });
            })
            .catch(() => undefined),
        );
        await sleep(8);
      }
    })();

    // The desks: accept every offer made to them, hang up every connected contact on the next pass.
    // A supervisor reads the floor (an administrator configures and does not read contacts).
    const supervisorHeaders = (await createSignedInUser(instances[0].dataSource, { roles: ['supervisor'] })).headers;
    const desk = async (base: string) => {
      const offered = await call(base, 'GET', '/api/interactions?status=offered&limit=500', supervisorHeaders);
      const connected = await call(base, 'GET', '/api/interactions?status=connected&limit=500', supervisorHeaders);
      await Promise.all([
        ...(offered.body.items ?? []).map(async (contact: { id: string; agentId: string; offer: { offerId: string } | null }) => {
          if (!contact.offer) return;
          const answer = await track(call(base, 'POST', `/api/interactions/${contact.id}/accept`, agentHeaders.get(contact.agentId) as Record<string, string>, { offerId: contact.offer.offerId }));
          if (answer.status === 200) acknowledged.accepted.set(contact.id, contact.agentId);
        }),
        ...(connected.body.items ?? []).map(async (contact: { id: string; agentId: string }) => {
          await track(call(base, 'POST', `/api/interactions/${contact.id}/end`, agentHeaders.get(contact.agentId) as Record<string, string>));
        }),
      ]);
    };
    let desksRunning = true;
    const desks = (async () => {
      while (desksRunning) {
        const router = routing();
        if (router) await desk(router.baseUrl).catch(() => undefined);
        await sleep(15);
      }
    })();

    // The load balancer's view: both instances' /ready, every 100 ms; never two at 200 in one round.
    const bothReady: number[] = [];
    const probes = (async () => {
      while (running) {
        const statuses = await Promise.all(instances.map((instance) => fetch(`${instance.baseUrl}/ready`).then((response) => response.status, () => 0)));
        if (statuses.every((status) => status === 200)) bothReady.push(Date.now());
        await sleep(100);
      }
    })();

    // Fifty cuts, each in the middle of traffic, each after routing came back from the one before.
    for (let cut = 0; cut < 50; cut += 1) {
      const deadline = Date.now() + 10_000;
      while (!routing() && Date.now() < deadline) await sleep(10);
      expect(routing()).toBeDefined();
      await sleep(40 + Math.random() * 80);
      expect(await cutLockSession(admin)).toBeLessThanOrEqual(1);
    }
    running = false;
    await callers;
    await probes;
    await Promise.all([...inFlight]);

    // The desks work through everything that is left; a lost contact would stay open for ever.
    const open = async () =>
      (await admin.query(`SELECT id, status, routing_record IS NOT NULL AS routed FROM interactions WHERE status <> 'completed' ORDER BY id`)).rows;
    const deadline = Date.now() + 30_000;
    while ((await open()).length > 0 && Date.now() < deadline) await sleep(100);
    desksRunning = false;
    await desks;

    expect(unexpected).toEqual([]);
    const left = await open();
    const leftByStatus = Object.fromEntries([...new Set(left.map((row) => row.status))].map((status) => [status, left.filter((row) => row.status === status).length]));
    expect({ leftByStatus, unrouted: left.filter((row) => !row.routed).length, routing: routers.filter((router) => router.active).length }).toEqual({
      leftByStatus: {},
      unrouted: 0,
      routing: 1,
    });
    expect(acknowledged.arrivals.size).toBeGreaterThan(50);
    // Every acknowledged arrival is stored under its id and was answered by exactly one agent.
    const ids = [...acknowledged.arrivals.values()];
    const { rows: stored } = await admin.query(`SELECT id, status FROM interactions WHERE id = ANY($1::uuid[])`, [ids]);
    expect(stored.length).toBe(ids.length);
    const { rows: connects } = await admin.query(
      `SELECT i.id, count(e.*)::int AS n FROM interactions i LEFT JOIN routing_events e ON e.interaction_id = i.id AND e.type = 'contact.connected' GROUP BY i.id`,
    );
    expect(connects.filter((row) => row.n !== 1)).toEqual([]);
    // An acknowledged answer stands: the contact was connected to that agent.
    const { rows: answeredBy } = await admin.query(`SELECT id, agent_id FROM interactions WHERE id = ANY($1::uuid[])`, [[...acknowledged.accepted.keys()]]);
    expect(answeredBy.filter((row) => acknowledged.accepted.get(row.id) !== row.agent_id)).toEqual([]);
    // Every offer is closed (accepted, rejected, expired or withdrawn) before the contact is offered again, and at the end.
    const { rows: openOffers } = await admin.query(
      `WITH e AS (
         SELECT interaction_id, type, lead(type) OVER (PARTITION BY interaction_id ORDER BY id) AS next_type
           FROM routing_events
          WHERE type IN ('contact.offered', 'offer.accepted', 'offer.rejected', 'offer.expired', 'offer.withdrawn'))
       SELECT interaction_id, next_type FROM e WHERE type = 'contact.offered' AND (next_type IS NULL OR next_type = 'contact.offered')`,
    );
    expect(openOffers).toEqual([]);
    expect(bothReady).toEqual([]);
  }, 120_000);
});

/**
 * A contact stored as waiting that routing does not hold (no routing record, as an earlier version could leave one)
 * is not left waiting for ever: the next rebuild queues it again from its arrival, and it is routed.
 */
describe('a contact left waiting without a routing record', () => {
  let server: TestApp;
  let admin: Client;

  beforeAll(async () => {
    server = await startTestApp({ seedDemo: true, env: { HEARTBEAT_TIMEOUT_SECONDS: '600' } });
    admin = new Client({ connectionString: server.database.url });
    await admin.connect();
  });
  afterAll(async () => {
    await admin.end();
    await server.close();
  });

  it('is queued again from its arrival when routing rebuilds', async () => {
    const supervisor = await createSignedInUser(server.dataSource, { roles: ['supervisor'] });
    const arrival = await call(server.baseUrl, 'POST', '/api/interactions', supervisor.headers, { channel: 'email', caller: {}, queue: 'general' });
    expect(arrival.status).toBe(201);
    const id: string = arrival.body.interaction.id;
    const arrivedAt = new Date(arrival.body.interaction.arrivedAt).getTime();
    // What routing lost: the row says waiting, no routing record holds it.
    await admin.query(`UPDATE interactions SET routing_record = NULL, status = 'waiting', agent_id = NULL WHERE id = $1`, [id]);
    const router = server.app.get(RoutingService);

    expect(await cutLockSession(admin)).toBe(1);
    await eventually(async () => (await admin.query(`SELECT routing_record IS NOT NULL AS routed FROM interactions WHERE id = $1`, [id])).rows[0].routed, 10_000, 'the contact to be routed again');
    expect(router.core.getContact(id)).toMatchObject({ id, enqueuedAt: arrivedAt });
    const { rows } = await admin.query(`SELECT type FROM routing_events WHERE interaction_id = $1 ORDER BY id`, [id]);
    expect(rows.filter((row) => row.type === 'contact.queued')).toHaveLength(2);
  });
});

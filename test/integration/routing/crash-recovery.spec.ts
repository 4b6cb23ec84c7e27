import { Client } from 'pg';
import { call } from '../../factories/routing';
import { withDataSource } from '../../../server/src/common/database/data-source';
import { bearer, createSignedInUser } from '../../factories/users';
import { createBenchCentre, type BenchCentre } from '../../load/bench-centre';
import { startServer, type StartedServer } from '../../load/server-process';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the callers were told before the crash: only answered requests count as promises kept by the server. */
interface Acknowledged {
  arrivals: Map<string, string>;
  accepted: Map<string, string>;
  ended: Set<string>;
}

/** Posts one arrival per `intervalMs` with external ids `crash-<n>` until stopped; remembers every 2xx answer. */
function startCallers(server: StartedServer, centre: BenchCentre, acknowledged: Acknowledged, intervalMs: number) {
  let sent = 0;
  let running = true;
  const inFlight = new Set<Promise<void>>();
  const loop = (async () => {
    while (running) {
      const externalId = `crash-${sent++}`;
      const request = call(server.baseUrl, 'POST', '/api/interactions', { 'x-api-key': centre.apiKey }, { channel: 'voice', caller: {}, queue: centre.queueCode, externalId })
        .then((response) => {
          if (response.status === 201 || response.status === 200) acknowledged.arrivals.set(externalId, response.body.interaction.id);
        })
        .catch(() => undefined);
      inFlight.add(request);
      void request.finally(() => inFlight.delete(request));
      await sleep(intervalMs);
    }
  })();
  return {
    sentCount: () => sent,
    stop: async () => {
      running = false;
      await loop;
      await Promise.all(inFlight);
    },
  };
}

/** The agents' desks: accept every offer made to them, hang up every connected contact on the next pass. */
function startDesks(server: () => StartedServer, centre: BenchCentre, acknowledged: Acknowledged, supervisor: Record<string, string>) {
  const agentHeaders = new Map(centre.agents.map((agent) => [agent.id, bearer(agent.accessToken)]));
  let running = true;
  const loop = (async () => {
    while (running) {
      const base = server().baseUrl;
      try {
        const offered = await call(base, 'GET', '/api/interactions?status=offered&limit=500', supervisor);
        const connected = await call(base, 'GET', '/api/interactions?status=connected&limit=500', supervisor);
        await Promise.all([
          ...(offered.body.items ?? []).map(async (contact: { id: string; agentId: string; offer: { offerId: string } }) => {
            const answer = await call(base, 'POST', `/api/interactions/${contact.id}/accept`, agentHeaders.get(contact.agentId) as Record<string, string>, { offerId: contact.offer.offerId });
            if (answer.status === 200) acknowledged.accepted.set(contact.id, contact.agentId);
          }),
          ...(connected.body.items ?? []).map(async (contact: { id: string; agentId: string }) => {
            const answer = await call(base, 'POST', `/api/interactions/${contact.id}/end`, agentHeaders.get(contact.agentId) as Record<string, string>);
            if (answer.status === 200) acknowledged.ended.add(contact.id);
          }),
        ]);
      } catch {
        // the server is down: keep trying, as a desk would
      }
      await sleep(20);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

describe('routing survives kill -9 in the middle of traffic', () => {
  let database: TestDatabase;
  let server: StartedServer | undefined;

  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it('loses no acknowledged contact, answer or hang-up, and connects every contact exactly once', async () => {
    database = await createTestDatabase();
    const centre = await createBenchCentre(database.url, 6, { wrapUpSeconds: 0, offerTimeoutSeconds: 30 });
    // Desks without a socket: presence must not sign them out during the test.
    const env = { HEARTBEAT_TIMEOUT_SECONDS: '600' };
    server = await startServer({ databaseUrl: database.url, env });
    for (const agent of centre.agents) {
      expect((await call(server.baseUrl, 'PUT', '/api/agents/me/state', bearer(agent.accessToken), { state: 'available' })).status).toBe(200);
    }

    const acknowledged: Acknowledged = { arrivals: new Map(), accepted: new Map(), ended: new Set() };
    let current = server;
    // A supervisor reads the floor (an administrator configures and does not read contacts).
    const supervisor = (await withDataSource(database.url, (dataSource) => createSignedInUser(dataSource, { roles: ['supervisor'] }))).headers;
    const desks = startDesks(() => current, centre, acknowledged, supervisor);
    const callers = startCallers(server, centre, acknowledged, 10);
    // Traffic flows until contacts have been offered, answered and ended, then the server dies mid-stream.
    while (acknowledged.ended.size < 20 || acknowledged.arrivals.size < 60) await sleep(20);
    await server.kill();
    await callers.stop();
    const sent = callers.sentCount();
    const endedBeforeCrash = new Set(acknowledged.ended);
    const acceptedBeforeCrash = new Map(acknowledged.accepted);
    const arrivalsBeforeCrash = new Map(acknowledged.arrivals);
    expect(sent).toBeGreaterThan(arrivalsBeforeCrash.size);

    server = await startServer({ databaseUrl: database.url, env });
    current = server;
    const pbx = { 'x-api-key': centre.apiKey };

    // Every arrival the PBX was told about is there, under the same id.
    for (const [externalId, id] of arrivalsBeforeCrash) {
      const again = await call(server.baseUrl, 'POST', '/api/interactions', pbx, { channel: 'voice', caller: {}, queue: centre.queueCode, externalId });
      expect({ externalId, status: again.status, id: again.body.interaction?.id }).toEqual({ externalId, status: 200, id });
    }
    // The PBX retries what it never heard back about: each is taken once, whether or not it landed before the crash.
    for (let n = 0; n < sent; n += 1) {
      const externalId = `crash-${n}`;
      if (arrivalsBeforeCrash.has(externalId)) continue;
      const retry = await call(server.baseUrl, 'POST', '/api/interactions', pbx, { channel: 'voice', caller: {}, queue: centre.queueCode, externalId });
      expect([200, 201]).toContain(retry.status);
    }

    // Acknowledged answers and hang-ups stand: no answered contact was offered to anyone again.
    for (const [id, agentId] of acceptedBeforeCrash) {
      const contact = (await call(server.baseUrl, 'GET', `/api/interactions/${id}`, supervisor)).body;
      expect({ id, agentId: contact.agentId }).toEqual({ id, agentId });
      expect(['connected', 'completed']).toContain(contact.status);
    }
    for (const id of endedBeforeCrash) {
      expect((await call(server.baseUrl, 'GET', `/api/interactions/${id}`, supervisor)).body.status).toBe('completed');
    }

    // The desks work through everything that is left.
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      const open = async () => (await client.query(`SELECT id, status, agent_id FROM interactions WHERE status <> 'completed' ORDER BY id`)).rows;
      // A contact the restarted router lost would stay open for ever: give the desks a minute, then name what is left.
      const deadline = Date.now() + 60_000;
      while ((await open()).length > 0 && Date.now() < deadline) await sleep(50);
      await desks.stop();
      expect(await open()).toEqual([]);

      const perExternalId = await client.query(`SELECT external_id, count(*)::int AS n FROM interactions GROUP BY external_id HAVING count(*) > 1`);
      expect(perExternalId.rows).toEqual([]);
      const total = (await client.query(`SELECT count(*)::int AS n FROM interactions`)).rows[0].n;
      expect(total).toBe(sent);
      const connects = await client.query(
        `SELECT i.id, count(e.*)::int AS n FROM interactions i LEFT JOIN routing_events e ON e.interaction_id = i.id AND e.type = 'contact.connected' GROUP BY i.id`,
      );
      expect(connects.rows.filter((row) => row.n !== 1)).toEqual([]);
      // An offer ringing when the server died is closed in the journal (withdrawn) before its contact is offered again.
      const leftOpen = await client.query(
        `WITH e AS (
           SELECT interaction_id, type, lead(type) OVER (PARTITION BY interaction_id ORDER BY id) AS next_type
             FROM routing_events
            WHERE type IN ('contact.offered', 'offer.accepted', 'offer.rejected', 'offer.expired', 'offer.withdrawn'))
         SELECT interaction_id, next_type FROM e WHERE type = 'contact.offered' AND (next_type IS NULL OR next_type = 'contact.offered')`,
      );
      expect(leftOpen.rows).toEqual([]);
    } finally {
      await client.end();
    }
  }, 240_000);
});

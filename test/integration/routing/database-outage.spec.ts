import { Client } from 'pg';
import type { RealtimeSnapshot } from '@callcentre/shared';
import { call } from '../../factories/routing';
import { bearer, createSignedInUser, type SignedInStaff } from '../../factories/users';
import { createBenchCentre, type BenchCentre } from '../../load/bench-centre';
import { startPrivatePostgres, type PrivatePostgres } from '../../support/private-postgres';
import { startTestApp, type TestApp } from '../../support/test-app';
import { connect, ConsoleClient, eventually, refusedConnection, sleep } from '../realtime/support';

interface Answer {
  externalId: string;
  status: number;
  code: string | null;
  retryAfter: string | null;
  id: string | null;
}

/** Posts one arrival every `everyMs` until stopped, remembering every answer. */
function startCallers(server: TestApp, centre: BenchCentre, prefix: string, everyMs: number) {
  const answers: Answer[] = [];
  let running = true;
  let sent = 0;
  const inFlight = new Set<Promise<void>>();
  const loop = (async () => {
    while (running) {
      const externalId = `${prefix}-${sent++}`;
      const request = fetch(`${server.baseUrl}/api/interactions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': centre.apiKey },
        body: JSON.stringify({ channel: 'voice', caller: {}, queue: centre.queueCode, externalId }),
      })
        .then(async (response) => {
          const body = await response.json().catch(() => null);
          answers.push({ externalId, status: response.status, code: body?.code ?? null, retryAfter: response.headers.get('retry-after'), id: body?.interaction?.id ?? null });
        })
        .catch(() => undefined);
      inFlight.add(request);
      void request.finally(() => inFlight.delete(request));
      await sleep(everyMs);
    }
  })();
  return {
    answers,
    stop: async () => {
      running = false;
      await loop;
      await Promise.all(inFlight);
    },
  };
}

/**
 * One server instance on a PostgreSQL of the test's own, stopped (fast, then immediate) in the middle of traffic
 * and started again, with the server left running: while the database is away every answer says so (503
 * DATABASE_UNAVAILABLE with Retry-After, never 500 nor ROUTER_STANDBY), consoles are sent away with the reason and
 * never shown a floor that is not the committed one, and routing resumes by itself once the database is back.
 */
describe('routing while its database stops and starts again', () => {
  let postgres: PrivatePostgres;
  let server: TestApp;
  let centre: BenchCentre;
  let supervisor: SignedInStaff;
  const clients: ConsoleClient[] = [];

  beforeAll(async () => {
    postgres = await startPrivatePostgres();
    centre = await createBenchCentre(postgres.database.url, 3, { wrapUpSeconds: 0, offerTimeoutSeconds: 60 });
    server = await startTestApp({ database: postgres.database, env: { HEARTBEAT_TIMEOUT_SECONDS: '600' } });
    supervisor = await createSignedInUser(server.dataSource, { roles: ['supervisor'] });
    for (const agent of centre.agents) {
      expect((await call(server.baseUrl, 'PUT', '/api/agents/me/state', bearer(agent.accessToken), { state: 'available' })).status).toBe(200);
    }
  }, 120_000);
  afterAll(async () => {
    for (const client of clients) client.close();
    await server?.stop();
    await postgres?.remove();
  }, 60_000);

  for (const mode of ['fast', 'immediate'] as const) {
    it(`answers 503 DATABASE_UNAVAILABLE while PostgreSQL is down (${mode} stop) and routes again once it is back`, async () => {
      const agent = centre.agents[0];
      const wallboard = await connect(server.baseUrl, { token: supervisor.accessToken });
      const desk = await connect(server.baseUrl, { token: agent.accessToken });
      clients.push(wallboard, desk);
      const callers = startCallers(server, centre, mode, 20);
      await eventually(() => callers.answers.filter((answer) => answer.status === 201).length >= 10, 10_000, 'arrivals before the stop');

      if (mode === 'fast') await postgres.stopFast();
      else await postgres.stopImmediate();
      const stoppedAt = Date.now();
      // The consoles are told why they are sent away, at once, without waiting for a commit to fail.
      await eventually(() => wallboard.awayNotices.length > 0 && desk.awayNotices.length > 0, 10_000, 'the consoles to be sent away');
      expect(wallboard.awayNotices).toEqual([{ reason: 'database_unavailable', retryAfterSeconds: 2 }]);
      expect(desk.awayNotices).toEqual([{ reason: 'database_unavailable', retryAfterSeconds: 2 }]);
      // Readiness, routing work, other reads and new consoles all say the database is away.
      const ready = await fetch(`${server.baseUrl}/ready`);
      expect(ready.status).toBe(503);
      expect(((await ready.json()) as { error: Record<string, { message?: string }> }).error.router).toMatchObject({ message: 'the database cannot be reached' });
      const state = await fetch(`${server.baseUrl}/api/agents/me/state`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', ...bearer(agent.accessToken) },
        body: JSON.stringify({ state: 'not_ready', reason: 'break' }),
      });
      expect({ status: state.status, code: ((await state.json()) as { code: string }).code, retryAfter: state.headers.get('retry-after') }).toEqual({
        status: 503,
        code: 'DATABASE_UNAVAILABLE',
        retryAfter: '1',
      });
      const contacts = await fetch(`${server.baseUrl}/api/interactions?limit=5`, { headers: supervisor.headers });
      expect({ status: contacts.status, retryAfter: contacts.headers.get('retry-after') }).toEqual({ status: 503, retryAfter: '1' });
      expect((await refusedConnection(server.baseUrl, { token: supervisor.accessToken })).data).toMatchObject({ code: 'DATABASE_UNAVAILABLE', retryAfterSeconds: 2 });
      await sleep(1_000);

      await postgres.start();
      await eventually(async () => (await fetch(`${server.baseUrl}/ready`)).status === 200, 30_000, 'routing to resume');
      const recoveredInMs = Date.now() - stoppedAt;
      await sleep(200);
      await callers.stop();

      // Every answer was a success or a 503 naming the database (or the change not saved), with Retry-After.
      const refusals = callers.answers.filter((answer) => answer.status !== 201 && answer.status !== 200);
      expect(refusals.length).toBeGreaterThan(0);
      expect(refusals.filter((answer) => answer.status !== 503 || !['DATABASE_UNAVAILABLE', 'ROUTING_NOT_SAVED'].includes(answer.code ?? '') || !answer.retryAfter)).toEqual([]);
      expect(refusals.some((answer) => answer.code === 'DATABASE_UNAVAILABLE')).toBe(true);

      // Nothing acknowledged is lost; routing takes arrivals again without a restart.
      const acknowledged = callers.answers.filter((answer) => answer.status === 201 || answer.status === 200).map((answer) => answer.id as string);
      const check = new Client({ connectionString: postgres.database.url });
      await check.connect();
      try {
        const { rows } = await check.query(`SELECT id, status, routing_record IS NOT NULL AS routed FROM interactions WHERE id = ANY($1::uuid[])`, [acknowledged]);
        expect(rows.length).toBe(acknowledged.length);
        expect(rows.filter((row) => !row.routed)).toEqual([]);
      } finally {
        await check.end();
      }
      const after = await call(server.baseUrl, 'POST', '/api/interactions', { 'x-api-key': centre.apiKey }, { channel: 'voice', caller: {}, queue: centre.queueCode });
      expect(after.status).toBe(201);

      // A console connecting now is shown the floor as committed: every agent, every acknowledged contact.
      const back = await connect(server.baseUrl, { token: supervisor.accessToken });
      clients.push(back);
      const floor = back.snapshot.wallboard;
      expect(floor?.agents.map((seen) => seen.id).sort()).toEqual(centre.agents.map((known) => known.id).sort());
      expect(floor?.contacts.map((contact) => contact.id)).toEqual(expect.arrayContaining([...acknowledged, after.body.interaction.id]));
      // No console was ever shown an empty floor.
      const snapshots: RealtimeSnapshot[] = [...wallboard.snapshots, ...back.snapshots];
      expect(snapshots.filter((snapshot) => (snapshot.wallboard?.agents.length ?? 0) === 0)).toEqual([]);
      expect(desk.snapshots.filter((snapshot) => snapshot.desk?.agent === null)).toEqual([]);
      expect(recoveredInMs).toBeGreaterThan(0);
    }, 90_000);
  }
});

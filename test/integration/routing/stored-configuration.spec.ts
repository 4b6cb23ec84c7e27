import { isDeepStrictEqual } from 'node:util';
import { Client } from 'pg';
import type { TestApp } from '../../support/test-app';
import { startTestApp } from '../../support/test-app';
import { api, eventually, staff, Staff } from '../realtime/support';

/** Cuts the PostgreSQL session that holds the router lock (and journals), as a broken connection would, and waits until it is gone. */
async function cutRouterSession(server: TestApp): Promise<void> {
  const holders: Array<{ pid: number }> = await server.dataSource.query(
    `SELECT l.pid FROM pg_locks l JOIN pg_database d ON d.oid = l.database
     WHERE l.locktype = 'advisory' AND l.granted AND l.objid = 7146221 AND d.datname = current_database()`,
  );
  expect(holders).toHaveLength(1);
  const [{ pid }] = holders;
  await server.dataSource.query(`SELECT pg_terminate_backend($1)`, [pid]);
  await eventually(async () => (await server.dataSource.query(`SELECT 1 FROM pg_stat_activity WHERE pid = $1`, [pid])).length === 0, 10_000, 'the cut session to end');
}

const env = { HEARTBEAT_TIMEOUT_SECONDS: '600' };
const storedCapacity = async (server: TestApp, agentId: string) => (await server.dataSource.query(`SELECT capacity FROM agents WHERE user_id = $1`, [agentId]))[0].capacity;
const auditedChanges = async (server: TestApp, agentId: string, action: string) =>
  (await server.dataSource.query(`SELECT details FROM audit_log WHERE action = $1 AND target_id = $2 ORDER BY id`, [action, agentId])).map((row: { details: unknown }) => row.details);

/**
 * A configuration change (an agent's capacity or skills, a queue) is stored with its audit entry, then applied to
 * routing. The answer tells what is stored: a reload whose routing commit fails does not make the API say that
 * nothing changed, and the audit records each change's true previous value, also when changes cross.
 */
describe('configuration changes whose routing reload fails', () => {
  let server: TestApp;
  let sophie: Staff;
  let amy: Staff;

  beforeAll(async () => {
    server = await startTestApp({ seedDemo: true, env });
    sophie = await staff(server.dataSource, 'sophie');
    amy = await staff(server.dataSource, 'amy');
  });
  afterAll(async () => {
    await server.close();
  });

  it('answers with the stored capacity when the reload’s commit failed and routing rebuilt from the database', async () => {
    const capacity = { voice: 1, chat: 1, email: 2, ticket: 3 };
    await cutRouterSession(server);
    const changed = await api(server.baseUrl, 'PUT', `/api/agents/${amy.id}/capacity`, sophie.headers, capacity);
    expect(changed).toMatchObject({ status: 200, body: { id: amy.id, capacity, live: { capacity } } });
    expect(await storedCapacity(server, amy.id)).toEqual(capacity);
    expect((await api(server.baseUrl, 'GET', `/api/agents/${amy.id}`, sophie.headers)).body).toMatchObject({ capacity, live: { capacity } });
    expect((await auditedChanges(server, amy.id, 'agent.capacity_changed')).at(-1)).toEqual({ before: { voice: 1, chat: 3, email: 5, ticket: 5 }, after: capacity });
  });

  it('answers with the stored skills when the reload’s commit failed', async () => {
    const skills = { skills: [{ skill: 'billing', proficiency: 2 }], languages: ['en'] };
    await cutRouterSession(server);
    const changed = await api(server.baseUrl, 'PUT', `/api/agents/${amy.id}/skills`, sophie.headers, skills);
    expect(changed).toMatchObject({ status: 200, body: { id: amy.id, skills: { billing: 2 }, languages: ['en'], live: { skills: { billing: 2 }, languages: ['en'] } } });
  });

  it('applies a change whose reload waited longer than a command may for a rebuild that had read the configuration before it', async () => {
    const capacity = { voice: 1, chat: 2, email: 1, ticket: 4 };
    /** Statements of the server that wait for a lock, on a table their text names. */
    const lockWaiters = async (table: string) =>
      (await server.dataSource.query(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%' || $1 || '%' AND pid <> pg_backend_pid()`, [table])).length;
    // The change is held at its write while routing is still active; the router's state is held so that the rebuild
    // after the cut reads the configuration, then waits past the 5 s a command may wait for it.
    const [rowHolder, stateHolder] = [new Client({ connectionString: server.database.url }), new Client({ connectionString: server.database.url })];
    await Promise.all([rowHolder.connect(), stateHolder.connect()]);
    try {
      await rowHolder.query('BEGIN');
      await rowHolder.query('SELECT 1 FROM agents WHERE user_id = $1 FOR UPDATE', [amy.id]);
      await stateHolder.query('BEGIN');
      await stateHolder.query('LOCK TABLE router_state IN ACCESS EXCLUSIVE MODE');
      const answer = api(server.baseUrl, 'PUT', `/api/agents/${amy.id}/capacity`, sophie.headers, capacity);
      await eventually(async () => (await lockWaiters('agents')) > 0, 10_000, 'the change to wait at its write');
      await cutRouterSession(server);
      await eventually(async () => (await lockWaiters('router_state')) > 0, 10_000, 'the rebuild to wait for the router state');
      await rowHolder.query('COMMIT');
      await eventually(async () => isDeepStrictEqual(await storedCapacity(server, amy.id), capacity), 10_000, 'the change to be stored');
      await new Promise((resolve) => setTimeout(resolve, 6_000));
      await stateHolder.query('COMMIT');
      expect(await answer).toMatchObject({ status: 200, body: { id: amy.id, capacity, live: { capacity } } });
      expect((await api(server.baseUrl, 'GET', `/api/agents/${amy.id}`, sophie.headers)).body).toMatchObject({ capacity, live: { capacity } });
    } finally {
      await Promise.all([rowHolder.end(), stateHolder.end()]);
    }
  }, 45_000);

  it('records each crossing change’s previous value as the change before it left it', async () => {
    const ben = await staff(server.dataSource, 'ben');
    const changes = [1, 2, 3, 4, 5, 6].map((chat) => ({ voice: 1, chat, email: 2, ticket: 2 }));
    const answers = await Promise.all(changes.map((capacity) => api(server.baseUrl, 'PUT', `/api/agents/${ben.id}/capacity`, sophie.headers, capacity)));
    expect(answers.map((answer) => answer.status)).toEqual(changes.map(() => 200));
    const audited = (await auditedChanges(server, ben.id, 'agent.capacity_changed')) as Array<{ before: unknown; after: unknown }>;
    expect(audited).toHaveLength(changes.length);
    for (let index = 1; index < audited.length; index += 1) expect(audited[index].before).toEqual(audited[index - 1].after);
    expect(audited.at(-1)?.after).toEqual(await storedCapacity(server, ben.id));
  });
});

/**
 * An instance that lost the router lock to another stops routing the moment its lock session breaks: a
 * configuration change sent to it is refused before anything is stored (503 ROUTER_STANDBY), and the instance that
 * routes takes it.
 */
describe('a configuration change on an instance that lost the router lock', () => {
  let first: TestApp;
  let second: TestApp;
  let holder: Client;

  beforeAll(async () => {
    first = await startTestApp({ seedDemo: true, env });
    second = await startTestApp({ database: first.database, env });
    holder = new Client({ connectionString: first.database.url });
    await holder.connect();
  });
  afterAll(async () => {
    await holder.end().catch(() => undefined);
    await second.stop();
    await first.stop();
    await first.database.drop();
  });

  it('answers 503 ROUTER_STANDBY and stores nothing, and the routing instance applies the change', async () => {
    const sophie = await staff(first.dataSource, 'sophie');
    const amy = await staff(first.dataSource, 'amy');
    const before = await storedCapacity(first, amy.id);
    // Another session queues for the lock, so PostgreSQL hands it over the moment the cut session exits.
    const taken = holder.query(`SELECT pg_advisory_lock(7146221)`);
    await eventually(async () => (await first.dataSource.query(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND objid = 7146221`))[0].n === 1, 5000, 'the holder to queue');
    await cutRouterSession(first);
    await taken;
    await eventually(async () => (await fetch(`${first.baseUrl}/ready`)).status === 503, 5000, 'the first instance to stop routing');

    const capacity = { voice: 1, chat: 2, email: 2, ticket: 2 };
    const changed = await api(first.baseUrl, 'PUT', `/api/agents/${amy.id}/capacity`, sophie.headers, capacity);
    expect(changed).toMatchObject({ status: 503, body: { code: 'ROUTER_STANDBY' } });
    expect(await storedCapacity(first, amy.id)).toEqual(before);

    await holder.query(`SELECT pg_advisory_unlock_all()`);
    const router = await eventually(
      async () => {
        for (const instance of [first, second]) if ((await fetch(`${instance.baseUrl}/ready`)).status === 200) return instance;
        return null;
      },
      15_000,
      'an instance to route',
    );
    const again = await api(router.baseUrl, 'PUT', `/api/agents/${amy.id}/capacity`, sophie.headers, capacity);
    expect(again).toMatchObject({ status: 200, body: { capacity, live: { capacity } } });
  });
});

import { Client } from 'pg';
import { call } from '../../factories/routing';
import { createApiKey, createSignedInUser, type SignedInStaff } from '../../factories/users';
import { nextLocalRun } from '../../../server/src/modules/customer-value/jobs/nightly-schedule';
import { startTestApp, type TestApp } from '../../support/test-app';

const DAY_MS = 86_400_000;

interface RunView {
  id: number;
  status: 'running' | 'completed' | 'failed';
  parameters: Record<string, unknown>;
}

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`still ${JSON.stringify(value)} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function recompute(server: TestApp, supervisor: SignedInStaff): Promise<RunView> {
  const queued = await call(server.baseUrl, 'POST', '/api/customer-value/recompute', supervisor.headers, {});
  expect(queued.status).toBe(202);
  return eventually(
    async () => (await call(server.baseUrl, 'GET', `/api/customer-value/runs/${queued.body.id}`, supervisor.headers)).body as RunView,
    (run) => run.status !== 'running',
  );
}

const tierOf = async (server: TestApp, customerId: string) =>
  ((await server.dataSource.query(`SELECT value_tier FROM customers WHERE id = $1`, [customerId])) as { value_tier: string }[])[0].value_tier;

describe('tiers in routing, and overrides', () => {
  let server: TestApp;
  let supervisor: SignedInStaff;
  let agent: SignedInStaff;
  let pbx: { headers: Record<string, string> };
  let bigSpender: string;

  beforeAll(async () => {
    server = await startTestApp({ seedDemo: true });
    supervisor = await createSignedInUser(server.dataSource, { roles: ['supervisor'] });
    agent = await createSignedInUser(server.dataSource, { roles: ['agent'] });
    pbx = await createApiKey(server.dataSource, { scopes: ['ingest'] });
    const [row] = await server.dataSource.query(`INSERT INTO customers (name, phone, external_id, value_tier) VALUES ('Big Spender', '+44 7911 555001', 'BIG-1', 'small') RETURNING id`);
    bigSpender = row.id;
    await server.dataSource.query(`INSERT INTO customer_transactions (external_id, customer_id, occurred_at, amount) VALUES ('BIG-T1', $1, $2, 9999999)`, [
      bigSpender,
      new Date(Date.now() - 2 * DAY_MS),
    ]);
  });

  afterAll(async () => {
    await server.close();
  });

  const arrive = async () => {
    const answer = await call(server.baseUrl, 'POST', '/api/interactions', pbx.headers, { channel: 'voice', caller: { phone: '+447911555001' }, queue: 'billing' });
    expect(answer.status).toBe(201);
    return answer.body.interaction as { id: string; customerId: string; valueTier: string };
  };

  it('queues a contact arriving after a run with the new tier; one already waiting keeps the tier it was queued with', async () => {
    const waiting = await arrive();
    expect(waiting).toMatchObject({ customerId: bigSpender, valueTier: 'small' });
    const run = await recompute(server, supervisor);
    expect(run.status).toBe('completed');
    expect(await tierOf(server, bigSpender)).toBe('important');

    const after = await arrive();
    expect(after.valueTier).toBe('important');
    const stillWaiting = await call(server.baseUrl, 'GET', `/api/interactions/${waiting.id}`, supervisor.headers);
    expect(stillWaiting.body).toMatchObject({ status: 'waiting', valueTier: 'small' });
    // Routing's own view: the waiting contact kept its priority; the new one has the important tier's bonus, ahead of it.
    const [waitingWhy, afterWhy] = await Promise.all(
      [waiting.id, after.id].map(async (id) => (await call(server.baseUrl, 'GET', `/api/interactions/${id}/routing`, supervisor.headers)).body),
    );
    expect(waitingWhy.priority.valueTier).toBe(0);
    expect(afterWhy.priority.valueTier).toBeGreaterThan(0);
    expect(afterWhy.place).toBeLessThan(waitingWhy.place);
  });

  it('lets a supervisor set a tier by hand (audited with the reason), at once for routing, and take it back', async () => {
    const expiresAt = new Date(Date.now() + 30 * DAY_MS).toISOString().replace('Z', '+00:00');
    const body = { valueTier: 'small', reason: 'Account under fraud review', expiresAt };
    expect((await call(server.baseUrl, 'PUT', `/api/customers/${bigSpender}/tier-override`, agent.headers, body)).status).toBe(403);
    const noOffset = await call(server.baseUrl, 'PUT', `/api/customers/${bigSpender}/tier-override`, supervisor.headers, { ...body, expiresAt: '2030-01-01T00:00:00' });
    expect(noOffset.status).toBe(400);
    expect(JSON.stringify(noOffset.body)).toContain('expiresAt');
    const past = await call(server.baseUrl, 'PUT', `/api/customers/${bigSpender}/tier-override`, supervisor.headers, { ...body, expiresAt: '2020-01-01T00:00:00Z' });
    expect(past.status).toBe(400);

    const set = await call(server.baseUrl, 'PUT', `/api/customers/${bigSpender}/tier-override`, supervisor.headers, body);
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ customerId: bigSpender, valueTier: 'small', computedTier: 'important', override: { valueTier: 'small', reason: body.reason, setBy: supervisor.id } });
    expect(await tierOf(server, bigSpender)).toBe('small');
    expect((await arrive()).valueTier).toBe('small');
    const record = await call(server.baseUrl, 'GET', `/api/customers/${bigSpender}`, supervisor.headers);
    expect(record.body.value).toMatchObject({ valueTier: 'small', computedTier: 'important', tierSource: 'override', override: { reason: body.reason } });

    // A run keeps an unexpired override.
    expect((await recompute(server, supervisor)).status).toBe('completed');
    expect(await tierOf(server, bigSpender)).toBe('small');

    const removed = await call(server.baseUrl, 'DELETE', `/api/customers/${bigSpender}/tier-override`, supervisor.headers, { reason: 'Review cleared' });
    expect(removed.status).toBe(200);
    expect(removed.body).toMatchObject({ valueTier: 'important', override: null });
    expect(await tierOf(server, bigSpender)).toBe('important');
    expect((await call(server.baseUrl, 'DELETE', `/api/customers/${bigSpender}/tier-override`, supervisor.headers, { reason: 'again' })).status).toBe(404);

    const audit = await server.dataSource.query(`SELECT action, actor_id, details FROM audit_log WHERE target_id = $1 AND action LIKE 'customer.tier_override%' ORDER BY id`, [bigSpender]);
    expect(audit).toEqual([
      expect.objectContaining({ action: 'customer.tier_override_set', actor_id: supervisor.id, details: expect.objectContaining({ reason: body.reason, valueTier: 'small' }) }),
      expect.objectContaining({ action: 'customer.tier_override_removed', actor_id: supervisor.id, details: expect.objectContaining({ reason: 'Review cleared' }) }),
    ]);
  });

  it('gives the computed tier back when an override expires, by the job due at its end', async () => {
    const expiresAt = new Date(Date.now() + 1500).toISOString();
    const set = await call(server.baseUrl, 'PUT', `/api/customers/${bigSpender}/tier-override`, supervisor.headers, { valueTier: 'ordinary', reason: 'Trial week', expiresAt });
    expect(set.status).toBe(200);
    expect(await tierOf(server, bigSpender)).toBe('ordinary');
    const [job] = await server.dataSource.query(`SELECT run_at FROM graphile_worker.jobs WHERE key = $1`, [`customer-value:override-expiry:${bigSpender}`]);
    expect(new Date(job.run_at).toISOString()).toBe(expiresAt);
    await eventually(() => tierOf(server, bigSpender), (tier) => tier === 'important', 10_000);
    expect(await server.dataSource.query(`SELECT count(*)::int AS n FROM customer_tier_overrides WHERE customer_id = $1`, [bigSpender])).toEqual([{ n: 0 }]);
    const [expired] = await server.dataSource.query(`SELECT actor_kind FROM audit_log WHERE target_id = $1 AND action = 'customer.tier_override_expired'`, [bigSpender]);
    expect(expired).toEqual({ actor_kind: 'system' });
  });

  it('lets a run remove an override that has expired', async () => {
    await server.dataSource.query(
      `INSERT INTO customer_tier_overrides (customer_id, value_tier, reason, expires_at, tier_before) VALUES ($1, 'secondary', 'Lapsed', now() - interval '1 minute', 'important')`,
      [bigSpender],
    );
    await server.dataSource.query(`UPDATE customers SET value_tier = 'secondary' WHERE id = $1`, [bigSpender]);
    const run = await recompute(server, supervisor);
    expect(run).toMatchObject({ status: 'completed' });
    expect(await tierOf(server, bigSpender)).toBe('important');
    expect(await server.dataSource.query(`SELECT count(*)::int AS n FROM customer_tier_overrides WHERE customer_id = $1`, [bigSpender])).toEqual([{ n: 0 }]);
  });
});

describe('the nightly run and the job worker across restarts', () => {
  const NIGHTLY = 'customer-value:nightly';
  let server: TestApp | undefined;

  afterAll(async () => {
    await server?.close();
  });

  const nightlyJobs = async (app: TestApp) =>
    (await app.dataSource.query(`SELECT run_at, locked_at FROM graphile_worker.jobs WHERE task_identifier = $1`, [NIGHTLY])) as { run_at: Date }[];

  it('books the nightly run once, at the next local time in the centre’s zone, and keeps it across restarts', async () => {
    const env = { CENTRE_TIME_ZONE: 'America/New_York', CUSTOMER_VALUE_NIGHTLY_AT: '02:30' };
    server = await startTestApp({ env });
    const booked = await nightlyJobs(server);
    expect(booked).toHaveLength(1);
    const expected = nextLocalRun(new Date(), '02:30', 'America/New_York');
    expect(Math.abs(new Date(booked[0].run_at).getTime() - expected.getTime())).toBeLessThan(60_000);

    await server.stop();
    server = await startTestApp({ env, database: server.database });
    expect((await nightlyJobs(server)).map((job) => new Date(job.run_at).toISOString())).toEqual([new Date(booked[0].run_at).toISOString()]);

    await server.stop();
    server = await startTestApp({ env: { ...env, CUSTOMER_VALUE_NIGHTLY_AT: '03:15' }, database: server.database });
    const moved = await nightlyJobs(server);
    expect(moved).toHaveLength(1);
    expect(new Date(moved[0].run_at).toISOString()).toBe(nextLocalRun(new Date(), '03:15', 'America/New_York').toISOString());
  });

  it('runs a night missed while stopped once the server is back, and books the next', async () => {
    const database = (server as TestApp).database;
    await (server as TestApp).stop();
    // The night came while the server was down.
    const client = new Client({ connectionString: database.url });
    await client.connect();
    await client.query(`UPDATE graphile_worker._private_jobs SET run_at = now() - interval '1 hour' WHERE key = $1`, [NIGHTLY]).finally(() => client.end());
    server = await startTestApp({ env: { CENTRE_TIME_ZONE: 'Asia/Shanghai', CUSTOMER_VALUE_NIGHTLY_AT: '02:30' }, database });
    const app = server;
    const runs = await eventually(
      () => app.dataSource.query(`SELECT status, parameters FROM customer_value_runs WHERE parameters ->> 'trigger' = 'nightly'`) as Promise<{ status: string }[]>,
      (rows) => rows.length === 1 && rows[0].status !== 'running',
    );
    expect(runs[0].status).toBe('completed');
    const next = await eventually(
      () => nightlyJobs(app),
      (jobs) => jobs.length === 1 && new Date(jobs[0].run_at).getTime() > Date.now(),
    );
    expect(new Date(next[0].run_at).toISOString()).toBe(nextLocalRun(new Date(), '02:30', 'Asia/Shanghai').toISOString());
  });

  it('keeps a run queued by a process without the worker until a worker starts', async () => {
    const database = (server as TestApp).database;
    await (server as TestApp).stop();
    server = await startTestApp({ env: { JOBS_WORKER: 'off' }, database });
    const supervisor = await createSignedInUser(server.dataSource, { roles: ['supervisor'] });
    const queued = await call(server.baseUrl, 'POST', '/api/customer-value/recompute', supervisor.headers, {});
    expect(queued.status).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await call(server.baseUrl, 'GET', `/api/customer-value/runs/${queued.body.id}`, supervisor.headers)).body.status).toBe('running');

    await server.stop();
    server = await startTestApp({ database });
    const app = server;
    const run = await eventually(
      async () => (await call(app.baseUrl, 'GET', `/api/customer-value/runs/${queued.body.id}`, supervisor.headers)).body as RunView,
      (view) => view.status !== 'running',
    );
    expect(run.status).toBe('completed');
  });
});

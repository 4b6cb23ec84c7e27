import { Client } from 'pg';
import { queuedValueRun, type RunJobState } from '../../factories/customer-value';
import { call } from '../../factories/routing';
import { createSignedInUser, type SignedInStaff } from '../../factories/users';
import { startTestApp, type TestApp } from '../../support/test-app';

const DAY_MS = 86_400_000;
const AS_OF = '2026-06-30T23:59:59+08:00';

interface RunView {
  id: number;
  status: 'running' | 'completed' | 'failed';
  asOf: string;
  counts: Record<string, number> | null;
  parameters: Record<string, unknown>;
  durationMs: number | null;
  error: string | null;
}

/** Waits until the run is no longer running (the job worker computes it in the background). */
async function settled(server: TestApp, staff: SignedInStaff, runId: number, timeoutMs = 20_000): Promise<RunView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await call(server.baseUrl, 'GET', `/api/customer-value/runs/${runId}`, staff.headers);
    expect(answer.status).toBe(200);
    if (answer.body.status !== 'running') return answer.body;
    if (Date.now() > deadline) throw new Error(`run ${runId} still running after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Five customers: a big spender, two alike, one with refunds only, one who never bought. */
async function book(server: TestApp): Promise<Record<string, string>> {
  const asOf = Date.parse(AS_OF);
  const ids: Record<string, string> = {};
  for (const [name, externalId] of [['Big', 'C1'], ['Twin A', 'C2'], ['Twin B', 'C3'], ['Refunder', 'C4'], ['Never', 'C5']]) {
    const [row] = await server.dataSource.query(`INSERT INTO customers (name, external_id, value_tier) VALUES ($1, $2, 'ordinary') RETURNING id`, [name, externalId]);
    ids[name] = row.id;
  }
  const purchases: [string, number, string][] = [
    ['Big', 3, '900.00'],
    ['Big', 40, '900.00'],
    ['Big', 100, '900.00'],
    ['Twin A', 200, '100.00'],
    ['Twin B', 200, '100.00'],
    ['Refunder', 10, '-50.00'],
  ];
  let n = 0;
  for (const [name, daysAgo, amount] of purchases) {
    n += 1;
    await server.dataSource.query(`INSERT INTO customer_transactions (external_id, customer_id, occurred_at, amount) VALUES ($1, $2, $3, $4)`, [
      `T${n}`,
      ids[name],
      new Date(asOf - daysAgo * DAY_MS),
      amount,
    ]);
  }
  return ids;
}

describe('value runs through the API', () => {
  let server: TestApp;
  let supervisor: SignedInStaff;
  let agent: SignedInStaff;
  let ids: Record<string, string>;

  beforeAll(async () => {
    server = await startTestApp();
    supervisor = await createSignedInUser(server.dataSource, { roles: ['supervisor'] });
    agent = await createSignedInUser(server.dataSource, { roles: ['agent'] });
    ids = await book(server);
  });

  afterAll(async () => {
    await server.close();
  });

  it('refuses an agent, and queues a supervisor’s run (202) that completes in the background', async () => {
    expect((await call(server.baseUrl, 'POST', '/api/customer-value/recompute', agent.headers, { asOf: AS_OF })).status).toBe(403);
    const queued = await call(server.baseUrl, 'POST', '/api/customer-value/recompute', supervisor.headers, { asOf: AS_OF });
    expect(queued.status).toBe(202);
    expect(queued.body).toMatchObject({ status: 'running', asOf: '2026-06-30T15:59:59.000Z', parameters: { periodDays: 365, trigger: 'on_demand', requestedBy: supervisor.id } });
    const run = await settled(server, supervisor, queued.body.id);
    expect(run.status).toBe('completed');
    expect(run.counts).toMatchObject({ customers: 5, active: 3, inactive: 2, 'tier.important': 1, 'tier.secondary': 0, 'tier.ordinary': 2, 'tier.small': 2 });
    expect(run.durationMs).toEqual(expect.any(Number));
    const customers = await server.dataSource.query(`SELECT name, value_tier, computed_value_tier, rfm_segment, value_run_id FROM customers ORDER BY external_id`);
    expect(customers.map((c: { name: string; value_tier: string; rfm_segment: string | null }) => [c.name, c.value_tier, c.rfm_segment])).toEqual([
      ['Big', 'important', 'keep_best'],
      ['Twin A', 'ordinary', 'no_value'],
      ['Twin B', 'ordinary', 'no_value'],
      ['Refunder', 'small', null],
      ['Never', 'small', null],
    ]);
    const [audit] = await server.dataSource.query(`SELECT actor_id, details FROM audit_log WHERE action = 'customer_value.recompute_requested'`);
    expect(audit).toMatchObject({ actor_id: supervisor.id, details: { asOf: '2026-06-30T15:59:59.000Z' } });
    const listed = await call(server.baseUrl, 'GET', '/api/customer-value/runs', supervisor.headers);
    expect(listed.body[0]).toMatchObject({ id: run.id, status: 'completed' });
  });

  it('shows the value on the customer’s record, explained', async () => {
    const record = await call(server.baseUrl, 'GET', `/api/customers/${ids.Big}`, supervisor.headers);
    expect(record.status).toBe(200);
    expect(record.body).toMatchObject({ externalId: 'C1', valueTier: 'important', rfmSegment: 'keep_best' });
    expect(record.body.value).toMatchObject({
      valueTier: 'important',
      computedTier: 'important',
      tierSource: 'computed',
      rank: 1,
      customers: 5,
      rfm: { frequency: 3, recencyDays: 3, monetary: '2700.00', segment: 'keep_best' },
      churn: { score: expect.any(Number) },
    });
    expect(record.body.value.explanation).toMatch(/^bought 3 times \(average 1\.7\), last 3 days ago \(average 134\.3\), spent 2,700 \(average 967\): best customers, keep them; rank 1 of 5: important$/);
    const never = await call(server.baseUrl, 'GET', `/api/customers/${ids.Never}`, supervisor.headers);
    expect(never.body.value).toMatchObject({ rfm: null, rank: 5, computedTier: 'small', explanation: 'no purchase in the 365 days to 2026-06-30; rank 5 of 5: small' });
  });

  it('refuses an asOf without an offset or in the future, naming the field', async () => {
    const noOffset = await call(server.baseUrl, 'POST', '/api/customer-value/recompute', supervisor.headers, { asOf: '2026-06-30T23:59:59' });
    expect(noOffset.status).toBe(400);
    expect(JSON.stringify(noOffset.body)).toContain('asOf');
    const future = await call(server.baseUrl, 'POST', '/api/customer-value/recompute', supervisor.headers, { asOf: new Date(Date.now() + DAY_MS).toISOString() });
    expect(future.status).toBe(400);
    expect(future.body.code).toBe('AS_OF_IN_FUTURE');
  });

  it('runs one at a time: a second request while one is on its way is refused, naming it', async () => {
    // Hold the history table so the first run waits mid-way.
    const blocker = new Client({ connectionString: server.database.url });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE customer_value_history IN ACCESS EXCLUSIVE MODE');
      const first = await call(server.baseUrl, 'POST', '/api/customer-value/recompute', supervisor.headers, { asOf: AS_OF });
      expect(first.status).toBe(202);
      const second = await call(server.baseUrl, 'POST', '/api/customer-value/recompute', supervisor.headers, {});
      expect(second.status).toBe(409);
      expect(second.body).toMatchObject({ code: 'VALUE_RUN_IN_PROGRESS', details: { runId: first.body.id } });
      await blocker.query('ROLLBACK');
      expect((await settled(server, supervisor, first.body.id)).status).toBe('completed');
    } finally {
      await blocker.end();
    }
  });

  it('records a failed run with its error and leaves every customer as it was', async () => {
    const before = await server.dataSource.query(`SELECT id, value_tier, computed_value_tier, rfm_segment, value_run_id FROM customers ORDER BY id`);
    await server.dataSource.query(`
      CREATE FUNCTION refuse_value_update() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'customers are read-only today'; END $$`);
    await server.dataSource.query(`CREATE TRIGGER refuse_value_update BEFORE UPDATE OF value_run_id ON customers FOR EACH ROW EXECUTE FUNCTION refuse_value_update()`);
    try {
      const queued = await call(server.baseUrl, 'POST', '/api/customer-value/recompute', supervisor.headers, {});
      expect(queued.status).toBe(202);
      const run = await settled(server, supervisor, queued.body.id);
      expect(run).toMatchObject({ status: 'failed', counts: null });
      expect(run.error).toContain('customers are read-only today');
      expect(await server.dataSource.query(`SELECT id, value_tier, computed_value_tier, rfm_segment, value_run_id FROM customers ORDER BY id`)).toEqual(before);
      expect(await server.dataSource.query(`SELECT count(*)::int AS rows FROM customer_value_history WHERE run_id = $1`, [run.id])).toEqual([{ rows: 0 }]);
    } finally {
      await server.dataSource.query(`DROP TRIGGER refuse_value_update ON customers`);
      await server.dataSource.query(`DROP FUNCTION refuse_value_update()`);
    }
    // The next run is not held back by the failed one.
    const next = await call(server.baseUrl, 'POST', '/api/customer-value/recompute', supervisor.headers, { asOf: AS_OF });
    expect(next.status).toBe(202);
    expect((await settled(server, supervisor, next.body.id)).status).toBe('completed');
  });
});

describe('value runs whose job stopped before they finished', () => {
  const JOB_STOPPED = 'interrupted: its job stopped before the run finished (the server or its database stopped)';
  let server: TestApp;
  let supervisor: SignedInStaff;

  beforeAll(async () => {
    server = await startTestApp();
    supervisor = await createSignedInUser(server.dataSource, { roles: ['supervisor'] });
  });

  afterAll(async () => {
    await server.close();
  });

  const runOf = async (runId: number): Promise<RunView> => (await call(server.baseUrl, 'GET', `/api/customer-value/runs/${runId}`, supervisor.headers)).body;

  it.each<RunJobState>(['used up', 'gone'])('fails a run whose job is %s, and accepts the next request', async (job) => {
    const stuck = await queuedValueRun(server.dataSource, job);
    const next = await call(server.baseUrl, 'POST', '/api/customer-value/recompute', supervisor.headers, { asOf: AS_OF });
    expect(next.status).toBe(202);
    expect(await runOf(stuck)).toMatchObject({ status: 'failed', error: JOB_STOPPED });
    expect((await settled(server, supervisor, next.body.id)).status).toBe('completed');
  });

  it.each<RunJobState>(['waiting', 'held'])('leaves a run whose job is %s running, and refuses the next request', async (job) => {
    const queued = await queuedValueRun(server.dataSource, job);
    try {
      const next = await call(server.baseUrl, 'POST', '/api/customer-value/recompute', supervisor.headers, {});
      expect(next.status).toBe(409);
      expect(next.body).toMatchObject({ code: 'VALUE_RUN_IN_PROGRESS', details: { runId: queued } });
      expect(await runOf(queued)).toMatchObject({ status: 'running', error: null });
    } finally {
      await server.dataSource.query(`DELETE FROM graphile_worker._private_jobs WHERE key = $1`, [`customer-value:recompute:${queued}`]);
      await server.dataSource.query(`UPDATE customer_value_runs SET status = 'failed', finished_at = now() WHERE id = $1`, [queued]);
    }
  });

  it('fails, as the server starts, a run whose job was used up, so the console shows it failed', async () => {
    const stuck = await queuedValueRun(server.dataSource, 'used up');
    await server.stop();
    server = await startTestApp({ database: server.database, env: { JOBS_WORKER: 'off' } });
    expect(await runOf(stuck)).toMatchObject({ status: 'failed', error: JOB_STOPPED });
    const listed = await call(server.baseUrl, 'GET', '/api/customer-value/runs', supervisor.headers);
    expect(listed.body[0]).toMatchObject({ id: stuck, status: 'failed', error: JOB_STOPPED });
  });
});

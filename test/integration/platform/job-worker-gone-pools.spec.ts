import { Client } from 'pg';
import { randomUUID } from 'node:crypto';
import { withDataSource } from '../../../server/src/common/database/data-source';
import { JobsService } from '../../../server/src/common/jobs/jobs.service';
import { seedDemoCentre } from '../../../server/src/modules/demo/demo-seed';
import { call } from '../../factories/routing';
import { createSignedInUser } from '../../factories/users';
import { startServer, type StartedServer } from '../../load/server-process';
import { startTestApp, type TestApp } from '../../support/test-app';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { eventually, sleep } from '../realtime/support';

/** The lock a worker pool holds for its life, as the server takes it: a session advisory lock keyed by the pool's id. */
const POOL_LOCK = `hashtextextended('graphile_worker_pool:' || $1::text, 0)`;

interface JobLock {
  jobLockedBy: string | null;
  queueLockedBy: string | null;
}

/** Who holds the job and its queue; null when the job is gone (it ran to its end). */
async function lockOf(client: Client, jobId: string): Promise<JobLock | null> {
  const { rows } = await client.query(
    `SELECT j.locked_by AS "jobLockedBy", q.locked_by AS "queueLockedBy"
       FROM graphile_worker._private_jobs j LEFT JOIN graphile_worker._private_job_queues q ON q.id = j.job_queue_id
      WHERE j.id = $1`,
    [jobId],
  );
  return rows[0] ?? null;
}

/**
 * A job in a queue of its own, taken by the worker pool `poolId` as graphile-worker takes one: one attempt counted,
 * the job and its queue locked by the pool. Its task (an override's expiry, for a customer that does not exist) has
 * nothing to do once it runs.
 */
async function jobTakenBy(client: Client, poolId: string): Promise<string> {
  const queueName = `queue-of-${poolId}`;
  const { rows } = await client.query(
    `SELECT (graphile_worker.add_job('customer-value:override-expiry', json_build_object('customerId', $1::text), queue_name => $2)).id::text AS id`,
    [randomUUID(), queueName],
  );
  const jobId = rows[0].id as string;
  await client.query(`UPDATE graphile_worker._private_jobs SET locked_by = $1, locked_at = now(), attempts = attempts + 1 WHERE id = $2`, [poolId, jobId]);
  await client.query(`UPDATE graphile_worker._private_job_queues SET locked_by = $1, locked_at = now() WHERE queue_name = $2`, [poolId, queueName]);
  return jobId;
}

describe('jobs held by a worker pool that is gone', () => {
  let database: TestDatabase;
  let admin: Client;
  let elsewhere: Client | undefined;
  let server: TestApp | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
    admin = new Client({ connectionString: database.url });
    await admin.connect();
  });
  afterAll(async () => {
    await server?.stop();
    await elsewhere?.end().catch(() => undefined);
    await admin?.end();
    await database?.drop();
  });

  it('are given back and run as the server starts; those of a pool alive elsewhere are kept until its lock goes', async () => {
    const livePool = `pool-alive-${randomUUID()}`;
    const gonePool = `pool-gone-${randomUUID()}`;
    // Another process's pool, alive: its session holds its lock.
    const holder = new Client({ connectionString: database.url });
    elsewhere = holder;
    holder.on('error', () => undefined);
    await holder.connect();
    await holder.query(`SELECT pg_advisory_lock(${POOL_LOCK})`, [livePool]);
    const keptJob = await jobTakenBy(admin, livePool);
    const goneJob = await jobTakenBy(admin, gonePool);

    server = await startTestApp({ database });
    // Given back as the server starts, long before graphile-worker's own 4 hours (or the next periodic look).
    await eventually(async () => (await lockOf(admin, goneJob)) === null, 10_000, 'the gone pool’s job to run');
    // The same look left the live pool's job and queue alone.
    expect(await lockOf(admin, keptJob)).toEqual({ jobLockedBy: livePool, queueLockedBy: livePool });

    // That process dies: its session, and the lock, go; a periodic look gives its job back, and it runs.
    await holder.end();
    elsewhere = undefined;
    await eventually(async () => (await lockOf(admin, keptJob)) === null, 45_000, 'the job of the pool that died to run');
  }, 90_000);
});

/**
 * A real second server process (the built server) runs a value run, held mid-way, when it is killed with SIGKILL:
 * its worker pool locked the run's job and the `customer-value` queue. While it lives, the server beside it keeps
 * its hands off; once it is dead, the run is failed and the next one runs, within a minute rather than 4 hours.
 */
describe('the job worker beside a server process killed with SIGKILL', () => {
  let database: TestDatabase;
  let child: StartedServer | undefined;
  let server: TestApp | undefined;
  let blocker: Client | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
    await withDataSource(database.url, (dataSource) => seedDemoCentre(dataSource));
  }, 60_000);
  afterAll(async () => {
    await blocker?.end().catch(() => undefined);
    await child?.kill();
    await server?.stop();
    await database?.drop();
  }, 60_000);

  it('leaves the live process’s value run alone, and once it is killed fails that run and runs the next', async () => {
    child = await startServer({ databaseUrl: database.url, env: { JOBS_WORKER: 'on' } });
    const supervisor = await withDataSource(database.url, (dataSource) => createSignedInUser(dataSource, { roles: ['supervisor'] }));
    // The run waits mid-way for a lock on the history it writes, so the killed process's worker holds its job.
    blocker = new Client({ connectionString: database.url });
    blocker.on('error', () => undefined);
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE customer_value_history IN ACCESS EXCLUSIVE MODE');
    const cut = await call(child.baseUrl, 'POST', '/api/customer-value/recompute', supervisor.headers, {});
    expect(cut.status).toBe(202);
    await eventually(
      async () =>
        (await blocker?.query(`SELECT 1 FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'customer_value_history' AND NOT l.granted`))
          ?.rowCount,
      30_000,
      'the value run to wait for the history',
    );
    const held = await blocker.query(`SELECT locked_by FROM graphile_worker._private_job_queues WHERE queue_name = 'customer-value'`);
    const childPool = held.rows[0]?.locked_by as string;
    expect(childPool).toMatch(/^pool-/);

    // A second process starts beside it and looks for gone pools: the live one's run is still in progress.
    server = await startTestApp({ database });
    const started = server;
    await started.app.get(JobsService).unlockJobsOfGonePools();
    const meanwhile = await call(started.baseUrl, 'POST', '/api/customer-value/recompute', supervisor.headers, {});
    expect(meanwhile.status).toBe(409);
    expect((await blocker.query(`SELECT locked_by FROM graphile_worker._private_job_queues WHERE queue_name = 'customer-value'`)).rows[0].locked_by).toBe(childPool);

    await child.kill();
    // The dead process's statement, freed, finds its client gone and rolls back.
    await blocker.end();
    blocker = undefined;

    // Within a periodic look the dead pool's job is given back: its one attempt used, its run is failed by the next
    // request, which is accepted and runs in the queue the dead pool no longer holds.
    const next = await eventually(
      async () => {
        const answer = await call(started.baseUrl, 'POST', '/api/customer-value/recompute', supervisor.headers, {});
        if (answer.status === 202) return answer;
        expect(answer.status).toBe(409);
        await sleep(500);
        return null;
      },
      60_000,
      'the next value run to be accepted',
    );
    const runOf = async (id: number) => (await call(started.baseUrl, 'GET', `/api/customer-value/runs/${id}`, supervisor.headers)).body;
    expect(await runOf(cut.body.id)).toMatchObject({ status: 'failed' });
    const completed = await eventually(async () => ((await runOf(next.body.id)).status !== 'running' ? runOf(next.body.id) : null), 60_000, 'the next run to finish');
    expect(completed.status).toBe('completed');
  }, 240_000);
});

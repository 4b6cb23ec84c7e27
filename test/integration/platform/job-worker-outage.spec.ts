import { Client } from 'pg';
import { withDataSource } from '../../../server/src/common/database/data-source';
import { JobsService } from '../../../server/src/common/jobs/jobs.service';
import { seedDemoCentre } from '../../../server/src/modules/demo/demo-seed';
import { call } from '../../factories/routing';
import { createSignedInUser } from '../../factories/users';
import { startPrivatePostgres, type PrivatePostgres } from '../../support/private-postgres';
import { startTestApp, type TestApp } from '../../support/test-app';
import { eventually, sleep } from '../realtime/support';

/**
 * The job worker when its database stops outright while a job runs and starts again: the server carries on (a job's
 * end that could not be written used to be thrown where nothing waited for it, ending the process), the worker
 * starts again by itself, and the value run the stop cut is failed rather than left running, so the next is accepted.
 */
describe('the job worker while its database stops and starts again', () => {
  let postgres: PrivatePostgres;
  let server: TestApp | undefined;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    postgres = await startPrivatePostgres();
    await withDataSource(postgres.database.url, (dataSource) => seedDemoCentre(dataSource));
  }, 120_000);
  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    await server?.stop();
    await postgres?.remove();
  }, 60_000);

  it('carries on, starts its worker again once the database is back, and fails the value run it cut', async () => {
    const started = await startTestApp({ database: postgres.database });
    server = started;
    const supervisor = await createSignedInUser(started.dataSource, { roles: ['supervisor'] });
    const jobs = started.app.get(JobsService);
    // A value run keeps the worker busy as the database goes away: held mid-way by a lock on the history it writes.
    const blocker = new Client({ connectionString: postgres.database.url });
    blocker.on('error', () => undefined);
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE customer_value_history IN ACCESS EXCLUSIVE MODE');
    const cut = await call(started.baseUrl, 'POST', '/api/customer-value/recompute', supervisor.headers, {});
    expect(cut.status).toBe(202);
    await eventually(
      async () =>
        (await blocker.query(`SELECT 1 FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'customer_value_history' AND NOT l.granted`)).rowCount,
      30_000,
      'the value run to wait for the history',
    );
    await postgres.stopImmediate();
    await blocker.end().catch(() => undefined);
    await sleep(8_000);
    expect(unhandled).toEqual([]);

    await postgres.start();
    await eventually(async () => (await fetch(`${started.baseUrl}/ready`)).status === 200, 30_000, 'the server to be ready again');
    await eventually(() => jobs.workerRunning, 30_000, 'the job worker to run again');
    expect(unhandled).toEqual([]);

    // Its job used up, the cut run would never finish: it is failed, and the next run is accepted and completes.
    const next = await call(started.baseUrl, 'POST', '/api/customer-value/recompute', supervisor.headers, {});
    expect(next.status).toBe(202);
    const runOf = async (id: number) => (await call(started.baseUrl, 'GET', `/api/customer-value/runs/${id}`, supervisor.headers)).body;
    expect(await runOf(cut.body.id)).toMatchObject({
      status: 'failed',
      error: 'interrupted: its job stopped before the run finished (the server or its database stopped)',
    });
    const completed = await eventually(async () => ((await runOf(next.body.id)).status !== 'running' ? runOf(next.body.id) : null), 60_000, 'the next run to finish');
    expect(completed.status).toBe('completed');
  }, 180_000);
});

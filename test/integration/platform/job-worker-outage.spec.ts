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
 * end that could not be written used to be thrown where nothing waited for it, ending the process), and the worker
 * starts again by itself.
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

  it('carries on, and starts its worker again once the database is back', async () => {
    const started = await startTestApp({ database: postgres.database });
    server = started;
    const supervisor = await createSignedInUser(started.dataSource, { roles: ['supervisor'] });
    const jobs = started.app.get(JobsService);
    // A value run keeps the worker busy as the database goes away.
    expect((await call(started.baseUrl, 'POST', '/api/customer-value/recompute', supervisor.headers, {})).status).toBe(202);
    await postgres.stopImmediate();
    await sleep(8_000);
    expect(unhandled).toEqual([]);

    await postgres.start();
    await eventually(async () => (await fetch(`${started.baseUrl}/ready`)).status === 200, 30_000, 'the server to be ready again');
    await eventually(() => jobs.workerRunning, 30_000, 'the job worker to run again');
    expect(unhandled).toEqual([]);
  }, 180_000);
});

import { Client } from 'pg';
import { JOB_WORKER_APPLICATION_NAME } from '../../../server/src/common/jobs/jobs.service';
import { call } from '../../factories/routing';
import { createSignedInUser } from '../../factories/users';
import { startTestApp, type TestApp } from '../../support/test-app';
import { eventually } from '../realtime/support';

/** Cuts every connection the job worker holds to the test's database; answers how many were cut. */
async function cutWorkerConnections(server: TestApp): Promise<number> {
  const admin = new Client({ connectionString: server.database.url });
  await admin.connect();
  try {
    const rows = await admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1`,
      [JOB_WORKER_APPLICATION_NAME],
    );
    return rows.rowCount ?? 0;
  } finally {
    await admin.end();
  }
}

describe('the job worker when the database cuts its connections', () => {
  let server: TestApp | undefined;

  afterAll(async () => {
    await server?.close();
  });

  it('reconnects, runs the jobs asked for afterwards, and closes while its connections are being cut again', async () => {
    const started = await startTestApp({ seedDemo: true });
    server = started;
    const supervisor = await createSignedInUser(started.dataSource, { roles: ['supervisor'] });
    expect(await cutWorkerConnections(started)).toBeGreaterThan(0);

    const queued = await call(started.baseUrl, 'POST', '/api/customer-value/recompute', supervisor.headers, {});
    expect(queued.status).toBe(202);
    const run = await eventually(
      async () => {
        const view = (await call(started.baseUrl, 'GET', `/api/customer-value/runs/${queued.body.id}`, supervisor.headers)).body as { status: string };
        return view.status === 'running' ? null : view;
      },
      30_000,
      'the value run to end',
    );
    expect(run.status).toBe('completed');

    // The database cuts the connections again while the server closes, as one restarting or dropped would.
    server = undefined;
    let closed = false;
    const closing = started.stop().then(() => (closed = true));
    while (!closed) await cutWorkerConnections(started);
    await closing;
    await started.database.drop();
  });
});

describe('the job worker when the server closes', () => {
  it('leaves no connection of its own behind, so a database that goes away with the server cuts nothing of it', async () => {
    const server = await startTestApp({ seedDemo: true });
    const open = async () =>
      Number(
        (await server.dataSource.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1`, [JOB_WORKER_APPLICATION_NAME]))[0].n,
      );
    await eventually(async () => (await open()) > 0, 10_000, 'the worker to connect');
    await server.stop();
    const admin = new Client({ connectionString: server.database.url });
    await admin.connect();
    try {
      const { rows } = await admin.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1`, [JOB_WORKER_APPLICATION_NAME]);
      expect(rows[0].n).toBe(0);
    } finally {
      await admin.end();
      await server.database.drop();
    }
  });
});

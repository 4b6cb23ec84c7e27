import { Client } from 'pg';
import { call, signInAs } from '../../factories/routing';
import { createApiKey } from '../../factories/users';
import { startTestApp, TestApp } from '../../support/test-app';
import { connect, ConsoleClient, eventually } from '../realtime/support';

/**
 * A console that reaches an instance while it takes routing over (the lock is held, the core is being rebuilt) is
 * sent its snapshot once the rebuilt state is loaded: never the empty view the instance had while it stood by.
 */
describe('a console connecting while routing is taken over', () => {
  let first: TestApp;
  let second: TestApp;
  let firstStopped = false;
  const clients: ConsoleClient[] = [];

  beforeAll(async () => {
    first = await startTestApp({ seedDemo: true, env: { HEARTBEAT_TIMEOUT_SECONDS: '600' } });
    second = await startTestApp({ database: first.database, env: { HEARTBEAT_TIMEOUT_SECONDS: '600' } });
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await second.stop();
    if (!firstStopped) await first.stop();
    await first.database.drop();
  });

  it('waits for the rebuilt state, and shows the agent the call they are on', async () => {
    const pbx = await createApiKey(first.dataSource, { scopes: ['ingest'] });
    const amy = await signInAs(first.dataSource, 'amy');
    expect((await call(first.baseUrl, 'PUT', '/api/agents/me/state', amy.headers, { state: 'available' })).status).toBe(200);
    const offered = await call(first.baseUrl, 'POST', '/api/interactions', pbx.headers, { channel: 'voice', caller: {}, queue: 'billing' });
    expect(offered.body.interaction).toMatchObject({ status: 'offered', agentId: amy.id });
    const callId: string = offered.body.interaction.id;
    expect((await call(first.baseUrl, 'POST', `/api/interactions/${callId}/accept`, amy.headers, { offerId: offered.body.interaction.offer.offerId })).status).toBe(200);

    // The routing policy is held, so that the standby's rebuild, once it has taken the lock, waits at reading it.
    const policyHolder = new Client({ connectionString: first.database.url });
    await policyHolder.connect();
    try {
      await policyHolder.query('BEGIN');
      await policyHolder.query('LOCK TABLE routing_policy IN ACCESS EXCLUSIVE MODE');
      await first.stop();
      firstStopped = true;
      await eventually(
        async () =>
          (await second.dataSource.query(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%routing_policy%' AND pid <> pg_backend_pid()`)).length > 0,
        15_000,
        'the new router to rebuild, held at the routing policy',
      );
      // The standby took the lock and is rebuilding: it lets the console in, and must not answer with what it had.
      const connecting = connect(second.baseUrl, { token: amy.accessToken }).then((client) => {
        clients.push(client);
        return client;
      });
      const early = await Promise.race([connecting.then(() => 'snapshot'), new Promise((resolve) => setTimeout(() => resolve('waiting'), 1_500))]);
      expect(early).toBe('waiting');
      await policyHolder.query('COMMIT');
      const desk = await connecting;
      expect(desk.snapshots[0].desk?.contacts.map((contact) => [contact.id, contact.status])).toEqual([[callId, 'connected']]);
    } finally {
      await policyHolder.query('ROLLBACK').catch(() => undefined);
      await policyHolder.end();
    }
  });
});

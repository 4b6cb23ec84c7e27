import { RoutingService } from '../../../server/src/modules/routing/routing.service';
import { call, signInAs } from '../../factories/routing';
import { createApiKey } from '../../factories/users';
import { startTestApp, TestApp } from '../../support/test-app';

/** A configuration change of one agent or queue leaves everyone else's place in the longest-idle order alone. */
describe('longest-idle order across configuration changes', () => {
  let server: TestApp;

  afterAll(async () => {
    await server.close();
  });

  it('offers the next call to the agent idle longest, after another agent and a queue were reconfigured', async () => {
    server = await startTestApp({ seedDemo: true });
    const [supervisor, admin, amy, ben, grace] = await Promise.all(['sophie', 'admin', 'amy', 'ben', 'grace'].map((name) => signInAs(server.dataSource, name)));
    const pbx = await createApiKey(server.dataSource, { scopes: ['ingest'] });
    // The agent with the later id goes idle first, so an order rebuilt by id would put them second.
    const [first, second] = [amy, ben].sort((a, b) => b.id.localeCompare(a.id));
    expect((await call(server.baseUrl, 'PUT', '/api/agents/me/state', first.headers, { state: 'available' })).status).toBe(200);
    expect((await call(server.baseUrl, 'PUT', '/api/agents/me/state', second.headers, { state: 'available' })).status).toBe(200);

    expect((await call(server.baseUrl, 'PUT', `/api/agents/${grace.id}/capacity`, supervisor.headers, { voice: 1, chat: 2, email: 5, ticket: 5 })).status).toBe(200);
    const technical = (await call(server.baseUrl, 'GET', '/api/queues', supervisor.headers)).body.find((queue: { code: string }) => queue.code === 'technical');
    const saved = await call(server.baseUrl, 'PUT', `/api/queues/${technical.id}`, admin.headers, {
      code: 'technical',
      name: 'Technical support',
      maxWaitSeconds: 600,
      overflowQueue: 'general',
      skills: [{ skill: 'technical', minProficiency: 3 }],
    });
    expect(saved.status).toBe(200);
    await server.app.get(RoutingService).settled();

    const arrival = await call(server.baseUrl, 'POST', '/api/interactions', pbx.headers, { channel: 'voice', caller: {}, queue: 'general' });
    expect(arrival.status).toBe(201);
    expect(arrival.body.interaction).toMatchObject({ status: 'offered', agentId: first.id });
  });
});

import { call, signInAs } from '../../factories/routing';
import { createApiKey } from '../../factories/users';
import { startTestApp, TestApp } from '../../support/test-app';

describe('a returning customer is offered first to the agent who served them last', () => {
  let server: TestApp;

  afterAll(async () => {
    await server.close();
  });

  it('prefers the last agent over the longest-idle one, and only for that customer', async () => {
    server = await startTestApp({ seedDemo: true });
    const pbx = await createApiKey(server.dataSource, { scopes: ['ingest'] });
    const amy = await signInAs(server.dataSource, 'amy');
    const ben = await signInAs(server.dataSource, 'ben');
    const [customer] = await server.dataSource.query(`SELECT phone FROM customers WHERE value_tier = 'ordinary' LIMIT 1`);

    await call(server.baseUrl, 'PUT', '/api/agents/me/state', amy.headers, { state: 'available' });
    const first = await call(server.baseUrl, 'POST', '/api/interactions', pbx.headers, { channel: 'voice', caller: { phone: customer.phone }, queue: 'general' });
    expect(first.body.interaction).toMatchObject({ status: 'offered', agentId: amy.id });
    const firstId = first.body.interaction.id;
    await call(server.baseUrl, 'POST', `/api/interactions/${firstId}/accept`, amy.headers, { offerId: first.body.interaction.offer.offerId });
    await call(server.baseUrl, 'POST', `/api/interactions/${firstId}/end`, amy.headers);
    await call(server.baseUrl, 'POST', `/api/interactions/${firstId}/wrap-up`, amy.headers, { disposition: 'resolved' });

    // Ben becomes the longest-idle agent.
    await call(server.baseUrl, 'PUT', '/api/agents/me/state', amy.headers, { state: 'not_ready', reason: 'break' });
    await call(server.baseUrl, 'PUT', '/api/agents/me/state', ben.headers, { state: 'available' });
    await call(server.baseUrl, 'PUT', '/api/agents/me/state', amy.headers, { state: 'available' });

    const returning = await call(server.baseUrl, 'POST', '/api/interactions', pbx.headers, { channel: 'voice', caller: { phone: customer.phone }, queue: 'general' });
    expect(returning.body.interaction).toMatchObject({ status: 'offered', agentId: amy.id });
    const [row] = await server.dataSource.query(`SELECT preferred_agent_id FROM interactions WHERE id = $1`, [returning.body.interaction.id]);
    expect(row.preferred_agent_id).toBe(amy.id);

    const stranger = await call(server.baseUrl, 'POST', '/api/interactions', pbx.headers, { channel: 'voice', caller: { phone: '+44 1632 960000' }, queue: 'general' });
    expect(stranger.body.interaction).toMatchObject({ status: 'offered', agentId: ben.id });
  });
});

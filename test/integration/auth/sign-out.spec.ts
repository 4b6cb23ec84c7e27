import { hashSecret } from '../../../server/src/common/auth/secrets';
import { RoutingService } from '../../../server/src/modules/routing/routing.service';
import { call, signInAs } from '../../factories/routing';
import { createApiKey, createSession } from '../../factories/users';
import { startTestApp, TestApp } from '../../support/test-app';

/** A signed-out agent is logged out of routing: never left "available" or counted as staffing a queue. */
describe('signing out of the console', () => {
  let server: TestApp;
  let routing: RoutingService;

  beforeAll(async () => {
    server = await startTestApp({ seedDemo: true });
    routing = server.app.get(RoutingService);
  });

  afterAll(async () => {
    await server.close();
  });

  const stateOf = (agentId: string) => routing.core.getAgent(agentId)?.state;
  const signOut = (headers: Record<string, string>) => call(server.baseUrl, 'POST', '/api/auth/logout', headers);

  it('logs an available agent out of routing, recorded as their own change', async () => {
    const amy = await signInAs(server.dataSource, 'amy');
    expect((await call(server.baseUrl, 'PUT', '/api/agents/me/state', amy.headers, { state: 'available' })).status).toBe(200);
    expect(stateOf(amy.id)).toBe('available');

    expect((await signOut(amy.headers)).status).toBe(204);
    expect(stateOf(amy.id)).toBe('offline');
    const [record] = await server.dataSource.query(`SELECT routing_record->>'presence' AS presence FROM agents WHERE user_id = $1`, [amy.id]);
    expect(record.presence).toBe('offline');
    const [change] = await server.dataSource.query(
      `SELECT payload FROM routing_events WHERE agent_id = $1 AND type = 'agent.state_changed' ORDER BY id DESC LIMIT 1`,
      [amy.id],
    );
    expect(change.payload).toMatchObject({ to: 'offline', by: { kind: 'agent', id: amy.id } });
  });

  it('keeps the agent in while another of their sessions is live', async () => {
    const ben = await signInAs(server.dataSource, 'ben');
    const otherDesk = await createSession(server.dataSource, ben.id);
    expect((await call(server.baseUrl, 'PUT', '/api/agents/me/state', ben.headers, { state: 'available' })).status).toBe(200);

    expect((await signOut(ben.headers)).status).toBe(204);
    expect(stateOf(ben.id)).toBe('available');
    expect((await signOut({ authorization: `Bearer ${otherDesk.accessToken}` })).status).toBe(204);
    expect(stateOf(ben.id)).toBe('offline');
  });

  it('does not keep the agent in for a browser closed without signing out (its access token has lapsed)', async () => {
    const ben = await signInAs(server.dataSource, 'ben');
    const closedBrowser = await createSession(server.dataSource, ben.id);
    await server.dataSource.query(`UPDATE sessions SET access_expires_at = now() - interval '1 minute' WHERE access_token_hash = $1`, [hashSecret(closedBrowser.accessToken)]);
    expect((await call(server.baseUrl, 'PUT', '/api/agents/me/state', ben.headers, { state: 'available' })).status).toBe(200);

    expect((await signOut(ben.headers)).status).toBe(204);
    expect(stateOf(ben.id)).toBe('offline');
  });

  it('keeps the agent in, with their contact, while they hold one', async () => {
    const amy = await signInAs(server.dataSource, 'amy');
    const pbx = await createApiKey(server.dataSource, { scopes: ['ingest'] });
    expect((await call(server.baseUrl, 'PUT', '/api/agents/me/state', amy.headers, { state: 'available' })).status).toBe(200);
    const arrival = await call(server.baseUrl, 'POST', '/api/interactions', pbx.headers, { channel: 'voice', caller: {}, queue: 'billing', preferredAgentId: amy.id });
    expect(arrival.status).toBe(201);
    const contact = arrival.body.interaction;
    expect(contact).toMatchObject({ status: 'offered', agentId: amy.id });
    expect((await call(server.baseUrl, 'POST', `/api/interactions/${contact.id}/accept`, amy.headers, { offerId: contact.offer.offerId })).status).toBe(200);

    expect((await signOut(amy.headers)).status).toBe(204);
    expect(stateOf(amy.id)).toBe('busy');
    expect(routing.core.getContact(contact.id)).toMatchObject({ status: 'connected', agentId: amy.id });
  });
});

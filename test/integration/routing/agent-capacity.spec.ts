import { call, DemoStaff, signInAs } from '../../factories/routing';
import { createApiKey } from '../../factories/users';
import { startTestApp, TestApp } from '../../support/test-app';

describe('an agent’s capacity is changed through the API and applied to routing at once', () => {
  let server: TestApp;
  let supervisor: DemoStaff;
  let amy: DemoStaff;
  let pbx: { headers: Record<string, string> };

  const stored = async (agentId: string) => (await server.dataSource.query(`SELECT capacity FROM agents WHERE user_id = $1`, [agentId]))[0].capacity;
  const interaction = async (id: string) => (await call(server.baseUrl, 'GET', `/api/interactions/${id}`, supervisor.headers)).body;
  const chat = async () => (await call(server.baseUrl, 'POST', '/api/interactions', pbx.headers, { channel: 'chat', caller: {}, queue: 'general', language: 'en' })).body.interaction.id as string;
  const accept = async (id: string) => {
    const offered = await interaction(id);
    expect(offered).toMatchObject({ status: 'offered', agentId: amy.id });
    expect((await call(server.baseUrl, 'POST', `/api/interactions/${id}/accept`, amy.headers, { offerId: offered.offer.offerId })).status).toBe(200);
  };

  beforeAll(async () => {
    server = await startTestApp({ seedDemo: true });
    supervisor = await signInAs(server.dataSource, 'sophie');
    amy = await signInAs(server.dataSource, 'amy');
    pbx = await createApiKey(server.dataSource, { scopes: ['ingest'] });
  });
  afterAll(async () => {
    await server.close();
  });

  it('stores the new capacity, applies it to the live agent and audits who changed it', async () => {
    const admin = await signInAs(server.dataSource, 'admin');
    const capacity = { voice: 1, chat: 2, email: 4, ticket: 0 };
    // Other tests change Amy's capacity too: this one starts from whatever is stored.
    const before = await stored(amy.id);
    expect(before).not.toEqual(capacity);
    const response = await call(server.baseUrl, 'PUT', `/api/agents/${amy.id}/capacity`, supervisor.headers, capacity);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: amy.id, capacity, live: { capacity } });
    expect(await stored(amy.id)).toEqual(capacity);
    const [audit] = await server.dataSource.query(`SELECT actor_id, details FROM audit_log WHERE action = 'agent.capacity_changed' AND target_id = $1 ORDER BY id DESC LIMIT 1`, [amy.id]);
    expect(audit).toEqual({ actor_id: supervisor.id, details: { before, after: capacity } });
    expect((await call(server.baseUrl, 'PUT', `/api/agents/${amy.id}/capacity`, admin.headers, capacity)).status).toBe(200);
  });

  it.each([
    ['two calls at once', { voice: 2, chat: 2, email: 4, ticket: 0 }, 'voice'],
    ['a negative capacity', { voice: 1, chat: -1, email: 4, ticket: 0 }, 'chat'],
    ['a fraction', { voice: 1, chat: 2, email: 1.5, ticket: 0 }, 'email'],
    ['a channel left out', { voice: 1, chat: 2, email: 4 }, 'ticket'],
    ['more than the channel allows', { voice: 1, chat: 11, email: 4, ticket: 0 }, 'chat'],
    ['a channel that does not exist', { voice: 1, chat: 2, email: 4, ticket: 0, fax: 1 }, 'fax'],
  ])('refuses %s with 400 naming the field, and changes nothing', async (_, body, field) => {
    const before = await stored(amy.id);
    const response = await call(server.baseUrl, 'PUT', `/api/agents/${amy.id}/capacity`, supervisor.headers, body);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.fields.map((f: { field: string }) => f.field)).toContain(field);
    expect(await stored(amy.id)).toEqual(before);
  });

  it('leaves routing with the capacity stored last when changes cross', async () => {
    const ben = await signInAs(server.dataSource, 'ben');
    const changes = Array.from({ length: 12 }, (_, chats) => ({ voice: 1, chat: chats % 11, email: 5, ticket: 5 }));
    const answers = await Promise.all(changes.map((capacity) => call(server.baseUrl, 'PUT', `/api/agents/${ben.id}/capacity`, supervisor.headers, capacity)));
    expect(answers.map((answer) => answer.status)).toEqual(changes.map(() => 200));
    const live = (await call(server.baseUrl, 'GET', `/api/agents/${ben.id}`, supervisor.headers)).body;
    expect(live.live.capacity).toEqual(await stored(ben.id));
  });

  it('lets only supervisors and admins change it, for agents that exist', async () => {
    const before = await stored(amy.id);
    const body = { voice: 0, chat: 0, email: 0, ticket: 0 };
    expect((await call(server.baseUrl, 'PUT', `/api/agents/${amy.id}/capacity`, amy.headers, body)).status).toBe(403);
    expect((await call(server.baseUrl, 'PUT', `/api/agents/${amy.id}/capacity`, (await signInAs(server.dataSource, 'grace')).headers, body)).status).toBe(403);
    const nobody = await call(server.baseUrl, 'PUT', '/api/agents/00000000-0000-4000-8000-000000000000/capacity', supervisor.headers, body);
    expect(nobody).toMatchObject({ status: 404, body: { code: 'AGENT_NOT_FOUND' } });
    expect(await stored(amy.id)).toEqual(before);
  });

  it('lowered below what the agent holds, takes nothing away, offers nothing more and refuses "available" with 409 and the current state until back under it', async () => {
    expect((await call(server.baseUrl, 'PUT', '/api/agents/me/state', amy.headers, { state: 'available' })).status).toBe(200);
    const first = await chat();
    await accept(first);
    const second = await chat();
    await accept(second);

    const lowered = await call(server.baseUrl, 'PUT', `/api/agents/${amy.id}/capacity`, supervisor.headers, { voice: 1, chat: 1, email: 4, ticket: 0 });
    expect(lowered.status).toBe(200);
    expect(lowered.body.live).toMatchObject({ state: 'busy', contactIds: expect.arrayContaining([first, second]), heldByChannel: { chat: 2 }, capacity: { chat: 1 } });
    expect(lowered.body.live.routableChannels).not.toContain('chat');
    for (const id of [first, second]) expect(await interaction(id)).toMatchObject({ status: 'connected', agentId: amy.id });
    const third = await chat();
    expect(await interaction(third)).toMatchObject({ status: 'waiting', agentId: null });

    // A break requested while holding contacts waits for the last one; asking to be available again is refused while over capacity.
    const onBreak = await call(server.baseUrl, 'PUT', '/api/agents/me/state', amy.headers, { state: 'not_ready', reason: 'break' });
    expect(onBreak.status).toBe(200);
    expect(onBreak.body).toMatchObject({ pendingNotReady: 'break' });
    const refused = await call(server.baseUrl, 'PUT', '/api/agents/me/state', amy.headers, { state: 'available' });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      code: 'AGENT_OVER_CAPACITY',
      details: { agent: { id: amy.id, state: 'busy', pendingNotReady: 'break', heldByChannel: { chat: 2 }, capacity: { chat: 1 } } },
    });
    const forced = await call(server.baseUrl, 'PUT', `/api/agents/${amy.id}/state`, supervisor.headers, { state: 'available' });
    expect(forced).toMatchObject({ status: 409, body: { code: 'AGENT_OVER_CAPACITY' } });
    expect((await call(server.baseUrl, 'GET', '/api/agents/me', amy.headers)).body.live).toMatchObject({ state: 'busy', pendingNotReady: 'break', contactIds: expect.arrayContaining([first, second]) });
    for (const id of [first, second]) expect(await interaction(id)).toMatchObject({ status: 'connected', agentId: amy.id });

    // Back under capacity, the same request goes through.
    expect((await call(server.baseUrl, 'POST', `/api/interactions/${first}/end`, amy.headers)).status).toBe(200);
    expect((await call(server.baseUrl, 'POST', `/api/interactions/${first}/wrap-up`, amy.headers, { disposition: 'resolved' })).status).toBe(200);
    const available = await call(server.baseUrl, 'PUT', '/api/agents/me/state', amy.headers, { state: 'available' });
    expect(available.status).toBe(200);
    expect(available.body).toMatchObject({ pendingNotReady: null, heldByChannel: { chat: 1 } });
    expect(await interaction(third)).toMatchObject({ status: 'waiting' });
  });
});

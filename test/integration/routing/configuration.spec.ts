import { call, DemoStaff, signInAs } from '../../factories/routing';
import { createApiKey } from '../../factories/users';
import { startTestApp, TestApp } from '../../support/test-app';

describe('queues, skills and routing rules are configured through the API', () => {
  let server: TestApp;
  let admin: DemoStaff;
  let supervisor: DemoStaff;
  let pbx: { headers: Record<string, string> };

  beforeAll(async () => {
    server = await startTestApp({ seedDemo: true });
    admin = await signInAs(server.dataSource, 'admin');
    supervisor = await signInAs(server.dataSource, 'sophie');
    pbx = await createApiKey(server.dataSource, { scopes: ['ingest'] });
  });
  afterAll(async () => {
    await server.close();
  });

  it('creates a skill and a queue that routing uses at once', async () => {
    const skill = await call(server.baseUrl, 'POST', '/api/skills', admin.headers, { code: 'mortgages', name: 'Mortgages', kind: 'product' });
    expect(skill.status).toBe(201);
    const queue = await call(server.baseUrl, 'POST', '/api/queues', admin.headers, {
      code: 'mortgages',
      name: 'Mortgages',
      basePriority: 5,
      strategy: 'most_skilled',
      maxWaitSeconds: 120,
      overflowQueue: 'general',
      relaxationSteps: [{ afterSeconds: 30, lowerProficiencyBy: 1, dropOptionalSkills: true }],
      businessHours: { timeZone: 'Europe/London', days: { '1': [{ from: '09:00', to: '17:00' }] } },
      skills: [{ skill: 'mortgages', minProficiency: 3 }],
    });
    expect(queue.status).toBe(201);
    expect(queue.body).toMatchObject({ code: 'mortgages', strategy: 'most_skilled', maxWaitSeconds: 120 });
    const created = await call(server.baseUrl, 'POST', '/api/interactions', pbx.headers, { channel: 'email', caller: {}, queue: 'mortgages' });
    expect(created.status).toBe(201);
    const explanation = await call(server.baseUrl, 'GET', `/api/interactions/${created.body.interaction.id}/routing`, supervisor.headers);
    expect(explanation.body.requirements).toEqual([expect.objectContaining({ skill: 'mortgages', minProficiency: 3, kind: 'required' })]);
    expect(explanation.body.overflow).toMatchObject({ targetQueueId: (await call(server.baseUrl, 'GET', '/api/queues', supervisor.headers)).body.find((q: { code: string }) => q.code === 'general').id });
  });

  it.each([
    [{ code: 'loop', name: 'Loop', maxWaitSeconds: 10, overflowQueue: 'loop', skills: [] }, 400, 'OVERFLOW_TO_ITSELF'],
    [{ code: 'x1', name: 'X', overflowQueue: 'general', skills: [] }, 400, 'OVERFLOW_NEEDS_MAX_WAIT'],
    [{ code: 'x2', name: 'X', skills: [{ skill: 'astrology', minProficiency: 2 }] }, 404, 'SKILL_NOT_FOUND'],
    [{ code: 'x3', name: 'X', skills: [], businessHours: { timeZone: 'Mars/Olympus', days: {} } }, 400, 'INVALID_TIME_ZONE'],
    [{ code: 'x4', name: 'X', skills: [], businessHours: { timeZone: 'UTC', days: { '1': [{ from: '18:00', to: '09:00' }] } } }, 400, 'INVALID_BUSINESS_HOURS'],
    [{ code: 'billing', name: 'Second billing', skills: [] }, 409, 'QUEUE_CODE_TAKEN'],
    [{ code: 'Bad Code', name: 'X', skills: [] }, 400, 'VALIDATION_FAILED'],
    [{ code: 'x5', name: 'X', skills: [], strategy: 'random' }, 400, 'VALIDATION_FAILED'],
  ])('refuses queue %j with %i %s and stores nothing', async (body, status, code) => {
    const before = (await server.dataSource.query(`SELECT count(*)::int AS n FROM queues`))[0].n;
    const response = await call(server.baseUrl, 'POST', '/api/queues', admin.headers, body);
    expect(response.status).toBe(status);
    expect(response.body.code).toBe(code);
    expect((await server.dataSource.query(`SELECT count(*)::int AS n FROM queues`))[0].n).toBe(before);
  });

  it('refuses an overflow cycle between two queues', async () => {
    const queues = (await call(server.baseUrl, 'GET', '/api/queues', admin.headers)).body;
    const general = queues.find((q: { code: string }) => q.code === 'general');
    const response = await call(server.baseUrl, 'PUT', `/api/queues/${general.id}`, admin.headers, { code: 'general', name: 'General', maxWaitSeconds: 60, overflowQueue: 'billing', skills: [{ skill: 'general', minProficiency: 1 }] });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('OVERFLOW_CYCLE');
  });

  it('makes a new user with the agent role routable', async () => {
    const [user] = await server.dataSource.query(`INSERT INTO users (username, display_name, roles) VALUES ('new.agent', 'New Agent', ARRAY['agent']) RETURNING id`);
    const created = await call(server.baseUrl, 'POST', '/api/agents', admin.headers, { userId: user.id, skills: [{ skill: 'general', proficiency: 2 }], languages: ['en'] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: user.id, skills: { general: 2 }, languages: ['en'], live: { state: 'offline' } });
    const again = await call(server.baseUrl, 'POST', '/api/agents', admin.headers, { userId: user.id, skills: [], languages: [] });
    expect(again.status).toBe(409);
    const [lead] = await server.dataSource.query(`SELECT id FROM users WHERE username = 'sophie'`);
    const notAgent = await call(server.baseUrl, 'POST', '/api/agents', admin.headers, { userId: lead.id, skills: [], languages: [] });
    expect(notAgent.body.code).toBe('NOT_AN_AGENT');
  });

  it('lets only admins change configuration', async () => {
    const response = await call(server.baseUrl, 'POST', '/api/skills', supervisor.headers, { code: 'forbidden', name: 'Forbidden', kind: 'product' });
    expect(response.status).toBe(403);
  });

  it('changes the routing rules at once: key customers first by a configurable margin', async () => {
    const before = await call(server.baseUrl, 'GET', '/api/routing/policy', supervisor.headers);
    expect(before.body.valueTierBonus).toEqual({ important: 30, secondary: 20, ordinary: 10, small: 0 });
    const [small] = await server.dataSource.query(`SELECT phone FROM customers WHERE value_tier = 'small' LIMIT 1`);
    const created = await call(server.baseUrl, 'POST', '/api/interactions', pbx.headers, { channel: 'voice', caller: { phone: small.phone }, queue: 'technical' });
    const id = created.body.interaction.id;
    expect((await call(server.baseUrl, 'GET', `/api/interactions/${id}/routing`, supervisor.headers)).body.priority.valueTier).toBe(0);

    const changed = await call(server.baseUrl, 'PUT', '/api/routing/policy', admin.headers, { valueTierBonus: { important: 100, secondary: 50, ordinary: 10, small: 5 }, agingSecondsPerPoint: 5 });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ valueTierBonus: { small: 5 }, agingSecondsPerPoint: 5 });
    expect((await call(server.baseUrl, 'GET', `/api/interactions/${id}/routing`, supervisor.headers)).body.priority.valueTier).toBe(5);

    const bad = await call(server.baseUrl, 'PUT', '/api/routing/policy', admin.headers, { agingSecondsPerPoint: -1 });
    expect(bad.status).toBe(400);
    const [audit] = await server.dataSource.query(`SELECT actor_id FROM audit_log WHERE action = 'routing.policy_changed'`);
    expect(audit.actor_id).toBe(admin.id);
  });
});

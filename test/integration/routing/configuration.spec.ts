import { DataSource } from 'typeorm';
import { AuthenticatedUser } from '../../../server/src/common/auth';
import { SaveQueueDto } from '../../../server/src/modules/queues/dto/save-queue.dto';
import { QueuesService } from '../../../server/src/modules/queues/queues.service';
import { RoutingService } from '../../../server/src/modules/routing/routing.service';
import { call, DemoStaff, queueId, signInAs } from '../../factories/routing';
import { createApiKey } from '../../factories/users';
import { startTestApp, TestApp } from '../../support/test-app';

const step = (afterSeconds: number, lowerProficiencyBy = 1, dropOptionalSkills = false) => ({ afterSeconds, lowerProficiencyBy, dropOptionalSkills });

/** Everything a queue change could touch: the queues with their skills, and the audit trail. */
const configuration = async (dataSource: DataSource) => ({
  queues: await dataSource.query(`SELECT q.*, (SELECT jsonb_agg(qs ORDER BY qs.skill_id) FROM queue_skills qs WHERE qs.queue_id = q.id) AS skills FROM queues q ORDER BY q.code`),
  audit: (await dataSource.query(`SELECT count(*)::int AS n FROM audit_log`))[0].n,
});

/** The field a refusal names: the validation pipe lists fields, domain errors carry one in their details. */
const fieldsOf = (body: { fields?: Array<{ field: string }>; details?: { field?: string } }) => body.fields?.map((f) => f.field) ?? [body.details?.field];

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
    [{ code: 'loop', name: 'Loop', maxWaitSeconds: 10, overflowQueue: 'loop', skills: [] }, 400, 'OVERFLOW_TO_ITSELF', 'overflowQueue'],
    [{ code: 'x1', name: 'X', overflowQueue: 'general', skills: [] }, 400, 'OVERFLOW_NEEDS_MAX_WAIT', 'maxWaitSeconds'],
    [{ code: 'x2', name: 'X', skills: [{ skill: 'astrology', minProficiency: 2 }] }, 404, 'SKILL_NOT_FOUND', 'skills'],
    [{ code: 'x3', name: 'X', skills: [], businessHours: { timeZone: 'Mars/Olympus', days: {} } }, 400, 'INVALID_TIME_ZONE', 'businessHours.timeZone'],
    [{ code: 'x4', name: 'X', skills: [], businessHours: { timeZone: 'UTC', days: { '1': [{ from: '18:00', to: '09:00' }] } } }, 400, 'INVALID_BUSINESS_HOURS', 'businessHours.days'],
    [{ code: 'billing', name: 'Second billing', skills: [] }, 409, 'QUEUE_CODE_TAKEN', 'code'],
    [{ code: 'Bad Code', name: 'X', skills: [] }, 400, 'VALIDATION_FAILED', 'code'],
    [{ code: 'x5', name: 'X', skills: [], strategy: 'random' }, 400, 'VALIDATION_FAILED', 'strategy'],
    [{ code: 'x6', name: 'X', skills: [], relaxationSteps: [step(30), step(30, 0, true)] }, 400, 'VALIDATION_FAILED', 'relaxationSteps'],
    [{ code: 'x7', name: 'X', skills: [], relaxationSteps: [step(60), step(30)] }, 400, 'VALIDATION_FAILED', 'relaxationSteps'],
    [{ code: 'x8', name: 'X', skills: [{ skill: 'general', minProficiency: 2 }, { skill: 'general', minProficiency: 1, optional: true }] }, 400, 'DUPLICATE_SKILL', 'skills'],
    [{ code: 'x9', name: 'X', maxWaitSeconds: 30, overflowQueue: 'nowhere', skills: [] }, 404, 'QUEUE_NOT_FOUND', 'overflowQueue'],
  ])('refuses queue %j with %i %s naming %s, and stores nothing', async (body, status, code, field) => {
    const before = await configuration(server.dataSource);
    const response = await call(server.baseUrl, 'POST', '/api/queues', admin.headers, body);
    expect(response.status).toBe(status);
    expect(response.body.code).toBe(code);
    expect(fieldsOf(response.body)).toContain(field);
    expect(await configuration(server.dataSource)).toEqual(before);
  });

  it.each([
    [{ relaxationSteps: [step(30), step(30, 0, true)] }, 400, 'VALIDATION_FAILED', 'relaxationSteps'],
    [{ maxWaitSeconds: 60, overflowQueue: 'technical' }, 400, 'OVERFLOW_TO_ITSELF', 'overflowQueue'],
    [{ code: 'tech-support', maxWaitSeconds: 60, overflowQueue: 'technical' }, 400, 'OVERFLOW_TO_ITSELF', 'overflowQueue'],
    [{ skills: [{ skill: 'technical', minProficiency: 3 }, { skill: 'technical', minProficiency: 1, optional: true }] }, 400, 'DUPLICATE_SKILL', 'skills'],
    [{ maxWaitSeconds: 60, overflowQueue: 'gone' }, 404, 'QUEUE_NOT_FOUND', 'overflowQueue'],
  ])('refuses the change %j to a queue with %i %s naming %s, and changes nothing', async (change, status, code, field) => {
    const technical = await queueId(server.dataSource, 'technical');
    const before = await configuration(server.dataSource);
    const body = { code: 'technical', name: 'Technical', skills: [{ skill: 'technical', minProficiency: 3 }], ...change };
    const response = await call(server.baseUrl, 'PUT', `/api/queues/${technical}`, admin.headers, body);
    expect(response.status).toBe(status);
    expect(response.body.code).toBe(code);
    expect(fieldsOf(response.body)).toContain(field);
    expect(await configuration(server.dataSource)).toEqual(before);
  });

  it('checks a queue with the routing core before storing it: a definition routing refuses is a 400 naming the field, and nothing is written', async () => {
    // Straight to the service, past the request validation: the core's own check is what stands between the request and the database.
    const queues = server.app.get(QueuesService);
    const user = { kind: 'user', id: admin.id, username: 'admin', displayName: 'Admin', roles: ['admin'], teamLeadId: null } as AuthenticatedUser;
    const technical = await queueId(server.dataSource, 'technical');
    const before = await configuration(server.dataSource);
    const definition: SaveQueueDto = { code: 'technical', name: 'Technical', skills: [{ skill: 'technical', minProficiency: 3 }], relaxationSteps: [step(30), step(30, 0, true)] };
    await expect(queues.replace(technical, definition, user)).rejects.toMatchObject({ status: 400, code: 'INVALID_QUEUE', details: { field: 'relaxationSteps' } });
    await expect(queues.create({ ...definition, code: 'steps' }, user)).rejects.toMatchObject({ status: 400, code: 'INVALID_QUEUE', details: { field: 'relaxationSteps' } });
    expect(await configuration(server.dataSource)).toEqual(before);
  });

  it('never lets two concurrent changes close an overflow loop', async () => {
    const ring = async (code: string) => (await call(server.baseUrl, 'POST', '/api/queues', admin.headers, { code, name: code, skills: [] })).body.id as string;
    const [a, b] = [await ring('ring-a'), await ring('ring-b')];
    const responses = await Promise.all([
      call(server.baseUrl, 'PUT', `/api/queues/${a}`, admin.headers, { code: 'ring-a', name: 'A', maxWaitSeconds: 30, overflowQueue: 'ring-b', skills: [] }),
      call(server.baseUrl, 'PUT', `/api/queues/${b}`, admin.headers, { code: 'ring-b', name: 'B', maxWaitSeconds: 30, overflowQueue: 'ring-a', skills: [] }),
    ]);
    expect(responses.map((response) => response.status).sort()).toEqual([200, 400]);
    expect(responses.find((response) => response.status === 400)?.body.code).toBe('OVERFLOW_CYCLE');
    const links = await server.dataSource.query(`SELECT count(*)::int AS n FROM queues WHERE id = ANY($1) AND overflow_queue_id IS NOT NULL`, [[a, b]]);
    expect(links[0].n).toBe(1);
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

  it('changes only the routing rules a request names, answering with every rule in force; null puts a rule back to its default', async () => {
    const policy = async () => (await call(server.baseUrl, 'GET', '/api/routing/policy', supervisor.headers)).body;
    const stored = async () => (await server.dataSource.query(`SELECT policy FROM routing_policy WHERE id = 1`))[0]?.policy;
    const change = (body: unknown) => call(server.baseUrl, 'PUT', '/api/routing/policy', admin.headers, body);
    const start = await policy();

    const bonus = await change({ complaintBonus: 25 });
    expect(bonus.status).toBe(200);
    expect(bonus.body).toEqual({ ...start, complaintBonus: 25 });
    const aging = await change({ agingSecondsPerPoint: 7, valueTierBonus: { important: 60 } });
    expect(aging.status).toBe(200);
    expect(aging.body).toEqual({ ...start, complaintBonus: 25, agingSecondsPerPoint: 7, valueTierBonus: { ...start.valueTierBonus, important: 60 } });
    expect(await policy()).toEqual(aging.body);

    const before = { policy: await policy(), stored: await stored() };
    for (const bad of [{ complaintBonus: -5 }, { valueTierBonus: { small: 'many' } }, { valueTierBonus: [{ important: 1 }] }, { disconnectGraceSeconds: 60, rejectCountsAsMissed: 'yes' }]) {
      const refused = await change(bad);
      expect(refused.status).toBe(400);
      expect(refused.body.code).toBe('VALIDATION_FAILED');
    }
    expect({ policy: await policy(), stored: await stored() }).toEqual(before);

    const unchanged = await change({});
    expect(unchanged).toMatchObject({ status: 200, body: before.policy });
    const reset = await change({ complaintBonus: null, valueTierBonus: { important: null } });
    expect(reset.status).toBe(200);
    expect(reset.body).toEqual({ ...before.policy, complaintBonus: 10, valueTierBonus: { ...before.policy.valueTierBonus, important: 30 } });
    expect(await stored()).not.toHaveProperty('complaintBonus');
    const [audit] = await server.dataSource.query(`SELECT details FROM audit_log WHERE action = 'routing.policy_changed' ORDER BY id DESC LIMIT 1`);
    expect(audit.details).toMatchObject({ change: { complaintBonus: null, valueTierBonus: { important: null } }, before: before.policy, after: reset.body });
  });
});

describe('queue configuration the routing core refuses never keeps the server from starting', () => {
  let server: TestApp;

  // A server per test: each writes its own stored configuration, whatever ran before it.
  beforeEach(async () => {
    server = await startTestApp({ seedDemo: true });
  });
  afterEach(async () => {
    await server.close();
  });

  const restart = async () => {
    await server.stop();
    server = await startTestApp({ database: server.database });
    await server.app.get(RoutingService).settled();
  };

  it('refuses relaxation steps at the same time, keeps the stored queue, and restarts', async () => {
    const admin = await signInAs(server.dataSource, 'admin');
    const technical = await queueId(server.dataSource, 'technical');
    const before = await configuration(server.dataSource);
    const response = await call(server.baseUrl, 'PUT', `/api/queues/${technical}`, admin.headers, {
      code: 'technical',
      name: 'Technical',
      relaxationSteps: [step(30), step(30, 0, true)],
      skills: [{ skill: 'technical', minProficiency: 3 }],
    });
    expect(response.status).toBe(400);
    expect(await configuration(server.dataSource)).toEqual(before);

    await restart();
    expect(server.app.get(RoutingService).core.queueIds()).toContain(technical);
    expect((await configuration(server.dataSource)).queues).toEqual(before.queues);
  });

  it('starts with a stored queue the core refuses, routes it by its strict requirements and everything else as configured, until it is saved again', async () => {
    const billing = await queueId(server.dataSource, 'billing');
    // A row stored before the API checked queues against the routing core.
    await server.dataSource.query(`UPDATE queues SET relaxation_steps = $2 WHERE id = $1`, [billing, JSON.stringify([step(20), step(20, 1, true)])]);
    const pbx = await createApiKey(server.dataSource, { scopes: ['ingest'] });
    const waiting = await call(server.baseUrl, 'POST', '/api/interactions', pbx.headers, { channel: 'email', caller: {}, queue: 'billing' });
    expect(waiting.status).toBe(201);

    await restart();
    const [admin, supervisor, amy] = [await signInAs(server.dataSource, 'admin'), await signInAs(server.dataSource, 'sophie'), await signInAs(server.dataSource, 'amy')];
    const id = waiting.body.interaction.id;
    const explained = await call(server.baseUrl, 'GET', `/api/interactions/${id}/routing`, supervisor.headers);
    expect(explained.status).toBe(200);
    // Without its refused relaxation steps the queue asks for the skills as configured, never less.
    expect(explained.body).toMatchObject({ status: 'waiting', requirements: [expect.objectContaining({ skill: 'billing', minProficiency: 2, kind: 'required' })], nextRelaxationAt: null });
    expect(explained.body.overflow).not.toBeNull();

    // Other configuration changes still apply while the refused row is stored.
    const skills = await call(server.baseUrl, 'PUT', `/api/agents/${amy.id}/skills`, admin.headers, { skills: [{ skill: 'general', proficiency: 4 }, { skill: 'billing', proficiency: 3 }, { skill: 'en', proficiency: 5 }], languages: ['en'] });
    expect(skills.status).toBe(200);
    expect((await call(server.baseUrl, 'PUT', '/api/agents/me/state', amy.headers, { state: 'available' })).status).toBe(200);
    expect((await call(server.baseUrl, 'GET', `/api/interactions/${id}`, supervisor.headers)).body).toMatchObject({ status: 'offered', agentId: amy.id });

    // Saving the queue again stores a definition the core accepts, relaxation included.
    const saved = await call(server.baseUrl, 'PUT', `/api/queues/${billing}`, admin.headers, {
      code: 'billing',
      name: 'Billing',
      maxWaitSeconds: 300,
      overflowQueue: 'general',
      relaxationSteps: [step(20), step(40, 1, true)],
      skills: [{ skill: 'billing', minProficiency: 2 }],
    });
    expect(saved.status).toBe(200);
    expect(saved.body.relaxationSteps).toEqual([step(20), step(40, 1, true)]);
    await restart();
    expect(server.app.get(RoutingService).core.queueIds()).toContain(billing);
  });

  it('starts with an overflow loop and routing rules written by hand, leaving out only what routing refuses', async () => {
    const [general, technical] = [await queueId(server.dataSource, 'general'), await queueId(server.dataSource, 'technical')];
    await server.dataSource.query(`UPDATE queues SET max_wait_seconds = 60, overflow_queue_id = $2 WHERE id = $1`, [general, technical]);
    await server.dataSource.query(`UPDATE queues SET max_wait_seconds = 60, overflow_queue_id = $2 WHERE id = $1`, [technical, general]);
    await server.dataSource.query(
      `INSERT INTO routing_policy (id, policy, updated_at) VALUES (1, $1, now()) ON CONFLICT (id) DO UPDATE SET policy = EXCLUDED.policy`,
      [JSON.stringify({ complaintBonus: -5 })],
    );

    await restart();
    const routing = server.app.get(RoutingService);
    expect(routing.core.queueIds()).toEqual(expect.arrayContaining([general, technical]));
    // One of the two overflows is left out, which breaks the loop; the other is kept.
    const loaded = new Map(routing.core.snapshot().queues.map((queue) => [queue.id, queue]));
    const overflows = [general, technical].map((id) => loaded.get(id)?.overflow ?? null);
    expect(overflows.filter((overflow) => overflow === null)).toHaveLength(1);
    expect(routing.policy.complaintBonus).toBeGreaterThanOrEqual(0);
    const pbx = await createApiKey(server.dataSource, { scopes: ['ingest'] });
    expect((await call(server.baseUrl, 'POST', '/api/interactions', pbx.headers, { channel: 'voice', caller: {}, queue: 'general' })).status).toBe(201);
  });
});

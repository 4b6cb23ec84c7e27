import { listRouteRules } from '../../../server/src/common/auth';
import { AuditService } from '../../../server/src/modules/audit/audit.service';
import { createSignedInUser, type SignedInStaff } from '../../factories/users';
import type { TestApp } from '../../support/test-app';
import { json, startProbeApp } from './support';

const asActor = (staff: SignedInStaff) => ({ kind: 'user' as const, id: staff.id, username: staff.username });

describe('auth: the global guard, route rules, staff accounts and the audit log', () => {
  let server: TestApp;
  let admin: SignedInStaff;
  let supervisor: SignedInStaff;
  let lead: SignedInStaff;
  let agent: SignedInStaff;

  const call = (method: string, path: string, headers: Record<string, string> = {}, body?: unknown) =>
    fetch(`${server.baseUrl}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  beforeAll(async () => {
    server = await startProbeApp();
    admin = await createSignedInUser(server.dataSource, { username: 'alex', roles: ['admin'] });
    supervisor = await createSignedInUser(server.dataSource, { username: 'sophie', roles: ['supervisor'] });
    lead = await createSignedInUser(server.dataSource, { username: 'grace', roles: ['team_lead', 'agent'] });
    agent = await createSignedInUser(server.dataSource, { username: 'amy', roles: ['agent'], teamLeadId: lead.id });
  });
  afterAll(async () => {
    await server.close();
  });

  describe('route rules', () => {
    it('closes a route without a rule with 403 to everyone, signed in or not', async () => {
      for (const headers of [{}, admin.headers, supervisor.headers, lead.headers, agent.headers]) {
        const response = await call('GET', '/api/probe/no-rule', headers);
        expect(response.status).toBe(403);
        expect(await json(response)).toMatchObject({ code: 'ROUTE_CLOSED' });
      }
    });

    it('opens public routes to anyone: health and readiness included', async () => {
      expect((await call('GET', '/api/probe/public')).status).toBe(200);
      expect((await call('GET', '/api/probe-team/open')).status).toBe(200);
      expect((await call('GET', '/health')).status).toBe(200);
      expect((await call('GET', '/ready')).status).toBe(200);
    });

    it('lets in only the listed roles: an administrator is not implicitly everything', async () => {
      expect((await call('GET', '/api/probe/supervisors', supervisor.headers)).status).toBe(200);
      expect((await call('GET', '/api/probe/supervisors', admin.headers)).status).toBe(403);
      expect((await call('GET', '/api/probe/supervisors', agent.headers)).status).toBe(403);
      expect((await call('GET', '/api/probe/supervisors')).status).toBe(401);
      expect((await call('GET', '/api/probe-team', lead.headers)).status).toBe(200);
      expect((await call('GET', '/api/probe-team', supervisor.headers)).status).toBe(403);
    });

    it('hands the handler the caller as the guard found it', async () => {
      const response = await call('GET', '/api/probe/supervisors', supervisor.headers);
      expect(await json(response)).toMatchObject({
        caller: { kind: 'user', id: supervisor.id, username: 'sophie', roles: ['supervisor'], teamLeadId: null, sessionId: supervisor.sessionId },
      });
    });

    it('opens queues to every staff role and customers to all but administrators, and neither to anyone unauthenticated', async () => {
      for (const path of ['/api/customers', '/api/queues']) {
        expect((await call('GET', path)).status).toBe(401);
        for (const staff of [admin, supervisor, lead, agent]) {
          const status = path === '/api/customers' && staff === admin ? 403 : 200;
          expect({ path, who: staff.username, status: (await call('GET', path, staff.headers)).status }).toEqual({ path, who: staff.username, status });
        }
      }
    });

    it('lists every route with its rule', () => {
      const routes = listRouteRules(server.app);
      const find = (method: string, path: string) => routes.find((route) => route.method === method && route.path === path);
      expect(find('GET', '/api/probe/no-rule')?.rule).toEqual({ public: false, roles: [], apiKeyScopes: [] });
      expect(find('GET', '/health')?.rule.public).toBe(true);
      expect(find('POST', '/api/auth/login')?.rule.public).toBe(true);
      expect(find('POST', '/api/auth/refresh')?.rule.public).toBe(true);
      expect(find('GET', '/api/customers/:id')?.rule.roles).toEqual(['agent', 'team_lead', 'supervisor']);
      expect(find('GET', '/api/queues')?.rule.roles).toEqual(['agent', 'team_lead', 'supervisor', 'admin']);
      expect(find('POST', '/api/probe/contacts-or-admin')?.rule).toEqual({ public: false, roles: ['admin'], apiKeyScopes: ['ingest'] });
      expect(find('GET', '/api/audit')?.rule.roles).toEqual(['admin', 'supervisor']);
      expect(find('PATCH', '/api/users/:id/roles')?.rule.roles).toEqual(['admin']);
      expect(find('DELETE', '/api/api-keys/:id')?.rule.roles).toEqual(['admin']);
      // Apart from the probe, the application itself leaves no route closed by accident.
      const closed = routes.filter((route) => !route.rule.public && route.rule.roles.length === 0 && route.rule.apiKeyScopes.length === 0);
      expect(closed.map((route) => `${route.method} ${route.path}`)).toEqual(['GET /api/probe/no-rule']);
    });
  });

  describe('staff accounts', () => {
    it('lists users to administrators and supervisors only', async () => {
      const listed = await call('GET', '/api/users?role=agent', supervisor.headers);
      expect(listed.status).toBe(200);
      const body = (await json(listed)) as { items: { username: string; roles: string[] }[]; total: number };
      // Other tests of this file add agents: the list is every agent stored, amy and grace among them.
      const agents = (await server.dataSource.query(`SELECT username FROM users WHERE 'agent' = ANY(roles) ORDER BY username`)).map((row: { username: string }) => row.username);
      expect(agents).toEqual(expect.arrayContaining(['amy', 'grace']));
      expect(agents).not.toContain('sophie');
      expect(body.items.map((user) => user.username)).toEqual(agents);
      expect(body.total).toBe(agents.length);
      expect(JSON.stringify(body)).not.toMatch(/password|hash/i);
      expect((await call('GET', '/api/users', admin.headers)).status).toBe(200);
      expect((await call('GET', '/api/users', lead.headers)).status).toBe(403);
      expect((await call('GET', '/api/users', agent.headers)).status).toBe(403);
    });

    it('lets an administrator create a user who can then sign in; duplicates and weak input are refused', async () => {
      const body = { username: 'zhao.min', displayName: 'Zhao Min', password: 'zhao min password', roles: ['agent'], teamLeadId: lead.id };
      expect((await call('POST', '/api/users', supervisor.headers, body)).status).toBe(403);
      const created = await call('POST', '/api/users', admin.headers, body);
      expect(created.status).toBe(201);
      const user = (await json(created)) as { id: string };
      expect(user).toMatchObject({ username: 'zhao.min', displayName: 'Zhao Min', roles: ['agent'], teamLeadId: lead.id, lockedUntil: null });
      expect(JSON.stringify(user)).not.toContain('zhao min password');

      const signIn = await call('POST', '/api/auth/login', {}, { username: 'zhao.min', password: 'zhao min password' });
      expect(signIn.status).toBe(200);

      const duplicate = await call('POST', '/api/users', admin.headers, body);
      expect(duplicate.status).toBe(409);
      expect(await json(duplicate)).toMatchObject({ code: 'USERNAME_TAKEN' });
      expect((await call('POST', '/api/users', admin.headers, { ...body, username: 'Bad Name' })).status).toBe(400);
      expect((await call('POST', '/api/users', admin.headers, { ...body, username: 'x2', password: 'short' })).status).toBe(400);
      expect((await call('POST', '/api/users', admin.headers, { ...body, username: 'x3', roles: ['root'] })).status).toBe(400);
      expect((await call('POST', '/api/users', admin.headers, { ...body, username: 'x4', teamLeadId: agent.id })).status).toBe(422);
      const [audit] = await server.dataSource.query(`SELECT actor_id, details FROM audit_log WHERE action = 'user.created' AND target_id = $1`, [user.id]);
      expect(audit).toMatchObject({ actor_id: admin.id, details: { username: 'zhao.min', roles: ['agent'] } });
    });

    it('changes roles (audited with before and after), effective on the next request', async () => {
      const ben = await createSignedInUser(server.dataSource, { username: 'ben', roles: ['agent'] });
      expect((await call('GET', '/api/audit', ben.headers)).status).toBe(403);
      expect((await call('PATCH', `/api/users/${ben.id}/roles`, supervisor.headers, { roles: ['supervisor'] })).status).toBe(403);

      const changed = await call('PATCH', `/api/users/${ben.id}/roles`, admin.headers, { roles: ['supervisor', 'agent'] });
      expect(changed.status).toBe(200);
      expect(await json(changed)).toMatchObject({ id: ben.id, roles: ['supervisor', 'agent'] });
      expect((await call('GET', '/api/audit', ben.headers)).status).toBe(200);

      const [audit] = await server.dataSource.query(`SELECT actor_id, details FROM audit_log WHERE action = 'user.roles_changed' AND target_id = $1`, [ben.id]);
      expect(audit).toEqual({ actor_id: admin.id, details: { username: 'ben', before: ['agent'], after: ['supervisor', 'agent'] } });

      expect((await call('PATCH', `/api/users/${ben.id}/roles`, admin.headers, { roles: [] })).status).toBe(400);
      expect((await call('PATCH', `/api/users/${ben.id}/roles`, admin.headers, { roles: ['agent', 'agent'] })).status).toBe(400);
      expect((await call('PATCH', '/api/users/00000000-0000-4000-8000-000000000000/roles', admin.headers, { roles: ['agent'] })).status).toBe(404);
    });

    it('never removes the admin role from the last administrator', async () => {
      const refused = await call('PATCH', `/api/users/${admin.id}/roles`, admin.headers, { roles: ['supervisor'] });
      expect(refused.status).toBe(409);
      expect(await json(refused)).toMatchObject({ code: 'LAST_ADMINISTRATOR' });
      const second = await createSignedInUser(server.dataSource, { roles: ['admin'] });
      expect((await call('PATCH', `/api/users/${second.id}/roles`, admin.headers, { roles: ['admin', 'supervisor'] })).status).toBe(200);
      expect((await call('PATCH', `/api/users/${second.id}/roles`, admin.headers, { roles: ['supervisor'] })).status).toBe(200);
    });
  });

  describe('audit log', () => {
    it('is append-only: the database refuses UPDATE, DELETE and TRUNCATE', async () => {
      await server.app.get(AuditService).record({ actor: { kind: 'system' }, action: 'test.recorded', details: { n: 1 } });
      await expect(server.dataSource.query(`UPDATE audit_log SET details = '{"n": 2}'`)).rejects.toThrow(/append-only: UPDATE/);
      await expect(server.dataSource.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only: DELETE/);
      await expect(server.dataSource.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only: TRUNCATE/);
      const [{ count }] = await server.dataSource.query(`SELECT count(*)::int AS count FROM audit_log WHERE action = 'test.recorded' AND details = '{"n": 1}'`);
      expect(count).toBe(1);
    });

    it('commits or rolls back with the change it records when given its transaction', async () => {
      const audit = server.app.get(AuditService);
      await expect(
        server.dataSource.transaction(async (manager) => {
          await audit.record({ actor: asActor(agent), action: 'test.rolled_back', target: { type: 'agent', id: agent.id } }, manager);
          throw new Error('the change failed');
        }),
      ).rejects.toThrow('the change failed');
      const rows = await server.dataSource.query(`SELECT 1 FROM audit_log WHERE action = 'test.rolled_back'`);
      expect(rows).toHaveLength(0);
      await expect(audit.record({ actor: asActor(agent), action: 'Not An Action' })).rejects.toThrow(/domain.what_happened/);
    });

    it('lists entries to administrators and supervisors, newest first, filtered by action, actor and time, page by page', async () => {
      const audit = server.app.get(AuditService);
      const before = new Date(Date.now() - 1000).toISOString();
      for (let i = 1; i <= 5; i += 1) {
        await audit.record({ actor: asActor(lead), action: 'agent.state_forced', target: { type: 'agent', id: agent.id }, details: { step: i } });
      }
      await audit.record({ actor: asActor(supervisor), action: 'interaction.reassigned', target: { type: 'interaction', id: 'i-1' } });

      const first = await call('GET', `/api/audit?action=agent.state_forced&actorId=${lead.id}&since=${encodeURIComponent(before)}&limit=2`, supervisor.headers);
      expect(first.status).toBe(200);
      const page1 = (await json(first)) as { items: { id: string; details: { step: number }; actor: unknown; target: unknown }[]; nextBefore: string };
      expect(page1.items.map((entry) => entry.details.step)).toEqual([5, 4]);
      expect(page1.items[0]).toMatchObject({ actor: { kind: 'user', id: lead.id, name: 'grace' }, target: { type: 'agent', id: agent.id } });
      const page2 = (await json(await call('GET', `/api/audit?action=agent.state_forced&actorId=${lead.id}&limit=2&before=${page1.nextBefore}`, admin.headers))) as typeof page1;
      expect(page2.items.map((entry) => entry.details.step)).toEqual([3, 2]);
      const page3 = (await json(await call('GET', `/api/audit?action=agent.state_forced&actorId=${lead.id}&limit=2&before=${page2.nextBefore}`, admin.headers))) as typeof page1;
      expect(page3.items.map((entry) => entry.details.step)).toEqual([1]);
      expect(page3.nextBefore).toBeNull();

      const future = (await json(await call('GET', `/api/audit?since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`, admin.headers))) as typeof page1;
      expect(future.items).toEqual([]);

      expect((await call('GET', '/api/audit', lead.headers)).status).toBe(403);
      expect((await call('GET', '/api/audit', agent.headers)).status).toBe(403);
      expect((await call('GET', '/api/audit?since=yesterday', admin.headers)).status).toBe(400);
      expect((await call('GET', '/api/audit?limit=1000', admin.headers)).status).toBe(400);
    });
  });
});

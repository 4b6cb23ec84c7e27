import { call, DemoStaff, signInAs } from '../../factories/routing';
import { createApiKey } from '../../factories/users';
import { startTestApp, TestApp } from '../../support/test-app';

/**
 * What the console's administration and floor pages need beyond the configuration API: moving staff between
 * teams, and a supervisor raising a waiting contact's priority. Every change is audited.
 */
describe('teams and a waiting contact priority', () => {
  let server: TestApp;
  let admin: DemoStaff;
  let supervisor: DemoStaff;
  let agent: DemoStaff;
  let pbx: { headers: Record<string, string> };

  const auditOf = async (action: string) => (await call(server.baseUrl, 'GET', `/api/audit?action=${action}`, admin.headers)).body.items;

  beforeAll(async () => {
    server = await startTestApp({ seedDemo: true });
    admin = await signInAs(server.dataSource, 'admin');
    supervisor = await signInAs(server.dataSource, 'sophie');
    agent = await signInAs(server.dataSource, 'amy');
    pbx = await createApiKey(server.dataSource, { scopes: ['ingest'] });
  });
  afterAll(async () => {
    await server.close();
  });

  it('moves an agent into a new team lead team and out of any team, audited with before and after', async () => {
    const lead = await call(server.baseUrl, 'POST', '/api/users', admin.headers, { username: 'tina', displayName: 'Tina Lead', password: 'a long pass phrase 42', roles: ['team_lead'] });
    expect(lead.status).toBe(201);
    const before = (await call(server.baseUrl, 'GET', '/api/users?role=agent', admin.headers)).body.items.find((u: { username: string }) => u.username === 'amy');

    const moved = await call(server.baseUrl, 'PUT', `/api/users/${agent.id}/team-lead`, admin.headers, { teamLeadId: lead.body.id });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ username: 'amy', teamLeadId: lead.body.id });
    const [row] = await server.dataSource.query(`SELECT team_lead_id FROM users WHERE id = $1`, [agent.id]);
    expect(row.team_lead_id).toBe(lead.body.id);
    expect((await call(server.baseUrl, 'GET', `/api/agents/${agent.id}`, admin.headers)).body.teamLeadId).toBe(lead.body.id);

    const out = await call(server.baseUrl, 'PUT', `/api/users/${agent.id}/team-lead`, admin.headers, { teamLeadId: null });
    expect(out.body.teamLeadId).toBeNull();
    const entries = await auditOf('user.team_changed');
    expect(entries.map((entry: { details: unknown }) => entry.details)).toEqual([
      { username: 'amy', before: lead.body.id, after: null, beforeTeam: "Tina Lead's team", afterTeam: null },
      { username: 'amy', before: before.teamLeadId, after: lead.body.id, beforeTeam: 'Customer care', afterTeam: "Tina Lead's team" },
    ]);
    expect(entries[0]).toMatchObject({ actor: { kind: 'user', name: 'admin' }, target: { type: 'user', id: agent.id } });
  });

  it('refuses a team lead who is not one, an unknown user, a bad id and anyone but an administrator, changing nothing', async () => {
    const count = async () => (await server.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'user.team_changed'`))[0].n;
    const before = await count();
    const notLead = await call(server.baseUrl, 'PUT', `/api/users/${agent.id}/team-lead`, admin.headers, { teamLeadId: supervisor.id });
    expect({ status: notLead.status, code: notLead.body.code }).toEqual({ status: 422, code: 'NOT_A_TEAM_LEAD' });
    const self = await call(server.baseUrl, 'PUT', `/api/users/${agent.id}/team-lead`, admin.headers, { teamLeadId: agent.id });
    expect(self.status).toBe(422);
    const unknown = await call(server.baseUrl, 'PUT', `/api/users/00000000-0000-4000-8000-000000000000/team-lead`, admin.headers, { teamLeadId: null });
    expect(unknown.status).toBe(404);
    const invalid = await call(server.baseUrl, 'PUT', `/api/users/${agent.id}/team-lead`, admin.headers, { teamLeadId: 'grace' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.fields.map((f: { field: string }) => f.field)).toContain('teamLeadId');
    const bySupervisor = await call(server.baseUrl, 'PUT', `/api/users/${agent.id}/team-lead`, supervisor.headers, { teamLeadId: null });
    expect(bySupervisor.status).toBe(403);
    expect(await count()).toBe(before);
  });

  it('raises the priority of a waiting contact: it goes to the head of its queue, stored, explained and audited', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const created = await call(server.baseUrl, 'POST', '/api/interactions', pbx.headers, { channel: 'email', caller: {}, queue: 'general' });
      expect(created.status).toBe(201);
      ids.push(created.body.interaction.id);
    }
    const last = ids[2];
    const placeOf = async (id: string) => (await call(server.baseUrl, 'GET', `/api/interactions/${id}/routing`, supervisor.headers)).body;
    const before = await placeOf(last);
    expect(before.place).toBe(3);
    expect(before.priority.boost).toBe(0);

    const raised = await call(server.baseUrl, 'POST', `/api/interactions/${last}/priority`, supervisor.headers, { boost: 100 });
    expect(raised.status).toBe(200);
    const after = await placeOf(last);
    expect(after.place).toBe(1);
    expect(after.priority.boost).toBe(100);
    expect(after.priority.effective - after.priority.aging).toBeCloseTo(before.priority.effective - before.priority.aging + 100, 6);
    // Stored before the answer: the journal holds the event and the contact's record its new points.
    const [event] = await server.dataSource.query(`SELECT payload FROM routing_events WHERE type = 'contact.reprioritized' AND interaction_id = $1`, [last]);
    expect(event.payload).toMatchObject({ boost: 100, previousBoost: 0, by: { kind: 'supervisor', id: supervisor.id } });
    const [stored] = await server.dataSource.query(`SELECT routing_record->>'priorityBoost' AS boost FROM interactions WHERE id = $1`, [last]);
    expect(stored.boost).toBe('100');
    const [entry] = await auditOf('interaction.priority_changed');
    expect(entry).toMatchObject({ actor: { kind: 'user', id: supervisor.id }, target: { type: 'interaction', id: last }, details: { before: 0, after: 100 } });
    // Written by the routing commit that stored the change: one transaction, one now().
    const [together] = await server.dataSource.query(
      `SELECT a.at = i.updated_at AS same FROM audit_log a JOIN interactions i ON i.id::text = a.target_id WHERE a.action = 'interaction.priority_changed' AND a.target_id = $1`,
      [last],
    );
    expect(together.same).toBe(true);

    // Moved to another queue by the supervisor: audited in the same commit too.
    const moved = await call(server.baseUrl, 'POST', `/api/interactions/${ids[0]}/transfer`, supervisor.headers, { queue: 'billing' });
    expect(moved.status).toBe(200);
    const [reassigned] = await server.dataSource.query(
      `SELECT a.details, a.at = i.updated_at AS same FROM audit_log a JOIN interactions i ON i.id::text = a.target_id WHERE a.action = 'interaction.reassigned' AND a.target_id = $1`,
      [ids[0]],
    );
    expect(reassigned).toEqual({ details: { toQueue: 'billing', toAgentId: null }, same: true });
  });

  it('refuses the priority change to anyone but a supervisor, out of range, and for a contact no longer in routing', async () => {
    const created = await call(server.baseUrl, 'POST', '/api/interactions', pbx.headers, { channel: 'email', caller: {}, queue: 'general' });
    const id = created.body.interaction.id;
    expect((await call(server.baseUrl, 'POST', `/api/interactions/${id}/priority`, admin.headers, { boost: 5 })).status).toBe(403);
    expect((await call(server.baseUrl, 'POST', `/api/interactions/${id}/priority`, agent.headers, { boost: 5 })).status).toBe(403);
    const tooMuch = await call(server.baseUrl, 'POST', `/api/interactions/${id}/priority`, supervisor.headers, { boost: 5000 });
    expect({ status: tooMuch.status, fields: tooMuch.body.fields.map((f: { field: string }) => f.field) }).toEqual({ status: 400, fields: ['boost'] });
    expect((await call(server.baseUrl, 'POST', `/api/interactions/${id}/abandon`, supervisor.headers)).status).toBe(200);
    const gone = await call(server.baseUrl, 'POST', `/api/interactions/${id}/priority`, supervisor.headers, { boost: 5 });
    expect(gone.status).toBe(409);
  });

  it('filters the audit log by who, by what (one action or every action of a domain) and by when', async () => {
    const skill = await call(server.baseUrl, 'POST', '/api/skills', admin.headers, { code: 'pensions', name: 'Pensions', kind: 'product' });
    expect(skill.status).toBe(201);
    const queue = await call(server.baseUrl, 'POST', '/api/queues', admin.headers, { code: 'pensions', name: 'Pensions', skills: [{ skill: 'pensions', minProficiency: 2 }] });
    expect(queue.status).toBe(201);
    const list = async (query: string) => {
      const response = await call(server.baseUrl, 'GET', `/api/audit?${query}`, admin.headers);
      expect(response.status).toBe(200);
      return response.body.items as Array<{ action: string; actor: { id: string }; at: string }>;
    };
    const byDomain = await list('domain=user');
    expect(byDomain.length).toBeGreaterThanOrEqual(3);
    expect(new Set(byDomain.map((entry) => entry.action))).toEqual(new Set(['user.created', 'user.team_changed']));
    expect((await list('domain=skill')).map((entry) => entry.action)).toEqual(['skill.created']);
    expect((await list('domain=use')).length).toBe(0);
    const mine = await list(`actorId=${supervisor.id}`);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((entry) => entry.actor.id === supervisor.id)).toBe(true);
    const latest = (await list('limit=1'))[0];
    expect(await list(`since=${encodeURIComponent(latest.at)}&domain=${latest.action.split('.')[0]}`)).toEqual([expect.objectContaining({ action: latest.action })]);
    expect(await list(`until=${encodeURIComponent(new Date(0).toISOString())}`)).toEqual([]);
    const refused = await call(server.baseUrl, 'GET', '/api/audit?domain=user%25', admin.headers);
    expect({ status: refused.status, fields: refused.body.fields.map((f: { field: string }) => f.field) }).toEqual({ status: 400, fields: ['domain'] });
  });
});

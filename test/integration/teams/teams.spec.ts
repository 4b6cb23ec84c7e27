import { QueryRunner } from 'typeorm';
import { Teams1764000025100 } from '../../../migrations/1764000025100-teams';
import { call, DemoStaff, signInAs } from '../../factories/routing';
import { createUser } from '../../factories/users';
import { startTestApp, TestApp } from '../../support/test-app';

const PASSWORD = 'a long pass phrase 42';
const NOBODY = '00000000-0000-4000-8000-000000000000';

/**
 * Teams with names: created, renamed, led and emptied by administrators, audited; members take the team's lead, so
 * what a team lead may see (their team's agents) follows the team.
 */
describe('teams', () => {
  let server: TestApp;
  let admin: DemoStaff;
  let supervisor: DemoStaff;
  let amy: DemoStaff;
  let ben: DemoStaff;

  const send = (method: string, path: string, body?: unknown, who: DemoStaff = admin) => call(server.baseUrl, method, path, who.headers, body);
  const leadOf = async (userId: string) => (await server.dataSource.query(`SELECT team_lead_id FROM users WHERE id = $1`, [userId]))[0].team_lead_id;
  const newLead = async (username: string, displayName: string) => {
    const created = await send('POST', '/api/users', { username, displayName, password: PASSWORD, roles: ['team_lead'] });
    expect(created.status).toBe(201);
    return created.body as { id: string; username: string };
  };

  beforeAll(async () => {
    server = await startTestApp({ seedDemo: true });
    admin = await signInAs(server.dataSource, 'admin');
    supervisor = await signInAs(server.dataSource, 'sophie');
    amy = await signInAs(server.dataSource, 'amy');
    ben = await signInAs(server.dataSource, 'ben');
  });
  afterAll(async () => {
    await server.close();
  });

  it('lists the demo teams by name with their lead and members', async () => {
    const teams = await send('GET', '/api/teams', undefined, supervisor);
    expect(teams.status).toBe(200);
    expect(teams.body.map((team: { name: string; teamLeadName: string; memberCount: number }) => [team.name, team.teamLeadName, team.memberCount])).toEqual([
      ['Cantonese desk', 'Daniel Chan', 6],
      ['Customer care', 'Grace Lin', 6],
    ]);
    const users = (await send('GET', '/api/users?role=agent')).body.items as Array<{ username: string; teamName: string | null }>;
    expect(users.find((user) => user.username === 'amy')?.teamName).toBe('Customer care');
    expect((await send('GET', `/api/agents/${amy.id}`, undefined, supervisor)).body).toMatchObject({ teamName: 'Customer care' });
  });

  it('creates a team with a lead, moves agents in, and the lead then sees their day; a new lead takes the members over', async () => {
    const tina = await newLead('tina', 'Tina Lead');
    const created = await send('POST', '/api/teams', { name: '  Mortgage  advisers ', teamLeadId: tina.id });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Mortgage advisers', teamLeadId: tina.id, teamLeadName: 'Tina Lead', memberCount: 0 });
    const team = created.body.id as string;

    const moved = await send('PUT', `/api/teams/${team}/members/${amy.id}`);
    expect(moved.status).toBe(200);
    expect(moved.body.memberCount).toBe(1);
    expect(await leadOf(amy.id)).toBe(tina.id);
    const tinaSignedIn = await signInAs(server.dataSource, 'tina');
    expect((await send('GET', `/api/agents/${amy.id}/day`, undefined, tinaSignedIn)).status).toBe(200);
    // Grace led Amy before: no longer.
    const grace = await signInAs(server.dataSource, 'grace');
    expect((await send('GET', `/api/agents/${amy.id}/day`, undefined, grace)).status).toBe(403);

    const uma = await newLead('uma', 'Uma Lead');
    const relead = await send('PATCH', `/api/teams/${team}`, { teamLeadId: uma.id, name: 'Mortgages' });
    expect(relead.status).toBe(200);
    expect(relead.body).toMatchObject({ name: 'Mortgages', teamLeadId: uma.id, teamLeadName: 'Uma Lead', memberCount: 1 });
    expect(await leadOf(amy.id)).toBe(uma.id);
    expect((await send('GET', `/api/agents/${amy.id}/day`, undefined, tinaSignedIn)).status).toBe(403);

    const unled = await send('PATCH', `/api/teams/${team}`, { teamLeadId: null });
    expect(unled.body.teamLeadId).toBeNull();
    expect(await leadOf(amy.id)).toBeNull();

    const audit = (await send('GET', `/api/audit?targetType=team&targetId=${team}`)).body.items as Array<{ action: string; details: Record<string, unknown> }>;
    expect(audit.map((entry) => entry.action)).toEqual(['team.updated', 'team.updated', 'team.created']);
    expect(audit[1].details).toEqual({ before: { name: 'Mortgage advisers', teamLeadId: tina.id }, after: { name: 'Mortgages', teamLeadId: uma.id } });
    const membership = (await send('GET', `/api/audit?action=user.team_changed&targetId=${amy.id}`)).body.items;
    expect(membership[0].details).toMatchObject({ username: 'amy', beforeTeam: 'Customer care', afterTeam: 'Mortgage advisers' });
  });

  it('refuses a duplicate name whatever its case, a bad name, a lead who is not one or leads another team, and a lead in their own team', async () => {
    const count = async () => (await server.dataSource.query(`SELECT count(*)::int AS n FROM teams`))[0].n;
    const before = await count();
    const duplicate = await send('POST', '/api/teams', { name: 'customer CARE' });
    expect({ status: duplicate.status, code: duplicate.body.code }).toEqual({ status: 409, code: 'TEAM_NAME_TAKEN' });
    for (const name of ['', '   ', 'x'.repeat(81), 42]) {
      const refused = await send('POST', '/api/teams', { name });
      expect({ name, status: refused.status, fields: refused.body.fields?.map((f: { field: string }) => f.field) }).toEqual({ name, status: 400, fields: ['name'] });
    }
    const notLead = await send('POST', '/api/teams', { name: 'Night shift', teamLeadId: supervisor.id });
    expect({ status: notLead.status, code: notLead.body.code }).toEqual({ status: 422, code: 'NOT_A_TEAM_LEAD' });
    const grace = (await server.dataSource.query(`SELECT id FROM users WHERE username = 'grace'`))[0].id;
    const taken = await send('POST', '/api/teams', { name: 'Night shift', teamLeadId: grace });
    expect({ status: taken.status, code: taken.body.code, message: taken.body.message }).toEqual({ status: 409, code: 'TEAM_LEAD_TAKEN', message: "This team lead already leads 'Customer care'" });
    expect(await count()).toBe(before);

    const vera = await newLead('vera', 'Vera Lead');
    const night = (await send('POST', '/api/teams', { name: 'Night shift' })).body.id as string;
    expect((await send('PUT', `/api/teams/${night}/members/${vera.id}`)).status).toBe(200);
    const ownTeam = await send('PATCH', `/api/teams/${night}`, { teamLeadId: vera.id });
    expect({ status: ownTeam.status, code: ownTeam.body.code }).toEqual({ status: 422, code: 'TEAM_LEAD_IN_OWN_TEAM' });
    const renameToTaken = await send('PATCH', `/api/teams/${night}`, { name: 'CANTONESE desk' });
    expect(renameToTaken.body.code).toBe('TEAM_NAME_TAKEN');
    expect((await send('PATCH', `/api/teams/${NOBODY}`, { name: 'Anything' })).status).toBe(404);
    expect((await send('PUT', `/api/teams/${night}/members/${NOBODY}`)).status).toBe(404);
  });

  it('refuses to delete a team that has members, then deletes it once emptied, audited', async () => {
    const team = (await send('POST', '/api/teams', { name: 'Short-lived' })).body.id as string;
    expect((await send('PUT', `/api/teams/${team}/members/${ben.id}`)).status).toBe(200);
    const refused = await send('DELETE', `/api/teams/${team}`);
    expect({ status: refused.status, code: refused.body.code, members: refused.body.details?.members }).toEqual({ status: 409, code: 'TEAM_HAS_MEMBERS', members: 1 });
    expect(refused.body.message).toContain('move them to another team');

    expect((await send('DELETE', `/api/teams/${team}/members/${amy.id}`)).status).toBe(404);
    const emptied = await send('DELETE', `/api/teams/${team}/members/${ben.id}`);
    expect(emptied.body.memberCount).toBe(0);
    expect(await leadOf(ben.id)).toBeNull();
    expect((await send('DELETE', `/api/teams/${team}`)).status).toBe(204);
    expect((await send('GET', '/api/teams')).body.map((t: { id: string }) => t.id)).not.toContain(team);
    const [deleted] = (await send('GET', `/api/audit?action=team.deleted`)).body.items;
    expect(deleted).toMatchObject({ target: { type: 'team', id: team }, details: { name: 'Short-lived' }, actor: { name: 'admin' } });
  });

  it('joins the team a team lead leads when a user is moved to that lead, making one named after a lead who has none', async () => {
    const walt = await newLead('walt', 'Walt Lead');
    const moved = await send('PUT', `/api/users/${ben.id}/team-lead`, { teamLeadId: walt.id });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ teamLeadId: walt.id, teamName: "Walt Lead's team" });
    const created = await send('POST', '/api/users', { username: 'xena', displayName: 'Xena Agent', password: PASSWORD, roles: ['agent'], teamLeadId: walt.id });
    expect(created.body).toMatchObject({ teamLeadId: walt.id, teamName: "Walt Lead's team" });
    const teams = (await send('GET', '/api/teams')).body.filter((team: { teamLeadId: string }) => team.teamLeadId === walt.id);
    expect(teams).toHaveLength(1);
    expect(teams[0].memberCount).toBe(2);
  });

  it('leaves a team without a lead when its lead loses the team-lead role', async () => {
    const yann = await newLead('yann', 'Yann Lead');
    const team = (await send('POST', '/api/teams', { name: 'Evening desk', teamLeadId: yann.id })).body.id as string;
    expect((await send('PUT', `/api/teams/${team}/members/${ben.id}`)).status).toBe(200);
    expect(await leadOf(ben.id)).toBe(yann.id);
    expect((await send('PATCH', `/api/users/${yann.id}/roles`, { roles: ['agent'] })).status).toBe(200);
    const after = (await send('GET', '/api/teams')).body.find((candidate: { id: string }) => candidate.id === team);
    expect(after).toMatchObject({ teamLeadId: null, memberCount: 1 });
    expect(await leadOf(ben.id)).toBeNull();
  });

  it('lets only administrators change teams; supervisors and team leads read them', async () => {
    const grace = await signInAs(server.dataSource, 'grace');
    const team = (await send('GET', '/api/teams')).body[0].id as string;
    for (const who of [supervisor, grace, amy]) {
      expect((await send('POST', '/api/teams', { name: 'Not allowed' }, who)).status).toBe(403);
      expect((await send('PATCH', `/api/teams/${team}`, { name: 'Not allowed' }, who)).status).toBe(403);
      expect((await send('PUT', `/api/teams/${team}/members/${amy.id}`, undefined, who)).status).toBe(403);
      expect((await send('DELETE', `/api/teams/${team}`, undefined, who)).status).toBe(403);
    }
    expect((await send('GET', '/api/teams', undefined, grace)).status).toBe(200);
    expect((await send('GET', '/api/teams', undefined, amy)).status).toBe(403);
  });
});

describe('teams made from the team leads that existed before teams had names', () => {
  let server: TestApp;
  let runner: QueryRunner;

  beforeAll(async () => {
    server = await startTestApp({ seedDemo: true });
    runner = server.dataSource.createQueryRunner();
  });
  afterAll(async () => {
    await runner.release();
    await server.close();
  });

  it('makes one team per team lead, named after them, holding the people they led', async () => {
    const migration = new Teams1764000025100();
    await migration.down(runner);
    // Two leads with the same name, one without anyone in their team.
    const twin = await createUser(server.dataSource, { username: 'grace.two', displayName: 'Grace Lin', roles: ['team_lead'] });
    const led = await createUser(server.dataSource, { teamLeadId: twin.id });
    await migration.up(runner);
    const teams = await server.dataSource.query(
      `SELECT t.name, l.username AS lead, (SELECT array_agg(m.username ORDER BY m.username) FROM users m WHERE m.team_id = t.id) AS members
         FROM teams t JOIN users l ON l.id = t.team_lead_id ORDER BY t.name`,
    );
    expect(teams).toEqual([
      { name: "Daniel Chan's team", lead: 'daniel', members: ['frank', 'hannah', 'ho.mei', 'ivan', 'wong.kaming', 'zhao.min'] },
      { name: "Grace Lin's team (grace)", lead: 'grace', members: ['amy', 'ben', 'chen.jing', 'david', 'emma', 'li.na'] },
      { name: "Grace Lin's team (grace.two)", lead: 'grace.two', members: [led.username] },
    ]);
    const mismatched = await server.dataSource.query(
      `SELECT u.username FROM users u LEFT JOIN teams t ON t.id = u.team_id WHERE u.team_lead_id IS DISTINCT FROM t.team_lead_id`,
    );
    expect(mismatched).toEqual([]);
  });
});

import { createSession, createUser } from '../../factories/users';
import { startTestApp, TestApp } from '../../support/test-app';
import { api, connect, ConsoleClient, staff, Staff } from './support';

/**
 * An agent created through the API is in every live view at once, offline: the wallboards open now get them as a
 * delta, a wallboard opening later lists them, and their own desk's snapshot has them, before any state change.
 */
describe('realtime: an agent created through the API is in every live view at once', () => {
  let server: TestApp;
  let admin: Staff;
  let sophie: Staff;
  const clients: ConsoleClient[] = [];

  beforeAll(async () => {
    server = await startTestApp({ seedDemo: true });
    admin = await staff(server.dataSource, 'admin');
    sophie = await staff(server.dataSource, 'sophie');
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await server.close();
  });

  it('pushes the new agent to open wallboards and lists them, offline, in later snapshots of the wallboard and of their desk', async () => {
    const wallboard = await connect(server.baseUrl, { token: sophie.accessToken });
    clients.push(wallboard);
    const user = await createUser(server.dataSource, { roles: ['agent'], displayName: 'Nora New' });
    const session = await createSession(server.dataSource, user.id);
    // Signed in before the profile exists: the desk has no agent yet.
    const earlyDesk = await connect(server.baseUrl, { token: session.accessToken });
    clients.push(earlyDesk);
    expect(earlyDesk.snapshot.desk?.agent).toBeNull();
    const mark = wallboard.deltas.length;

    const created = await api(server.baseUrl, 'POST', '/api/agents', admin.headers, { userId: user.id, skills: [{ skill: 'general', proficiency: 3 }], languages: ['en'] });
    expect(created.status).toBe(201);

    // At once: the desk opened right after the answer has its agent, offline.
    const desk = await connect(server.baseUrl, { token: session.accessToken });
    clients.push(desk);
    expect(desk.snapshot.desk?.agent).toMatchObject({ id: user.id, state: 'offline', skills: { general: 3 } });
    expect(desk.snapshot.desk?.queues.map((queue) => queue.code)).toContain('general');

    const pushed = await wallboard.next('agent:update', (data) => data.agent.id === user.id, 5000, mark);
    expect(pushed.data.agent).toMatchObject({ state: 'offline', displayName: 'Nora New', username: user.username });
    expect((await earlyDesk.next('agent:state', (data) => data.agent.id === user.id)).data.agent).toMatchObject({ state: 'offline' });
    const laterBoard = await connect(server.baseUrl, { token: sophie.accessToken });
    clients.push(laterBoard);
    expect(laterBoard.snapshot.wallboard?.agents.find((agent) => agent.id === user.id)).toMatchObject({ state: 'offline', displayName: 'Nora New' });
  });
});

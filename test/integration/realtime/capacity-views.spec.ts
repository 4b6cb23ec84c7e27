import { startTestApp, TestApp } from '../../support/test-app';
import { api, connect, ConsoleClient, staff, Staff } from './support';

/**
 * A supervisor's change of an agent's capacity reaches the live views at once: the agent's desk and the wallboards
 * get the agent with the new capacity and the channels they can be offered under it, whether or not the change
 * altered those channels, and a console connecting later sees the same.
 */
describe('realtime: an agent’s capacity changed through the API is pushed to the desk and the wallboards', () => {
  let server: TestApp;
  let sophie: Staff;
  let amy: Staff;
  const clients: ConsoleClient[] = [];

  beforeAll(async () => {
    server = await startTestApp({ seedDemo: true });
    sophie = await staff(server.dataSource, 'sophie');
    amy = await staff(server.dataSource, 'amy');
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await server.close();
  });

  it('shows the new capacity and routable channels in deltas and in later snapshots', async () => {
    const wallboard = await connect(server.baseUrl, { token: sophie.accessToken });
    const desk = await connect(server.baseUrl, { token: amy.accessToken });
    clients.push(wallboard, desk);
    expect(await desk.command('agent:state', { state: 'available' })).toMatchObject({ ok: true });
    const before = await wallboard.next('agent:update', (data) => data.agent.id === amy.id && data.agent.state === 'available');
    expect(before.data.agent).toMatchObject({ capacity: { voice: 1, chat: 3, email: 5, ticket: 5 }, routableChannels: ['voice', 'chat', 'email', 'ticket'] });

    // Fewer chats: every channel stays routable, so routing raises no event of it.
    let [boardMark, deskMark] = [wallboard.deltas.length, desk.deltas.length];
    const fewerChats = { voice: 1, chat: 2, email: 5, ticket: 5 };
    expect((await api(server.baseUrl, 'PUT', `/api/agents/${amy.id}/capacity`, sophie.headers, fewerChats)).status).toBe(200);
    const onBoard = await wallboard.next('agent:update', (data) => data.agent.id === amy.id && data.agent.capacity.chat === 2, 5000, boardMark);
    expect(onBoard.data.agent).toMatchObject({ capacity: fewerChats, routableChannels: ['voice', 'chat', 'email', 'ticket'], state: 'available', displayName: expect.any(String) });
    const onDesk = await desk.next('agent:state', (data) => data.agent.capacity.chat === 2, 5000, deskMark);
    expect(onDesk.data.agent).toMatchObject({ id: amy.id, capacity: fewerChats, routableChannels: ['voice', 'chat', 'email', 'ticket'] });

    // No chats at all: chat is no longer routable.
    [boardMark, deskMark] = [wallboard.deltas.length, desk.deltas.length];
    const noChats = { voice: 1, chat: 0, email: 5, ticket: 5 };
    expect((await api(server.baseUrl, 'PUT', `/api/agents/${amy.id}/capacity`, sophie.headers, noChats)).status).toBe(200);
    const withoutChat = await wallboard.next('agent:update', (data) => data.agent.id === amy.id && data.agent.capacity.chat === 0, 5000, boardMark);
    expect(withoutChat.data.agent).toMatchObject({ capacity: noChats, routableChannels: ['voice', 'email', 'ticket'] });
    expect((await desk.next('agent:state', (data) => data.agent.capacity.chat === 0, 5000, deskMark)).data.agent).toMatchObject({ capacity: noChats, routableChannels: ['voice', 'email', 'ticket'] });

    // Consoles connecting now see the same.
    const laterBoard = await connect(server.baseUrl, { token: sophie.accessToken });
    const laterDesk = await connect(server.baseUrl, { token: amy.accessToken });
    clients.push(laterBoard, laterDesk);
    expect(laterBoard.snapshot.wallboard?.agents.find((agent) => agent.id === amy.id)).toMatchObject({ capacity: noChats, routableChannels: ['voice', 'email', 'ticket'] });
    expect(laterDesk.snapshot.desk?.agent).toMatchObject({ capacity: noChats, routableChannels: ['voice', 'email', 'ticket'] });
  });
});

import { startTestApp, TestApp } from '../../support/test-app';
import { api, connect, ConsoleClient, expectGapFreeSeq, ofEvent, receivedBeforeMarker, staff, Staff } from './support';

describe('realtime: a supervisor’s override is announced on the agent’s desk', () => {
  let server: TestApp;
  let amy: Staff;
  let chen: Staff;
  let sophie: Staff;
  const clients: ConsoleClient[] = [];
  const open = async (who: Staff) => {
    const client = await connect(server.baseUrl, { token: who.accessToken });
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    server = await startTestApp({ seedDemo: true });
    amy = await staff(server.dataSource, 'amy');
    chen = await staff(server.dataSource, 'chen.jing');
    sophie = await staff(server.dataSource, 'sophie');
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await server.close();
  });

  it('tells the agent who changed their state and to what, after the state itself, and tells nobody else', async () => {
    const amyDesk = await open(amy);
    const chenDesk = await open(chen);
    expect((await amyDesk.command('agent:state', { state: 'available' })).ok).toBe(true);
    await amyDesk.next('agent:state', (data) => data.agent.state === 'available');

    const forced = await api(server.baseUrl, 'PUT', `/api/agents/${amy.id}/state`, sophie.headers, { state: 'not_ready', reason: 'meeting' });
    expect(forced.status).toBe(200);
    const notice = await amyDesk.next('agent:override');
    expect(notice.data).toEqual({
      by: { id: sophie.id, displayName: 'Sophie Turner' },
      requested: 'not_ready',
      reason: 'meeting',
      pending: false,
      agent: expect.objectContaining({ id: amy.id, state: 'not_ready', notReadyReason: 'meeting' }),
    });
    // The state delta comes first, so the desk already shows what the notice says.
    const events = amyDesk.deltas.map((received) => received.event);
    expect(events.lastIndexOf('agent:state')).toBeLessThan(events.indexOf('agent:override'));
    expectGapFreeSeq(amyDesk);
    expect(ofEvent(await receivedBeforeMarker(chenDesk), 'agent:override')).toEqual([]);
  });

  it('says nothing when the agent changes their own state', async () => {
    const amyDesk = await open(amy);
    const before = amyDesk.of('agent:override').length;
    expect((await api(server.baseUrl, 'PUT', '/api/agents/me/state', amy.headers, { state: 'available' })).status).toBe(200);
    await amyDesk.next('agent:state', (data) => data.agent.state === 'available');
    const forcedOffline = await api(server.baseUrl, 'PUT', `/api/agents/${amy.id}/state`, sophie.headers, { state: 'offline' });
    expect(forcedOffline.status).toBe(200);
    const notice = await amyDesk.next('agent:override');
    expect(amyDesk.of('agent:override').length).toBe(before + 1);
    expect(notice.data).toMatchObject({ by: { displayName: 'Sophie Turner' }, requested: 'offline', reason: null, agent: { state: 'offline' } });
  });
});

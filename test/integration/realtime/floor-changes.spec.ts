import { createApiKey } from '../../factories/users';
import { startTestApp, TestApp } from '../../support/test-app';
import { api, connect, ConsoleClient, expectGapFreeSeq, queueIdOf, sleep, staff, Staff } from './support';

/**
 * A supervisor's change of a waiting contact reaches the other supervisors' floors as it is committed: a new
 * priority, a move to another queue, a transfer to a named agent, each as `queue:contact` after the contact's own
 * `wallboard:contact`, numbered in each connection's sequence like every other delta. Agents' desktops get none.
 */
describe('realtime: supervisors see each other’s changes of waiting contacts', () => {
  let server: TestApp;
  let sophie: Staff;
  let wang: Staff;
  let grace: Staff;
  let amy: Staff;
  let pbx: { headers: Record<string, string> };
  let billing: string;
  let general: string;
  let clients: ConsoleClient[] = [];
  const open = async (who: Staff) => {
    const client = await connect(server.baseUrl, { token: who.accessToken });
    clients.push(client);
    return client;
  };
  const queueCall = async (phone: string) => {
    const created = await api(server.baseUrl, 'POST', '/api/interactions', pbx.headers, { channel: 'voice', caller: { phone }, queue: 'billing' });
    expect(created.status).toBe(201);
    return created.body.interaction.id as string;
  };
  const explain = async (contactId: string) => (await api(server.baseUrl, 'GET', `/api/interactions/${contactId}/routing`, sophie.headers)).body;

  beforeEach(async () => {
    clients = [];
    server = await startTestApp({ seedDemo: true });
    [sophie, wang, grace, amy] = await Promise.all(['sophie', 'wang.lei', 'grace', 'amy'].map((username) => staff(server.dataSource, username)));
    pbx = await createApiKey(server.dataSource, { scopes: ['ingest'] });
    billing = await queueIdOf(server.dataSource, 'billing');
    general = await queueIdOf(server.dataSource, 'general');
  });
  afterEach(async () => {
    for (const client of clients) client.close();
    await server.close();
  });

  it('sends the priority Sophie raises to Wang Lei’s floor with the new priority and place, then her move, and nothing to an agent', async () => {
    const sophieFloor = await open(sophie);
    const wangFloor = await open(wang);
    const graceFloor = await open(grace);
    const amyDesk = await open(amy);
    // Nobody is signed in: both callers wait in billing, the first one first.
    const first = await queueCall('+442071230001');
    await sleep(5);
    const second = await queueCall('+442071230002');
    await wangFloor.next('wallboard:contact', (data) => data.contactId === second && data.contact?.status === 'waiting');
    expect((await explain(second)).place).toBe(2);
    const before = (await explain(first)).priority.effective;

    const raised = await api(server.baseUrl, 'POST', `/api/interactions/${second}/priority`, sophie.headers, { boost: 30 });
    expect(raised.status).toBe(200);

    const pushed = await wangFloor.next('queue:contact', (data) => data.contactId === second);
    expect(pushed.data).toMatchObject({ change: 'reprioritized', queueId: billing, fromQueueId: null, boost: 30, agentId: null, byUserId: sophie.id });
    expect(pushed.data.priority).toBeGreaterThan(before + 29);
    const now = await explain(second);
    expect(now.place).toBe(1);
    expect(now.priority.boost).toBe(30);
    // The contact's own change came first on the same connection.
    const ownChange = wangFloor.deltas.find((received) => received.delta.seq === pushed.seq - 1);
    expect(ownChange).toMatchObject({ event: 'wallboard:contact', delta: { data: { contactId: second } } });
    // Every floor gets it, the team lead's too, as its own numbered delta.
    for (const floor of [sophieFloor, graceFloor]) await floor.next('queue:contact', (data) => data.contactId === second && data.change === 'reprioritized' && data.boost === 30);

    const moved = await api(server.baseUrl, 'POST', `/api/interactions/${second}/transfer`, sophie.headers, { queue: 'general' });
    expect(moved.status).toBe(200);
    const move = await wangFloor.next('queue:contact', (data) => data.contactId === second && data.change === 'moved');
    expect(move.data).toMatchObject({ queueId: general, fromQueueId: billing, byUserId: sophie.id });
    expect(move.data.priority).toBeCloseTo((await explain(second)).priority.effective, 0);

    for (const floor of [sophieFloor, wangFloor, graceFloor]) expectGapFreeSeq(floor);
    await sleep(100);
    expect(amyDesk.of('queue:contact')).toEqual([]);
  });
});

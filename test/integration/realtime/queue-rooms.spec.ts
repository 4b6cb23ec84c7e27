import { startTestApp, TestApp } from '../../support/test-app';
import { api, connect, ConsoleClient, eventually, expectGapFreeSeq, keepAlive, staff, Staff } from './support';

/**
 * Agents' desktops are in the rooms of the queues they serve (their skills meet the queue's required skills):
 * their snapshot lists those queues with live figures and `queue:stats` keeps them current; other queues'
 * figures never reach them. Supervisors keep every queue.
 */
describe('realtime queue rooms', () => {
  let server: TestApp;
  let sophie: Staff;
  let admin: Staff;
  let amy: Staff;
  let ben: Staff;
  let clients: ConsoleClient[] = [];
  let stops: Array<() => void> = [];
  const open = async (who: Staff, heartbeat = true) => {
    const client = await connect(server.baseUrl, { token: who.accessToken });
    clients.push(client);
    if (heartbeat) stops.push(keepAlive(client));
    return client;
  };
  const codesOf = (client: ConsoleClient) => client.snapshot.desk?.queues.map((queue) => queue.code);
  const statsOf = (client: ConsoleClient, code: string) => client.of('queue:stats').filter((delta) => delta.data.queue.code === code);
  /** Every delta the server sent this client before answering a command has arrived once the answer has. */
  const drained = async (client: ConsoleClient) => expect(await client.command('agent:heartbeat', {})).toMatchObject({ ok: true });
  const arrive = async (queue: string) => {
    const created = await api(server.baseUrl, 'POST', '/api/interactions', sophie.headers, { channel: 'voice', caller: {}, queue });
    expect(created.status).toBe(201);
    return created.body.interaction.id as string;
  };

  // A server per test: each queues its own callers and changes its own skills and queues, whatever ran before it.
  beforeEach(async () => {
    clients = [];
    stops = [];
    server = await startTestApp({ seedDemo: true });
    [sophie, admin, amy, ben] = await Promise.all(['sophie', 'admin', 'amy', 'ben'].map((username) => staff(server.dataSource, username)));
  });
  afterEach(async () => {
    for (const stop of stops) stop();
    for (const client of clients) client.close();
    await server.close();
  });

  it("sends each agent the figures of the queues they serve and no other queue's, and every queue to supervisors", async () => {
    const wallboard = await open(sophie, false);
    // Amy (general 4, billing 3) serves General and Billing; Ben (general 3, technical 4) General and Technical.
    const amyDesk = await open(amy);
    const benDesk = await open(ben);
    expect(codesOf(amyDesk)).toEqual(['billing', 'general']);
    expect(codesOf(benDesk)).toEqual(['technical', 'general']);
    expect(amyDesk.snapshot.desk?.queues[0]).toMatchObject({ code: 'billing', waitingCount: 0, longestWaitSeconds: null, serviceLevel: { thresholdSeconds: 30 } });

    // Nobody is available: a billing call and a technical call wait.
    await arrive('billing');
    await arrive('technical');
    await amyDesk.next('queue:stats', (data) => data.queue.code === 'billing' && data.queue.waitingCount === 1);
    await benDesk.next('queue:stats', (data) => data.queue.code === 'technical' && data.queue.waitingCount === 1);
    await wallboard.next('queue:stats', (data) => data.queue.code === 'billing' && data.queue.waitingCount === 1);
    await wallboard.next('queue:stats', (data) => data.queue.code === 'technical' && data.queue.waitingCount === 1);
    await drained(amyDesk);
    await drained(benDesk);
    expect(statsOf(amyDesk, 'technical')).toEqual([]);
    expect(statsOf(benDesk, 'billing')).toEqual([]);
    const queuesSeenBy = (client: ConsoleClient) => new Set(client.of('queue:stats').map((delta) => delta.data.queue.code));
    expect([...queuesSeenBy(amyDesk)].every((code) => ['billing', 'general'].includes(code))).toBe(true);
    expect([...queuesSeenBy(benDesk)].every((code) => ['technical', 'general'].includes(code))).toBe(true);
    expectGapFreeSeq(amyDesk);
    expectGapFreeSeq(benDesk);

    // A desktop that connects again finds its queues' load in the snapshot.
    const amyAgain = await open(amy);
    expect(amyAgain.snapshot.desk?.queues.map((queue) => [queue.code, queue.waitingCount])).toEqual([
      ['billing', 1],
      ['general', 0],
    ]);
    expect(amyAgain.snapshot.desk?.queues[0].longestWaitSeconds).toBeGreaterThanOrEqual(0);
  });

  it('moves a desktop to the rooms of its new queues when the agent is given other skills, with a fresh snapshot', async () => {
    // Nobody is available: a technical call waits.
    await arrive('technical');
    const amyDesk = await open(amy);
    const snapshotsBefore = amyDesk.snapshots.length;
    const changed = await api(server.baseUrl, 'PUT', `/api/agents/${amy.id}/skills`, sophie.headers, {
      skills: [
        { skill: 'general', proficiency: 4 },
        { skill: 'technical', proficiency: 4 },
        { skill: 'en', proficiency: 5 },
      ],
      languages: ['en'],
    });
    expect(changed.status).toBe(200);
    await eventually(() => amyDesk.snapshots.length > snapshotsBefore, 5000, 'a fresh snapshot');
    expect(codesOf(amyDesk)).toEqual(['technical', 'general']);
    expect(amyDesk.snapshot.desk?.queues[0]).toMatchObject({ code: 'technical', waitingCount: 1 });
    expect(amyDesk.snapshot.desk?.agent?.skills).toMatchObject({ technical: 4 });
    expect(amyDesk.snapshot.desk?.agent?.skills.billing).toBeUndefined();

    const since = amyDesk.deltas.length;
    await arrive('billing');
    await arrive('technical');
    await amyDesk.next('queue:stats', (data) => data.queue.code === 'technical' && data.queue.waitingCount === 2, 5000, since);
    await drained(amyDesk);
    expect(amyDesk.deltas.slice(since).filter((received) => received.event === 'queue:stats' && (received.delta.data as { queue: { code: string } }).queue.code === 'billing')).toEqual([]);
  });

  it('puts the agents who serve a new queue in its room', async () => {
    const benDesk = await open(ben);
    const snapshotsBefore = benDesk.snapshots.length;
    const created = await api(server.baseUrl, 'POST', '/api/queues', admin.headers, { code: 'repairs', name: 'Repairs', skills: [{ skill: 'technical', minProficiency: 4 }] });
    expect(created.status).toBe(201);
    await eventually(() => benDesk.snapshots.length > snapshotsBefore && codesOf(benDesk)?.includes('repairs'), 5000, 'the new queue in the snapshot');
    await arrive('repairs');
    await benDesk.next('queue:stats', (data) => data.queue.code === 'repairs' && data.queue.waitingCount === 1);
  });
});

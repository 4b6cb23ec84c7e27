import { call, signInAs } from '../../factories/routing';
import { createApiKey } from '../../factories/users';
import { startTestApp, TestApp } from '../../support/test-app';
import { connect, ConsoleClient, expectGapFreeSeq, keepAlive } from '../realtime/support';

/** The Redis that runs on this machine for tests. */
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Two server processes on one database, linked through Redis: one holds the router lock, the other stands by. Work
 * that needs the router, sent to the one that stands by, is handed over and answered by the router, after its commit;
 * nothing is refused that the pair can do.
 */
describe('two server processes on one database, linked through Redis', () => {
  let router: TestApp;
  let other: TestApp;
  const clients: ConsoleClient[] = [];
  const stops: Array<() => void> = [];

  beforeAll(async () => {
    router = await startTestApp({ seedDemo: true, env: { REDIS_URL } });
    other = await startTestApp({ database: router.database, env: { REDIS_URL } });
  });
  afterAll(async () => {
    for (const stop of stops) stop();
    for (const client of clients) client.close();
    await other.stop();
    await router.stop();
    await router.database.drop();
  });

  it('takes ingestion, agent commands and supervisor commands on the process that does not route', async () => {
    expect((await fetch(`${router.baseUrl}/ready`)).status).toBe(200);
    // Ready as well: a balancer sends it consoles and requests, which it serves through the router.
    expect((await fetch(`${other.baseUrl}/ready`)).status).toBe(200);
    const pbx = await createApiKey(router.dataSource, { scopes: ['ingest'] });
    const amy = await signInAs(router.dataSource, 'amy');
    const ben = await signInAs(router.dataSource, 'ben');
    const sophie = await signInAs(router.dataSource, 'sophie');
    const desk = await connect(router.baseUrl, { token: amy.accessToken });
    clients.push(desk);
    stops.push(keepAlive(desk));

    // Ben goes on a break and Amy goes available, both through the process that does not route.
    expect((await call(other.baseUrl, 'PUT', '/api/agents/me/state', ben.headers, { state: 'not_ready', reason: 'break' })).status).toBe(200);
    const available = await call(other.baseUrl, 'PUT', '/api/agents/me/state', amy.headers, { state: 'available' });
    expect(available).toMatchObject({ status: 200, body: { id: amy.id, state: 'available' } });

    // A call posted there is answered as the router answers it, once committed: offered to Amy, whose desk rings.
    const posted = await call(other.baseUrl, 'POST', '/api/interactions', pbx.headers, { channel: 'voice', caller: { name: 'Carla Cluster' }, queue: 'billing' });
    expect(posted.status).toBe(201);
    expect(posted.body.interaction).toMatchObject({ status: 'offered', agentId: amy.id });
    const id: string = posted.body.interaction.id;
    const [stored] = await router.dataSource.query(`SELECT count(*)::int AS n FROM routing_events WHERE interaction_id = $1 AND type = 'contact.offered'`, [id]);
    expect(stored.n).toBe(1);
    const offer = await desk.next('offer', (data) => data.offer.contactId === id);
    expect(offer.data.offer.contact.caller).toMatchObject({ name: 'Carla Cluster' });

    // Amy accepts there too; the next caller waits, and a supervisor raises their priority there.
    const accepted = await call(other.baseUrl, 'POST', `/api/interactions/${id}/accept`, amy.headers, { offerId: offer.data.offer.offerId });
    expect(accepted).toMatchObject({ status: 200, body: { id, status: 'connected', agentId: amy.id } });
    const next = await call(other.baseUrl, 'POST', '/api/interactions', pbx.headers, { channel: 'voice', caller: {}, queue: 'billing' });
    expect(next).toMatchObject({ status: 201, body: { interaction: { status: 'waiting' } } });
    const boosted = await call(other.baseUrl, 'POST', `/api/interactions/${next.body.interaction.id}/priority`, sophie.headers, { boost: 10 });
    expect(boosted.status).toBe(200);

    // What the router refuses is refused as the router says it, not as a standby would.
    const again = await call(other.baseUrl, 'POST', `/api/interactions/${id}/accept`, amy.headers, { offerId: offer.data.offer.offerId });
    expect(again.status).toBe(409);
    expect(again.body.code).not.toBe('ROUTER_STANDBY');
  });

  it('serves desks and wallboards on the process that does not route: snapshots, offers, live figures and commands', async () => {
    const david = await signInAs(router.dataSource, 'david');
    const sophie = await signInAs(router.dataSource, 'sophie');
    const wallboard = await connect(other.baseUrl, { token: sophie.accessToken });
    const desk = await connect(other.baseUrl, { token: david.accessToken });
    clients.push(wallboard, desk);
    stops.push(keepAlive(desk));
    // The snapshots are the router's: the caller still waiting from before is on the wallboard, David's queues on his desk.
    const waiting = wallboard.snapshot.wallboard?.contacts.find((contact) => contact.status === 'waiting');
    expect(waiting).toMatchObject({ queueName: 'Billing' });
    expect(desk.snapshot.desk?.agent).toMatchObject({ id: david.id });
    expect(desk.snapshot.desk?.queues.map((queue) => queue.code)).toEqual(expect.arrayContaining(['billing', 'technical']));

    // David goes available from his desk: the command is answered by the router, and the waiting caller rings at him.
    const available = await desk.command('agent:state', { state: 'available' });
    expect(available).toMatchObject({ ok: true, data: { id: david.id } });
    const offer = await desk.next('offer', (data) => data.offer.contactId === waiting?.id);
    const stats = await desk.next('queue:stats', (data) => data.queue.code === 'billing');
    expect(stats.data.queue.agents.reserved + stats.data.queue.agents.busy + stats.data.queue.agents.available).toBeGreaterThan(0);
    const accepted = await desk.command('offer:accept', { interactionId: offer.data.offer.contactId, offerId: offer.data.offer.offerId });
    expect(accepted).toMatchObject({ ok: true, data: { interactionId: waiting?.id, status: 'connected' } });
    await wallboard.next('wallboard:contact', (data) => data.contactId === waiting?.id && data.contact?.status === 'connected');
    await desk.next('contact:update', (data) => data.contactId === waiting?.id && data.contact?.status === 'connected');
    // One stream per connection, without gaps, whichever process holds the socket.
    expectGapFreeSeq(desk);
    expectGapFreeSeq(wallboard);
  });
});

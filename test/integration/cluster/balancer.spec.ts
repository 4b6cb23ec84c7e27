import { withDataSource } from '../../../server/src/common/database/data-source';
import { seedDemoCentre } from '../../../server/src/modules/demo/demo-seed';
import { startBalancer, type HelperProcess } from '../../load/cluster-processes';
import { startServer, type StartedServer } from '../../load/server-process';
import { call, signInAs } from '../../factories/routing';
import { createApiKey } from '../../factories/users';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { connect, ConsoleClient, eventually } from '../realtime/support';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const NODE_PORTS = [4151, 4152, 4153];
const BALANCER_PORT = 8151;
const BALANCER = `http://127.0.0.1:${BALANCER_PORT}`;

/** Connects through the balancer, again and again until a node takes the console (e.g. during a takeover). */
async function connectThroughBalancer(token: string): Promise<ConsoleClient> {
  return eventually(() => connect(BALANCER, { token }).catch(() => null), 30_000, 'a console through the balancer');
}

/**
 * HAProxy in front of three server processes on one database, linked through Redis: consoles and requests go to any
 * of them; the routing process is killed (SIGKILL) and another takes over, its consoles connect again through the
 * balancer, and the floor carries on.
 */
describe('three server processes behind HAProxy', () => {
  let database: TestDatabase;
  const nodes: StartedServer[] = [];
  let balancer: HelperProcess | null = null;
  const clients: ConsoleClient[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    await withDataSource(database.url, (dataSource) => seedDemoCentre(dataSource));
    // One at a time: the first takes the router lock, the others stand by.
    for (const port of NODE_PORTS) nodes.push(await startServer({ databaseUrl: database.url, port, env: { REDIS_URL } }));
    // The balancer of docs/deploy.md: round robin over the nodes that answer /ready, a cookie for socket.io's polling.
    balancer = await startBalancer({ nodePorts: NODE_PORTS, port: BALANCER_PORT });
  }, 240_000);

  afterAll(async () => {
    for (const client of clients) client.close();
    await balancer?.stop();
    for (const node of nodes) await node.stop();
    await database.drop();
  }, 120_000);

  it('spreads consoles over the nodes and keeps the floor when the routing node is killed', async () => {
    const pbx = await withDataSource(database.url, (dataSource) => createApiKey(dataSource, { scopes: ['ingest'] }));
    const [amy, chen, sophie] = await withDataSource(database.url, (dataSource) => Promise.all(['amy', 'chen.jing', 'sophie'].map((name) => signInAs(dataSource, name))));
    const wallboard = await connectThroughBalancer(sophie.accessToken);
    const amyDesk = await connectThroughBalancer(amy.accessToken);
    const chenDesk = await connectThroughBalancer(chen.accessToken);
    clients.push(wallboard, amyDesk, chenDesk);
    expect((await amyDesk.command('agent:state', { state: 'available' })).ok).toBe(true);

    // A call through the balancer rings at Amy, whichever node holds her console; she answers it.
    const first = await call(BALANCER, 'POST', '/api/interactions', pbx.headers, { channel: 'voice', caller: {}, queue: 'billing' });
    expect(first).toMatchObject({ status: 201, body: { interaction: { status: 'offered', agentId: amy.id } } });
    const offer = await amyDesk.next('offer', (data) => data.offer.contactId === first.body.interaction.id);
    expect(await amyDesk.command('offer:accept', { interactionId: offer.data.offer.contactId, offerId: offer.data.offer.offerId })).toMatchObject({ ok: true, data: { status: 'connected' } });
    await wallboard.next('wallboard:contact', (data) => data.contactId === first.body.interaction.id && data.contact?.status === 'connected');

    // The routing node dies; another takes the router lock and every console connects again through the balancer.
    await nodes[0].kill();
    await eventually(() => [wallboard, amyDesk, chenDesk].every((client) => client.disconnectReason !== null), 30_000, 'every console closed');
    const wallboardAgain = await connectThroughBalancer(sophie.accessToken);
    const amyAgain = await connectThroughBalancer(amy.accessToken);
    const chenAgain = await connectThroughBalancer(chen.accessToken);
    clients.push(wallboardAgain, amyAgain, chenAgain);
    // The call answered before is still there, with Amy; nothing was lost.
    expect(wallboardAgain.snapshot.wallboard?.contacts.find((contact) => contact.id === first.body.interaction.id)).toMatchObject({ status: 'connected', agentId: amy.id });
    expect(amyAgain.snapshot.desk?.contacts.map((contact) => contact.id)).toEqual([first.body.interaction.id]);

    // The floor carries on: Chen goes available and the next call rings at him.
    expect((await chenAgain.command('agent:state', { state: 'available' })).ok).toBe(true);
    const second = await eventually(async () => {
      const posted = await call(BALANCER, 'POST', '/api/interactions', pbx.headers, { channel: 'voice', caller: {}, queue: 'billing' });
      return posted.status === 201 ? posted : null;
    }, 20_000, 'a call accepted after the takeover');
    expect(second.body.interaction).toMatchObject({ status: 'offered', agentId: chen.id });
    await chenAgain.next('offer', (data) => data.offer.contactId === second.body.interaction.id);
  }, 180_000);
});

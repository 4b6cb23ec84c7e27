import { call, signInAs } from '../../factories/routing';
import { createApiKey } from '../../factories/users';
import { startTestApp, TestApp } from '../../support/test-app';
import { connect, ConsoleClient, eventually, expectGapFreeSeq, keepAlive, refusedConnection, sleep } from '../realtime/support';

/** The standby's heartbeat timeout: long enough to tell "at once" from "after a full timeout" apart. */
const HEARTBEAT_TIMEOUT_SECONDS = 4;
/** After a takeover, desktops get the timeout and one console retry (socket.io retries at most 5 s apart). */
const TAKEOVER_GRACE_SECONDS = HEARTBEAT_TIMEOUT_SECONDS + 5;

/**
 * A standby instance that takes the router lock carries on from the old router's state: the live views show
 * the contacts that waited before, the statistics count the old router's events, and the agents logged in
 * get a full heartbeat timeout (and a console retry) to reach the new instance instead of being disconnected at once.
 */
describe('a standby instance taking over routing', () => {
  let first: TestApp;
  let second: TestApp;
  let firstStopped = false;
  const clients: ConsoleClient[] = [];
  const stops: Array<() => void> = [];

  beforeAll(async () => {
    first = await startTestApp({ seedDemo: true, env: { HEARTBEAT_TIMEOUT_SECONDS: '600' } });
    second = await startTestApp({ database: first.database, env: { HEARTBEAT_TIMEOUT_SECONDS: String(HEARTBEAT_TIMEOUT_SECONDS) } });
  });
  afterAll(async () => {
    for (const stop of stops) stop();
    for (const client of clients) client.close();
    await second.stop();
    if (!firstStopped) await first.stop();
    await first.database.drop();
  });

  it('reloads live views, statistics and presence from the old router', async () => {
    expect((await fetch(`${second.baseUrl}/ready`)).status).toBe(503);
    const pbx = await createApiKey(first.dataSource, { scopes: ['ingest'] });
    const sophie = await signInAs(first.dataSource, 'sophie');
    const amy = await signInAs(first.dataSource, 'amy');
    const ben = await signInAs(first.dataSource, 'ben');
    // A wallboard is refused by the standby, with the reason: it has no live state to show.
    expect((await refusedConnection(second.baseUrl, { token: sophie.accessToken })).data).toMatchObject({ code: 'ROUTER_STANDBY' });

    // The old router's day: Amy answers one billing call, a second one waits, a third caller hangs up.
    expect((await call(first.baseUrl, 'PUT', '/api/agents/me/state', ben.headers, { state: 'not_ready', reason: 'break' })).status).toBe(200);
    expect((await call(first.baseUrl, 'PUT', '/api/agents/me/state', amy.headers, { state: 'available' })).status).toBe(200);
    const answered = await call(first.baseUrl, 'POST', '/api/interactions', pbx.headers, { channel: 'voice', caller: {}, queue: 'billing' });
    expect(answered.body.interaction).toMatchObject({ status: 'offered', agentId: amy.id });
    const answeredId: string = answered.body.interaction.id;
    expect((await call(first.baseUrl, 'POST', `/api/interactions/${answeredId}/accept`, amy.headers, { offerId: answered.body.interaction.offer.offerId })).status).toBe(200);
    const waiting = await call(first.baseUrl, 'POST', '/api/interactions', pbx.headers, { channel: 'voice', caller: { name: 'Wendy Waiting' }, queue: 'billing' });
    const waitingId: string = waiting.body.interaction.id;
    const hungUp = await call(first.baseUrl, 'POST', '/api/interactions', pbx.headers, { channel: 'voice', caller: {}, queue: 'billing' });
    expect((await call(first.baseUrl, 'POST', `/api/interactions/${hungUp.body.interaction.id}/abandon`, pbx.headers)).status).toBe(200);
    const billingOn = async (server: TestApp) => {
      const overview = await call(server.baseUrl, 'GET', '/api/statistics/queues', sophie.headers);
      return overview.body.queues.find((queue: { code: string }) => queue.code === 'billing');
    };
    const before = await billingOn(first);
    expect(before).toMatchObject({ waitingCount: 1, sinceMidnight: { offered: 3, answered: 1, abandoned: 1 } });

    await first.stop();
    firstStopped = true;
    await eventually(async () => (await fetch(`${second.baseUrl}/ready`)).status === 200, 20_000, 'the standby routing');

    // A wallboard connecting now is shown the old router's floor.
    const fresh = await connect(second.baseUrl, { token: sophie.accessToken });
    clients.push(fresh);
    expect(fresh.snapshot.wallboard?.contacts.find((contact) => contact.id === waitingId)).toMatchObject({ status: 'waiting', queueId: before.queueId, caller: { name: 'Wendy Waiting' } });
    expect(fresh.snapshot.wallboard?.contacts.find((contact) => contact.id === answeredId)).toMatchObject({ status: 'connected', agentId: amy.id, agentLost: false });
    expect(fresh.snapshot.wallboard?.agents.find((agent) => agent.id === amy.id)).toMatchObject({ state: 'busy', disconnected: false });
    // A console connecting now sees the same.
    const wallboard = await connect(second.baseUrl, { token: sophie.accessToken });
    clients.push(wallboard);
    expect(wallboard.snapshot.wallboard?.contacts.map((contact) => contact.id)).toEqual(expect.arrayContaining([answeredId, waitingId]));

    // The statistics count the old router's events.
    expect(await billingOn(second)).toMatchObject({
      waitingCount: 1,
      sinceMidnight: { offered: before.sinceMidnight.offered, answered: before.sinceMidnight.answered, abandoned: before.sinceMidnight.abandoned },
    });

    // Logged-in agents are given time to reach the new instance: nobody is disconnected at once.
    await sleep(3000);
    const live = async (agentId: string) => (await call(second.baseUrl, 'GET', `/api/agents/${agentId}`, sophie.headers)).body.live;
    expect(await live(amy.id)).toMatchObject({ state: 'busy', disconnected: false });
    expect(await live(ben.id)).toMatchObject({ state: 'not_ready', notReadyReason: 'break', disconnected: false });
    expect(wallboard.of('alert')).toEqual([]);
    // Amy's desktop reconnects and keeps her; Ben's never does, and he counts as disconnected after the grace.
    const amyDesk = await connect(second.baseUrl, { token: amy.accessToken });
    clients.push(amyDesk);
    stops.push(keepAlive(amyDesk));
    expect(amyDesk.snapshot.desk?.contacts.map((contact) => contact.id)).toEqual([answeredId]);
    expect(amyDesk.snapshot.desk?.queues.find((queue) => queue.code === 'billing')).toMatchObject({ waitingCount: 1 });
    await wallboard.next('agent:update', (data) => data.agent.id === ben.id && data.agent.disconnected, (TAKEOVER_GRACE_SECONDS + 3) * 1000);
    expect(await live(amy.id)).toMatchObject({ state: 'busy', disconnected: false });
    expect(wallboard.of('alert').filter((alert) => alert.data.agentId === amy.id)).toEqual([]);
    expectGapFreeSeq(wallboard);
  });
});

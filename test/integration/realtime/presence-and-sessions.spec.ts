import { AppConfig } from '../../../server/src/common/config/app-config';
import { startTestApp, TestApp } from '../../support/test-app';
import { api, connect, ConsoleClient, eventually, expectGapFreeSeq, freezableProxy, FreezableProxy, keepAlive, ofEvent, receivedBeforeMarker, sleep, staff, Staff } from './support';

const HEARTBEAT_TIMEOUT_SECONDS = 2;

describe('realtime presence and sessions: closed desktops, revoked and ended sign-ins', () => {
  let server: TestApp;
  let sophie: Staff;
  const clients: ConsoleClient[] = [];
  const stops: Array<() => void> = [];
  const open = async (who: Staff, heartbeat = true) => {
    const client = await connect(server.baseUrl, { token: who.accessToken });
    clients.push(client);
    if (heartbeat) stops.push(keepAlive(client));
    return client;
  };
  const live = async (who: Staff) => (await api(server.baseUrl, 'GET', `/api/agents/${who.id}`, sophie.headers)).body.live;

  beforeAll(async () => {
    server = await startTestApp({ seedDemo: true, env: { HEARTBEAT_TIMEOUT_SECONDS: String(HEARTBEAT_TIMEOUT_SECONDS) } });
    sophie = await staff(server.dataSource, 'sophie');
  });
  afterAll(async () => {
    for (const stop of stops) stop();
    for (const client of clients) client.close();
    await server.close();
  });

  it('marks an agent whose only socket closed as disconnected after the heartbeat timeout and re-routes the ringing offer', async () => {
    const amy = await staff(server.dataSource, 'amy');
    const chen = await staff(server.dataSource, 'chen.jing');
    const wallboard = await open(sophie, false);
    const amyDesk = await open(amy);
    const chenDesk = await open(chen);
    expect(amyDesk.snapshot.desk?.heartbeatIntervalSeconds).toBeLessThan(HEARTBEAT_TIMEOUT_SECONDS);
    expect(await amyDesk.command('agent:state', { state: 'available' })).toMatchObject({ ok: true });
    const created = await api(server.baseUrl, 'POST', '/api/interactions', sophie.headers, { channel: 'voice', caller: {}, queue: 'billing' });
    const interactionId: string = created.body.interaction.id;
    const offer = await amyDesk.next('offer', (data) => data.offer.contactId === interactionId);
    expect(await chenDesk.command('agent:state', { state: 'available' })).toMatchObject({ ok: true, data: { state: 'available' } });
    expect(ofEvent(await receivedBeforeMarker(chenDesk), 'offer')).toHaveLength(0);

    const closedAt = Date.now();
    amyDesk.close();
    const rerouted = await chenDesk.next('offer', (data) => data.offer.contactId === interactionId, (HEARTBEAT_TIMEOUT_SECONDS + 3) * 1000);
    expect(Date.now() - closedAt).toBeLessThan((HEARTBEAT_TIMEOUT_SECONDS + 2) * 1000);
    expect(rerouted.data.offer.offerId).not.toBe(offer.data.offer.offerId);
    expect(rerouted.data.offer.attempt).toBe(2);
    expect(await live(amy)).toMatchObject({ disconnected: true, state: 'not_ready', notReadyReason: 'disconnected' });
    await wallboard.next('agent:update', (data) => data.agent.id === amy.id && data.agent.disconnected);
    expect(await chenDesk.command('offer:accept', { interactionId, offerId: rerouted.data.offer.offerId })).toMatchObject({ ok: true });

    // Back again: connecting counts as a heartbeat and restores the agent's presence.
    const back = await open(amy);
    await eventually(async () => (await live(amy)).disconnected === false, 3000, 'amy reconnected');
    expect(back.snapshot.desk?.agent?.id).toBe(amy.id);
  });

  it('keeps an agent with another socket still open connected', async () => {
    const ben = await staff(server.dataSource, 'ben');
    const first = await open(ben);
    const second = await open(ben);
    expect(await first.command('agent:state', { state: 'available' })).toMatchObject({ ok: true });
    first.close();
    await sleep((HEARTBEAT_TIMEOUT_SECONDS + 1) * 1000);
    expect(await live(ben)).toMatchObject({ disconnected: false, state: 'available' });
    expect(second.socket.connected).toBe(true);
    expect(await second.command('agent:state', { state: 'not_ready', reason: 'lunch' })).toMatchObject({ ok: true });
  });

  it('alerts the wallboard when an agent misses offers and when a desktop with a live call disconnects', async () => {
    const wallboard = await open(sophie, false);
    const li = await staff(server.dataSource, 'li.na');
    const david = await staff(server.dataSource, 'david');
    const liDesk = await open(li);
    // Li Na is the only available agent serving the complaints queue: both calls ring at her, and she refuses both.
    expect(await liDesk.command('agent:state', { state: 'available' })).toMatchObject({ ok: true });
    for (let call = 0; call < 2; call += 1) {
      const created = await api(server.baseUrl, 'POST', '/api/interactions', sophie.headers, { channel: 'voice', caller: {}, queue: 'complaints' });
      const offer = await liDesk.next('offer', (data) => data.offer.contactId === created.body.interaction.id);
      expect(await liDesk.command('offer:reject', { interactionId: offer.data.offer.contactId, offerId: offer.data.offer.offerId })).toMatchObject({ ok: true });
    }
    const missed = await wallboard.next('alert', (data) => data.kind === 'agent_missed_offers' && data.agentId === li.id);
    expect(missed.data).toMatchObject({ severity: 'warning', agentName: 'Li Na', details: { count: 2 } });
    await liDesk.next('agent:state', (data) => data.agent.state === 'not_ready' && data.agent.notReadyReason === 'missed_offers');

    const davidDesk = await open(david);
    expect(await davidDesk.command('agent:state', { state: 'available' })).toMatchObject({ ok: true });
    const created = await api(server.baseUrl, 'POST', '/api/interactions', sophie.headers, { channel: 'voice', caller: {}, queue: 'technical' });
    const offer = await davidDesk.next('offer', (data) => data.offer.contactId === created.body.interaction.id);
    expect(await davidDesk.command('offer:accept', { interactionId: offer.data.offer.contactId })).toMatchObject({ ok: true });
    davidDesk.close();
    const lost = await wallboard.next('alert', (data) => data.kind === 'agent_disconnected_with_contacts' && data.agentId === david.id, (HEARTBEAT_TIMEOUT_SECONDS + 3) * 1000);
    expect(lost.data).toMatchObject({ severity: 'critical', details: { heldContactIds: [created.body.interaction.id] } });
    await wallboard.next('alert', (data) => data.kind === 'contact_agent_lost' && data.contactId === created.body.interaction.id);
    await wallboard.next('wallboard:contact', (data) => data.contactId === created.body.interaction.id && data.contact?.agentLost === true);
    expectGapFreeSeq(wallboard);
  });

  it('closes the socket within moments of a sign-out, and within a few seconds of a revocation or the end of the session', async () => {
    const frank = await staff(server.dataSource, 'frank');
    const grace = await staff(server.dataSource, 'grace');
    // A sign-in that ends by itself two seconds from now.
    const ivan = await staff(server.dataSource, 'ivan', { accessSeconds: 2, sessionSeconds: 2 });
    const frankDesk = await open(frank);
    const graceDesk = await open(grace);
    const ivanDesk = await open(ivan);

    const signedOut = await api(server.baseUrl, 'POST', '/api/auth/logout', frank.headers);
    expect(signedOut.status).toBe(204);
    const started = Date.now();
    await eventually(() => !frankDesk.socket.connected, 4000, 'frank disconnected');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(frankDesk.endedSessions).toEqual([{ reason: 'session_ended' }]);
    expect(frankDesk.disconnectReason).toBe('io server disconnect');

    await server.dataSource.query(`UPDATE sessions SET revoked_at = now() WHERE id = $1`, [grace.sessionId]);
    await eventually(() => !graceDesk.socket.connected && !ivanDesk.socket.connected, 7000, 'revoked and expired sockets closed');
    expect(graceDesk.endedSessions).toEqual([{ reason: 'session_ended' }]);
    expect(ivanDesk.endedSessions).toEqual([{ reason: 'session_ended' }]);

    const refused = await connect(server.baseUrl, { token: frank.accessToken }).then(
      () => null,
      (error: Error & { data?: { code?: string } }) => error,
    );
    expect(refused?.data?.code).toBe('UNAUTHENTICATED');
  });
});

/** The defaults: desktops heartbeat every 2 s, 6 s of silence disconnects, queues ring an offer for 15 s. */
describe('realtime presence with the default timeouts', () => {
  let server: TestApp;
  let sophie: Staff;
  const clients: ConsoleClient[] = [];
  const stops: Array<() => void> = [];
  const proxies: FreezableProxy[] = [];
  /** A desktop as the console runs it: heartbeats at the interval its snapshot gives. */
  const desk = async (who: Staff) => {
    const client = await connect(server.baseUrl, { token: who.accessToken });
    clients.push(client);
    const stop = keepAlive(client, (client.snapshot.desk?.heartbeatIntervalSeconds ?? 0) * 1000);
    stops.push(stop);
    return { client, stop };
  };
  const live = async (who: Staff) => (await api(server.baseUrl, 'GET', `/api/agents/${who.id}`, sophie.headers)).body.live;

  beforeAll(async () => {
    // The product's own defaults, which test servers otherwise lengthen for agents without a desktop.
    const defaults = new AppConfig();
    server = await startTestApp({
      seedDemo: true,
      env: { HEARTBEAT_TIMEOUT_SECONDS: String(defaults.HEARTBEAT_TIMEOUT_SECONDS), RECONNECT_WINDOW_SECONDS: String(defaults.RECONNECT_WINDOW_SECONDS) },
    });
    sophie = await staff(server.dataSource, 'sophie');
  });
  afterAll(async () => {
    for (const stop of stops) stop();
    for (const client of clients) client.close();
    for (const proxy of proxies) await proxy.close();
    await server.close();
  });

  it('withdraws and re-routes the offer ringing at a desktop that stops answering before it expires, and counts no missed offer', async () => {
    const amy = await staff(server.dataSource, 'amy');
    const chen = await staff(server.dataSource, 'chen.jing');
    const wallboard = await connect(server.baseUrl, { token: sophie.accessToken });
    clients.push(wallboard);
    // Amy's browser reaches the server through a network that can go silent.
    const network = await freezableProxy(server.baseUrl);
    proxies.push(network);
    const amyClient = await connect(network.url, { token: amy.accessToken });
    clients.push(amyClient);
    stops.push(keepAlive(amyClient, (amyClient.snapshot.desk?.heartbeatIntervalSeconds ?? 0) * 1000));
    const chenDesk = await desk(chen);
    expect(amyClient.snapshot.desk?.heartbeatIntervalSeconds).toBe(2);
    expect(await amyClient.command('agent:state', { state: 'available' })).toMatchObject({ ok: true });
    const created = await api(server.baseUrl, 'POST', '/api/interactions', sophie.headers, { channel: 'voice', caller: {}, queue: 'billing' });
    const interactionId: string = created.body.interaction.id;
    const offer = await amyClient.next('offer', (data) => data.offer.contactId === interactionId);
    expect(offer.data.offer.expiresAt - (offer.data.offer.offeredAt as number)).toBe(15_000);
    expect(await chenDesk.client.command('agent:state', { state: 'available' })).toMatchObject({ ok: true });

    // Amy's browser answers for one more second while the offer rings, then freezes with its socket open: it
    // sends nothing more, not even socket.io's pongs.
    await sleep(1000);
    expect(await amyClient.command('agent:heartbeat', {})).toMatchObject({ ok: true });
    network.freeze();
    const rerouted = await chenDesk.client.next('offer', (data) => data.offer.contactId === interactionId, 20_000);
    expect(rerouted.data.offer.attempt).toBe(2);
    const [withdrawn] = await server.dataSource.query(`SELECT payload FROM routing_events WHERE type = 'offer.withdrawn' AND interaction_id = $1`, [interactionId]);
    expect(withdrawn.payload).toMatchObject({ offerId: offer.data.offer.offerId, agentId: amy.id, reason: 'agent_disconnected' });
    expect(await live(amy)).toMatchObject({ disconnected: true, state: 'not_ready', notReadyReason: 'disconnected', missedOffers: 0 });
    expect(wallboard.of('alert').filter((alert) => alert.data.kind === 'agent_missed_offers')).toEqual([]);
    expect(await chenDesk.client.command('offer:accept', { interactionId, offerId: rerouted.data.offer.offerId })).toMatchObject({ ok: true });

    // Back on the network, her console connects again and she is back as she was.
    const back = await desk(amy);
    await eventually(async () => (await live(amy)).disconnected === false, 5000, 'amy reconnected');
    expect(await live(amy)).toMatchObject({ disconnected: false, state: 'available', missedOffers: 0 });
    expect(await back.client.command('agent:state', { state: 'not_ready', reason: 'break' })).toMatchObject({ ok: true });
  });

  it('keeps the ringing offer and state of a desktop that reloads: its socket closes and a new one connects', async () => {
    const liNa = await staff(server.dataSource, 'li.na');
    const before = await desk(liNa);
    expect(await before.client.command('agent:state', { state: 'available' })).toMatchObject({ ok: true });
    const created = await api(server.baseUrl, 'POST', '/api/interactions', sophie.headers, { channel: 'voice', caller: {}, queue: 'billing' });
    const interactionId: string = created.body.interaction.id;
    const offer = await before.client.next('offer', (data) => data.offer.contactId === interactionId);

    before.stop();
    before.client.close();
    const after = await desk(liNa);
    expect(after.client.snapshot.desk?.offer).toMatchObject({ offerId: offer.data.offer.offerId, contactId: interactionId });
    // Past the reconnect window and the sweep that follows it, she is still there and the offer still hers.
    await sleep(3500);
    expect(await live(liNa)).toMatchObject({ disconnected: false, state: 'reserved' });
    expect(after.client.of('offer:gone')).toEqual([]);
    expect(await after.client.command('offer:accept', { interactionId, offerId: offer.data.offer.offerId })).toMatchObject({ ok: true });
  });
});

/** A heartbeat timeout far longer than the 15 s an offer rings: a closed desktop must not wait for it. */
describe('realtime presence of a desktop that closes its socket', () => {
  let server: TestApp;
  let sophie: Staff;
  const clients: ConsoleClient[] = [];
  const stops: Array<() => void> = [];

  beforeAll(async () => {
    server = await startTestApp({ seedDemo: true, env: { HEARTBEAT_TIMEOUT_SECONDS: '60' } });
    sophie = await staff(server.dataSource, 'sophie');
  });
  afterAll(async () => {
    for (const stop of stops) stop();
    for (const client of clients) client.close();
    await server.close();
  });

  it('counts the agent disconnected once the reconnect window passes, withdrawing and re-routing the ringing offer, not as a missed one', async () => {
    const amy = await staff(server.dataSource, 'amy');
    const chen = await staff(server.dataSource, 'chen.jing');
    const amyDesk = await connect(server.baseUrl, { token: amy.accessToken });
    const chenDesk = await connect(server.baseUrl, { token: chen.accessToken });
    clients.push(amyDesk, chenDesk);
    stops.push(keepAlive(amyDesk), keepAlive(chenDesk));
    expect(await amyDesk.command('agent:state', { state: 'available' })).toMatchObject({ ok: true });
    const created = await api(server.baseUrl, 'POST', '/api/interactions', sophie.headers, { channel: 'voice', caller: {}, queue: 'billing' });
    const interactionId: string = created.body.interaction.id;
    const offer = await amyDesk.next('offer', (data) => data.offer.contactId === interactionId);
    expect(await chenDesk.command('agent:state', { state: 'available' })).toMatchObject({ ok: true });

    // The tab is closed: its only socket goes, long before a heartbeat would be missed or the offer expire.
    amyDesk.close();
    const rerouted = await chenDesk.next('offer', (data) => data.offer.contactId === interactionId, 10_000);
    expect(rerouted.data.offer).toMatchObject({ attempt: 2, offerId: expect.not.stringMatching(`^${offer.data.offer.offerId}$`) });
    const ended: Array<{ type: string; reason: string | null }> = await server.dataSource.query(
      `SELECT type, payload->>'reason' AS reason FROM routing_events WHERE interaction_id = $1 AND agent_id = $2 AND type LIKE 'offer.%' ORDER BY id`,
      [interactionId, amy.id],
    );
    expect(ended).toEqual([{ type: 'offer.withdrawn', reason: 'agent_disconnected' }]);
    const amyLive = (await api(server.baseUrl, 'GET', `/api/agents/${amy.id}`, sophie.headers)).body.live;
    expect(amyLive).toMatchObject({ disconnected: true, notReadyReason: 'disconnected', missedOffers: 0 });
  });
});

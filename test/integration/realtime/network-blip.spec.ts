import { PresenceService } from '../../../server/src/modules/agents/presence.service';
import { pingIntervalMs } from '../../../server/src/modules/realtime/realtime.gateway';
import { RealtimeService } from '../../../server/src/modules/realtime/realtime.service';
import { startTestApp, TestApp } from '../../support/test-app';
import { api, connect, ConsoleClient, freezableProxy, FreezableProxy, sleep, staff, Staff } from './support';

const HEARTBEAT_TIMEOUT_SECONDS = 2;
const PING_INTERVAL_MS = pingIntervalMs(HEARTBEAT_TIMEOUT_SECONDS);
/**
 * How long socket.io waits for an answer to its ping, raised in this suite (it is 5 s) so that the blip below
 * outlasts the heartbeat timeout however busy the machine is, and the connection still survives it.
 */
const SOCKET_PING_TIMEOUT_MS = 60_000;
/** Presence marks a silent desktop disconnected after the heartbeat timeout and the next sweep; the rest is slack. */
const SILENCE_NOTICED_MS = HEARTBEAT_TIMEOUT_SECONDS * 1000 * 10;
/** The first ping after the blip, its pong, and the reconnection's commit; the rest is slack. */
const BACK_WITHIN_MS = PING_INTERVAL_MS * 10 + 5_000;

/**
 * A network blip longer than the heartbeat timeout that the socket survives: presence marks the agent disconnected,
 * and the desktop's answers to the server's pings, once the network is back, bring the agent back in routing, with
 * no heartbeat of the desktop's own (a background tab, whose timers the browser holds back).
 */
describe('realtime: a desktop whose socket survived a network blip is reconnected by its pongs', () => {
  let server: TestApp;
  let sophie: Staff;
  let proxy: FreezableProxy;
  const clients: ConsoleClient[] = [];
  const live = async (who: Staff) => (await api(server.baseUrl, 'GET', `/api/agents/${who.id}`, sophie.headers)).body.live;

  beforeAll(async () => {
    server = await startTestApp({ seedDemo: true, env: { HEARTBEAT_TIMEOUT_SECONDS: String(HEARTBEAT_TIMEOUT_SECONDS) } });
    const io = (server.app.get(RealtimeService) as unknown as { server: { engine: { opts: { pingTimeout: number } } } }).server;
    io.engine.opts.pingTimeout = SOCKET_PING_TIMEOUT_MS;
    sophie = await staff(server.dataSource, 'sophie');
    proxy = await freezableProxy(server.baseUrl);
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await proxy.close();
    await server.close();
  });

  it('marks the agent disconnected during the blip and back, available, once the pongs come through again', async () => {
    const amy = await staff(server.dataSource, 'amy');
    const wallboard = await connect(server.baseUrl, { token: sophie.accessToken });
    clients.push(wallboard);
    const desk = await connect(proxy.url, { token: amy.accessToken });
    clients.push(desk);
    const heartbeats = jest.spyOn(server.app.get(PresenceService), 'heartbeat');
    expect(await desk.command('agent:state', { state: 'available' })).toMatchObject({ ok: true });

    const since = wallboard.deltas.length;
    proxy.freeze();
    await wallboard.next('agent:update', (data) => data.agent.id === amy.id && data.agent.disconnected, SILENCE_NOTICED_MS, since);
    expect(await live(amy)).toMatchObject({ disconnected: true });
    const lostAt = wallboard.deltas.length;
    const heartbeatsBefore = heartbeats.mock.calls.length;

    proxy.restore();
    const back = await wallboard.next('agent:update', (data) => data.agent.id === amy.id && !data.agent.disconnected, BACK_WITHIN_MS, lostAt);
    expect(back.data.agent).toMatchObject({ state: 'available', disconnected: false });
    expect(await live(amy)).toMatchObject({ disconnected: false, state: 'available' });
    // The connection lived through the blip, and the desktop sent no heartbeat of its own: its pongs did it, once.
    expect(desk.socket.connected).toBe(true);
    expect(desk.disconnectReason).toBeNull();
    expect(server.app.get(RealtimeService).socketsOf(amy.id)).toBe(1);
    expect(desk.deltas.some((received) => received.event === 'agent:state' && (received.delta.data as { agent: { disconnected: boolean } }).agent.disconnected === false)).toBe(true);
    await sleep(PING_INTERVAL_MS * 3);
    expect(heartbeats.mock.calls.length - heartbeatsBefore).toBe(1);
    expect(wallboard.deltas.slice(lostAt).filter((received) => received.event === 'agent:update' && (received.delta.data as { agent: { id: string } }).agent.id === amy.id)).toHaveLength(1);
    heartbeats.mockRestore();
  }, 90_000);
});

import { RealtimeService } from '../../../server/src/modules/realtime/realtime.service';
import { startTestApp, TestApp } from '../../support/test-app';
import { api, connect, ConsoleClient, eventually, freezableProxy, FreezableProxy, keepAlive, sleep, staff, Staff } from './support';

const HEARTBEAT_TIMEOUT_SECONDS = 2;
/** After a restart or a takeover, desktops get the heartbeat timeout and one console retry (5 s) to reconnect. */
const RECONNECT_GRACE_MS = (HEARTBEAT_TIMEOUT_SECONDS + 5) * 1000;
/** Socket.io notices a silent peer after a ping interval (1 s here) and its 5 s timeout; the rest is slack for a busy machine. */
const SILENCE_NOTICED_MS = 20_000;

/**
 * socket.io's own heartbeat: the server pings every connection often, so that a connection whose other end
 * vanished is closed within seconds on both sides (not socket.io's default 45 s), and an agent's desktop that
 * answers the pings counts as alive even while its own heartbeat timer is held back (a background tab).
 */
describe('realtime liveness: socket.io pings find dead connections fast and keep live desktops present', () => {
  let server: TestApp;
  let sophie: Staff;
  const clients: ConsoleClient[] = [];
  const stops: Array<() => void> = [];
  const proxies: FreezableProxy[] = [];
  const live = async (who: Staff) => (await api(server.baseUrl, 'GET', `/api/agents/${who.id}`, sophie.headers)).body.live;

  beforeAll(async () => {
    server = await startTestApp({ seedDemo: true, env: { HEARTBEAT_TIMEOUT_SECONDS: String(HEARTBEAT_TIMEOUT_SECONDS) } });
    sophie = await staff(server.dataSource, 'sophie');
  });
  afterAll(async () => {
    for (const stop of stops) stop();
    for (const client of clients) client.close();
    for (const proxy of proxies) await proxy.close();
    await server.close();
  });

  it('tells consoles in the handshake to notice a silent server within the reconnect grace', async () => {
    const response = await fetch(`${server.baseUrl}/socket.io/?EIO=4&transport=polling`);
    const open = JSON.parse((await response.text()).slice(1)) as { pingInterval: number; pingTimeout: number };
    // Pongs come at least twice per heartbeat timeout, and a dead connection is found before the grace runs out.
    expect(open.pingInterval).toBeLessThanOrEqual((HEARTBEAT_TIMEOUT_SECONDS * 1000) / 2);
    expect(open.pingInterval + open.pingTimeout).toBeLessThan(RECONNECT_GRACE_MS);
  });

  it('keeps an agent present whose desktop sends no heartbeat while its socket answers the server’s pings', async () => {
    const amy = await staff(server.dataSource, 'amy');
    // A desktop in a background tab: connected, but its heartbeat timer never fires.
    const desk = await connect(server.baseUrl, { token: amy.accessToken });
    clients.push(desk);
    expect(await desk.command('agent:state', { state: 'available' })).toMatchObject({ ok: true });
    await sleep(HEARTBEAT_TIMEOUT_SECONDS * 3 * 1000);
    expect(await live(amy)).toMatchObject({ disconnected: false, state: 'available' });
    expect(desk.socket.connected).toBe(true);
    expect(desk.of('agent:state').some((delta) => delta.data.agent.disconnected)).toBe(false);
  });

  it('closes a connection whose network vanished on both ends within seconds, and counts the desktop as gone', async () => {
    const ben = await staff(server.dataSource, 'ben');
    const wallboard = await connect(server.baseUrl, { token: sophie.accessToken });
    clients.push(wallboard);
    const proxy = await freezableProxy(server.baseUrl);
    proxies.push(proxy);
    const desk = await connect(proxy.url, { token: ben.accessToken });
    clients.push(desk);
    stops.push(keepAlive(desk));
    expect(await desk.command('agent:state', { state: 'available' })).toMatchObject({ ok: true });
    const realtime = server.app.get(RealtimeService);
    expect(realtime.socketsOf(ben.id)).toBe(1);

    proxy.freeze();
    // The console stops hearing pings and drops the connection (then reconnects, to another instance if need be)...
    await eventually(() => desk.disconnectReason === 'ping timeout', SILENCE_NOTICED_MS, 'the console to notice the silent server');
    // ...and the server stops hearing pongs and closes its end: the desktop is gone.
    await eventually(() => realtime.socketsOf(ben.id) === 0, SILENCE_NOTICED_MS, 'the server to close the silent connection');
    await wallboard.next('agent:update', (data) => data.agent.id === ben.id && data.agent.disconnected, SILENCE_NOTICED_MS);
    expect(await live(ben)).toMatchObject({ disconnected: true });
  }, 90_000);
});

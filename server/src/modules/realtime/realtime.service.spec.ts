import { once } from 'node:events';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import { Encoder, PacketType } from 'socket.io-parser';
import type { AuthenticatedUser } from '../../common/auth';
import { RealtimeService, type RealtimeServer, type RealtimeSocket } from './realtime.service';
import { queueRoom, WALLBOARD_ROOMS } from './realtime.rooms';

const supervisor = { id: 'user-sophie', username: 'sophie', roles: ['supervisor'] } as unknown as AuthenticatedUser;
const agent = { id: 'user-amy', username: 'amy', roles: ['agent'] } as unknown as AuthenticatedUser;

interface Frame {
  event: string;
  delta: { epoch: string; seq: number; at: number; data: unknown };
}

/** A real socket.io server whose sockets the service delivers to, and clients that record every frame. */
async function startServer() {
  const http: HttpServer = createServer();
  const server = new Server(http) as unknown as RealtimeServer;
  const realtime = new RealtimeService();
  realtime.attach(server);
  const users = new Map<string, AuthenticatedUser>();
  server.on('connection', (socket: RealtimeSocket) => {
    const user = users.get(String(socket.handshake.auth.name));
    if (!user) return socket.disconnect();
    socket.data = { user, sessionId: null, seq: 0, ready: true, tokens: 0, tokensAt: 0 };
    realtime.track(socket);
    void socket.join(String(socket.handshake.auth.room));
    (socket.emit as unknown as (event: string) => boolean)('ready');
  });
  http.listen(0, '127.0.0.1');
  await once(http, 'listening');
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const clients: ClientSocket[] = [];
  return {
    realtime,
    async join(user: AuthenticatedUser, room: string): Promise<{ frames: Frame[]; socket: ClientSocket }> {
      users.set(user.username, user);
      const socket = connect(url, { transports: ['websocket'], auth: { name: user.username, room }, forceNew: true });
      clients.push(socket);
      const frames: Frame[] = [];
      socket.onAny((event: string, delta: Frame['delta']) => {
        if (event !== 'ready') frames.push({ event, delta });
      });
      await new Promise((resolve) => socket.once('ready', resolve));
      return { frames, socket };
    },
    async close() {
      for (const client of clients) client.disconnect();
      server.close();
      await new Promise((resolve) => http.close(resolve));
    },
  };
}

async function until(check: () => boolean): Promise<void> {
  for (let tries = 0; tries < 200 && !check(); tries += 1) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('RealtimeService delivery', () => {
  let harness: Awaited<ReturnType<typeof startServer>>;
  beforeEach(async () => (harness = await startServer()));
  afterEach(() => harness.close());

  it('gives every socket the delta as sent, with its own gap-free numbers, whatever the data holds', async () => {
    const wall = await harness.join(supervisor, WALLBOARD_ROOMS[0]);
    const desk = await harness.join(agent, queueRoom('q-general'));
    const figures = { queueId: 'q-general', waiting: 3, name: 'Général « 客服 » \u2028 "quoted" \\ back', longestWaitMs: null, nested: [{ a: 1.5 }, { b: -0 }], skipped: undefined };

    expect(harness.realtime.toQueueWatchers('q-general', 'queue:stats', figures as never)).toBe(2);
    expect(harness.realtime.toWallboard('alert', { id: 'a1' } as never)).toBe(1);
    expect(harness.realtime.toQueueWatchers('q-general', 'queue:stats', { ...figures, waiting: 4 } as never)).toBe(2);
    await until(() => wall.frames.length === 3 && desk.frames.length === 2);

    const expected = JSON.parse(JSON.stringify(figures));
    expect(wall.frames.map(({ event, delta }) => [event, delta.seq, delta.epoch])).toEqual([
      ['queue:stats', 1, harness.realtime.epoch],
      ['alert', 2, harness.realtime.epoch],
      ['queue:stats', 3, harness.realtime.epoch],
    ]);
    expect(desk.frames.map(({ event, delta }) => [event, delta.seq])).toEqual([
      ['queue:stats', 1],
      ['queue:stats', 2],
    ]);
    expect(wall.frames[0].delta.data).toEqual(expected);
    expect(desk.frames[1].delta.data).toEqual({ ...expected, waiting: 4 });
    expect(Object.keys(wall.frames[0].delta)).toEqual(['epoch', 'seq', 'at', 'data']);
    expect(typeof wall.frames[0].delta.at).toBe('number');
  });

  it('gives each wallboard user the version made for them', async () => {
    const wall = await harness.join(supervisor, WALLBOARD_ROOMS[0]);
    const lead = await harness.join({ ...supervisor, id: 'user-tom', username: 'tom' } as AuthenticatedUser, WALLBOARD_ROOMS[0]);
    const versions = new Map([
      ['user-sophie', { agents: ['amy', 'ben'] }],
      ['user-tom', { agents: ['ben'] }],
    ]);
    harness.realtime.toWallboardAsSeenBy('agent:update', ((user: AuthenticatedUser) => versions.get(user.id)) as never);
    await until(() => wall.frames.length === 1 && lead.frames.length === 1);
    expect(wall.frames[0].delta.data).toEqual({ agents: ['amy', 'ben'] });
    expect(lead.frames[0].delta.data).toEqual({ agents: ['ben'] });
  });

  it('writes the text socket.io’s own encoder writes for the same emit', () => {
    const written: string[] = [];
    const socket = {
      data: { seq: 41, ready: true, user: agent },
      nsp: { name: '/' },
      client: { _packet: (packets: string[]) => written.push(...packets) },
    } as unknown as RealtimeSocket;
    const realtime = new RealtimeService();
    const server = { sockets: { adapter: { rooms: new Map([['queue:q1', new Set(['s1'])]]) }, sockets: new Map([['s1', { ...socket, connected: true }]]) } };
    realtime.attach(server as unknown as RealtimeServer);
    const data = { waiting: 2, label: 'ü "x" \n', list: [1, null, { deep: true }] };
    const before = Date.now();
    realtime.toRooms(['queue:q1'], 'queue:stats', data as never);

    expect(written).toHaveLength(1);
    const at = JSON.parse(written[0].slice(1))[1].at as number;
    expect(at).toBeGreaterThanOrEqual(before);
    const [ownEncoding] = new Encoder().encode({ type: PacketType.EVENT, nsp: '/', data: ['queue:stats', { epoch: realtime.epoch, seq: 42, at, data }] });
    expect(written[0]).toBe(ownEncoding);
  });
});

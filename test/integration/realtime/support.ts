import { createServer, connect as connectTcp, type AddressInfo, type Socket } from 'node:net';
import { io, Socket as IoSocket } from 'socket.io-client';
import type { DataSource } from 'typeorm';
import type {
  ClientToServerEvents,
  RealtimeAck,
  RealtimeCommand,
  RealtimeCommandMap,
  RealtimeDelta,
  RealtimeDeltaEvent,
  RealtimeSnapshot,
  ServerToClientEvents,
} from '@callcentre/shared';
import { createSession, type SessionTokens } from '../../factories/users';

export type ClientSocket = IoSocket<ServerToClientEvents, ClientToServerEvents>;

export interface Staff extends SessionTokens {
  id: string;
  username: string;
  headers: Record<string, string>;
}

/** A seeded demo user with a fresh session (no sign-in request, so no throttling). */
export async function staff(dataSource: DataSource, username: string, ttl?: { accessSeconds?: number; sessionSeconds?: number }): Promise<Staff> {
  const [user] = await dataSource.query(`SELECT id FROM users WHERE username = $1`, [username]);
  if (!user) throw new Error(`no demo user ${username}`);
  const tokens = await createSession(dataSource, user.id, ttl);
  return { id: user.id, username, ...tokens, headers: { authorization: `Bearer ${tokens.accessToken}` } };
}

export async function queueIdOf(dataSource: DataSource, code: string): Promise<string> {
  const [row] = await dataSource.query(`SELECT id FROM queues WHERE code = $1`, [code]);
  return row.id;
}

/** JSON over fetch: status and parsed body. */
export async function api<T = any>(baseUrl: string, method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * How long a test waits, by default, for what must happen (a delta, an acknowledgement, a condition). A wait is no
 * speed target: it only bounds a failing test, and a loaded machine can take seconds over what is quick alone.
 */
const WAIT_MS = 15_000;

/** Polls `check` until it returns something truthy, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = WAIT_MS, what = 'condition'): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(25);
  }
}

export interface Received {
  event: RealtimeDeltaEvent;
  delta: RealtimeDelta;
}

/**
 * A console's socket that records everything it receives: snapshots, and every delta in arrival order,
 * with helpers to wait for one and to send a command and read its acknowledgement.
 */
export class ConsoleClient {
  readonly snapshots: RealtimeSnapshot[] = [];
  readonly deltas: Received[] = [];
  readonly endedSessions: unknown[] = [];
  /** `routing:away` notices: why the server sent this console away. */
  readonly awayNotices: unknown[] = [];
  disconnectReason: string | null = null;

  constructor(readonly socket: ClientSocket) {
    socket.on('snapshot', (snapshot) => this.snapshots.push(snapshot));
    socket.on('session:ended', (notice) => this.endedSessions.push(notice));
    socket.on('routing:away', (notice) => this.awayNotices.push(notice));
    socket.on('disconnect', (reason) => (this.disconnectReason = reason));
    socket.onAny((event: string, payload: unknown) => {
      if (event === 'snapshot' || event === 'session:ended' || event === 'routing:away') return;
      this.deltas.push({ event: event as RealtimeDeltaEvent, delta: payload as RealtimeDelta });
    });
  }

  get snapshot(): RealtimeSnapshot {
    const last = this.snapshots.at(-1);
    if (!last) throw new Error('no snapshot yet');
    return last;
  }

  of<E extends RealtimeDeltaEvent>(event: E): Array<RealtimeDelta<E>> {
    return this.deltas.filter((received) => received.event === event).map((received) => received.delta as RealtimeDelta<E>);
  }

  /** The first delta of this event (after `since` deltas) whose data satisfies `match`. */
  async next<E extends RealtimeDeltaEvent>(event: E, match: (data: RealtimeDelta<E>['data']) => boolean = () => true, timeoutMs = WAIT_MS, since = 0): Promise<RealtimeDelta<E>> {
    return eventually(
      () => this.deltas.slice(since).find((received) => received.event === event && match((received.delta as RealtimeDelta<E>).data))?.delta as RealtimeDelta<E> | undefined,
      timeoutMs,
      `${event}`,
    );
  }

  command<E extends RealtimeCommand>(event: E, payload: unknown, timeoutMs = WAIT_MS): Promise<RealtimeAck<RealtimeCommandMap[E]['result']>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no acknowledgement for ${event}`)), timeoutMs);
      (this.socket.emit as (event: string, payload: unknown, ack: (result: RealtimeAck<RealtimeCommandMap[E]['result']>) => void) => void)(event, payload, (result) => {
        clearTimeout(timer);
        resolve(result);
      });
    });
  }

  close(): void {
    this.socket.disconnect();
  }
}

export interface ConnectOptions {
  token?: string;
  cookie?: string;
  origin?: string;
  transports?: Array<'websocket' | 'polling'>;
}

function openSocket(baseUrl: string, options: ConnectOptions): ClientSocket {
  const extraHeaders: Record<string, string> = {};
  if (options.cookie) extraHeaders.cookie = options.cookie;
  if (options.origin) extraHeaders.origin = options.origin;
  return io(baseUrl, {
    path: '/socket.io',
    transports: options.transports ?? ['websocket'],
    reconnection: false,
    forceNew: true,
    timeout: 5000,
    auth: options.token ? { token: options.token } : {},
    extraHeaders,
  });
}

/** Connects and waits for the first snapshot. */
export async function connect(baseUrl: string, options: ConnectOptions): Promise<ConsoleClient> {
  const client = new ConsoleClient(openSocket(baseUrl, options));
  await new Promise<void>((resolve, reject) => {
    client.socket.once('connect_error', (error) => reject(error));
    client.socket.once('snapshot', () => resolve());
  });
  return client;
}

/** Tries to connect; resolves with the connect_error (or throws if the connection succeeds). */
export async function refusedConnection(baseUrl: string, options: ConnectOptions): Promise<Error & { data?: { code?: string; retryAfterSeconds?: number } }> {
  const socket = openSocket(baseUrl, options);
  try {
    return await new Promise((resolve, reject) => {
      socket.once('connect_error', (error) => resolve(error as Error & { data?: { code?: string } }));
      socket.once('connect', () => reject(new Error('the connection was accepted')));
    });
  } finally {
    socket.disconnect();
  }
}

/**
 * The deltas (from the `since`-th on) that a console received before a marker the server sends it now: a fresh
 * snapshot it asks for with `sync`. The server writes a console's deltas and snapshots to its one connection in
 * order, so every delta it sent this console before the marker is in the list. Assert that something did not
 * arrive on this list, never after a fixed wait.
 */
export async function receivedBeforeMarker(client: ConsoleClient, since = 0): Promise<Received[]> {
  const marker = new Promise<number>((resolve) => client.socket.once('snapshot', () => resolve(client.deltas.length)));
  const ack = await client.command('sync', {});
  if (!ack.ok) throw new Error(`the marker was refused: ${JSON.stringify(ack)}`);
  return client.deltas.slice(since, await marker);
}

/** The deltas of one event among `received`. */
export function ofEvent<E extends RealtimeDeltaEvent>(received: readonly Received[], event: E): Array<RealtimeDelta<E>> {
  return received.filter((entry) => entry.event === event).map((entry) => entry.delta as RealtimeDelta<E>);
}

/** Seq numbers of a client's deltas are 1, 2, 3... in arrival order, all of one epoch. */
export function expectGapFreeSeq(client: ConsoleClient): void {
  const seqs = client.deltas.map((received) => received.delta.seq);
  expect(seqs).toEqual(seqs.map((_, index) => index + 1));
  expect(new Set(client.deltas.map((received) => received.delta.epoch))).toEqual(new Set(client.deltas.length ? [client.snapshots[0].epoch] : []));
}

/** Sends `agent:heartbeat` every `everyMs` until stopped, as the agent desktop does. */
export function keepAlive(client: ConsoleClient, everyMs = 400): () => void {
  const timer = setInterval(() => {
    if (client.socket.connected) client.socket.emit('agent:heartbeat', {}, () => undefined);
  }, everyMs);
  return () => clearInterval(timer);
}

export interface FreezableProxy {
  /** Connect consoles here instead of the server. */
  url: string;
  /** From now on nothing passes either way and nothing is closed: the network between the two ends vanished. */
  freeze(): void;
  /** The network is back after a blip: what was held passes on. */
  restore(): void;
  close(): Promise<void>;
}

/**
 * A TCP proxy in front of the server that can go silent without closing anything, as a network or a host that
 * vanishes does: neither end hears of it except by the silence.
 */
export async function freezableProxy(target: string): Promise<FreezableProxy> {
  const { hostname, port } = new URL(target);
  const pairs: Array<[Socket, Socket]> = [];
  let frozen = false;
  const server = createServer((inbound) => {
    const outbound = connectTcp(Number(port), hostname);
    pairs.push([inbound, outbound]);
    inbound.pipe(outbound);
    outbound.pipe(inbound);
    for (const [from, to] of [
      [inbound, outbound],
      [outbound, inbound],
    ]) {
      from.on('error', () => undefined);
      from.on('close', () => {
        if (!frozen) to.destroy();
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    freeze() {
      frozen = true;
      for (const [inbound, outbound] of pairs) {
        inbound.unpipe(outbound);
        outbound.unpipe(inbound);
        inbound.pause();
        outbound.pause();
      }
    },
    restore() {
      frozen = false;
      for (const [inbound, outbound] of pairs) {
        inbound.pipe(outbound);
        outbound.pipe(inbound);
      }
    },
    async close() {
      for (const [inbound, outbound] of pairs) {
        inbound.destroy();
        outbound.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * What several server processes need besides themselves, started on this machine as docs/deploy.md describes:
 * one PostgreSQL for all of them, a Redis that links them and HAProxy in front. Used by the load generator's
 * `--nodes` runs and by the balancer's integration test.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort } from '../../server/src/common/database/embedded-postgres';
import { startPrivatePostgres } from '../support/private-postgres';

export const HAPROXY = '/usr/sbin/haproxy';
export const REDIS_SERVER = '/usr/bin/redis-server';

/** A process this machine runs for the cluster: where it answers, its process id (for its CPU) and how to stop it. */
export interface HelperProcess {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves once `ready` is true, or throws with `what` after `timeoutMs` (or as soon as `exited` says so). */
async function waitFor(what: string, ready: () => Promise<boolean>, exited: () => string | null, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const exit = exited();
    if (exit !== null) throw new Error(`${what} exited while starting:\n${exit}`);
    if (await ready().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what} was not ready within ${timeoutMs / 1000} s`);
    await sleep(200);
  }
}

/** A child process whose last output is kept, for the error when it does not start. */
function spawnKept(command: string, args: string[], cwd?: string) {
  const child: ChildProcess = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exitedWith: string | null = null;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exitedWith = `${signal ?? `code ${code}`}\n${output}`;
      resolve();
    });
    child.once('error', (error) => {
      exitedWith = error.message;
      resolve();
    });
  });
  const stop = async () => {
    if (exitedWith === null) {
      child.kill('SIGTERM');
      const forceKill = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exit;
      clearTimeout(forceKill);
    }
  };
  return { child, exited: () => exitedWith, stop };
}

/** HAProxy's connection limit unless a run needs more. */
const DEFAULT_MAXCONN = 8_000;
const PRLIMIT = '/usr/bin/prlimit';
/** Descriptors HAProxy keeps for itself beyond two per connection (listeners, health checks, logs). */
const HAPROXY_SPARE_FILES = 1_000;

const filesFor = (maxconn: number) => 2 * maxconn + HAPROXY_SPARE_FILES;

/**
 * The most connections HAProxy can hold on this machine: two open files each, under the hard open-file limit this
 * process may raise its children's to (a container without the right to raise it further stops there).
 */
export function balancerCapacity(): number {
  const hard = Number(execFileSync('sh', ['-c', 'ulimit -Hn'], { encoding: 'utf8' }).trim());
  return Number.isFinite(hard) ? Math.max(DEFAULT_MAXCONN, Math.floor((hard - HAPROXY_SPARE_FILES) / 2)) : Number.POSITIVE_INFINITY;
}

/**
 * The balancer of docs/deploy.md on 127.0.0.1:`port`: round robin over the nodes that answer /ready, websockets
 * tunnelled, a cookie for socket.io's polling. `maxconn` bounds the connections it holds at once (a console's
 * websocket is one).
 */
export function haproxyConfig(port: number, nodePorts: readonly number[], maxconn = DEFAULT_MAXCONN): string {
  return [
    'global',
    `  maxconn ${maxconn}`,
    'defaults',
    '  mode http',
    '  timeout connect 2s',
    '  timeout client 60s',
    '  timeout server 60s',
    '  timeout tunnel 1h',
    '  option redispatch',
    '  retries 2',
    'frontend consoles',
    `  bind 127.0.0.1:${port}`,
    '  default_backend nodes',
    'backend nodes',
    '  balance roundrobin',
    '  option httpchk GET /ready',
    '  http-check expect status 200',
    '  default-server inter 500 fall 2 rise 1',
    '  cookie CCNODE insert indirect nocache',
    ...nodePorts.map((nodePort, i) => `  server n${i + 1} 127.0.0.1:${nodePort} check cookie n${i + 1}`),
    '',
  ].join('\n');
}

/** Debian's HAProxy in front of `nodePorts`, its configuration in a temporary folder; resolves once /ready answers through it. */
export async function startBalancer(options: { nodePorts: readonly number[]; port?: number; maxconn?: number }): Promise<HelperProcess> {
  if (!existsSync(HAPROXY)) throw new Error(`${HAPROXY} is missing: install Debian's haproxy package (apt-get install haproxy)`);
  const port = options.port ?? (await findFreePort());
  const dir = mkdtempSync(join(tmpdir(), 'callcentre-haproxy-'));
  writeFileSync(join(dir, 'haproxy.cfg'), haproxyConfig(port, options.nodePorts, options.maxconn));
  // HAProxy holds two descriptors per connection (the client's and the node's): above the default 8,000 connections
  // it is started with the open-file limit raised to what it needs (balancerCapacity says how far that can go).
  const maxconn = options.maxconn ?? DEFAULT_MAXCONN;
  const haproxyArgs = ['-f', join(dir, 'haproxy.cfg'), '-db'];
  const files = filesFor(maxconn);
  const haproxy = maxconn > DEFAULT_MAXCONN && existsSync(PRLIMIT) ? spawnKept(PRLIMIT, [`--nofile=${files}:${files}`, '--', HAPROXY, ...haproxyArgs]) : spawnKept(HAPROXY, haproxyArgs);
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await haproxy.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor('HAProxy', async () => (await fetch(`${url}/ready`)).status === 200, haproxy.exited, 30_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, pid: haproxy.child.pid as number, stop };
}

/** A Redis of its own (Debian's redis-server), on a free port, keeping nothing on disk. */
export async function startRedis(): Promise<HelperProcess> {
  if (!existsSync(REDIS_SERVER)) throw new Error(`${REDIS_SERVER} is missing: install Debian's redis-server package (apt-get install redis-server), or pass --redis-url`);
  const port = await findFreePort();
  const dir = mkdtempSync(join(tmpdir(), 'callcentre-redis-'));
  const redis = spawnKept(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir]);
  const stop = async () => {
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor('redis-server', () => redisAnswers(port), redis.exited, 30_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `redis://127.0.0.1:${port}`, pid: redis.child.pid as number, stop };
}

/** Whether a Redis answers PING on 127.0.0.1:`port`, spoken in its own protocol (no client library needed). */
async function redisAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
    socket.once('connect', () => socket.write('PING\r\n'));
  });
}

/**
 * A PostgreSQL of the run's own from the binaries the server embeds (fsync on), in a temporary folder, migrated,
 * with room for the connections of several server processes.
 */
export async function startSharedPostgres(): Promise<HelperProcess & { databaseUrl: string }> {
  const postgres = await startPrivatePostgres({ maxConnections: 300 });
  const pid = postgres.pid();
  if (pid === null) {
    await postgres.remove();
    throw new Error('PostgreSQL started but its process id is unknown');
  }
  return { url: postgres.database.url, databaseUrl: postgres.database.url, pid, stop: () => postgres.remove() };
}

/** Whether the server process at `baseUrl` holds the router lock: its /ready reports the router up, not standing by. */
export async function routesNow(baseUrl: string): Promise<boolean> {
  const response = await fetch(`${baseUrl}/ready`).catch(() => null);
  if (!response?.ok) return false;
  const report = (await response.json()) as { info?: { router?: { status?: string; message?: string } } };
  return report.info?.router?.status === 'up' && report.info.router.message === undefined;
}

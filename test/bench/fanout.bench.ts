/**
 * `npm run bench:fanout [-- --desks 2000 --deltas 200 --runs 3 --service PATH[,PATH] --json]`: the server's cost of
 * sending one live update to many desks. A socket.io server set up as the product's gateway is (websocket, path
 * /socket.io) hands `queue:stats` deltas with a queue's figures to the product's `RealtimeService`, which stamps
 * each desk's copy with that connection's own sequence number; the desks run in a child process
 * (fanout-desks.worker.js) and check every number. Measured per run: the server process's CPU from the first delta
 * to the last one received by the last desk, per delta, and per desk and delta.
 *
 * `--service` names the module of `RealtimeService` to measure (default: the source in server/src); several, comma
 * separated, are measured in turn, run by run, so that two versions share the machine's conditions.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Server, type Socket } from 'socket.io';

const REPOSITORY_ROOT = join(__dirname, '..', '..');
const DEFAULT_SERVICE = join(REPOSITORY_ROOT, 'server', 'src', 'modules', 'realtime', 'realtime.service.ts');
const QUEUE_ID = '00000000-0000-4000-8000-00000000f001';

interface Delivery {
  attach(server: unknown): void;
  track(socket: unknown): void;
  toQueueWatchers(queueId: string, event: string, data: unknown): number;
}

interface RunFigures {
  service: string;
  wallMs: number;
  serverCpuMs: number;
  serverCpuMsPerDelta: number;
  serverCpuMicrosPerDeskDelta: number;
}

function option(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index > 0 ? process.argv[index + 1] : undefined;
}

function count(name: string, fallback: number, max: number): number {
  const text = option(name);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > max) throw new Error(`${name} must be a whole number from 1 to ${max}`);
  return value;
}

/** A queue's live figures, as the floor pushes them (about 700 bytes of JSON). */
function queueFigures(sequence: number) {
  const window = { offered: 412 + sequence, answered: 398, abandoned: 9, shortAbandoned: 3, answeredWithinThreshold: 361, serviceLevelPercent: 90.7, averageSpeedOfAnswerSeconds: 14.2, averageHandleSeconds: 287.4, averageTalkSeconds: 241.9, averageHoldSeconds: 12.1, averageWrapUpSeconds: 33.4 };
  return {
    queue: {
      queueId: QUEUE_ID,
      code: 'GENERAL',
      name: 'General enquiries',
      at: Date.now(),
      serviceLevel: { thresholdSeconds: 20, targetPercent: 80 },
      waitingCount: sequence % 17,
      longestWaitSeconds: sequence % 17 ? 12 + (sequence % 40) : null,
      rolling: { ...window, minutes: 15 },
      sinceMidnight: { ...window, offered: 5123 + sequence, timeZone: 'Europe/London' },
      agents: { available: 41, busy: 212, wrapUp: 37, reserved: 6, notReady: 18, offline: 4 },
    },
  };
}

async function startServer(servicePath: string) {
  const { RealtimeService } = require(resolve(servicePath)) as { RealtimeService: new () => Delivery };
  const http = createServer();
  const server = new Server(http, { path: '/socket.io', serveClient: false, transports: ['websocket'] });
  const delivery = new RealtimeService();
  delivery.attach(server);
  let next = 0;
  server.on('connection', (socket: Socket) => {
    next += 1;
    socket.data = { user: { id: `desk-${next}` }, sessionId: null, seq: 0, ready: true, tokens: 0, tokensAt: 0 };
    delivery.track(socket);
    void socket.join(`queue:${QUEUE_ID}`);
    (socket.emit as (event: string) => boolean)('ready');
  });
  http.listen(0, '127.0.0.1');
  await once(http, 'listening');
  return { delivery, server, http, url: `http://127.0.0.1:${(http.address() as AddressInfo).port}` };
}

function nextMessage<T>(child: ChildProcess, kind: string): Promise<T> {
  return new Promise((resolvePromise, reject) => {
    const onMessage = (message: { kind: string; message?: string }) => {
      if (message.kind === 'error') reject(new Error(`desks: ${message.message}`));
      else if (message.kind === kind) {
        child.off('message', onMessage);
        resolvePromise(message as T);
      }
    };
    child.on('message', onMessage);
    child.once('exit', (code) => reject(new Error(`desks stopped (exit ${code})`)));
  });
}

async function measure(servicePath: string, desks: number, deltas: number, runs: number): Promise<RunFigures[]> {
  const started = await startServer(servicePath);
  const child = fork(join(__dirname, 'fanout-desks.worker.js'), [started.url, String(desks)], { stdio: 'inherit' });
  try {
    await nextMessage(child, 'connected');
    const figures: RunFigures[] = [];
    let expected = 0;
    for (let run = 0; run < runs; run += 1) {
      // A warm-up burst the first time: V8 compiles the paths before they are measured.
      if (run === 0) {
        expected += desks * (await burst(started.delivery, Math.min(20, deltas)));
        child.send({ kind: 'await', total: expected });
        await nextMessage(child, 'received');
      }
      const cpuBefore = process.cpuUsage();
      const wallBefore = performance.now();
      expected += desks * (await burst(started.delivery, deltas));
      child.send({ kind: 'await', total: expected });
      const received = await nextMessage<{ failures: unknown[] }>(child, 'received');
      if (received.failures.length > 0) throw new Error(`desks saw deltas out of order: ${JSON.stringify(received.failures)}`);
      const cpu = process.cpuUsage(cpuBefore);
      const serverCpuMs = (cpu.user + cpu.system) / 1000;
      figures.push({
        service: servicePath,
        wallMs: Math.round(performance.now() - wallBefore),
        serverCpuMs: Math.round(serverCpuMs),
        serverCpuMsPerDelta: Number((serverCpuMs / deltas).toFixed(3)),
        serverCpuMicrosPerDeskDelta: Number(((serverCpuMs * 1000) / (deltas * desks)).toFixed(3)),
      });
    }
    return figures;
  } finally {
    child.send({ kind: 'close' });
    await once(child, 'exit').catch(() => undefined);
    started.server.close();
    started.http.close();
  }
}

/** Sends the deltas one event-loop turn apart, as committed batches reach the floor, so that sockets write between them. */
async function burst(delivery: Delivery, deltas: number): Promise<number> {
  for (let index = 0; index < deltas; index += 1) {
    delivery.toQueueWatchers(QUEUE_ID, 'queue:stats', queueFigures(index));
    await new Promise((resolvePromise) => setImmediate(resolvePromise));
  }
  return deltas;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main(): Promise<void> {
  const desks = count('--desks', 2000, 20_000);
  const deltas = count('--deltas', 200, 10_000);
  const runs = count('--runs', 3, 20);
  const services = (option('--service') ?? DEFAULT_SERVICE).split(',').filter(Boolean);
  const results = new Map<string, RunFigures[]>(services.map((service) => [service, []]));
  // Versions take turns run by run, each on a server of its own.
  for (let run = 0; run < runs; run += 1) {
    for (const service of services) results.get(service)?.push(...(await measure(service, desks, deltas, 1)));
  }
  const summary = services.map((service) => {
    const figures = results.get(service) ?? [];
    return {
      service,
      desks,
      deltas,
      runs: figures,
      medianServerCpuMsPerDelta: median(figures.map((figure) => figure.serverCpuMsPerDelta)),
      medianServerCpuMicrosPerDeskDelta: median(figures.map((figure) => figure.serverCpuMicrosPerDeskDelta)),
      medianWallMs: median(figures.map((figure) => figure.wallMs)),
    };
  });
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(summary, null, 2));
    return;
  }
  for (const line of summary) {
    console.log(`${line.service}`);
    console.log(`  ${desks} desks, ${deltas} deltas per run, ${runs} runs`);
    console.log(`  server CPU per delta: ${line.medianServerCpuMsPerDelta} ms (median; runs ${line.runs.map((run) => run.serverCpuMsPerDelta).join(', ')})`);
    console.log(`  server CPU per desk and delta: ${line.medianServerCpuMicrosPerDeskDelta} µs; wall per run ${line.medianWallMs} ms`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

/**
 * `npm run bench:reconnect [-- --agents 1000,5000,10000 --runs 3 --json]`: a reconnect storm. For each floor size N
 * the built server is started as `npm start` runs it (embedded PostgreSQL in a temporary folder), N agents of the
 * bench centre (test/load/bench-centre.ts) sign in over socket.io and go available; then, `--runs` times, every
 * desk drops its socket and all N connect again at the same moment, as after a failover or a network cut. Measured:
 * from the first new connection to the last snapshot received, and the server's CPU over that time.
 *
 * The desks run in this process, on the same two cores as the server, so the figures include the clients' own
 * handshakes; the server's CPU seconds are given apart. The server's heartbeat timeout and reconnect window are set
 * to their longest, ten minutes, so every desk comes back within the window and the agents stay signed in in routing:
 * what is measured is the handshakes and the snapshots, not routing's disconnections. A desk whose
 * connection fails (refused, reset, timed out) tries again after 0.25 to 1 s, as the console does; the tries are counted.
 */
import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, RealtimeAck, ServerToClientEvents } from '@callcentre/shared';
import { createBenchCentre, reloadRouting, type BenchAgent } from '../load/bench-centre';
import { processTreeCpuSeconds, startServer } from '../load/server-process';

type DeskSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

interface StormFigures {
  agents: number;
  /** First connection opened to the last snapshot received, ms, per run. */
  runsMs: number[];
  medianMs: number;
  /** Server CPU seconds (its own process) over each run. */
  serverCpuSec: number[];
  /** Connection tries made again per run. */
  retries: number[];
}

const now = () => performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function option(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index > 0 ? process.argv[index + 1] : undefined;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Opens one desk's socket; resolves with it once its snapshot arrived. */
function connectDesk(baseUrl: string, agent: BenchAgent): Promise<DeskSocket> {
  return new Promise((resolve, reject) => {
    const socket: DeskSocket = io(baseUrl, { path: '/socket.io', transports: ['websocket'], reconnection: false, forceNew: true, timeout: 120_000, auth: { token: agent.accessToken } });
    const failed = (why: string) => {
      socket.close();
      reject(new Error(`${agent.username} could not connect: ${why}`));
    };
    socket.once('snapshot', () => {
      socket.off('disconnect');
      resolve(socket);
    });
    socket.once('connect_error', (error) => failed(error.message));
    // Closed before its snapshot came, e.g. by the heartbeat when the server was too busy to ping.
    socket.once('disconnect', (reason) => failed(`closed before the snapshot (${reason})`));
  });
}

/** Connection tries that failed (refused, reset, timed out) and were made again, as a console does. */
let retries = 0;

/** As a console does: a refused or failed connection is tried again after a short random pause, until its snapshot arrives. */
async function reconnectDesk(baseUrl: string, agent: BenchAgent, deadline: number): Promise<DeskSocket> {
  for (;;) {
    try {
      return await connectDesk(baseUrl, agent);
    } catch (error) {
      if (now() > deadline) throw error;
      retries += 1;
      await sleep(250 + Math.random() * 750);
    }
  }
}

function goAvailable(socket: DeskSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.timeout(60_000).emit('agent:state', { state: 'available' }, ((error: Error | null, ack: RealtimeAck<unknown>) => {
      if (error) reject(error);
      else if (!ack.ok) reject(new Error(`could not go available: ${ack.error.code}`));
      else resolve();
    }) as never);
  });
}

/** Connects and goes available, again from the start when the socket was closed meanwhile. */
async function signIn(baseUrl: string, agent: BenchAgent, deadline: number): Promise<DeskSocket> {
  for (;;) {
    const socket = await reconnectDesk(baseUrl, agent, deadline);
    try {
      await goAvailable(socket);
      return socket;
    } catch (error) {
      socket.close();
      if (now() > deadline) throw error;
    }
  }
}

async function storm(agentCount: number, runs: number, log: (line: string) => void): Promise<StormFigures> {
  log(`${agentCount} agents: starting the server...`);
  const server = await startServer({ env: { HEARTBEAT_TIMEOUT_SECONDS: '600', RECONNECT_WINDOW_SECONDS: '600' } });
  let sockets: DeskSocket[] = [];
  try {
    const centre = await createBenchCentre(server.databaseUrl, agentCount, { wrapUpSeconds: 30, offerTimeoutSeconds: 15 });
    await reloadRouting(server.baseUrl, centre);
    // Signed in a few hundred at a time: the first sign-in is not what is measured.
    for (let i = 0; i < centre.agents.length; i += 200) {
      const batch = await Promise.all(centre.agents.slice(i, i + 200).map((agent) => signIn(server.baseUrl, agent, now() + 600_000)));
      sockets.push(...batch);
    }
    log(`${agentCount} agents signed in and available`);
    const runsMs: number[] = [];
    const serverCpuSec: number[] = [];
    const retriesPerRun: number[] = [];
    for (let run = 0; run < runs; run++) {
      for (const socket of sockets) socket.disconnect();
      sockets = [];
      await sleep(2_000);
      const cpuBefore = processTreeCpuSeconds(server.pid)?.process ?? 0;
      const started = now();
      retries = 0;
      sockets = await Promise.all(centre.agents.map((agent) => reconnectDesk(server.baseUrl, agent, started + 600_000)));
      retriesPerRun.push(retries);
      const elapsed = now() - started;
      runsMs.push(elapsed);
      serverCpuSec.push((processTreeCpuSeconds(server.pid)?.process ?? 0) - cpuBefore);
      log(`${agentCount} agents: run ${run + 1}: every desk had its snapshot after ${(elapsed / 1000).toFixed(2)} s (server CPU ${serverCpuSec[serverCpuSec.length - 1].toFixed(1)} s, ${retries} connections tried again)`);
    }
    return { agents: agentCount, runsMs, medianMs: median(runsMs), serverCpuSec, retries: retriesPerRun };
  } finally {
    for (const socket of sockets) socket.disconnect();
    await server.stop();
  }
}

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const sizes = (option('--agents') ?? '1000,5000,10000').split(',').map(Number);
  const runs = Number(option('--runs') ?? 3);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1 || n > 20_000) || !Number.isInteger(runs) || runs < 1) {
    throw new Error('usage: npm run bench:reconnect -- [--agents 1000,5000,10000] [--runs 3] [--json]');
  }
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const results: StormFigures[] = [];
  for (const size of sizes) results.push(await storm(size, runs, log));
  if (json) {
    process.stdout.write(`${JSON.stringify(results)}\n`);
    return;
  }
  const first = results[0];
  for (const result of results) {
    const perDesk = result.medianMs / result.agents;
    const growth = first ? ` (${(result.medianMs / first.medianMs).toFixed(1)}x the time for ${(result.agents / first.agents).toFixed(0)}x the desks)` : '';
    process.stdout.write(
      `${result.agents} desks reconnecting at once: median ${(result.medianMs / 1000).toFixed(2)} s to the last snapshot, ${perDesk.toFixed(2)} ms per desk${growth}; runs ${result.runsMs.map((ms) => (ms / 1000).toFixed(2)).join(', ')} s; server CPU ${result.serverCpuSec.map((s) => s.toFixed(1)).join(', ')} s; connections tried again ${result.retries.join(', ')}\n`,
    );
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);

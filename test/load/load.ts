/**
 * `npm run load -- --agents N --rate R --duration S [--url URL --database-url PG] [--json]`: drives the running
 * server like a real floor and checks that no contact is lost or doubled.
 *
 * - Without --url it starts the built server as `npm start` does (`node server/dist/server/src/main.js`) with its
 *   embedded PostgreSQL in a temporary folder, and stops it at the end. With --url it drives that server and
 *   needs --database-url to set up the bench centre and read the routing journal afterwards.
 * - Set-up (test/load/bench-centre.ts): one skill, one voice queue, N agents with sessions and an ingestion API
 *   key, written to the database; then one agent-skills change through the API makes the router load them.
 * - N agents connect as real socket.io clients (websocket), go available, send heartbeats, and answer every
 *   `offer` delta: accept after a random delay, talk for a random (exponential) time, end the contact, and
 *   finish wrap-up after another short delay, all through socket commands.
 * - Meanwhile a worker thread POSTs contacts to /api/interactions at R per second for S seconds (open loop).
 * - After the arrivals, a drain period lets the queue empty.
 *
 * Reports: arrival-to-offer latency (POST sent to the agent receiving the `offer` delta), accept-to-connected
 * latency (`offer:accept` sent to its acknowledgement, which comes after the connection is committed), POST
 * latency, throughput (accepted arrivals, answers and completions per second), and lost and doubled contacts:
 * - lost: accepted by the ingestion API (201) but never answered by the end of the drain period (agents do not
 *   hang up, so nothing is abandoned);
 * - doubled: a contact connected twice, offered to an agent while another agent held it, or (from the routing
 *   journal) offered again before its previous offer was closed.
 * Exits 1 when any contact was lost or doubled, 2 on a bad command line, 3 when the run could not be set up.
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, RealtimeAck, RealtimeDelta, ServerToClientEvents } from '@callcentre/shared';
import { Xoshiro128 } from '../../shared/src/simulation/random';
import { createBenchCentre, journalCheck, reloadRouting, type BenchAgent, type BenchCentre } from './bench-centre';
import { machineCpuSeconds, processTreeCpuSeconds, startServer, type StartedServer } from './server-process';

interface Options {
  agents: number;
  rate: number;
  durationSec: number;
  url: string | null;
  databaseUrl: string | null;
  drainSec: number;
  acceptDelayMs: [number, number];
  talkMeanMs: number;
  wrapDelayMs: [number, number];
  seed: number;
  json: boolean;
}

const USAGE = `usage: npm run load -- --agents N --rate R --duration S [options]
  --agents N            agents logged in as socket.io clients (default 100)
  --rate R              contacts posted per second (default 50)
  --duration S          seconds of arrivals (default 30)
  --url URL             drive a running server instead of starting one (needs --database-url)
  --database-url PG     that server's database, for the bench centre and the journal checks
  --drain S             seconds to wait after the arrivals for the queue to empty (default 30)
  --accept-delay A-B    an agent accepts an offer after A to B ms (default 20-120)
  --talk-ms M           mean talk time, exponential (default 400)
  --wrap-delay A-B      an agent finishes wrap-up after A to B ms (default 50-150)
  --seed N              seed of the agents' random delays (default 1)
  --json                print the figures as JSON`;

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function fail(message: string, code = 2): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

function parseOptions(argv: string[]): Options {
  const options: Options = {
    agents: 100,
    rate: 50,
    durationSec: 30,
    url: null,
    databaseUrl: null,
    drainSec: 30,
    acceptDelayMs: [20, 120],
    talkMeanMs: 400,
    wrapDelayMs: [50, 150],
    seed: 1,
    json: false,
  };
  const number = (name: string, text: string, min: number, max: number): number => {
    const value = Number(text);
    if (!Number.isFinite(value) || value < min || value > max) fail(`${name} must be a number from ${min} to ${max}, not ${text}\n${USAGE}`);
    return value;
  };
  const range = (name: string, text: string): [number, number] => {
    const match = /^(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)$/.exec(text);
    if (!match || Number(match[2]) < Number(match[1])) fail(`${name} must be A-B in milliseconds with A <= B, not ${text}`);
    return [Number(match[1]), Number(match[2])];
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [name, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => inline ?? argv[++i] ?? fail(`${name} needs a value\n${USAGE}`);
    switch (name) {
      case '--agents':
        options.agents = Math.round(number(name, value(), 1, 20000));
        break;
      case '--rate':
        options.rate = number(name, value(), 0.1, 5000);
        break;
      case '--duration':
        options.durationSec = number(name, value(), 1, 3600);
        break;
      case '--url':
        options.url = value().replace(/\/$/, '');
        break;
      case '--database-url':
        options.databaseUrl = value();
        break;
      case '--drain':
        options.drainSec = number(name, value(), 0, 600);
        break;
      case '--accept-delay':
        options.acceptDelayMs = range(name, value());
        break;
      case '--talk-ms':
        options.talkMeanMs = number(name, value(), 0, 600_000);
        break;
      case '--wrap-delay':
        options.wrapDelayMs = range(name, value());
        break;
      case '--seed':
        options.seed = Math.round(number(name, value(), 0, 0xffffffff));
        break;
      case '--json':
        options.json = true;
        break;
      case '--help':
      case '-h':
        process.stdout.write(`${USAGE}\n`);
        process.exit(0);
        break;
      default:
        fail(`unknown option ${arg}\n${USAGE}`);
    }
  }
  if (options.url && !options.databaseUrl) fail(`--url needs --database-url (the bench centre is set up in that server's database)\n${USAGE}`);
  // Only this machine: a load test never targets another host.
  if (options.url && !/^https?:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?$/.test(options.url)) fail('--url must be a loopback address (127.0.0.1, localhost or [::1])');
  return options;
}

/** What the run observed, contact by contact. */
class Observations {
  /** Accepted arrivals: interaction id to the time the POST was sent. */
  readonly posted = new Map<string, number>();
  readonly postLatencies: number[] = [];
  /** Arrivals the API did not accept, by status (or why no answer came). */
  readonly refusedPosts = new Map<string, number>();
  /** First `offer` delta seen per contact (it may arrive before the POST's answer). */
  readonly firstOfferAt = new Map<string, number>();
  readonly arrivalToOffer: number[] = [];
  readonly acceptToConnected: number[] = [];
  /** Contact to the agent holding it (connected or in wrap-up), and how often each contact connected. */
  readonly holder = new Map<string, string>();
  readonly connections = new Map<string, number>();
  readonly doubledIds = new Set<string>();
  readonly commandErrors = new Map<string, number>();
  offers = 0;
  answered = 0;
  completed = 0;
  lastAnswerAt = 0;

  onPosted(id: string, sentAt: number, answeredAt: number): void {
    this.posted.set(id, sentAt);
    this.postLatencies.push(answeredAt - sentAt);
    const offeredAt = this.firstOfferAt.get(id);
    if (offeredAt !== undefined) this.arrivalToOffer.push(offeredAt - sentAt);
  }

  onOffer(contactId: string, agentId: string, at: number): void {
    this.offers += 1;
    const holder = this.holder.get(contactId);
    if (holder !== undefined && holder !== agentId) this.doubledIds.add(contactId);
    if (this.firstOfferAt.has(contactId)) return;
    this.firstOfferAt.set(contactId, at);
    const sentAt = this.posted.get(contactId);
    if (sentAt !== undefined) this.arrivalToOffer.push(at - sentAt);
  }

  onConnected(contactId: string, agentId: string, acceptSentAt: number, at: number): void {
    const count = (this.connections.get(contactId) ?? 0) + 1;
    this.connections.set(contactId, count);
    if (count > 1) this.doubledIds.add(contactId);
    this.holder.set(contactId, agentId);
    this.acceptToConnected.push(at - acceptSentAt);
    this.answered += 1;
    this.lastAnswerAt = at;
  }

  onCompleted(contactId: string): void {
    this.holder.delete(contactId);
    this.completed += 1;
  }

  onCommandError(command: string, ack: RealtimeAck<unknown> | { ok: false; error: { code: string } }): void {
    const code = ack.ok ? 'OK' : ack.error.code;
    const key = `${command} ${code}`;
    this.commandErrors.set(key, (this.commandErrors.get(key) ?? 0) + 1);
  }

  unanswered(): string[] {
    return [...this.posted.keys()].filter((id) => !this.connections.has(id));
  }
}

type AgentSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** One agent's desktop: a socket.io client that answers every offer like a person on the floor would. */
class LoadAgent {
  private socket: AgentSocket | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly baseUrl: string,
    private readonly agent: BenchAgent,
    private readonly seen: Observations,
    private readonly options: Options,
    private readonly random: Xoshiro128,
  ) {}

  /** Connects, waits for the snapshot, goes available and starts the heartbeat. */
  async start(): Promise<void> {
    const socket: AgentSocket = io(this.baseUrl, {
      path: '/socket.io',
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      timeout: 20_000,
      auth: { token: this.agent.accessToken },
    });
    this.socket = socket;
    socket.on('offer', (delta: RealtimeDelta<'offer'>) => this.onOffer(delta.data.offer.contactId, delta.data.offer.offerId));
    const snapshot = await new Promise<Parameters<ServerToClientEvents['snapshot']>[0]>((resolve, reject) => {
      socket.once('snapshot', resolve);
      socket.once('connect_error', (error) => reject(new Error(`${this.agent.username} could not connect: ${error.message}`)));
    });
    const available = await this.command('agent:state', { state: 'available' });
    if (!available.ok) throw new Error(`${this.agent.username} could not go available: ${available.error.code} ${available.error.message}`);
    const everyMs = Math.max(1000, ((snapshot.desk?.heartbeatIntervalSeconds ?? 10) * 1000) / 2);
    this.heartbeat = setInterval(() => void this.command('agent:heartbeat', {}), everyMs);
  }

  stop(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const timer of this.timers) clearTimeout(timer);
    this.socket?.disconnect();
  }

  private later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    this.timers.add(timer);
  }

  private between([low, high]: [number, number]): number {
    return low + (high - low) * this.random.next();
  }

  private command<C extends keyof ClientToServerEvents>(event: C, payload: Parameters<ClientToServerEvents[C]>[0]): Promise<RealtimeAck<unknown>> {
    return new Promise((resolve) => {
      const socket = this.socket as AgentSocket;
      socket
        .timeout(30_000)
        .emit(event as 'sync', payload as never, ((error: Error | null, ack: RealtimeAck<unknown>) =>
          resolve(error ? { ok: false, error: { code: 'NO_ACK', message: error.message } } : ack)) as never);
    });
  }

  private onOffer(contactId: string, offerId: string): void {
    this.seen.onOffer(contactId, this.agent.id, now());
    this.later(this.between(this.options.acceptDelayMs), async () => {
      const sentAt = now();
      const accepted = await this.command('offer:accept', { interactionId: contactId, offerId });
      if (!accepted.ok) {
        this.seen.onCommandError('offer:accept', accepted);
        return;
      }
      this.seen.onConnected(contactId, this.agent.id, sentAt, now());
      this.later(this.random.exponential(this.options.talkMeanMs), async () => {
        const ended = await this.command('contact:end', { interactionId: contactId });
        if (!ended.ok) {
          this.seen.onCommandError('contact:end', ended);
          return;
        }
        this.later(this.between(this.options.wrapDelayMs), async () => {
          const finished = await this.command('wrapup:finish', { interactionId: contactId, disposition: 'resolved' });
          if (!finished.ok) this.seen.onCommandError('wrapup:finish', finished);
          else this.seen.onCompleted(contactId);
        });
      });
    });
  }
}

function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function latencySummary(values: number[]) {
  const round = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);
  return { count: values.length, p50: round(percentile(values, 50)), p90: round(percentile(values, 90)), p99: round(percentile(values, 99)), max: round(percentile(values, 100)) };
}

async function connectAgents(baseUrl: string, centre: BenchCentre, seen: Observations, options: Options): Promise<LoadAgent[]> {
  const agents = centre.agents.map((agent, i) => new LoadAgent(baseUrl, agent, seen, options, new Xoshiro128((options.seed * 7919 + i) >>> 0)));
  // A few at a time: a thousand simultaneous handshakes measure the handshake, not the floor.
  for (let i = 0; i < agents.length; i += 25) await Promise.all(agents.slice(i, i + 25).map((agent) => agent.start()));
  return agents;
}

async function postArrivals(baseUrl: string, centre: BenchCentre, seen: Observations, options: Options): Promise<{ postingMs: number; answeredMs: number }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(join(__dirname, 'arrival-poster.worker.js'), {
      workerData: { baseUrl, apiKey: centre.apiKey, rate: options.rate, durationSec: options.durationSec, queueCode: centre.queueCode },
    });
    worker.on('message', (message: { kind: 'results'; results: Array<[number, number, number, number, string | null, string?]> } | { kind: 'done'; postingMs: number; answeredMs: number }) => {
      if (message.kind === 'done') {
        resolve({ postingMs: message.postingMs, answeredMs: message.answeredMs });
        void worker.terminate();
        return;
      }
      for (const [, sentAt, answeredAt, status, id, reason] of message.results) {
        if (status === 201 && id) seen.onPosted(id, sentAt, answeredAt);
        else {
          const key = status === 0 ? `no answer (${reason ?? 'unknown'})` : String(status);
          seen.refusedPosts.set(key, (seen.refusedPosts.get(key) ?? 0) + 1);
        }
      }
    });
    worker.once('error', reject);
  });
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const log = (line: string) => {
    if (!options.json) process.stderr.write(`${line}\n`);
  };
  let server: StartedServer | null = null;
  let agents: LoadAgent[] = [];
  try {
    let baseUrl: string;
    let databaseUrl: string;
    if (options.url) {
      baseUrl = options.url;
      databaseUrl = options.databaseUrl as string;
    } else {
      log('starting the server (built, embedded PostgreSQL in a temporary folder)...');
      server = await startServer({ env: { HEARTBEAT_TIMEOUT_SECONDS: '120' } });
      baseUrl = server.baseUrl;
      databaseUrl = server.databaseUrl;
    }
    log(`setting up ${options.agents} agents on ${baseUrl}...`);
    const centre = await createBenchCentre(databaseUrl, options.agents, { wrapUpSeconds: 30, offerTimeoutSeconds: 15 });
    await reloadRouting(baseUrl, centre);
    const seen = new Observations();
    agents = await connectAgents(baseUrl, centre, seen, options);
    log(`${agents.length} agents available; posting ${options.rate}/s for ${options.durationSec} s...`);

    const started = now();
    const cpuAtStart = { here: process.cpuUsage(), server: server ? processTreeCpuSeconds(server.pid) : null, machine: machineCpuSeconds() };
    const posting = await postArrivals(baseUrl, centre, seen, options);
    log(`arrivals done (${seen.posted.size} accepted); draining for up to ${options.drainSec} s...`);
    const drainUntil = now() + options.drainSec * 1000;
    while (now() < drainUntil && (seen.unanswered().length > 0 || seen.completed < seen.answered)) await sleep(100);
    const ended = now();
    // Where the CPU went between the first arrival and the end of the drain (the bottleneck, on a 2-core machine).
    const here = process.cpuUsage(cpuAtStart.here);
    const serverCpu = server ? processTreeCpuSeconds(server.pid) : null;
    const machine = machineCpuSeconds();
    const machineDelta = machine && cpuAtStart.machine ? { total: machine.total - cpuAtStart.machine.total, idle: machine.idle - cpuAtStart.machine.idle, iowait: machine.iowait - cpuAtStart.machine.iowait } : null;
    const elapsedSec = (ended - started) / 1000;
    const cpu = {
      elapsedSec,
      loadGeneratorSec: (here.user + here.system) / 1e6,
      serverSec: serverCpu && cpuAtStart.server ? serverCpu.process - cpuAtStart.server.process : null,
      postgresSec: serverCpu && cpuAtStart.server ? serverCpu.descendants - cpuAtStart.server.descendants : null,
      loadAverage: loadavg(),
      /** Share of the machine's CPU time idle, and idle waiting for the disk, during the run. */
      machineIdleShare: machineDelta && machineDelta.total > 0 ? machineDelta.idle / machineDelta.total : null,
      machineIowaitShare: machineDelta && machineDelta.total > 0 ? machineDelta.iowait / machineDelta.total : null,
    };

    const ids = [...seen.posted.keys()];
    const journal = await journalCheck(databaseUrl, ids);
    const lost = seen.unanswered();
    const doubled = new Set(seen.doubledIds);
    const figures = {
      agents: options.agents,
      targetRatePerSec: options.rate,
      durationSec: options.durationSec,
      behaviour: { acceptDelayMs: options.acceptDelayMs, talkMeanMs: options.talkMeanMs, wrapDelayMs: options.wrapDelayMs },
      posted: seen.posted.size,
      refusedPosts: Object.fromEntries(seen.refusedPosts),
      offers: seen.offers,
      answered: seen.answered,
      completed: seen.completed,
      throughput: {
        acceptedArrivalsPerSec: seen.posted.size / (posting.postingMs / 1000),
        answeredPerSec: seen.answered / ((Math.max(seen.lastAnswerAt, started) - started) / 1000 || 1),
        completedPerSec: seen.completed / ((ended - started) / 1000),
      },
      latencyMs: {
        arrivalToOffer: latencySummary(seen.arrivalToOffer),
        acceptToConnected: latencySummary(seen.acceptToConnected),
        post: latencySummary(seen.postLatencies),
      },
      commandErrors: Object.fromEntries(seen.commandErrors),
      cpu,
      lost: lost.length,
      doubled: doubled.size,
      journal,
    };
    const failed = figures.lost > 0 || figures.doubled > 0 || journal.doubleOffers > 0 || journal.doubleConnections > 0;
    if (options.json) process.stdout.write(`${JSON.stringify(figures)}\n`);
    else {
      const l = figures.latencyMs;
      const line = (name: string, s: ReturnType<typeof latencySummary>) => `${name}: p50 ${s.p50} ms, p90 ${s.p90} ms, p99 ${s.p99} ms, max ${s.max} ms (${s.count})`;
      process.stdout.write(
        [
          `${options.agents} agents, ${options.rate} arrivals/s for ${options.durationSec} s: ${figures.posted} accepted by the ingestion API (${figures.throughput.acceptedArrivalsPerSec.toFixed(1)}/s), ${figures.answered} answered (${figures.throughput.answeredPerSec.toFixed(1)}/s), ${figures.completed} completed`,
          line('arrival-to-offer', l.arrivalToOffer),
          line('accept-to-connected', l.acceptToConnected),
          line('POST /api/interactions', l.post),
          `refused arrivals: ${JSON.stringify(figures.refusedPosts)}; command errors: ${JSON.stringify(figures.commandErrors)}`,
          `CPU over ${cpu.elapsedSec.toFixed(1)} s: server ${cpu.serverSec?.toFixed(1) ?? '?'} s, PostgreSQL ${cpu.postgresSec?.toFixed(1) ?? '?'} s, load generator ${cpu.loadGeneratorSec.toFixed(1)} s (2 cores = ${(2 * cpu.elapsedSec).toFixed(0)} s); machine idle ${((cpu.machineIdleShare ?? 0) * 100).toFixed(0)}%, I/O wait ${((cpu.machineIowaitShare ?? 0) * 100).toFixed(0)}%; load average ${cpu.loadAverage.map((v) => v.toFixed(1)).join(' ')}`,
          `lost: ${figures.lost}; doubled: ${figures.doubled}; journal: ${journal.doubleOffers} offered twice at once, ${journal.doubleConnections} connected twice, ${journal.unanswered} never answered`,
          failed ? 'FAILED: contacts were lost or doubled' : 'OK: no contact lost or doubled',
        ].join('\n') + '\n',
      );
    }
    process.exitCode = failed ? 1 : 0;
  } catch (error) {
    process.stderr.write(`load run failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 3;
  } finally {
    for (const agent of agents) agent.stop();
    if (server) await server.stop();
  }
}

void main().then(() => process.exit(process.exitCode ?? 0));

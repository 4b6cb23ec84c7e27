/**
 * `npm run load -- --agents N --rate R --duration S [--url URL --database-url PG] [--json]`: drives the running
 * server like a real floor and checks that no contact is lost or doubled.
 * `npm run load -- --nodes N --agents A --rate R --duration S [--kill-node-at S] [--json]`: the same through N server
 * processes behind HAProxy (docs/deploy.md), optionally killing the routing one during the arrivals.
 *
 * - Without --url it starts the built server as `npm start` does (`node server/dist/server/src/main.js`) with its
 *   embedded PostgreSQL in a temporary folder, and stops it at the end. With --url it drives that server and
 *   needs --database-url to set up the bench centre and read the routing journal afterwards.
 * - With --nodes N (2 or more) it starts a PostgreSQL of its own in a temporary folder (or uses --database-url), a
 *   Redis of its own (or --redis-url), N processes of the built server on that database and Redis, each on its own
 *   port, and HAProxy in front with docs/deploy.md's settings; agents and arrivals go through the balancer, so the
 *   agents' sockets spread over the nodes. --kill-node-at S kills the routing node (the one whose /ready reports it
 *   routes) with SIGKILL S seconds into the arrivals; every agent whose socket closes connects again through the
 *   balancer, as the console does, and the time until its snapshot arrives is measured.
 * - Everything it started is stopped and its temporary folders removed at the end, on failure and on Ctrl-C.
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
 * Exits 1 when any contact was lost or doubled or an agent whose socket closed was not back by the end, 2 on a bad
 * command line, 3 when the run could not be set up.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, RealtimeAck, RealtimeDelta, ServerToClientEvents } from '@callcentre/shared';
import { Xoshiro128 } from '../../shared/src/simulation/random';
import { contactHistories, createBenchCentre, journalCheck, reloadRouting, type BenchAgent, type BenchCentre } from './bench-centre';
import { findFreePort } from '../../server/src/common/database/embedded-postgres';
import { balancerCapacity, routesNow, startBalancer, startRedis, startSharedPostgres, type HelperProcess } from './cluster-processes';
import { machineCpuSeconds, processTreeCpuSeconds, processTreesCpuSeconds, startServer, type StartedServer } from './server-process';

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
  nodes: number;
  redisUrl: string | null;
  killNodeAtSec: number | null;
  nodeLogs: string | null;
}

/** Connections through the balancer besides the agents' sockets: the arrivals' keep-alive connections and health checks. */
const BALANCER_HEADROOM = 500;

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
  --nodes N             server processes behind HAProxy, on one PostgreSQL and one Redis (default 1: no balancer)
  --database-url PG     with --nodes: the nodes' database instead of a PostgreSQL of the run's own
  --redis-url URL       with --nodes: the Redis linking the nodes instead of a redis-server of the run's own
  --kill-node-at S      with --nodes: kill the routing node (SIGKILL) S seconds into the arrivals and measure how
                        long its agents take to be back through the balancer
  --node-logs DIR       with --nodes: write each node's output to DIR/n1.log, DIR/n2.log...
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
    nodes: 1,
    redisUrl: null,
    killNodeAtSec: null,
    nodeLogs: null,
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
      case '--nodes':
        options.nodes = number(name, value(), 1, 16);
        if (!Number.isInteger(options.nodes)) fail(`--nodes must be a whole number, not ${options.nodes}`);
        break;
      case '--redis-url':
        options.redisUrl = value();
        if (!/^rediss?:\/\//.test(options.redisUrl)) fail(`--redis-url must start with redis:// or rediss://, not ${options.redisUrl}`);
        break;
      case '--kill-node-at':
        options.killNodeAtSec = number(name, value(), 0, 3600);
        break;
      case '--node-logs':
        options.nodeLogs = value();
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
  if (options.nodes > 1 && options.url) fail(`--nodes starts its own server processes and balancer; it cannot drive --url\n${USAGE}`);
  if (options.nodes === 1 && (options.redisUrl || options.killNodeAtSec !== null || options.nodeLogs)) {
    fail(`--redis-url, --kill-node-at and --node-logs need --nodes 2 or more\n${USAGE}`);
  }
  if (options.killNodeAtSec !== null && options.killNodeAtSec >= options.durationSec) {
    fail(`--kill-node-at must fall within the arrivals (less than --duration ${options.durationSec}), not ${options.killNodeAtSec}`);
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
  /** Contacts counted finished because a snapshot no longer showed them at their agent. */
  readonly released = new Map<string, string>();
  readonly commandErrors = new Map<string, number>();
  /** The commands refused or unanswered per contact, to follow up on one the run did not finish. */
  readonly contactErrors = new Map<string, string[]>();
  /** What each agent did about each contact and when (epoch ms), to follow up on one the run did not finish. */
  readonly contactTrace = new Map<string, string[]>();

  trace(contactId: string, what: string): void {
    this.contactTrace.set(contactId, [...(this.contactTrace.get(contactId) ?? []), `${Math.round(now())} ${what}`]);
  }
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
    this.trace(contactId, `connected at ${agentId} (accept acknowledged)`);
    this.acceptToConnected.push(at - acceptSentAt);
    // A snapshot taken after the accept was carried out counted the connection already.
    if (this.holder.get(contactId) === agentId || this.released.get(contactId) === agentId) {
      this.onHeld(contactId, agentId, at);
      return;
    }
    this.countConnection(contactId, agentId, at);
  }

  /** One more connection of the contact, now held by the agent: a second one is a doubled contact. */
  private countConnection(contactId: string, agentId: string, at: number): void {
    const count = (this.connections.get(contactId) ?? 0) + 1;
    this.connections.set(contactId, count);
    if (count > 1) this.doubledIds.add(contactId);
    this.holder.set(contactId, agentId);
    this.answered += 1;
    this.lastAnswerAt = at;
  }

  /** A contact a snapshot shows the agent holding (after a reconnect): counted as answered if no acknowledgement said so. */
  onHeld(contactId: string, agentId: string, at: number): void {
    if (this.holder.get(contactId) === agentId) return;
    // A snapshot built before the takeover had loaded the rebuilt core left it out; the fresh one shows it again.
    if (this.released.get(contactId) === agentId) {
      this.released.delete(contactId);
      this.completed -= 1;
      this.holder.set(contactId, agentId);
      return;
    }
    this.countConnection(contactId, agentId, at);
  }

  /** Contacts the agent held that a fresh snapshot no longer shows: finished meanwhile (the acknowledgement was lost). */
  onReleased(agentId: string, stillHeld: ReadonlySet<string>, snapshotNote: string): void {
    for (const [contactId, holder] of [...this.holder]) {
      if (holder !== agentId || stillHeld.has(contactId)) continue;
      this.trace(contactId, `not in the snapshot at ${agentId} (${snapshotNote}): counted finished`);
      this.released.set(contactId, agentId);
      this.onCompleted(contactId, agentId);
    }
  }

  /** Counted once: a snapshot may have counted it finished already (its agent no longer held it). */
  onCompleted(contactId: string, agentId: string): void {
    if (this.holder.get(contactId) !== agentId) return;
    this.holder.delete(contactId);
    this.completed += 1;
  }

  onCommandError(command: string, ack: RealtimeAck<unknown> | { ok: false; error: { code: string } }, contactId?: string): void {
    const code = ack.ok ? 'OK' : ack.error.code;
    const key = `${command} ${code}`;
    this.commandErrors.set(key, (this.commandErrors.get(key) ?? 0) + 1);
    if (contactId) this.contactErrors.set(contactId, [...(this.contactErrors.get(contactId) ?? []), `${key} at ${Math.round(now())}`]);
  }

  /** Contacts answered whose wrap-up the agents did not see finished. */
  unfinished(): string[] {
    return [...this.holder.keys()];
  }

  unanswered(): string[] {
    return [...this.posted.keys()].filter((id) => !this.connections.has(id));
  }
}

type AgentSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type Snapshot = Parameters<ServerToClientEvents['snapshot']>[0];

/** A socket of an agent that closed without the agent asking, and when the agent had its snapshot again. */
interface Outage {
  downAt: number;
  reason: string;
  backAt: number | null;
  tries: number;
}

/** One agent's desktop: a socket.io client that answers every offer like a person on the floor would. */
class LoadAgent {
  private socket: AgentSocket | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly plans = new Map<string, NodeJS.Timeout>();
  private stopped = false;
  /** Bumped when the socket closes and by the snapshot after a reconnect: work planned before is dropped, the snapshot says what is left. */
  private generation = 0;
  private readonly offersSeen = new Set<string>();
  readonly outages: Outage[] = [];

  constructor(
    private readonly baseUrl: string,
    private readonly agent: BenchAgent,
    private readonly seen: Observations,
    private readonly options: Options,
    private readonly random: Xoshiro128,
    /** Connect again when the socket closes, as the console does (behind a balancer, where a node may die). */
    private readonly reconnects: boolean,
  ) {}

  /** Connects, waits for the snapshot, goes available and starts the heartbeat. */
  async start(): Promise<void> {
    const snapshot = await this.connect();
    const available = await this.command('agent:state', { state: 'available' });
    if (!available.ok) throw new Error(`${this.agent.username} could not go available: ${available.error.code} ${available.error.message}`);
    const everyMs = Math.max(1000, ((snapshot.desk?.heartbeatIntervalSeconds ?? 10) * 1000) / 2);
    this.heartbeat = setInterval(() => {
      if (this.socket?.connected) void this.command('agent:heartbeat', {});
    }, everyMs);
  }

  stop(): void {
    this.stopped = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const timer of this.timers) clearTimeout(timer);
    this.socket?.disconnect();
  }

  /** Opens a socket and resolves with its snapshot; rejects when it closes or fails first. */
  private connect(): Promise<Snapshot> {
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
    return new Promise<Snapshot>((resolve, reject) => {
      const failed = (why: string) => {
        socket.off('snapshot');
        socket.close();
        reject(new Error(`${this.agent.username} could not connect: ${why}`));
      };
      socket.once('connect_error', (error) => failed(error.message));
      socket.once('disconnect', (reason) => failed(`closed before the snapshot (${reason})`));
      socket.once('snapshot', (snapshot) => {
        socket.off('connect_error');
        socket.removeAllListeners('disconnect');
        socket.on('disconnect', (reason) => this.onDisconnect(socket, reason));
        // The server sends a fresh snapshot on the same socket when routing was taken over or rebuilt: the console
        // starts again from it, and so does the agent.
        socket.on('snapshot', (fresh) => {
          if (this.reconnects && socket === this.socket) this.resume(fresh);
        });
        resolve(snapshot);
      });
    });
  }

  private onDisconnect(socket: AgentSocket, reason: string): void {
    if (this.stopped || socket !== this.socket || !this.reconnects) return;
    const outage: Outage = { downAt: now(), reason, backAt: null, tries: 0 };
    // What was planned on this socket is dropped: a command sent before the next socket is up would wait in
    // socket.io's buffer and run after that socket's snapshot, which then shows the contact a step behind.
    this.generation += 1;
    this.forgetPlans();
    for (const [contactId, holder] of this.seen.holder) if (holder === this.agent.id) this.seen.trace(contactId, `socket ${socket.id} of ${this.agent.id} closed: ${reason}`);
    this.outages.push(outage);
    void this.comeBack(outage);
  }

  /** Tries again as the console's socket.io client does: 0.5 s doubling to 5 s, each randomised by half. */
  private async comeBack(outage: Outage): Promise<void> {
    for (let attempt = 0; !this.stopped; attempt++) {
      await sleep(Math.min(5000, 500 * 2 ** attempt) * (0.5 + this.random.next()));
      if (this.stopped) return;
      outage.tries += 1;
      try {
        const snapshot = await this.connect();
        outage.backAt = now();
        this.resume(snapshot);
        return;
      } catch {
        // the balancer or a node refused it (a takeover under way): try again
      }
    }
  }

  /** Carries on from a fresh snapshot: the offer ringing, the contacts held, the state to be in. */
  private resume(snapshot: Snapshot): void {
    this.generation += 1;
    this.forgetPlans();
    const desk = snapshot.desk;
    if (!desk) return;
    const held = desk.contacts.filter((contact) => contact.agentId === this.agent.id);
    const note = `socket ${this.socket?.id}, epoch ${snapshot.epoch}, agent ${desk.agent?.state ?? 'none'}, ${desk.contacts.length} contacts, offer ${desk.offer?.contactId ?? 'none'}`;
    this.seen.onReleased(this.agent.id, new Set(held.map((contact) => contact.id)), note);
    for (const contact of held) {
      this.seen.trace(contact.id, `snapshot at ${this.agent.id} (${note}, generation ${this.generation}): ${contact.status}`);
      this.seen.onHeld(contact.id, this.agent.id, now());
      if (contact.status === 'connected') this.talk(contact.id);
      else if (contact.status === 'wrap_up') this.wrapUp(contact.id);
    }
    if (desk.offer) this.onOffer(desk.offer.contactId, desk.offer.offerId);
    const state = desk.agent?.state;
    if (state === 'offline' || state === 'not_ready') {
      void this.command('agent:state', { state: 'available' }).then((ack) => {
        if (!ack.ok) this.seen.onCommandError('agent:state', ack);
      });
    }
  }

  /** Plans the agent's next step on a contact, in place of any step planned for it before. */
  private later(contactId: string, ms: number, run: () => void): void {
    const planned = this.plans.get(contactId);
    if (planned) {
      clearTimeout(planned);
      this.timers.delete(planned);
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (this.plans.get(contactId) === timer) this.plans.delete(contactId);
      run();
    }, ms);
    this.timers.add(timer);
    this.plans.set(contactId, timer);
  }

  private forgetPlans(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.plans.clear();
  }

  private between([low, high]: [number, number]): number {
    return low + (high - low) * this.random.next();
  }

  private command<C extends keyof ClientToServerEvents>(event: C, payload: Parameters<ClientToServerEvents[C]>[0]): Promise<RealtimeAck<unknown>> {
    return new Promise((resolve) => {
      const socket = this.socket as AgentSocket;
      // Never buffered for a socket not (or no longer) connected: the agent decides again from the next snapshot.
      if (!socket.connected) {
        resolve({ ok: false, error: { code: 'DISCONNECTED', message: 'the socket is not connected' } });
        return;
      }
      socket
        .timeout(30_000)
        .emit(event as 'sync', payload as never, ((error: Error | null, ack: RealtimeAck<unknown>) =>
          resolve(error ? { ok: false, error: { code: 'NO_ACK', message: error.message } } : ack)) as never);
    });
  }

  private onOffer(contactId: string, offerId: string): void {
    // A snapshot after a reconnect may show an offer already seen as a delta.
    if (!this.offersSeen.has(offerId)) {
      this.offersSeen.add(offerId);
      this.seen.onOffer(contactId, this.agent.id, now());
    }
    const generation = this.generation;
    this.seen.trace(contactId, `offer ${offerId} at ${this.agent.id} (socket ${this.socket?.id})`);
    this.later(contactId, this.between(this.options.acceptDelayMs), async () => {
      const sentAt = now();
      this.seen.trace(contactId, `accept sent by ${this.agent.id} (socket ${this.socket?.id}, generation ${generation})`);
      const accepted = await this.command('offer:accept', { interactionId: contactId, offerId });
      this.seen.trace(contactId, `accept answered ${accepted.ok ? 'ok' : accepted.error.code} (generation now ${this.generation})`);
      // An answer that came after a fresh snapshot is newer than it when it says done; a refusal then is the snapshot's business.
      if (!accepted.ok) {
        if (generation === this.generation) this.seen.onCommandError('offer:accept', accepted, contactId);
        return;
      }
      this.seen.onConnected(contactId, this.agent.id, sentAt, now());
      this.talk(contactId);
    });
  }

  private talk(contactId: string): void {
    const generation = this.generation;
    this.later(contactId, this.random.exponential(this.options.talkMeanMs), async () => {
      this.seen.trace(contactId, `end sent by ${this.agent.id} (socket ${this.socket?.id}, generation ${generation})`);
      const ended = await this.command('contact:end', { interactionId: contactId });
      this.seen.trace(contactId, `end answered ${ended.ok ? 'ok' : ended.error.code} (generation now ${this.generation})`);
      if (!ended.ok) {
        if (generation === this.generation) this.seen.onCommandError('contact:end', ended, contactId);
        return;
      }
      this.wrapUp(contactId);
    });
  }

  private wrapUp(contactId: string): void {
    const generation = this.generation;
    this.later(contactId, this.between(this.options.wrapDelayMs), async () => {
      this.seen.trace(contactId, `finish sent by ${this.agent.id} (socket ${this.socket?.id}, generation ${generation})`);
      const finished = await this.command('wrapup:finish', { interactionId: contactId, disposition: 'resolved' });
      this.seen.trace(contactId, `finish answered ${finished.ok ? 'ok' : finished.error.code} (generation now ${this.generation})`);
      if (!finished.ok) {
        if (generation === this.generation) this.seen.onCommandError('wrapup:finish', finished, contactId);
        return;
      }
      const planned = this.plans.get(contactId);
      if (planned) {
        clearTimeout(planned);
        this.timers.delete(planned);
        this.plans.delete(contactId);
      }
      this.seen.onCompleted(contactId, this.agent.id);
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

function createAgents(baseUrl: string, centre: BenchCentre, seen: Observations, options: Options): LoadAgent[] {
  return centre.agents.map((agent, i) => new LoadAgent(baseUrl, agent, seen, options, new Xoshiro128((options.seed * 7919 + i) >>> 0), options.nodes > 1));
}

async function connectAgents(agents: LoadAgent[]): Promise<void> {
  // A few at a time: a thousand simultaneous handshakes measure the handshake, not the floor.
  for (let i = 0; i < agents.length; i += 25) await Promise.all(agents.slice(i, i + 25).map((agent) => agent.start()));
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

/** What the run started, stopped once in reverse order: at the end, on failure and on Ctrl-C. */
class Teardown {
  private readonly steps: Array<{ what: string; run: () => Promise<void> | void }> = [];
  private running: Promise<void> | null = null;

  add(what: string, run: () => Promise<void> | void): void {
    this.steps.push({ what, run });
  }

  run(): Promise<void> {
    this.running ??= (async () => {
      for (const step of [...this.steps].reverse()) {
        try {
          await step.run();
        } catch (error) {
          process.stderr.write(`stopping ${step.what} failed: ${error instanceof Error ? error.message : String(error)}\n`);
        }
      }
    })();
    return this.running;
  }
}

interface ClusterNode {
  name: string;
  port: number;
  server: StartedServer;
  killedAt: number | null;
}

interface Cluster {
  baseUrl: string;
  databaseUrl: string;
  nodes: ClusterNode[];
  postgres: HelperProcess | null;
  redis: HelperProcess | null;
  balancer: HelperProcess;
}

/** PostgreSQL, Redis, the nodes and HAProxy, as docs/deploy.md runs them on one machine; each stopped by `teardown`. */
async function startCluster(options: Options, teardown: Teardown, log: (line: string) => void): Promise<Cluster> {
  const capacity = balancerCapacity();
  if (options.agents + BALANCER_HEADROOM > capacity) {
    throw new Error(`HAProxy can hold ${capacity} connections under this machine's open-file limit (ulimit -Hn): at most ${capacity - BALANCER_HEADROOM} agents through the balancer`);
  }
  let postgres: (HelperProcess & { databaseUrl: string }) | null = null;
  let databaseUrl = options.databaseUrl;
  if (!databaseUrl) {
    log('starting PostgreSQL (the embedded binaries, fsync on, a temporary folder)...');
    postgres = await startSharedPostgres();
    teardown.add('PostgreSQL', postgres.stop);
    databaseUrl = postgres.databaseUrl;
  }
  let redis: HelperProcess | null = null;
  let redisUrl = options.redisUrl;
  if (!redisUrl) {
    log('starting Redis...');
    redis = await startRedis();
    teardown.add('Redis', redis.stop);
    redisUrl = redis.url;
  }
  if (options.nodeLogs) mkdirSync(options.nodeLogs, { recursive: true });
  const ports: number[] = [];
  for (let i = 0; i < options.nodes; i++) ports.push(await findFreePort(ports));
  const nodes: ClusterNode[] = [];
  const startNode = async (i: number) => {
    const name = `n${i + 1}`;
    const logFile = options.nodeLogs ? join(options.nodeLogs, `${name}.log`) : null;
    const server = await startServer({
      databaseUrl: databaseUrl as string,
      port: ports[i],
      env: { HEARTBEAT_TIMEOUT_SECONDS: '120', REDIS_URL: redisUrl as string },
      log: logFile ? (text) => appendFileSync(logFile, text) : undefined,
    });
    teardown.add(`node ${name}`, server.stop);
    nodes[i] = { name, port: ports[i], server, killedAt: null };
  };
  // The first alone: it applies any pending migration and takes the router lock; the others then stand by.
  log(`starting node n1 on port ${ports[0]}...`);
  await startNode(0);
  log(`starting nodes n2 to n${options.nodes} on ports ${ports.slice(1).join(', ')}...`);
  const others = await Promise.allSettled(ports.slice(1).map((_, i) => startNode(i + 1)));
  const failure = others.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failure) throw failure.reason;
  log('starting HAProxy...');
  // Each agent's websocket is one connection through the balancer; the arrivals add a few hundred.
  const wanted = Math.max(8000, options.agents + 4000);
  const balancer = await startBalancer({ nodePorts: ports, maxconn: Math.min(wanted, capacity) });
  teardown.add('HAProxy', balancer.stop);
  return { baseUrl: balancer.url, databaseUrl, nodes, postgres, redis, balancer };
}

/** The node holding the router lock (its /ready says it routes), or null when not exactly one does. */
async function routingNode(nodes: readonly ClusterNode[]): Promise<ClusterNode | null> {
  const alive = nodes.filter((node) => node.killedAt === null);
  const answers = await Promise.all(alive.map((node) => routesNow(node.server.baseUrl)));
  const routing = alive.filter((_, i) => answers[i]);
  return routing.length === 1 ? routing[0] : null;
}

/** CPU seconds of several processes over the run, sampled each second so that a process killed keeps its last figure. */
class CpuMeter {
  private readonly first = new Map<string, number>();
  private readonly last = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly watched: ReadonlyArray<{ name: string; pid: number; withDescendants: boolean }>) {}

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), 1000);
  }

  sample(): void {
    const cpu = processTreesCpuSeconds(this.watched.map((process) => process.pid));
    for (const { name, pid, withDescendants } of this.watched) {
      const used = cpu.get(pid);
      if (!used) continue;
      const seconds = withDescendants ? used.process + used.descendants : used.process;
      if (!this.first.has(name)) this.first.set(name, seconds);
      this.last.set(name, seconds);
    }
  }

  /** Seconds used by each process since `start`. */
  finish(): Map<string, number | null> {
    if (this.timer) clearInterval(this.timer);
    this.sample();
    return new Map(this.watched.map(({ name }) => [name, this.first.has(name) ? (this.last.get(name) as number) - (this.first.get(name) as number) : null]));
  }
}

interface NodeKill {
  node: string;
  port: number;
  atSec: number;
  at: number;
  /** How the routing node was found. */
  foundBy: string;
  /** From the kill until a surviving node reports that it routes; null if none did by the end of the run. */
  takeoverMs: number | null;
  newRoutingNode: string | null;
}

/** Kills the routing node with SIGKILL, as a crash would, then notes when and where routing is taken over. */
async function killRoutingNode(cluster: Cluster, meter: CpuMeter, started: number, until: () => boolean): Promise<NodeKill> {
  const victim = await routingNode(cluster.nodes);
  if (!victim) throw new Error('not exactly one node reports that it routes (GET /ready of each node): no routing node to kill');
  meter.sample();
  const at = now();
  victim.killedAt = at;
  await victim.server.kill();
  const kill: NodeKill = {
    node: victim.name,
    port: victim.port,
    atSec: (at - started) / 1000,
    at,
    foundBy: 'GET /ready on each node: the one whose router check is up without "standing by"',
    takeoverMs: null,
    newRoutingNode: null,
  };
  void (async () => {
    while (!until()) {
      const next = await routingNode(cluster.nodes);
      if (next) {
        kill.takeoverMs = now() - at;
        kill.newRoutingNode = next.name;
        return;
      }
      await sleep(100);
    }
  })();
  return kill;
}

/** Agents whose socket closed, by cause, and how long they took to have their snapshot again. */
function agentsBack(agents: readonly LoadAgent[], kill: NodeKill | null) {
  const group = () => ({ agents: 0, back: 0, notBack: 0, timeBackMs: [] as number[], tries: 0 });
  const groups = { onKilledNode: group(), closedByTakeover: group(), other: group() };
  const reasons = new Map<string, number>();
  for (const agent of agents) {
    const firstAfterKill = kill ? agent.outages.find((outage) => outage.downAt >= kill.at) : undefined;
    for (const outage of agent.outages) {
      reasons.set(outage.reason, (reasons.get(outage.reason) ?? 0) + 1);
      // The node's death cuts its sockets' transport; the takeover closes the relayed desks from the server side.
      const target =
        outage !== firstAfterKill ? groups.other : outage.reason === 'io server disconnect' ? groups.closedByTakeover : groups.onKilledNode;
      target.agents += 1;
      target.tries += outage.tries;
      if (outage.backAt === null) target.notBack += 1;
      else {
        target.back += 1;
        target.timeBackMs.push(outage.backAt - (outage === firstAfterKill && kill ? kill.at : outage.downAt));
      }
    }
  }
  const summary = (g: ReturnType<typeof group>) => ({ agents: g.agents, back: g.back, notBack: g.notBack, tries: g.tries, timeBackMs: latencySummary(g.timeBackMs) });
  return {
    onKilledNode: summary(groups.onKilledNode),
    closedByTakeover: summary(groups.closedByTakeover),
    other: summary(groups.other),
    reasons: Object.fromEntries(reasons),
    notBack: groups.onKilledNode.notBack + groups.closedByTakeover.notBack + groups.other.notBack,
  };
}

/**
 * One folder for everything the run writes: every temporary folder (the nodes', PostgreSQL's, Redis's, HAProxy's) is
 * made under it through TMPDIR, which the processes started inherit. A process outside this one's tree (so that a
 * task runner killing the tree after its grace period does not take it too) removes it once this process has ended,
 * however it ended; the teardown removes it first in the ordinary case.
 */
function runFolder(teardown: Teardown): void {
  const folder = mkdtempSync(join(tmpdir(), 'callcentre-load-run-'));
  // Under root the embedded PostgreSQL runs as the postgres user, who must be able to enter it.
  chmodSync(folder, 0o755);
  process.env.TMPDIR = folder;
  const watch = `(while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; sleep 5; rm -rf '${folder}') >/dev/null 2>&1 </dev/null &`;
  spawn('sh', ['-c', watch], { stdio: 'ignore', detached: true }).unref();
  teardown.add('the run folder', () => rmSync(folder, { recursive: true, force: true }));
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const log = (line: string) => {
    if (!options.json) process.stderr.write(`${line}\n`);
  };
  const teardown = new Teardown();
  if (!options.url) runFolder(teardown);
  const interrupted = (signal: NodeJS.Signals, code: number) =>
    process.once(signal, () => {
      process.stderr.write(`${signal}: stopping everything the run started...\n`);
      void teardown.run().then(() => process.exit(code));
    });
  interrupted('SIGINT', 130);
  interrupted('SIGTERM', 143);
  interrupted('SIGHUP', 129);
  // Ctrl-C also ends the tools this runs under (npm, nx), closing the pipes of our output: a write that fails then
  // must not end the process before it has stopped what it started.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
  process.once('uncaughtException', (error) => {
    process.stderr.write(`load run failed: ${error.stack ?? error.message}\n`);
    void teardown.run().then(() => process.exit(3));
  });
  let server: StartedServer | null = null;
  let cluster: Cluster | null = null;
  let agents: LoadAgent[] = [];
  try {
    let baseUrl: string;
    let databaseUrl: string;
    if (options.nodes > 1) {
      cluster = await startCluster(options, teardown, log);
      baseUrl = cluster.baseUrl;
      databaseUrl = cluster.databaseUrl;
    } else if (options.url) {
      baseUrl = options.url;
      databaseUrl = options.databaseUrl as string;
    } else {
      log('starting the server (built, embedded PostgreSQL in a temporary folder)...');
      server = await startServer({ env: { HEARTBEAT_TIMEOUT_SECONDS: '120' } });
      teardown.add('the server', (server as StartedServer).stop);
      baseUrl = server.baseUrl;
      databaseUrl = server.databaseUrl;
    }
    const routingAtStart = cluster ? ((await routingNode(cluster.nodes))?.name ?? null) : null;
    if (cluster) log(`${options.nodes} nodes behind HAProxy at ${baseUrl}; ${routingAtStart ?? 'no single node'} routes`);
    log(`setting up ${options.agents} agents on ${baseUrl}...`);
    const centre = await createBenchCentre(databaseUrl, options.agents, { wrapUpSeconds: 30, offerTimeoutSeconds: 15 });
    await reloadRouting(baseUrl, centre);
    const seen = new Observations();
    agents = createAgents(baseUrl, centre, seen, options);
    // Added last, so stopped first: the agents leave before the processes they are connected to.
    teardown.add('the agents', () => agents.forEach((agent) => agent.stop()));
    await connectAgents(agents);
    log(`${agents.length} agents available; posting ${options.rate}/s for ${options.durationSec} s...`);

    const started = now();
    const cpuAtStart = { here: process.cpuUsage(), server: server ? processTreeCpuSeconds(server.pid) : null, machine: machineCpuSeconds() };
    const meter = new CpuMeter(
      cluster
        ? [
            ...cluster.nodes.map((node) => ({ name: `node ${node.name}`, pid: node.server.pid, withDescendants: true })),
            ...(cluster.postgres ? [{ name: 'PostgreSQL', pid: cluster.postgres.pid, withDescendants: true }] : []),
            ...(cluster.redis ? [{ name: 'Redis', pid: cluster.redis.pid, withDescendants: true }] : []),
            { name: 'HAProxy', pid: cluster.balancer.pid, withDescendants: true },
          ]
        : [],
    );
    meter.start();
    let runOver = false;
    const killing =
      cluster && options.killNodeAtSec !== null
        ? sleep(options.killNodeAtSec * 1000).then(() => killRoutingNode(cluster as Cluster, meter, started, () => runOver))
        : null;
    // A failed kill is reported once the arrivals are done, not as an unhandled rejection meanwhile.
    killing?.catch(() => undefined);
    if (killing) log(`the routing node is killed ${options.killNodeAtSec} s into the arrivals`);
    const posting = await postArrivals(baseUrl, centre, seen, options);
    const kill = killing ? await killing : null;
    if (kill) log(`killed node ${kill.node} (the routing node) at ${kill.atSec.toFixed(1)} s`);
    log(`arrivals done (${seen.posted.size} accepted); draining for up to ${options.drainSec} s...`);
    const drainUntil = now() + options.drainSec * 1000;
    const agentsOut = () => agents.some((agent) => agent.outages.some((outage) => outage.backAt === null));
    while (now() < drainUntil && (seen.unanswered().length > 0 || seen.completed < seen.answered || agentsOut())) await sleep(100);
    const ended = now();
    runOver = true;
    // Where the CPU went between the first arrival and the end of the drain (the bottleneck, on a 2-core machine).
    const here = process.cpuUsage(cpuAtStart.here);
    const serverCpu = server ? processTreeCpuSeconds(server.pid) : null;
    const machine = machineCpuSeconds();
    const machineDelta = machine && cpuAtStart.machine ? { total: machine.total - cpuAtStart.machine.total, idle: machine.idle - cpuAtStart.machine.idle, iowait: machine.iowait - cpuAtStart.machine.iowait } : null;
    const elapsedSec = (ended - started) / 1000;
    const loadGeneratorSec = (here.user + here.system) / 1e6;
    const serverSec = serverCpu && cpuAtStart.server ? serverCpu.process - cpuAtStart.server.process : null;
    const postgresSec = serverCpu && cpuAtStart.server ? serverCpu.descendants - cpuAtStart.server.descendants : null;
    const perProcessSec = cluster ? meter.finish() : new Map([['server', serverSec], ['PostgreSQL', postgresSec]]);
    if (!cluster) meter.finish();
    perProcessSec.set('load generator', loadGeneratorSec);
    const cpu = {
      elapsedSec,
      loadGeneratorSec,
      serverSec,
      postgresSec,
      /** CPU seconds per process over the run, and milliseconds of it per completed contact. */
      processes: Object.fromEntries(
        [...perProcessSec].map(([name, sec]) => [name, { sec, msPerCompletedContact: sec === null || seen.completed === 0 ? null : (sec * 1000) / seen.completed }]),
      ),
      loadAverage: loadavg(),
      /** Share of the machine's CPU time idle, and idle waiting for the disk, during the run. */
      machineIdleShare: machineDelta && machineDelta.total > 0 ? machineDelta.idle / machineDelta.total : null,
      machineIowaitShare: machineDelta && machineDelta.total > 0 ? machineDelta.iowait / machineDelta.total : null,
    };

    const ids = [...seen.posted.keys()];
    const journal = await journalCheck(databaseUrl, ids);
    const lost = seen.unanswered();
    const doubled = new Set(seen.doubledIds);
    const back = cluster ? agentsBack(agents, kill) : null;
    const followUp = async (ids: string[]) =>
      (await contactHistories(databaseUrl, ids)).map((history) => ({
        ...history,
        heldBy: seen.holder.get(history.id) ?? null,
        clientErrors: seen.contactErrors.get(history.id) ?? [],
        clientTrace: seen.contactTrace.get(history.id) ?? [],
      }));
    const unfinished = await followUp(seen.unfinished());
    const doubledContacts = await followUp([...doubled]);
    const figures = {
      agents: options.agents,
      nodes: options.nodes,
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
      /** Answered contacts whose end the agents did not see: their state in the database and the journal. */
      unfinished,
      /** The contacts the agents saw doubled, followed up the same way. */
      doubledContacts,
      ...(cluster
        ? {
            cluster: {
              routingNodeAtStart: routingAtStart,
              nodePorts: Object.fromEntries(cluster.nodes.map((node) => [node.name, node.port])),
              kill: kill && { node: kill.node, port: kill.port, atSec: kill.atSec, atEpochMs: Math.round(kill.at), foundBy: kill.foundBy, takeoverMs: kill.takeoverMs, newRoutingNode: kill.newRoutingNode },
              agentsBack: back,
            },
          }
        : {}),
    };
    const notBack = back?.notBack ?? 0;
    const failed = figures.lost > 0 || figures.doubled > 0 || journal.doubleOffers > 0 || journal.doubleConnections > 0 || notBack > 0;
    if (options.json) process.stdout.write(`${JSON.stringify(figures)}\n`);
    else {
      const l = figures.latencyMs;
      const line = (name: string, s: ReturnType<typeof latencySummary>) => `${name}: p50 ${s.p50} ms, p90 ${s.p90} ms, p99 ${s.p99} ms, max ${s.max} ms (${s.count})`;
      const processLine = Object.entries(cpu.processes)
        .map(([name, used]) => `${name} ${used.sec?.toFixed(1) ?? '?'} s (${used.msPerCompletedContact?.toFixed(1) ?? '?'} ms/contact)`)
        .join(', ');
      const backLine = (name: string, g: NonNullable<typeof back>['onKilledNode']) =>
        `${name}: ${g.agents} agents, ${g.back} back (p50 ${g.timeBackMs.p50} ms, p99 ${g.timeBackMs.p99} ms, max ${g.timeBackMs.max} ms), ${g.notBack} not back, ${g.tries} connection tries`;
      process.stdout.write(
        [
          `${options.agents} agents${cluster ? ` on ${options.nodes} nodes behind HAProxy` : ''}, ${options.rate} arrivals/s for ${options.durationSec} s: ${figures.posted} accepted by the ingestion API (${figures.throughput.acceptedArrivalsPerSec.toFixed(1)}/s), ${figures.answered} answered (${figures.throughput.answeredPerSec.toFixed(1)}/s), ${figures.completed} completed (${figures.throughput.completedPerSec.toFixed(1)}/s)`,
          line('arrival-to-offer', l.arrivalToOffer),
          line('accept-to-connected', l.acceptToConnected),
          line('POST /api/interactions', l.post),
          `refused arrivals: ${JSON.stringify(figures.refusedPosts)}; command errors: ${JSON.stringify(figures.commandErrors)}`,
          `CPU over ${cpu.elapsedSec.toFixed(1)} s (2 cores = ${(2 * cpu.elapsedSec).toFixed(0)} s): ${processLine}; machine idle ${((cpu.machineIdleShare ?? 0) * 100).toFixed(0)}%, I/O wait ${((cpu.machineIowaitShare ?? 0) * 100).toFixed(0)}%; load average ${cpu.loadAverage.map((v) => v.toFixed(1)).join(' ')}`,
          ...(cluster ? [`routing node at the start: ${routingAtStart ?? 'none found'}`] : []),
          ...(kill
            ? [
                `killed ${kill.node} (port ${kill.port}, the routing node) at ${kill.atSec.toFixed(1)} s (${new Date(kill.at).toISOString()}); ${kill.newRoutingNode ?? 'no node'} routed ${kill.takeoverMs === null ? 'by the end' : `${(kill.takeoverMs / 1000).toFixed(1)} s later`}`,
              ]
            : []),
          ...(back
            ? [
                backLine('agents whose socket was on the killed node', back.onKilledNode),
                backLine('agents relayed by the other nodes, closed by the takeover', back.closedByTakeover),
                backLine('other disconnections (time back from the disconnection)', back.other),
              ]
            : []),
          ...unfinished.map((contact) => `not finished by the agents: ${JSON.stringify(contact)}`),
          ...doubledContacts.map((contact) => `doubled: ${JSON.stringify(contact)}`),
          `lost: ${figures.lost}; doubled: ${figures.doubled}; journal: ${journal.doubleOffers} offered twice at once, ${journal.doubleConnections} connected twice, ${journal.unanswered} never answered`,
          failed ? `FAILED: ${notBack > 0 ? `${notBack} agents not back; ` : ''}${figures.lost + figures.doubled + journal.doubleOffers + journal.doubleConnections > 0 ? 'contacts were lost or doubled' : ''}` : 'OK: no contact lost or doubled, every agent back',
        ].join('\n') + '\n',
      );
    }
    process.exitCode = failed ? 1 : 0;
  } catch (error) {
    process.stderr.write(`load run failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 3;
  } finally {
    await teardown.run();
  }
}

void main().then(() => process.exit(process.exitCode ?? 0));

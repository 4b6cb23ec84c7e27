/**
 * Load benchmark of the pure routing core (shared/src/routing), no server and no database.
 *
 * Builds an engine with 5,000 agents, 200 skills, 50 queues and 20,000 waiting contacts (queues demand 1-3
 * skills of a team, agents hold 8-15 skills, three languages, voice/chat/e-mail queues, the customer pyramid),
 * then measures routing decisions, a decision being one contact offered to one agent:
 *
 * - steady state (the headline figures): every agent busy and 20,000 contacts waiting. Each round ends a random
 *   agent's contact (ending after-contact work for calls), which frees the agent, who is offered the best
 *   waiting contact across their queues; the offer is accepted and a new contact arrives, so the load stays
 *   constant. A tick every 50 rounds fires relaxation and overflow timers on a virtual clock.
 * - arrivals to idle agents: no contact waiting and every agent free; each arrival is matched to an agent by
 *   its queue's strategy (the contact-side search), accepted and completed.
 *
 * Throughput counts every engine call of the round (end, wrap-up end, accept, arrival, ticks), timed with
 * process.hrtime.bigint; latencies are those of the calls that produced an offer.
 *
 * Run: `node -r @swc-node/register test/bench/routing-core.ts [--json] [--core-module PATH]` from the repository
 * root, or through `npm run bench:routing` (test/bench/routing.bench.ts). `--core-module` measures the engine
 * exported by another copy of the routing core (its index.ts), e.g. an older commit's, to compare the two
 * alternately on the same machine.
 */
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import type { AssignmentStrategy, Channel, ValueTier } from '../../shared/src/domain/call-centre';
import {
  RoutingEngine,
  type AgentRecord,
  type ContactRecord,
  type NewContact,
  type QueueDefinition,
  type RoutingEvent,
} from '../../shared/src/routing';

export interface CoreRoutingBenchmarkOptions {
  readonly agents?: number;
  readonly skills?: number;
  readonly queues?: number;
  readonly waitingContacts?: number;
  /** Measured steady-state rounds (each normally one decision). */
  readonly rounds?: number;
  readonly warmupRounds?: number;
  /** Measured arrivals in the idle-agents phase (0 skips it). */
  readonly arrivalRounds?: number;
  readonly seed?: number;
  /** The engine class to measure (another copy of the core, see `loadRoutingEngine`); this tree's by default. */
  readonly engine?: typeof RoutingEngine;
}

export interface CoreRoutingBenchmarkResult {
  /** Steady-state decisions per second of engine time. */
  readonly coreDecisionsPerSec: number;
  /** Latency of the engine call that made a decision (agent freed, contact offered). */
  readonly coreP50Ms: number;
  readonly coreP99Ms: number;
  readonly coreMaxMs: number;
  readonly coreDecisions: number;
  /** Engine calls per second in the steady state (ends, accepts, arrivals, ticks). */
  readonly coreCallsPerSec: number;
  /** Decisions per second of the calls that made them alone (an agent freed or a contact arriving, then offered). */
  readonly coreDecisionCallsPerSec: number;
  /**
   * Steady-state decisions per second of process CPU time over the whole measured loop (harness included).
   * Unlike the wall-clock figures, it does not drop when other processes share the machine.
   */
  readonly coreDecisionsPerCpuSec: number;
  /** 1-minute load average when the run started (the machine's other work). */
  readonly coreLoadAverage: number;
  readonly coreWaitingAtEnd: number;
  readonly coreBuildMs: number;
  /** Arrivals to idle agents: contact-side search with 5,000 free agents. */
  readonly coreArrivalDecisionsPerSec: number;
  readonly coreArrivalP50Ms: number;
  readonly coreArrivalP99Ms: number;
  readonly coreAgents: number;
  readonly coreSkills: number;
  readonly coreQueues: number;
  readonly coreWaitingContacts: number;
}

const LANGUAGES = ['en', 'zh-cmn', 'zh-yue'] as const;
const STRATEGIES: AssignmentStrategy[] = ['longest_idle', 'longest_idle', 'most_skilled', 'least_occupied', 'round_robin'];
const T0 = Date.UTC(2025, 0, 6, 9, 0, 0);

/** mulberry32: small, fast, seeded. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Population {
  queues: QueueDefinition[];
  queueChannel: Map<string, Channel>;
  agents: AgentRecord[];
  /** Cumulative arrival weights per queue (how many agents can serve it), for realistic arrivals. */
  arrivalWeights: number[];
  queueLanguages: Map<string, number[]>;
}

function population(random: () => number, agentCount: number, skillCount: number, queueCount: number): Population {
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const skill = (i: number) => `skill-${i}`;
  // Teams of skills: a queue demands skills of one team; agents mostly hold their team's skills.
  const teamCount = Math.max(1, Math.floor(queueCount / 2));
  const teamSkills = Array.from({ length: teamCount }, (_, team) =>
    Array.from({ length: Math.max(1, Math.floor(skillCount / teamCount)) }, (_, i) => skill((team * Math.floor(skillCount / teamCount) + i) % skillCount)),
  );
  const queues: QueueDefinition[] = [];
  const queueChannel = new Map<string, Channel>();
  for (let q = 0; q < queueCount; q++) {
    const team = q % teamCount;
    const pool = [...teamSkills[team]];
    const demanded = Array.from({ length: int(1, 3) }, () => pool.splice(Math.floor(random() * pool.length), 1)[0]).filter(Boolean);
    const channel: Channel = q % 10 < 6 ? 'voice' : q % 10 < 9 ? 'chat' : 'email';
    const id = `queue-${q}`;
    queueChannel.set(id, channel);
    const sibling = q + teamCount;
    queues.push({
      id,
      requiredSkills: demanded.map((s) => ({ skill: s, minProficiency: int(1, 3) })),
      optionalSkills: pool.length > 0 && random() < 0.5 ? [{ skill: pick(pool), minProficiency: 3 }] : [],
      basePriority: int(0, 10),
      offerTimeoutSeconds: 20,
      wrapUpSeconds: channel === 'voice' ? 15 : 0,
      strategy: pick(STRATEGIES),
      relaxation: [
        { afterSeconds: 30, dropOptionalSkills: true },
        { afterSeconds: 90, lowerMinProficiencyBy: 1 },
      ],
      // First half of the queues overflow into a sibling of the same team (never back): acyclic.
      ...(sibling < queueCount ? { overflow: { afterSeconds: 300, targetQueueId: `queue-${sibling}` } } : {}),
    });
  }
  // Overflow targets before the queues that point at them.
  queues.reverse();

  const agents: AgentRecord[] = [];
  for (let i = 0; i < agentCount; i++) {
    const team = i % teamCount;
    const skills: Record<string, number> = {};
    for (const s of teamSkills[team]) skills[s] = int(1, 5);
    const total = int(8, 15);
    while (Object.keys(skills).length < total) skills[skill(int(0, skillCount - 1))] = int(1, 5);
    const languages = ['en', ...(random() < 0.35 ? ['zh-cmn'] : []), ...(random() < 0.15 ? ['zh-yue'] : [])];
    agents.push({ id: `agent-${i}`, skills, languages, presence: 'available', stateSince: T0 - 3_600_000 });
  }

  // Arrival weights: agents able to serve each queue at its inner ring (a balanced, staffed centre).
  const queueLanguages = new Map<string, number[]>();
  const weights = queues.map((queue) => {
    const able = agents.filter((agent) =>
      [...(queue.requiredSkills ?? []), ...(queue.optionalSkills ?? [])].every((r) => (agent.skills[r.skill] ?? 0) >= r.minProficiency),
    );
    const speakers = LANGUAGES.map((language) => able.filter((a) => a.languages?.includes(language)).length);
    queueLanguages.set(queue.id, speakers);
    return Math.max(able.length, 1);
  });
  let sum = 0;
  const arrivalWeights = weights.map((w) => (sum += w));
  return { queues, queueChannel, agents, arrivalWeights, queueLanguages };
}

function tierOf(random: () => number): ValueTier {
  const r = random();
  return r < 0.01 ? 'important' : r < 0.2 ? 'secondary' : r < 0.5 ? 'ordinary' : 'small';
}

function newContact(random: () => number, pop: Population, id: string, enqueuedAt?: number): NewContact {
  const total = pop.arrivalWeights[pop.arrivalWeights.length - 1];
  const target = random() * total;
  let q = 0;
  while (pop.arrivalWeights[q] <= target) q++;
  const queue = pop.queues[q];
  const speakers = pop.queueLanguages.get(queue.id) as number[];
  // Customers speak a language some agent of the queue speaks, in proportion to those agents.
  const spoken = speakers.reduce((a, b) => a + b, 0);
  let language: string | undefined;
  if (spoken > 0 && random() < 0.7) {
    let r = random() * spoken;
    let l = 0;
    while (r >= speakers[l]) r -= speakers[l++];
    language = LANGUAGES[l];
  }
  return {
    id,
    queueId: queue.id,
    channel: pop.queueChannel.get(queue.id) as Channel,
    language,
    valueTier: tierOf(random),
    complaint: random() < 0.05,
    ...(enqueuedAt === undefined ? {} : { enqueuedAt }),
  };
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const elapsedMs = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

/** Accepts every offer in `events` (and the offers those accepts make); returns how many offers were made. */
function acceptAll(engine: RoutingEngine, events: RoutingEvent[], now: number, connected: ConnectedSet, timing: Timing): number {
  let made = 0;
  for (const event of events) {
    if (event.type !== 'contact.offered') continue;
    made++;
    const start = process.hrtime.bigint();
    const more = engine.acceptOffer(event.contactId, event.agentId, now);
    timing.add(start);
    connected.add(event.contactId, event.agentId);
    made += acceptAll(engine, more, now, connected, timing);
  }
  return made;
}

/** Connected contacts by id, with O(1) random pick and removal. */
class ConnectedSet {
  private readonly ids: string[] = [];
  private readonly agents: string[] = [];
  private readonly index = new Map<string, number>();
  get size(): number {
    return this.ids.length;
  }
  add(contactId: string, agentId: string): void {
    this.index.set(contactId, this.ids.length);
    this.ids.push(contactId);
    this.agents.push(agentId);
  }
  takeAt(i: number): [string, string] {
    const taken: [string, string] = [this.ids[i], this.agents[i]];
    const lastId = this.ids.pop() as string;
    const lastAgent = this.agents.pop() as string;
    if (i < this.ids.length) {
      this.ids[i] = lastId;
      this.agents[i] = lastAgent;
      this.index.set(lastId, i);
    }
    this.index.delete(taken[0]);
    return taken;
  }
}

class Timing {
  totalNs = 0n;
  calls = 0;
  add(start: bigint): bigint {
    const ns = process.hrtime.bigint() - start;
    this.totalNs += ns;
    this.calls++;
    return ns;
  }
}

export function runCoreRoutingBenchmark(options: CoreRoutingBenchmarkOptions = {}): CoreRoutingBenchmarkResult {
  const agentCount = options.agents ?? 5_000;
  const skillCount = options.skills ?? 200;
  const queueCount = options.queues ?? 50;
  const waitingTarget = options.waitingContacts ?? 20_000;
  const rounds = options.rounds ?? 100_000;
  const warmup = options.warmupRounds ?? 20_000;
  const arrivalRounds = options.arrivalRounds ?? 50_000;
  const Engine = options.engine ?? RoutingEngine;
  const random = prng(options.seed ?? 20250106);
  const loadAverage = loadavg()[0];
  const pop = population(random, agentCount, skillCount, queueCount);

  // Build from persisted facts, as the server does at start: every agent free, contacts waiting for up to 2 min.
  const buildStart = process.hrtime.bigint();
  let seq = 0;
  let now = T0;
  const waiting: ContactRecord[] = Array.from({ length: waitingTarget + agentCount }, () =>
    newContact(random, pop, `contact-${seq++}`, T0 - Math.floor(random() * 120_000)),
  );
  const engine = Engine.restore({ queues: pop.queues, agents: pop.agents, contacts: waiting, clock: T0 });
  const connected = new ConnectedSet();
  const setupTiming = new Timing();
  acceptAll(engine, engine.tick(now), now, connected, setupTiming);
  // Back to the target load: the longest-waiting surplus hangs up.
  for (const id of engine.contactIds()) {
    if (engine.waitingCount() <= waitingTarget) break;
    if (engine.getContact(id)?.status === 'waiting') engine.abandon(id, now);
  }
  while (engine.waitingCount() < waitingTarget) {
    acceptAll(engine, engine.enqueue(newContact(random, pop, `contact-${seq++}`), now), now, connected, setupTiming);
  }
  const coreBuildMs = elapsedMs(buildStart);

  // Steady state.
  const latencies = new Float64Array(rounds * 2);
  let measuredDecisions = 0;
  let decisionCalls = 0;
  let decisionCallNs = 0;
  let decisionCallDecisions = 0;
  const timing = new Timing();
  const total = warmup + rounds;
  let cpuStart = process.cpuUsage();
  for (let round = 0; round < total; round++) {
    const measuring = round >= warmup;
    if (round === warmup) cpuStart = process.cpuUsage();
    const t = measuring ? timing : setupTiming;
    now += 5;
    let decisions = 0;
    if (connected.size > 0) {
      const [contactId, agentId] = connected.takeAt(Math.floor(random() * connected.size));
      let start = process.hrtime.bigint();
      let events = engine.endContact(contactId, now);
      let ns = t.add(start);
      if (events.length > 0 && events[0].type === 'contact.wrap_up') {
        start = process.hrtime.bigint();
        events = engine.endWrapUp(agentId, now, contactId);
        ns = t.add(start);
      }
      const offered = acceptAll(engine, events, now, connected, t);
      if (offered > 0 && measuring) {
        latencies[decisionCalls++] = Number(ns) / 1e6;
        decisionCallNs += Number(ns);
        decisionCallDecisions += events.filter((e) => e.type === 'contact.offered').length;
      }
      decisions += offered;
    }
    const start = process.hrtime.bigint();
    const arrival = engine.enqueue(newContact(random, pop, `contact-${seq++}`), now);
    const ns = t.add(start);
    const offered = acceptAll(engine, arrival, now, connected, t);
    if (offered > 0 && measuring) {
      latencies[decisionCalls++] = Number(ns) / 1e6;
      decisionCallNs += Number(ns);
      decisionCallDecisions += arrival.filter((e) => e.type === 'contact.offered').length;
    }
    decisions += offered;
    if (round % 50 === 0) {
      const tickStart = process.hrtime.bigint();
      const fired = engine.tick(now);
      t.add(tickStart);
      decisions += acceptAll(engine, fired, now, connected, t);
    }
    if (measuring) measuredDecisions += decisions;
  }
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const sorted = latencies.subarray(0, decisionCalls).sort();
  const engineMs = Number(timing.totalNs) / 1e6;
  const coreWaitingAtEnd = engine.waitingCount();

  // Arrivals to idle agents (contact-side search): a fresh engine, nobody waiting.
  let arrivalPerSec = 0;
  let arrivalP50 = 0;
  let arrivalP99 = 0;
  if (arrivalRounds > 0) {
    const idle = Engine.restore({ queues: pop.queues, agents: pop.agents, contacts: [], clock: now });
    idle.tick(now);
    const arrivalLatencies = new Float64Array(arrivalRounds);
    let arrivalDecisions = 0;
    let arrivalNs = 0n;
    for (let round = 0; round < arrivalRounds + 5_000; round++) {
      now += 5;
      const measuring = round >= 5_000;
      const start = process.hrtime.bigint();
      const events = idle.enqueue(newContact(random, pop, `arrival-${round}`), now);
      const ns = process.hrtime.bigint() - start;
      const offer = events.find((e) => e.type === 'contact.offered');
      if (measuring) {
        arrivalNs += ns;
        arrivalLatencies[arrivalDecisions] = Number(ns) / 1e6;
        if (offer) arrivalDecisions++;
      }
      if (offer && offer.type === 'contact.offered') {
        idle.acceptOffer(offer.contactId, offer.agentId, now);
        if (idle.endContact(offer.contactId, now)[0]?.type === 'contact.wrap_up') idle.endWrapUp(offer.agentId, now, offer.contactId);
      } else {
        idle.abandon(`arrival-${round}`, now);
      }
    }
    const arrivalSorted = arrivalLatencies.subarray(0, arrivalDecisions).sort();
    arrivalPerSec = arrivalDecisions / (Number(arrivalNs) / 1e9);
    arrivalP50 = percentile(arrivalSorted, 50);
    arrivalP99 = percentile(arrivalSorted, 99);
  }

  return {
    coreDecisionsPerSec: measuredDecisions / (engineMs / 1000),
    coreP50Ms: percentile(sorted, 50),
    coreP99Ms: percentile(sorted, 99),
    coreMaxMs: sorted.length > 0 ? sorted[sorted.length - 1] : 0,
    coreDecisions: measuredDecisions,
    coreCallsPerSec: timing.calls / (engineMs / 1000),
    coreDecisionCallsPerSec: decisionCallDecisions / (decisionCallNs / 1e9),
    coreDecisionsPerCpuSec: measuredDecisions / cpuSeconds,
    coreLoadAverage: loadAverage,
    coreWaitingAtEnd,
    coreBuildMs,
    coreArrivalDecisionsPerSec: arrivalPerSec,
    coreArrivalP50Ms: arrivalP50,
    coreArrivalP99Ms: arrivalP99,
    coreAgents: agentCount,
    coreSkills: skillCount,
    coreQueues: queueCount,
    coreWaitingContacts: waitingTarget,
  };
}

/** The engine of the routing core at `--core-module PATH` (a copy's index.ts) if given, else undefined (this tree's). */
export async function loadRoutingEngine(argv: readonly string[]): Promise<typeof RoutingEngine | undefined> {
  const index = argv.indexOf('--core-module');
  if (index < 0) return undefined;
  const path = argv[index + 1];
  if (path === undefined || path.startsWith('--')) throw new Error('--core-module needs the path of a routing core index.ts');
  const loaded = (await import(resolve(path))) as { RoutingEngine?: typeof RoutingEngine };
  if (typeof loaded.RoutingEngine !== 'function') throw new Error(`${path} exports no RoutingEngine`);
  return loaded.RoutingEngine;
}

async function main(): Promise<void> {
  const figures = runCoreRoutingBenchmark({ engine: await loadRoutingEngine(process.argv) });
  if (process.argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify(figures)}\n`);
    return;
  }
  const f = (n: number, digits = 4) => n.toFixed(digits);
  process.stdout.write(
    [
      `routing core: ${figures.coreAgents} agents, ${figures.coreSkills} skills, ${figures.coreQueues} queues, ${figures.coreWaitingContacts} waiting (built in ${f(figures.coreBuildMs, 0)} ms)`,
      `steady state: ${Math.round(figures.coreDecisionsPerSec).toLocaleString('en')} decisions/s, p50 ${f(figures.coreP50Ms)} ms, p99 ${f(figures.coreP99Ms)} ms, max ${f(figures.coreMaxMs)} ms (${figures.coreDecisions} decisions, ${figures.coreWaitingAtEnd} waiting at the end)`,
      `  decision calls alone: ${Math.round(figures.coreDecisionCallsPerSec).toLocaleString('en')} decisions/s; per CPU second of the whole loop: ${Math.round(figures.coreDecisionsPerCpuSec).toLocaleString('en')} (load average ${figures.coreLoadAverage.toFixed(2)} at start)`,
      `arrivals to idle agents: ${Math.round(figures.coreArrivalDecisionsPerSec).toLocaleString('en')} decisions/s, p50 ${f(figures.coreArrivalP50Ms)} ms, p99 ${f(figures.coreArrivalP99Ms)} ms`,
    ].join('\n') + '\n',
  );
}

if (process.argv[1] !== undefined && /routing-core\.[cm]?[jt]s$/.test(process.argv[1])) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}

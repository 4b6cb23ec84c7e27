/**
 * Discrete-event simulation of a call centre on a virtual clock, driving the real routing core.
 *
 * The routing decisions are the production ones: every arrival, answer, hang-up, break and log-out is a command
 * to the same `RoutingEngine` the server runs, and the core's own timers (offer expiry, wrap-up end, relaxation,
 * overflow) fire through `tick` when `nextDueAt()` comes up on the virtual clock. What the simulator adds is the
 * world around the core: callers who arrive (Poisson, piecewise-constant rate per interval), wait and hang up
 * when their patience runs out; agents who log in for their shift, answer an offer after a short delay, talk
 * for a sampled time, take breaks and log out.
 *
 * Loop: the future-event list (arrivals, answers, hang-ups, conversation ends, shift and break changes) and the
 * core's next timer are merged in time order; on a tie the core's timers run first. Each command's events are
 * read back to schedule what follows (an offer schedules its answer, a connection its end). All times are whole
 * milliseconds since the epoch, so the queue statistics take them as they are.
 *
 * Figures: per queue through the statistics module (`addEventToTotals`, `figuresFromTotals`), so they are
 * defined exactly as the live wallboard's, over the events from the end of the warm-up to the end of the run.
 * Occupancy = time agents spent handling contacts (connected or in wrap-up) over time they were logged in and
 * not on a break or otherwise not ready (domain rule), both within the measured window. A queue's occupancy
 * divides the handling of its own contacts by the staffed time of the agents holding its required skills (at
 * its last relaxation step), so for agents serving several queues the queues' shares overlap.
 *
 * Deterministic: the same scenario and seed give the same report, event for event.
 */
import type { AgentState, NotReadyReason } from '../domain/call-centre';
import { RoutingEngine } from '../routing/routing-engine';
import { RoutingError } from '../routing/routing.errors';
import type { RoutingEvent } from '../routing/routing.events';
import { normalizeQueue, requirementsByStep } from '../routing/routing.policy';
import {
  addEventToTotals,
  emptyQueueTotals,
  figuresFromTotals,
  type QueueFigures,
  type QueueThresholds,
  type QueueTotals,
} from '../statistics/queue-figures';
import type { QueueContactEvent } from '../statistics/queue-events';
import { agentServesQueue, SERVICE_LEVEL_FORMULAS, type ServiceLevelFormula } from '../domain/call-centre';
import { EventQueue } from './event-queue';
import { RandomStreams, type Xoshiro128 } from './random';
import { parseScenario, type DurationDistribution, type PatienceDistribution, type ResolvedScenario, type Scenario } from './scenario';

export interface SimulationOptions {
  /** Overrides the scenario's seed. */
  readonly seed?: number;
  /** Called with every routing event, in order (for tests and traces). */
  readonly onEvent?: (event: RoutingEvent) => void;
}

export interface SimulatedQueueReport {
  readonly queueId: string;
  readonly name: string;
  readonly offered: number;
  readonly answered: number;
  readonly abandoned: number;
  readonly shortAbandoned: number;
  readonly overflowedOut: number;
  readonly completed: number;
  readonly waitingAtEnd: number;
  readonly serviceLevelFormula: ServiceLevelFormula;
  readonly serviceLevelThresholdSeconds: number;
  /** The queue's target, in percent. */
  readonly serviceLevelTargetPercent: number;
  /** Share 0-1 under `serviceLevelFormula`; null when nothing was answered or abandoned. */
  readonly serviceLevel: number | null;
  readonly serviceLevelByFormula: Readonly<Record<ServiceLevelFormula, number | null>>;
  readonly asaSeconds: number | null;
  readonly ahtSeconds: number | null;
  readonly abandonRate: number | null;
  readonly occupancy: number | null;
  /** Longest wait of a contact answered, abandoned or still waiting in this queue in the window. */
  readonly longestWaitSeconds: number | null;
  /**
   * The window's figures by the statistics module's arithmetic, on the simulator's own reading of the core's events
   * (waits run from entry into this queue, where the server's mapping counts an overflowed caller's whole wait).
   */
  readonly figures: QueueFigures;
}

export interface SimulationReport {
  readonly scenario: string;
  readonly seed: number;
  readonly startsAt: string;
  readonly durationSeconds: number;
  readonly warmUpSeconds: number;
  /** Contacts that arrived during the whole run (warm-up included). */
  readonly arrivals: number;
  /** Routing-core commands run (ticks included). */
  readonly engineCommands: number;
  /** Commands the core refused; always 0 unless the scenario drives agents into states the core rejects. */
  readonly refusedCommands: number;
  readonly agents: {
    readonly count: number;
    readonly occupancy: number | null;
    readonly staffedHours: number;
    readonly handlingHours: number;
  };
  readonly queues: readonly SimulatedQueueReport[];
}

const ARRIVAL = 0;
const ANSWER = 1;
const TALK_END = 2;
const HANG_UP = 3;
const SHIFT_START = 4;
const SHIFT_END = 5;
const BREAK_START = 6;
const BREAK_END = 7;
const LOG_OUT = 8;
const BACK_AVAILABLE = 9;

interface SimQueue {
  readonly index: number;
  readonly id: string;
  readonly config: ResolvedScenario['queues'][number];
  readonly thresholds: QueueThresholds;
  readonly totals: QueueTotals;
  readonly arrivalRandom: Xoshiro128;
  readonly talkRandom: Xoshiro128;
  readonly patienceRandom: Xoshiro128;
  /** Continuous time (ms since start) of the arrival process. */
  clock: number;
  handlingMs: number;
  staffedMs: number;
  longestWaitMs: number;
}

interface SimContact {
  readonly id: string;
  queue: SimQueue;
  queueEnteredAt: number;
  /** 0 waiting, 1 ringing, 2 connected, 3 wrap-up, 4 gone. */
  phase: number;
  offerId: string | null;
  offeredTo: string | null;
  connectedAt: number;
}

interface SimAgent {
  readonly id: string;
  readonly config: ResolvedScenario['agents'][number];
  readonly queues: SimQueue[];
  state: AgentState;
  since: number;
  staffedMs: number;
  handlingMs: number;
  leaving: boolean;
  pendingBreak: { readonly reason: NotReadyReason; readonly durationMs: number } | null;
}

/** What an event is about: a queue (arrivals), a contact or an agent. */
type Subject = SimQueue | SimContact | SimAgent;

const STAFFED: Readonly<Record<AgentState, boolean>> = {
  offline: false,
  not_ready: false,
  available: true,
  reserved: true,
  busy: true,
  wrap_up: true,
};
const HANDLING: Readonly<Record<AgentState, boolean>> = {
  offline: false,
  not_ready: false,
  available: false,
  reserved: false,
  busy: true,
  wrap_up: true,
};

/** A sample of a duration distribution, in milliseconds (never negative). */
export function sampleMs(distribution: DurationDistribution | PatienceDistribution, random: Xoshiro128): number {
  switch (distribution.type) {
    case 'exponential':
      return random.exponential(distribution.meanSeconds) * 1000;
    case 'lognormal': {
      const { meanSeconds: mean, sdSeconds: sd } = distribution;
      const sigma2 = Math.log(1 + (sd * sd) / (mean * mean));
      return Math.exp(Math.log(mean) - sigma2 / 2 + Math.sqrt(sigma2) * random.normal()) * 1000;
    }
    case 'constant':
      return distribution.seconds * 1000;
    case 'uniform':
      return (distribution.minSeconds + (distribution.maxSeconds - distribution.minSeconds) * random.next()) * 1000;
    case 'none':
      return Number.POSITIVE_INFINITY;
  }
}

/** Runs a scenario (a parsed one, or a document that is checked first) and returns its report. */
export function runSimulation(scenario: ResolvedScenario | Scenario, options: SimulationOptions = {}): SimulationReport {
  const resolved = 'durationMs' in scenario ? scenario : parseScenario(scenario);
  return new Simulation(resolved, options).run();
}

class Simulation {
  private readonly engine: RoutingEngine;
  /** Detail: the offer id of an answer, the break index of a break start. */
  private readonly events = new EventQueue<Subject, string | number>();
  private readonly queues: SimQueue[];
  private readonly queueById = new Map<string, SimQueue>();
  private readonly agents = new Map<string, SimAgent>();
  private readonly contacts = new Map<string, SimContact>();
  private readonly answerRandom: Xoshiro128;
  private readonly seed: number;
  private readonly start: number;
  private readonly end: number;
  private readonly windowStart: number;
  private contactSeq = 0;
  private commands = 0;
  private refused = 0;

  constructor(
    private readonly scenario: ResolvedScenario,
    private readonly options: SimulationOptions,
  ) {
    this.seed = (options.seed ?? scenario.seed) >>> 0;
    const random = new RandomStreams(this.seed);
    this.start = scenario.startsAt;
    this.end = scenario.startsAt + scenario.durationMs;
    this.windowStart = scenario.startsAt + scenario.warmUpMs;
    this.answerRandom = random.stream('answer');
    this.queues = scenario.queues.map((config, index) => {
      const queue: SimQueue = {
        index,
        id: config.id,
        config,
        thresholds: {
          serviceLevelThresholdSeconds: normalizeQueue(config.definition).serviceLevel.withinSeconds,
          shortAbandonThresholdSeconds: config.shortAbandonSeconds,
        },
        totals: emptyQueueTotals(),
        arrivalRandom: random.stream(`arrivals:${config.id}`),
        talkRandom: random.stream(`talk:${config.id}`),
        patienceRandom: random.stream(`patience:${config.id}`),
        clock: 0,
        handlingMs: 0,
        staffedMs: 0,
        longestWaitMs: -1,
      };
      this.queueById.set(config.id, queue);
      return queue;
    });
    this.engine = RoutingEngine.restore({
      policy: scenario.policy,
      queues: scenario.queues.map((queue) => queue.definition),
      agents: scenario.agents.map((agent) => ({ ...agent.profile, stateSince: this.start })),
      contacts: [],
      clock: this.start,
    });
    const demands = this.queues.map((queue) => {
      const steps = requirementsByStep(normalizeQueue(queue.config.definition));
      return { queue, required: steps[steps.length - 1].filter((r) => r.kind === 'required'), language: queue.config.language };
    });
    for (const config of scenario.agents) {
      const profile = config.profile;
      const serves = demands
        .filter(({ required, language }) =>
          agentServesQueue(profile.skills, required) && (language === null || (profile.languages ?? []).includes(language)),
        )
        .map(({ queue }) => queue);
      const agent: SimAgent = { id: profile.id, config, queues: serves, state: 'offline', since: this.start, staffedMs: 0, handlingMs: 0, leaving: false, pendingBreak: null };
      this.agents.set(agent.id, agent);
      this.events.push(this.start + config.shiftStartMs, SHIFT_START, agent);
      config.breaks.forEach((planned, breakIndex) => this.events.push(this.start + planned.startMs, BREAK_START, agent, breakIndex));
      if (this.start + config.shiftEndMs < this.end) this.events.push(this.start + config.shiftEndMs, SHIFT_END, agent);
    }
    for (const queue of this.queues) this.scheduleArrival(queue);
  }

  run(): SimulationReport {
    const engine = this.engine;
    for (;;) {
      const eventAt = this.events.peekTime();
      const timerAt = engine.nextDueAt() ?? Number.POSITIVE_INFINITY;
      if (timerAt <= eventAt) {
        if (timerAt >= this.end) break;
        this.commands++;
        this.apply(engine.tick(timerAt));
        continue;
      }
      if (eventAt >= this.end) break;
      const events = this.events;
      events.pop();
      this.handle(events.kind, events.subject as Subject, events.detail, eventAt);
    }
    return this.report();
  }

  // ---------------------------------------------------------------------------------------------------------
  // The world around the core
  // ---------------------------------------------------------------------------------------------------------

  private handle(kind: number, subject: Subject, detail: string | number | undefined, now: number): void {
    const engine = this.engine;
    switch (kind) {
      case ARRIVAL: {
        const queue = subject as SimQueue;
        const id = `c${++this.contactSeq}`;
        const contact: SimContact = { id, queue, queueEnteredAt: now, phase: 0, offerId: null, offeredTo: null, connectedAt: 0 };
        this.contacts.set(id, contact);
        const patience = sampleMs(queue.config.patience, queue.patienceRandom);
        if (patience !== Number.POSITIVE_INFINITY) this.events.push(now + Math.round(patience), HANG_UP, contact);
        const config = queue.config;
        this.command(() => engine.enqueue({ id, queueId: queue.id, channel: config.channel, ...(config.language ? { language: config.language } : {}) }, now));
        this.scheduleArrival(queue);
        return;
      }
      case ANSWER: {
        const contact = subject as SimContact;
        if (contact.phase !== 1 || contact.offerId !== detail) return;
        const agentId = contact.offeredTo as string;
        this.command(() => engine.acceptOffer(contact.id, agentId, now, detail));
        return;
      }
      case TALK_END: {
        const contact = subject as SimContact;
        if (contact.phase === 2) this.command(() => engine.endContact(contact.id, now));
        return;
      }
      case HANG_UP: {
        const contact = subject as SimContact;
        if (contact.phase <= 1) this.command(() => engine.abandon(contact.id, now));
        return;
      }
      case SHIFT_START: {
        const agent = subject as SimAgent;
        agent.leaving = false;
        this.command(() => engine.login(agent.id, now));
        return;
      }
      case SHIFT_END: {
        const agent = subject as SimAgent;
        agent.leaving = true;
        agent.pendingBreak = null;
        if (agent.state === 'offline') return;
        const holding = (engine.getAgent(agent.id)?.contactIds.length ?? 0) > 0;
        // Finish the contact in hand (nothing new meanwhile), then log out; see `onAgentState`.
        if (holding) this.command(() => engine.setNotReady(agent.id, 'meeting', now, { kind: 'system' }));
        else this.command(() => engine.logout(agent.id, now, { kind: 'system' }));
        return;
      }
      case BREAK_START: {
        const agent = subject as SimAgent;
        if (agent.leaving || agent.state === 'offline') return;
        const planned = agent.config.breaks[detail as number];
        agent.pendingBreak = { reason: planned.reason, durationMs: planned.durationMs };
        this.command(() => engine.setNotReady(agent.id, planned.reason, now));
        return;
      }
      case BREAK_END:
      case BACK_AVAILABLE: {
        const agent = subject as SimAgent;
        if (agent.leaving || agent.state !== 'not_ready') return;
        this.command(() => engine.setAvailable(agent.id, now));
        return;
      }
      case LOG_OUT: {
        const agent = subject as SimAgent;
        if (agent.state === 'not_ready') this.command(() => engine.logout(agent.id, now, { kind: 'system' }));
        return;
      }
    }
  }

  private command(run: () => RoutingEvent[]): void {
    this.commands++;
    let events: RoutingEvent[];
    try {
      events = run();
    } catch (error) {
      if (!(error instanceof RoutingError)) throw error;
      this.refused++;
      return;
    }
    this.apply(events);
  }

  /** Next arrival of a queue: exact for a piecewise-constant rate (memoryless: restart at each boundary). */
  private scheduleArrival(queue: SimQueue): void {
    const { intervalMs, ratesPerMs } = queue.config;
    const duration = this.scenario.durationMs;
    let t = queue.clock;
    for (;;) {
      const interval = Math.floor(t / intervalMs);
      if (interval >= ratesPerMs.length || t >= duration) return;
      const boundary = Math.min((interval + 1) * intervalMs, duration);
      const rate = ratesPerMs[interval];
      if (rate > 0) {
        const next = t + queue.arrivalRandom.exponential(1 / rate);
        if (next < boundary) {
          queue.clock = next;
          const at = this.start + Math.round(next);
          if (at < this.end) this.events.push(at, ARRIVAL, queue);
          return;
        }
      }
      t = boundary;
    }
  }

  // ---------------------------------------------------------------------------------------------------------
  // Reading the core's events
  // ---------------------------------------------------------------------------------------------------------

  private apply(events: RoutingEvent[]): void {
    const onEvent = this.options.onEvent;
    for (let i = 0; i < events.length; i++) {
      const event = events[i];
      if (onEvent) onEvent(event);
      switch (event.type) {
        case 'contact.queued': {
          const contact = this.contacts.get(event.contactId) as SimContact;
          contact.queue = this.queueById.get(event.queueId) as SimQueue;
          contact.queueEnteredAt = event.queueEnteredAt;
          this.count({ type: 'contact.queued', contactId: event.contactId, queueId: event.queueId, channel: event.channel, at: event.at });
          break;
        }
        case 'contact.offered': {
          const contact = this.contacts.get(event.contactId) as SimContact;
          contact.phase = 1;
          contact.offerId = event.offerId;
          contact.offeredTo = event.agentId;
          const delay = Math.round(sampleMs(this.scenario.answerDelay, this.answerRandom));
          this.events.push(event.at + delay, ANSWER, contact, event.offerId);
          break;
        }
        case 'offer.expired':
        case 'offer.rejected':
        case 'offer.withdrawn': {
          const contact = this.contacts.get(event.contactId) as SimContact;
          contact.phase = 0;
          contact.offerId = null;
          contact.offeredTo = null;
          break;
        }
        case 'contact.connected': {
          const contact = this.contacts.get(event.contactId) as SimContact;
          contact.phase = 2;
          contact.offerId = null;
          contact.offeredTo = null;
          contact.connectedAt = event.at;
          const queue = contact.queue;
          this.events.push(event.at + Math.round(sampleMs(queue.config.talkTime, queue.talkRandom)), TALK_END, contact);
          this.noteWait(queue, event.at, event.at - event.queueEnteredAt);
          this.count({ type: 'contact.answered', contactId: event.contactId, queueId: event.queueId, channel: event.channel, at: event.at, enqueuedAt: event.queueEnteredAt });
          break;
        }
        case 'contact.wrap_up':
          (this.contacts.get(event.contactId) as SimContact).phase = 3;
          break;
        case 'contact.completed': {
          const contact = this.contacts.get(event.contactId) as SimContact;
          contact.phase = 4;
          this.contacts.delete(contact.id);
          contact.queue.handlingMs += this.clip(contact.connectedAt, event.at);
          this.count({
            type: 'contact.completed',
            contactId: event.contactId,
            queueId: event.queueId,
            channel: event.channel,
            at: event.at,
            talkSeconds: event.talkSeconds,
            holdSeconds: 0,
            afterCallWorkSeconds: event.wrapUpSeconds,
          });
          break;
        }
        case 'contact.abandoned': {
          const contact = this.contacts.get(event.contactId) as SimContact;
          contact.phase = 4;
          this.contacts.delete(contact.id);
          this.noteWait(contact.queue, event.at, event.at - event.queueEnteredAt);
          this.count({ type: 'contact.abandoned', contactId: event.contactId, queueId: event.queueId, channel: event.channel, at: event.at, enqueuedAt: event.queueEnteredAt });
          break;
        }
        case 'contact.overflowed':
          this.count({ type: 'contact.overflowed', contactId: event.contactId, queueId: event.queueId, channel: event.channel, at: event.at, enqueuedAt: event.queueEnteredAt });
          break;
        case 'agent.state_changed':
          this.onAgentState(this.agents.get(event.agentId) as SimAgent, event.to, event.reason, event.at);
          break;
        default:
          break;
      }
    }
  }

  private onAgentState(agent: SimAgent, to: AgentState, reason: NotReadyReason | null, at: number): void {
    this.closeInterval(agent, at);
    agent.state = to;
    agent.since = at;
    if (to !== 'not_ready') return;
    if (agent.leaving) {
      this.events.push(at, LOG_OUT, agent);
    } else if (agent.pendingBreak && reason === agent.pendingBreak.reason) {
      this.events.push(at + agent.pendingBreak.durationMs, BREAK_END, agent);
      agent.pendingBreak = null;
    } else if (reason === 'missed_offers') {
      // A simulated agent who missed offers (answer delay longer than the offer timeout) comes straight back.
      this.events.push(at, BACK_AVAILABLE, agent);
    }
  }

  private count(event: QueueContactEvent): void {
    if (event.at < this.windowStart || event.at >= this.end) return;
    const queue = this.queueById.get(event.queueId) as SimQueue;
    addEventToTotals(queue.totals, event, queue.thresholds);
  }

  private noteWait(queue: SimQueue, at: number, waitMs: number): void {
    if (at >= this.windowStart && waitMs > queue.longestWaitMs) queue.longestWaitMs = waitMs;
  }

  /** Length of [from, to) within the measured window. */
  private clip(from: number, to: number): number {
    return Math.max(0, Math.min(to, this.end) - Math.max(from, this.windowStart));
  }

  private closeInterval(agent: SimAgent, at: number): void {
    const length = this.clip(agent.since, at);
    if (STAFFED[agent.state]) agent.staffedMs += length;
    if (HANDLING[agent.state]) agent.handlingMs += length;
  }

  // ---------------------------------------------------------------------------------------------------------
  // Report
  // ---------------------------------------------------------------------------------------------------------

  private report(): SimulationReport {
    const end = this.end;
    let staffedMs = 0;
    let handlingMs = 0;
    for (const agent of this.agents.values()) {
      this.closeInterval(agent, end);
      agent.since = end;
      staffedMs += agent.staffedMs;
      handlingMs += agent.handlingMs;
      for (const queue of agent.queues) queue.staffedMs += agent.staffedMs;
    }
    const waitingByQueue = new Map<SimQueue, number[]>(this.queues.map((queue) => [queue, []]));
    for (const contact of this.contacts.values()) {
      if (contact.phase <= 1) {
        waitingByQueue.get(contact.queue)?.push(contact.queueEnteredAt);
        this.noteWait(contact.queue, end, end - contact.queueEnteredAt);
      } else if (contact.phase <= 3) {
        contact.queue.handlingMs += this.clip(contact.connectedAt, end);
      }
    }
    const queues = this.queues.map((queue): SimulatedQueueReport => {
      const figures = figuresFromTotals(queue.totals, queue.thresholds, { startsAt: this.windowStart, endsAt: end }, { now: end, waitingEnqueuedAt: waitingByQueue.get(queue) ?? [] });
      const settings = normalizeQueue(queue.config.definition);
      const formula = queue.config.serviceLevelFormula;
      return {
        queueId: queue.id,
        name: queue.config.name,
        offered: figures.offered,
        answered: figures.answered,
        abandoned: figures.abandoned,
        shortAbandoned: figures.shortAbandoned,
        overflowedOut: figures.overflowedOut,
        completed: figures.completed,
        waitingAtEnd: figures.waitingCount,
        serviceLevelFormula: formula,
        serviceLevelThresholdSeconds: settings.serviceLevel.withinSeconds,
        serviceLevelTargetPercent: settings.serviceLevel.percent,
        serviceLevel: figures.serviceLevel[formula],
        serviceLevelByFormula: Object.fromEntries(SERVICE_LEVEL_FORMULAS.map((f) => [f, figures.serviceLevel[f]])) as Record<ServiceLevelFormula, number | null>,
        asaSeconds: figures.asaSeconds,
        ahtSeconds: figures.ahtSeconds,
        abandonRate: figures.abandonRate,
        occupancy: queue.staffedMs > 0 ? queue.handlingMs / queue.staffedMs : null,
        longestWaitSeconds: queue.longestWaitMs < 0 ? null : queue.longestWaitMs / 1000,
        figures,
      };
    });
    return {
      scenario: this.scenario.name,
      seed: this.seed,
      startsAt: new Date(this.start).toISOString(),
      durationSeconds: this.scenario.durationMs / 1000,
      warmUpSeconds: this.scenario.warmUpMs / 1000,
      arrivals: this.contactSeq,
      engineCommands: this.commands,
      refusedCommands: this.refused,
      agents: {
        count: this.agents.size,
        occupancy: staffedMs > 0 ? handlingMs / staffedMs : null,
        staffedHours: staffedMs / 3_600_000,
        handlingHours: handlingMs / 3_600_000,
      },
      queues,
    };
  }
}

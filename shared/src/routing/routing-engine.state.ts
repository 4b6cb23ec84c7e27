/**
 * The routing engine's state, owned by one `RoutingEngine`, and the building blocks every part of the engine
 * shares: reading the clock, interning skill and language names, building queues, agents and contacts, setting
 * timers and looking records up. The commands and the matching (routing-engine.ts), restoring and snapshots
 * (routing-engine.snapshot.ts), the audit and explanations all work on this one object.
 */
import { CHANNELS, VALUE_TIERS } from '../domain/call-centre';
import {
  CHANNEL_INDEX,
  NO_LANGUAGE,
  NO_REFUSALS,
  NO_TIME,
  OUT_OF_RUNS,
  afterEntry,
  afterNow,
  bit,
  enterWaiting,
  nextWaitingDue,
  type AgentRt,
  type ContactRt,
  type QueueRt,
  type TimerRt,
} from './routing-engine.model';
import { contactError } from './routing-engine.views';
import { RoutingError, type RoutingErrorCode } from './routing.errors';
import { agingRatePerMs, orderingKey, requirementsByStep, staticPriority, type QueueSettings } from './routing.policy';
import type { Actor, ContactRecord, NewContact, RoutingPolicy } from './routing.types';
import { RunQueue } from './run-queue';

export const MS = 1000;
export const seconds = (ms: number): number => ms / MS;
const agentActor = (agentId: string): Actor => ({ kind: 'agent', id: agentId });

/** Everything a routing engine knows: its records, their indexes by id, its timers, clock and counters. */
export interface EngineState {
  readonly policy: RoutingPolicy;
  readonly agingRate: number;
  /** Per channel held, the channels a contact on it blocks (see `routableMask`). */
  readonly blockMask: readonly number[];
  readonly queues: Map<string, QueueRt>;
  readonly agents: Map<string, AgentRt>;
  /** Agents in registration (ordinal) order. */
  readonly agentOrder: AgentRt[];
  readonly contacts: Map<string, ContactRt>;
  /** Interned skill and language names (`s:` or `l:` and the name); key 0 is NO_LANGUAGE, names are interned from 1. */
  readonly keyIds: Map<string, number>;
  readonly keyNames: string[];
  readonly languageKeys: Map<string, number>;
  /** Agents holding each skill, whatever their state: the rarest demanded skill bounds a queue's requalification. */
  readonly holders: Map<number, Set<AgentRt>>;
  /** Ordered by (due time, rank, seq), in runs by fixed delay (see `timerRun`). */
  readonly timers: RunQueue<TimerRt>;
  /** Run ids of the fixed delays timers are set with. */
  readonly timerRuns: Map<number, number>;
  /** Time of the last command (never runs backwards), -Infinity before the first. */
  clock: number;
  contactSeq: number;
  idleSeq: number;
  nextAgentOrdinal: number;
  nextQueueOrdinal: number;
  /** Set by a restore: the next command lets every routable agent look for work once (see `finish` in routing-engine.ts). */
  reconcilePending: boolean;
}

export function createEngineState(policy: RoutingPolicy): EngineState {
  return {
    policy,
    agingRate: agingRatePerMs(policy),
    blockMask: CHANNELS.map((held) => {
      let mask = 0;
      for (const blocked of policy.blockedWhileHolding[held] ?? []) mask |= bit(CHANNEL_INDEX[blocked]);
      return held === 'voice' ? mask | bit(CHANNEL_INDEX.voice) : mask;
    }),
    queues: new Map(),
    agents: new Map(),
    agentOrder: [],
    contacts: new Map(),
    keyIds: new Map<string, number>([['', NO_LANGUAGE]]),
    keyNames: [''],
    languageKeys: new Map(),
    holders: new Map(),
    timers: new RunQueue<TimerRt>(),
    timerRuns: new Map(),
    clock: Number.NEGATIVE_INFINITY,
    contactSeq: 0,
    idleSeq: 0,
    nextAgentOrdinal: 0,
    nextQueueOrdinal: 0,
    reconcilePending: false,
  };
}

/** The time a command given `now` happens at: never before the last command (time never runs backwards). */
export function timeOf(state: EngineState, now: number): number {
  if (typeof now !== 'number' || !Number.isFinite(now)) throw new RoutingError('INVALID_CONTACT', { problem: '`now` must be a finite epoch-ms number' });
  return now > state.clock ? now : state.clock;
}

/** Interned key of a language, cached by the bare name so a contact's arrival builds no string. */
export function languageKey(state: EngineState, language: string): number {
  let key = state.languageKeys.get(language);
  if (key === undefined) {
    key = keyOf(state, 'l', language);
    state.languageKeys.set(language, key);
  }
  return key;
}

export function keyOf(state: EngineState, kind: 's' | 'l', name: string): number {
  const label = `${kind}:${name}`;
  let id = state.keyIds.get(label);
  if (id === undefined) {
    id = state.keyNames.length;
    state.keyNames.push(label);
    state.keyIds.set(label, id);
  }
  return id;
}

export function createQueue(state: EngineState, settings: QueueSettings): QueueRt {
  const queue: QueueRt = {
    settings,
    ordinal: state.nextQueueOrdinal++,
    steps: [],
    scoreKeys: [],
    offerTimeoutMs: 0,
    wrapUpMs: [],
    overflowAfterMs: null,
    offerRun: -1,
    wrapUpRuns: [],
    overflowRun: -1,
    classes: new Map(),
    active: [],
    waitingCount: 0,
    memberCount: 0,
    rrCursor: -1,
    candidates: new Map(),
    channelMask: 0,
    qualified: new Map(),
  };
  compileQueue(state, queue);
  state.queues.set(settings.id, queue);
  return queue;
}

export function compileQueue(state: EngineState, queue: QueueRt): void {
  const settings = queue.settings;
  queue.steps = requirementsByStep(settings).map((requirements, i) => ({
    requirements,
    keys: requirements.map((r) => keyOf(state, 's', r.skill)),
    mins: requirements.map((r) => r.minProficiency),
    startsAfterMs: i === 0 ? 0 : settings.relaxation[i - 1].afterSeconds * MS,
    run: timerRun(state, afterEntry(i === 0 ? 0 : settings.relaxation[i - 1].afterSeconds * MS)),
  }));
  queue.scoreKeys = [...settings.requiredSkills, ...settings.optionalSkills].map((r) => keyOf(state, 's', r.skill));
  queue.offerTimeoutMs = settings.offerTimeoutSeconds * MS;
  queue.wrapUpMs = CHANNELS.map((channel) => (settings.wrapUpSecondsByChannel[channel] ?? settings.wrapUpSeconds) * MS);
  queue.overflowAfterMs = settings.overflow ? settings.overflow.afterSeconds * MS : null;
  queue.offerRun = timerRun(state, afterNow(queue.offerTimeoutMs));
  queue.wrapUpRuns = queue.wrapUpMs.map((ms) => timerRun(state, afterNow(ms)));
  queue.overflowRun = queue.overflowAfterMs === null ? -1 : timerRun(state, afterEntry(queue.overflowAfterMs));
}

/**
 * A small id for a fixed delay (see `afterNow`, `afterEntry`), interned when queues are compiled so the timer
 * queue finds the run by index rather than by hashing.
 */
export function timerRun(state: EngineState, delay: number): number {
  let id = state.timerRuns.get(delay);
  if (id === undefined) {
    id = state.timerRuns.size;
    state.timerRuns.set(delay, id);
  }
  return id;
}

/** Overflow targets must exist and never lead back to where they started. O(Q). */
export function checkOverflowGraph(state: EngineState, changed: QueueSettings, all?: Map<string, QueueSettings>): void {
  const lookup = (id: string) => (id === changed.id ? changed : (all?.get(id) ?? state.queues.get(id)?.settings));
  const seen = new Set<string>();
  for (let queue: QueueSettings | undefined = changed; queue?.overflow; ) {
    seen.add(queue.id);
    const next = lookup(queue.overflow.targetQueueId);
    if (!next) throw new RoutingError('INVALID_QUEUE', { queueId: changed.id, problem: `overflow target ${queue.overflow.targetQueueId} does not exist` });
    if (seen.has(next.id)) throw new RoutingError('INVALID_QUEUE', { queueId: changed.id, problem: 'overflow targets form a cycle' });
    queue = next;
  }
  // Queues overflowing into the changed one must not now form a cycle through it.
  for (const other of all?.values() ?? [...state.queues.values()].map((q) => q.settings)) {
    if (other.id === changed.id || !other.overflow) continue;
    const path = new Set<string>();
    for (let queue: QueueSettings | undefined = other; queue?.overflow; queue = lookup(queue.overflow.targetQueueId)) {
      if (path.has(queue.id)) throw new RoutingError('INVALID_QUEUE', { queueId: changed.id, problem: 'overflow targets form a cycle' });
      path.add(queue.id);
    }
  }
}

export function createAgent(state: EngineState, id: string, t: number): AgentRt {
  const agent: AgentRt = {
    id,
    ordinal: state.nextAgentOrdinal++,
    skills: {},
    languages: [],
    capacityOverride: {},
    cap: CHANNELS.map(() => 0),
    prof: new Map(),
    skillKeys: [],
    langKeys: [NO_LANGUAGE],
    presence: 'offline',
    reason: null,
    pending: null,
    pendingBy: null,
    disconnect: null,
    offer: null,
    reservedFor: null,
    held: [],
    heldCh: CHANNELS.map(() => 0),
    load: 0,
    connected: 0,
    wrapping: 0,
    state: 'offline',
    stateReason: null,
    stateSince: t,
    routable: 0,
    listed: false,
    idleSince: t,
    idleSeq: 0,
    missed: 0,
    qualified: [],
    preferred: new RunQueue<ContactRt>(),
    timer: null as unknown as TimerRt,
    dirty: false,
    self: agentActor(id),
  };
  (agent as { timer: TimerRt }).timer = { ...OUT_OF_RUNS, at: 0, rank: 0, seq: agent.ordinal, contact: null, agent };
  state.agents.set(id, agent);
  state.agentOrder.push(agent);
  return agent;
}

export function checkNewContact(state: EngineState, input: NewContact, t: number): { code: RoutingErrorCode; text: string } | null {
  if (typeof input?.id !== 'string' || input.id === '') return { code: 'INVALID_CONTACT', text: 'id missing' };
  if (state.contacts.has(input.id)) return { code: 'DUPLICATE_CONTACT', text: input.id };
  if (!CHANNELS.includes(input.channel)) return { code: 'INVALID_CONTACT', text: `unknown channel ${String(input.channel)}` };
  if (input.valueTier !== undefined && !VALUE_TIERS.includes(input.valueTier)) return { code: 'INVALID_CONTACT', text: `unknown value tier ${String(input.valueTier)}` };
  if (input.language !== undefined && (typeof input.language !== 'string' || input.language === '')) return { code: 'INVALID_CONTACT', text: 'language must be a non-empty string' };
  if (input.priorityBoost !== undefined && !Number.isFinite(input.priorityBoost)) return { code: 'INVALID_CONTACT', text: 'priorityBoost must be a number' };
  if (input.preferredWindowSeconds !== undefined && !(input.preferredWindowSeconds >= 0)) return { code: 'INVALID_CONTACT', text: 'preferredWindowSeconds must be >= 0' };
  if (input.enqueuedAt !== undefined && !(Number.isFinite(input.enqueuedAt) && input.enqueuedAt <= t)) return { code: 'INVALID_CONTACT', text: 'enqueuedAt must not be in the future' };
  return null;
}

export function createContact(state: EngineState, input: NewContact | ContactRecord, queue: QueueRt, t: number, seq = ++state.contactSeq): ContactRt {
  const record = input as ContactRecord;
  const enqueuedAt = input.enqueuedAt ?? t;
  const preferredAgentId = input.preferredAgentId ?? null;
  const ch = CHANNEL_INDEX[input.channel];
  const contact: ContactRt = {
    heapIndex: -1,
    run: null,
    prev: null,
    next: null,
    k1: 0,
    k2: 0,
    k3: 0,
    id: input.id,
    seq,
    queue,
    channel: input.channel,
    ch,
    language: input.language ?? null,
    langKey: input.language ? languageKey(state, input.language) : NO_LANGUAGE,
    valueTier: input.valueTier ?? 'ordinary',
    complaint: input.complaint === true,
    boost: input.priorityBoost ?? 0,
    staticPoints: 0,
    key: 0,
    enqueuedAt,
    firstEnqueuedAt: record.firstEnqueuedAt ?? enqueuedAt,
    waitStartedAt: record.waitStartedAt ?? enqueuedAt,
    priorWaitMs: record.priorWaitMs ?? 0,
    queueEnteredAt: record.queueEnteredAt ?? enqueuedAt,
    status: record.status ?? 'waiting',
    step: record.relaxationStep ?? -1,
    heap: null,
    cls: null,
    preferredAgentId,
    preferredUntil:
      record.preferredUntil !== undefined
        ? record.preferredUntil
        : preferredAgentId === null
          ? null
          : t + (input.preferredWindowSeconds ?? state.policy.preferredAgentWindowSeconds) * MS,
    refusals: NO_REFUSALS,
    agent: null,
    offerId: record.offer?.offerId ?? null,
    offeredAt: record.offer?.offeredAt ?? NO_TIME,
    expiresAt: record.offer?.expiresAt ?? NO_TIME,
    offerCount: record.offerCount ?? 0,
    connectedAt: record.connectedAt ?? NO_TIME,
    wrapUpStartedAt: record.wrapUpStartedAt ?? NO_TIME,
    wrapUpEndsAt: record.wrapUpEndsAt ?? NO_TIME,
    callback: input.callback === true,
    agentLost: record.agentLost === true,
    inWaiting: false,
    dirty: false,
    searchFrom: 0,
    dropped: false,
    timer: null as unknown as TimerRt,
  };
  (contact as { timer: TimerRt }).timer = {
    heapIndex: -1,
    run: null,
    prev: null,
    next: null,
    k1: 0,
    k2: 0,
    k3: 0,
    at: 0,
    rank: 1,
    seq,
    contact,
    agent: null,
  };
  reprice(state, contact);
  queue.memberCount++;
  if (contact.status === 'waiting') enterWaiting(contact);
  state.contacts.set(contact.id, contact);
  return contact;
}

export function reprice(state: EngineState, contact: ContactRt): void {
  contact.staticPoints = staticPriority(state.policy, contact.queue.settings.basePriority, contact.valueTier, contact.complaint, contact.boost);
  contact.key = orderingKey(contact.staticPoints, state.agingRate, contact.enqueuedAt);
}

export function effectivePriority(state: EngineState, contact: ContactRt, t: number): number {
  return contact.staticPoints + state.agingRate * (t - contact.enqueuedAt);
}

/**
 * Sets (or with null cancels) a timer. `run` names the fixed delay the due time was computed with, so timers
 * set in time order append to their run in O(1) (see RunQueue); it only affects speed, never the order.
 */
export function schedule(state: EngineState, timer: TimerRt, at: number | null, run?: number): void {
  if (state.timers.has(timer)) {
    if (timer.at === at) return;
    state.timers.remove(timer);
  }
  if (at === null) return;
  timer.at = at;
  state.timers.push(timer, run, at, timer.rank, timer.seq);
}

/** Schedules a waiting contact's next relaxation, overflow, window end or cooldown end. */
export function scheduleWaiting(state: EngineState, contact: ContactRt): void {
  const at = nextWaitingDue(contact);
  if (at === null) {
    schedule(state, contact.timer, null);
    return;
  }
  // Relaxation and overflow come a fixed time after entering the queue; windows and cooldowns have no run.
  const queue = contact.queue;
  const offset = at - contact.queueEnteredAt;
  const step = queue.steps[contact.step + 1];
  const run = step !== undefined && step.startsAfterMs === offset ? step.run : queue.overflowAfterMs === offset ? queue.overflowRun : undefined;
  schedule(state, contact.timer, at, run);
}

export function queueOrThrow(state: EngineState, queueId: string): QueueRt {
  const queue = state.queues.get(queueId);
  if (!queue) throw new RoutingError('UNKNOWN_QUEUE', { queueId });
  return queue;
}

export function agentOrThrow(state: EngineState, agentId: string): AgentRt {
  const agent = state.agents.get(agentId);
  if (!agent) throw new RoutingError('UNKNOWN_AGENT', { problem: String(agentId) });
  return agent;
}

export function contactOrThrow(state: EngineState, contactId: string): ContactRt {
  const contact = state.contacts.get(contactId);
  if (!contact) throw new RoutingError('UNKNOWN_CONTACT', { problem: String(contactId) });
  return contact;
}

/** The contact whose offer rings at the agent (then `contact.agent` is that agent), or the error to throw. */
export function ringingOffer(state: EngineState, contactId: string, agentId: string, t: number, offerId?: string): ContactRt {
  // The usual answer names the offer ringing at the agent: found through the agent, whose index is far smaller
  // than the contacts' (an offer in `agent.offer` is always a live, offered contact linked to that agent).
  const ringingAt = state.agents.get(agentId);
  const ringing = ringingAt === undefined ? null : ringingAt.offer;
  const contact = ringing !== null && ringing.id === contactId ? ringing : contactOrThrow(state, contactId);
  const agent = contact === ringing ? (ringingAt as AgentRt) : agentOf(state, contact, agentId);
  if (contact.status !== 'offered') throw contactError('OFFER_NOT_FOUND', contact);
  if (contact.agent !== agent) throw contactError('OFFER_NOT_YOURS', contact);
  if (offerId !== undefined && offerId !== contact.offerId) throw contactError('OFFER_NOT_FOUND', contact, `current offer is ${contact.offerId}`);
  if (t >= contact.expiresAt) throw contactError('OFFER_EXPIRED', contact);
  return contact;
}

/**
 * `agentOrThrow(agentId)`, skipping the lookup when the contact's own agent has that id (an agent linked to a
 * contact is always registered: removal needs a logged-out agent, who holds nothing).
 */
export function agentOf(state: EngineState, contact: ContactRt | undefined, agentId: string): AgentRt {
  const linked = contact === undefined ? null : contact.agent;
  return linked !== null && linked.id === agentId ? linked : agentOrThrow(state, agentId);
}

export function checkTransferable(contact: ContactRt): void {
  if (contact.status === 'wrap_up') throw contactError('INVALID_CONTACT_TRANSITION', contact, 'a contact in wrap-up cannot be transferred');
}

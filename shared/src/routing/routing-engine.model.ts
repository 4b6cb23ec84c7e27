/**
 * Internal, mutable runtime records of the routing engine, and the facts derived from a record alone (an agent's
 * aggregate state and routable channels, a contact's next timer...). Not exported from the package: callers see
 * AgentView / ContactView copies and RoutingSnapshot records.
 */
import {
  CHANNELS,
  type AgentState,
  type Channel,
  type NotReadyReason,
  type ValueTier,
} from '../domain/call-centre';
import type { QueueSettings } from './routing.policy';
import { RunQueue, type RunNode } from './run-queue';
import type { Actor, AgentPresence, LiveInteractionStatus, SkillRequirement } from './routing.types';

export const CHANNEL_COUNT = CHANNELS.length;
export const CHANNEL_INDEX: Readonly<Record<Channel, number>> = Object.freeze(
  Object.fromEntries(CHANNELS.map((channel, index) => [channel, index])) as Record<Channel, number>,
);
export const bit = (channelIndex: number): number => 1 << channelIndex;

/** Language key of contacts with no language (and of the candidate sets holding every qualified agent). */
export const NO_LANGUAGE = 0;

/** The skills demanded at one relaxation step, as interned key ids with their minimum proficiency. */
export interface StepRt {
  readonly keys: readonly number[];
  readonly mins: readonly number[];
  readonly requirements: readonly (SkillRequirement & { readonly kind: 'required' | 'optional' })[];
  /** Wait in the queue after which this step applies (0 for the inner ring). */
  readonly startsAfterMs: number;
  /** Timer run of the relaxation to this step (see `timerRun` in routing-engine.state.ts). */
  readonly run: number;
}

/**
 * Waiting contacts of one queue that demand exactly the same thing: same step, language and channel. The class
 * is itself the priority queue of its contacts, so reading its first contact takes no extra hop.
 */
export class ClassRt extends RunQueue<ContactRt> {
  /** Position in `queue.active[lang][step]` while non-empty, -1 otherwise. */
  activeIndex = -1;
  /**
   * Contacts queued here that some agent recently refused (refusals never change while a contact is queued):
   * while 0, an agent can take the first contact, so agent-side search compares classes by `firstK*` alone.
   */
  refusing = 0;

  constructor(
    readonly queue: QueueRt,
    readonly step: number,
    /** Interned language key, 0 when the contact has no language. */
    readonly lang: number,
    readonly ch: number,
  ) {
    super();
  }
}

/** That an agent can serve a queue, from which step: what the queue's candidate lists hold. */
export interface QualificationRt {
  readonly agent: AgentRt;
  readonly queue: QueueRt;
  /** First relaxation step at which the agent qualifies. */
  readonly minStep: number;
  /** Proficiency summed over the queue's required and optional skills (for `most_skilled`). */
  readonly score: number;
  /** One list node per (language slot, channel) the entry can be listed under, made on first use. */
  readonly nodes: (CandidateNode | undefined)[];
  /** `queue.active[lang]` for each of the agent's language slots: the classes agent-side search visits. */
  readonly active: readonly ClassRt[][][];
}

export interface CandidateNode {
  readonly entry: QualificationRt;
  /** The list this node joins whenever its agent is listed (fixed: a queue change makes new entries). */
  readonly home: CandidateList;
  prev: CandidateNode | null;
  next: CandidateNode | null;
  /** The list the node is in now: `home` or null. */
  list: CandidateList | null;
}

/**
 * Intrusive doubly linked list of candidates in idle order: O(1) append and removal, and iteration that never
 * walks over removed entries (a Set used as a queue accumulates deleted slots at its front).
 */
export class CandidateList {
  head: CandidateNode | null = null;
  tail: CandidateNode | null = null;
  size = 0;

  append(node: CandidateNode): void {
    node.list = this;
    node.prev = this.tail;
    node.next = null;
    if (this.tail) this.tail.next = node;
    else this.head = node;
    this.tail = node;
    this.size++;
  }

  remove(node: CandidateNode): void {
    if (node.prev) node.prev.next = node.next;
    else this.head = node.next;
    if (node.next) node.next.prev = node.prev;
    else this.tail = node.prev;
    node.prev = null;
    node.next = null;
    node.list = null;
    this.size--;
  }
}

export interface QueueRt {
  settings: QueueSettings;
  readonly ordinal: number;
  steps: StepRt[];
  /** Keys counted by `most_skilled` (required and optional skills). */
  scoreKeys: number[];
  offerTimeoutMs: number;
  wrapUpMs: number[];
  overflowAfterMs: number | null;
  /** Timer runs of offer expiry, wrap-up end by channel and overflow (-1 without overflow). */
  offerRun: number;
  wrapUpRuns: number[];
  overflowRun: number;
  classes: Map<number, ClassRt>;
  /**
   * Non-empty classes by language key then step, so agent-side search visits only non-empty classes it could
   * serve (its languages, from the step it qualifies at).
   */
  active: (ClassRt[][] | undefined)[];
  /** Waiting contacts of this queue (in class heaps or in a preferred-agent window). */
  waitingCount: number;
  /** Live contacts of this queue, whatever their status. */
  memberCount: number;
  /** Ordinal of the agent last offered a contact of this queue (round robin); -1 for none. */
  rrCursor: number;
  /**
   * Routable agents able to serve this queue, by candidateKey(minStep, language, channel): an agent sits in
   * the lists of its first qualifying step, of each language it speaks and of NO_LANGUAGE, for each channel it
   * can be offered now. List order is idle order (the agent is re-appended whenever its routable channels
   * change), so the head of a list is its longest idle agent.
   */
  candidates: Map<number, CandidateList>;
  /**
   * Channels whose candidate sets are kept: those of the contacts that ever entered the queue (a voice queue
   * keeps voice sets only). A channel is opened, its sets built in idle order, when its first contact arrives.
   */
  channelMask: number;
  /** Every agent qualifying for this queue at some step, routable or not. */
  readonly qualified: Map<AgentRt, QualificationRt>;
}

export interface Refusal {
  readonly agent: AgentRt;
  readonly until: number;
}

export interface TimerRt extends RunNode {
  at: number;
  /** Tie-breakers so simultaneous timers fire in a fixed order: agents (rank 0) before contacts (rank 1), then by seq. */
  readonly rank: number;
  readonly seq: number;
  readonly contact: ContactRt | null;
  readonly agent: AgentRt | null;
}

export interface ContactRt extends RunNode {
  readonly id: string;
  readonly seq: number;
  queue: QueueRt;
  readonly channel: Channel;
  readonly ch: number;
  readonly language: string | null;
  readonly langKey: number;
  readonly valueTier: ValueTier;
  readonly complaint: boolean;
  /** Priority points a supervisor added (see `setPriorityBoost`). */
  boost: number;
  staticPoints: number;
  /** Time-invariant ordering key (see `orderingKey`); higher is served first. */
  key: number;
  enqueuedAt: number;
  readonly firstEnqueuedAt: number;
  waitStartedAt: number;
  priorWaitMs: number;
  queueEnteredAt: number;
  status: LiveInteractionStatus;
  /** Relaxation step in the current queue; -1 before the contact is first placed there. */
  step: number;
  /** The heap the contact waits in: a class heap (`cls` set) or its preferred agent's heap (`cls` null). */
  heap: RunQueue<ContactRt> | null;
  cls: ClassRt | null;
  preferredAgentId: string | null;
  preferredUntil: number | null;
  refusals: readonly Refusal[];
  agent: AgentRt | null;
  offerId: string | null;
  /** Times of the offer, connection and wrap-up: NO_TIME when not set (see there). */
  offeredAt: number;
  expiresAt: number;
  offerCount: number;
  connectedAt: number;
  wrapUpStartedAt: number;
  wrapUpEndsAt: number;
  callback: boolean;
  agentLost: boolean;
  /** Counted in its queue's waitingCount. */
  inWaiting: boolean;
  /** Queued for a contact-side search at the end of the command. */
  dirty: boolean;
  /** First relaxation step whose candidates that search must examine. */
  searchFrom: number;
  /** Left routing (completed or abandoned). */
  dropped: boolean;
  readonly timer: TimerRt;
}

export interface DisconnectRt {
  readonly since: number;
  graceEndsAt: number | null;
  readonly previousPresence: AgentPresence;
  readonly previousReason: NotReadyReason | null;
  readonly previousPending: NotReadyReason | null;
  readonly previousPendingBy: Actor | null;
}

export interface AgentRt {
  readonly id: string;
  ordinal: number;
  skills: Record<string, number>;
  languages: string[];
  capacityOverride: Partial<Record<Channel, number>>;
  cap: number[];
  /** Interned skill and language keys to proficiency (languages count as proficiency 5). */
  prof: Map<number, number>;
  /** Interned skill keys held (for the holders index). */
  skillKeys: number[];
  /** NO_LANGUAGE followed by the interned keys of the languages spoken: the candidate sets the agent joins. */
  langKeys: number[];
  presence: AgentPresence;
  reason: NotReadyReason | null;
  pending: NotReadyReason | null;
  pendingBy: Actor | null;
  disconnect: DisconnectRt | null;
  offer: ContactRt | null;
  /** The call this agent is reserved for while a colleague consults them or adds them to a conference (see `reserveAgent`). */
  reservedFor: string | null;
  /** Contacts held (connected or in wrap-up), in no particular order: a few, so an array beats a Set. */
  readonly held: ContactRt[];
  readonly heldCh: number[];
  /** Σ held/capacity over the channels with capacity (for `least_occupied`), kept by `updateLoad`. */
  load: number;
  connected: number;
  wrapping: number;
  state: AgentState;
  stateReason: NotReadyReason | null;
  stateSince: number;
  /** Bit mask of channels the agent can be offered now. */
  routable: number;
  /** In the candidate lists (for the `routable` channels): always true for routable agents between commands. */
  listed: boolean;
  idleSince: number;
  idleSeq: number;
  missed: number;
  /** Queues whose contacts this agent can serve. */
  qualified: QualificationRt[];
  /** Contacts waiting for this agent alone (preferred-agent or transfer window). */
  readonly preferred: RunQueue<ContactRt>;
  readonly timer: TimerRt;
  /** Queued for an agent-side search at the end of the command. */
  dirty: boolean;
  /** The agent as the actor of their own requests. */
  readonly self: Actor;
}

/** Contact order: higher ordering key first, then earlier arrival, then earlier creation. A strict total order. */
export function contactBefore(a: ContactRt, b: ContactRt): boolean {
  if (a.key !== b.key) return a.key > b.key;
  if (a.enqueuedAt !== b.enqueuedAt) return a.enqueuedAt < b.enqueuedAt;
  return a.seq < b.seq;
}


/** Key of a class heap or a candidate set within a queue. */
export function candidateKey(step: number, lang: number, ch: number): number {
  return lang * 1_000_000 + step * CHANNEL_COUNT + ch;
}

export function bySeq(a: ContactRt, b: ContactRt): number {
  return a.seq - b.seq;
}

// -------------------------------------------------------------------------------------------------------------
// Facts derived from the records alone (no engine state): shared by the commands, restore and audit
// -------------------------------------------------------------------------------------------------------------

/**
 * Contact heaps order by ordering key (highest first), then arrival, then creation: see `contactBefore`. Contacts
 * of one static priority are in arrival order too, so they form a run (see RunQueue).
 */
export function pushContact(heap: RunQueue<ContactRt>, contact: ContactRt): void {
  heap.push(contact, contact.staticPoints, -contact.key, contact.enqueuedAt, contact.seq);
}

/** The fields of a RunNode outside any RunQueue. */
export const OUT_OF_RUNS: RunNode = Object.freeze({ heapIndex: -1, run: null, prev: null, next: null, k1: 0, k2: 0, k3: 0 });

/** Run of timers due a fixed delay after the command that sets them (offer expiry, wrap-up, disconnect grace). */
export function afterNow(delayMs: number): number {
  return 2 * delayMs;
}

/** Run of timers due a fixed time after the contact entered its queue (relaxation steps, overflow). */
export function afterEntry(offsetMs: number): number {
  return 2 * offsetMs + 1;
}

/**
 * A contact time not set (no offer ringing, not connected, no wrap-up). A number rather than null, so V8 keeps
 * these fields as numbers written in place: setting one on every offer, answer and wrap-up allocates nothing.
 */
export const NO_TIME = Number.NaN;

/** A contact time as records and views show it: null when not set. */
export function timeOrNull(time: number): number | null {
  return Number.isNaN(time) ? null : time;
}

/** Shared empty refusal list; refusal lists are replaced, never mutated in place. */
export const NO_REFUSALS: readonly Refusal[] = Object.freeze([]);

/** The not-ready reason shown with the aggregate state (only while not ready). */
export function stateReason(agent: AgentRt): NotReadyReason | null {
  return agent.presence === 'not_ready' ? agent.reason : null;
}

/** Σ held/capacity over the channels with capacity, summed in channel order (always the same way). */
export function loadOf(agent: AgentRt): number {
  let load = 0;
  for (let ch = 0; ch < CHANNEL_COUNT; ch++) if (agent.cap[ch] > 0) load += agent.heldCh[ch] / agent.cap[ch];
  return load;
}

/** Takes a contact out of the agent's held list (order does not matter there: the last one fills the gap). */
export function unhold(agent: AgentRt, contact: ContactRt): void {
  const held = agent.held;
  const i = held.indexOf(contact);
  const last = held.pop() as ContactRt;
  if (last !== contact) held[i] = last;
}

export function refusedBy(contact: ContactRt, agent: AgentRt): boolean {
  const refusals = contact.refusals;
  for (let i = 0; i < refusals.length; i++) if (refusals[i].agent === agent) return true;
  return false;
}

/**
 * The aggregate state shown to supervisors. Decision for multi-channel agents:
 * offline > not_ready (chosen, or disconnected) > reserved (an offer rings) > busy (any connected contact)
 * > wrap_up (only after-contact work left) > available. `busy` and `wrap_up` agents may still be routable
 * for channels with free capacity (see `routableMask`).
 */
export function aggregate(agent: AgentRt): AgentState {
  if (agent.presence === 'offline') return 'offline';
  if (agent.presence === 'not_ready') return 'not_ready';
  if (agent.offer || agent.reservedFor !== null) return 'reserved';
  if (agent.connected > 0) return 'busy';
  if (agent.wrapping > 0) return 'wrap_up';
  return 'available';
}

/** Recomputes `agent.load` after the work held or the capacity changed. */
export function updateLoad(agent: AgentRt): void {
  agent.load = loadOf(agent);
}

/**
 * Channels the agent can be offered now: available presence, no pending not-ready, no ringing offer (one offer
 * at a time), not disconnected, a free slot on the channel, and no held contact blocking it.
 */
export function routableMask(agent: AgentRt, blockMask: readonly number[]): number {
  if (agent.presence !== 'available' || agent.pending !== null || agent.offer !== null || agent.disconnect !== null || agent.reservedFor !== null) return 0;
  const blocked = heldBlockMask(agent, blockMask);
  let mask = 0;
  for (let ch = 0; ch < CHANNEL_COUNT; ch++) {
    if (agent.heldCh[ch] < agent.cap[ch] && (blocked & bit(ch)) === 0) mask |= bit(ch);
  }
  return mask;
}

/** Channels blocked by the work held (a contact in wrap-up still occupies its slot and blocks). */
export function heldBlockMask(agent: AgentRt, blockMask: readonly number[]): number {
  let blocked = 0;
  for (let ch = 0; ch < CHANNEL_COUNT; ch++) if (agent.heldCh[ch] > 0) blocked |= blockMask[ch];
  return blocked;
}

/** First relaxation step at which the agent's skills qualify (steps only ever relax), or -1. O(S·R). */
export function qualifyingStep(agent: AgentRt, queue: QueueRt): number {
  for (let s = 0; s < queue.steps.length; s++) {
    const step = queue.steps[s];
    if (step.keys.every((key, i) => (agent.prof.get(key) ?? 0) >= step.mins[i])) return s;
  }
  return -1;
}

export function skillScore(agent: AgentRt, queue: QueueRt): number {
  let score = 0;
  for (const key of queue.scoreKeys) score += agent.prof.get(key) ?? 0;
  return score;
}

export function stepAt(queue: QueueRt, waitedMs: number): number {
  let step = 0;
  while (step + 1 < queue.steps.length && queue.steps[step + 1].startsAfterMs <= waitedMs) step++;
  return step;
}

export function nextWaitingDue(contact: ContactRt): number | null {
  const queue = contact.queue;
  let next = Number.POSITIVE_INFINITY;
  if (contact.step + 1 < queue.steps.length) next = contact.queueEnteredAt + queue.steps[contact.step + 1].startsAfterMs;
  if (queue.overflowAfterMs !== null) next = Math.min(next, contact.queueEnteredAt + queue.overflowAfterMs);
  if (contact.preferredUntil !== null) next = Math.min(next, contact.preferredUntil);
  for (const refusal of contact.refusals) next = Math.min(next, refusal.until);
  return Number.isFinite(next) ? next : null;
}

export function enterWaiting(contact: ContactRt): void {
  if (contact.inWaiting) return;
  contact.inWaiting = true;
  contact.queue.waitingCount++;
}

export function leaveWaiting(contact: ContactRt): void {
  if (!contact.inWaiting) return;
  contact.inWaiting = false;
  contact.queue.waitingCount--;
}

/** Agents in longest-idle order. */
export function byIdleSeq(a: AgentRt, b: AgentRt): number {
  return a.idleSeq - b.idleSeq;
}

/** Contacts in the order they are served within one class. */
export function inContactOrder(a: ContactRt, b: ContactRt): number {
  return contactBefore(a, b) ? -1 : 1;
}

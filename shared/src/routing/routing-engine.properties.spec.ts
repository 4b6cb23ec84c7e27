import fc from 'fast-check';
import {
  ASSIGNMENT_STRATEGIES,
  CHANNELS,
  NOT_READY_REASONS,
  VALUE_TIERS,
  type AssignmentStrategy,
  type Channel,
  type InteractionStatus,
} from '../domain/call-centre';
import { RoutingEngine } from './routing-engine';
import type { RoutingCommand } from './routing.commands';
import { RoutingError } from './routing.errors';
import type { RoutingEvent } from './routing.events';
import type { AgentProfile, QueueDefinition, RoutingPolicy } from './routing.types';
import { OfferOracle } from './testing/offer-oracle';
import { T0 } from './testing/routing-factories';

/**
 * Random command sequences against the engine, checking after every step that:
 * - a refused command throws a RoutingError and leaves the engine exactly as it was;
 * - the indexes agree with a brute-force recomputation (`audit`), including "no waiting contact has an
 *   agent able to take it";
 * - the events, replayed into a simple model, agree with the engine: every contact is in exactly one status,
 *   none is lost, an offer rings at exactly one agent, no contact is with two agents, no agent is over capacity;
 * - every offer is the one the documented rules choose (`OfferOracle`, written apart from the engine), and no
 *   waiting contact is left with an agent able to take it;
 * - a snapshot restored mid-way behaves exactly like the original from then on.
 * Runs change agents, queues and the policy midway, move the clock backwards, and reach relaxation, overflow
 * and full capacity on every channel: the first property fails if, over its runs, they did not.
 */

const AGENTS = ['a0', 'a1', 'a2', 'a3', 'a4'];
const QUEUES = ['q0', 'q1', 'q2', 'q3'];
const LANGUAGES = ['en', 'zh-cmn'];
const CONTACT_CHANNELS: Channel[] = ['voice', 'voice', 'chat', 'chat', 'email', 'ticket'];

const queues: QueueDefinition[] = [
  {
    id: 'q0',
    requiredSkills: [{ skill: 'billing', minProficiency: 3 }],
    optionalSkills: [{ skill: 'vip', minProficiency: 2 }],
    relaxation: [
      { afterSeconds: 15, lowerMinProficiencyBy: 1 },
      { afterSeconds: 40, dropOptionalSkills: true, lowerMinProficiencyBy: 1 },
    ],
    overflow: { afterSeconds: 90, targetQueueId: 'q2' },
    offerTimeoutSeconds: 10,
    wrapUpSeconds: 8,
    basePriority: 5,
  },
  {
    id: 'q1',
    requiredSkills: [{ skill: 'tech', minProficiency: 2 }],
    strategy: 'most_skilled',
    offerTimeoutSeconds: 12,
    wrapUpSeconds: 0,
    wrapUpSecondsByChannel: { voice: 5 },
    overflow: { afterSeconds: 60, targetQueueId: 'q2' },
  },
  { id: 'q2', requiredSkills: [], strategy: 'round_robin', offerTimeoutSeconds: 8, wrapUpSeconds: 3 },
  {
    id: 'q3',
    requiredSkills: [{ skill: 'tech', minProficiency: 4 }],
    optionalSkills: [{ skill: 'billing', minProficiency: 3 }],
    relaxation: [{ afterSeconds: 20, dropOptionalSkills: true }, { afterSeconds: 35, lowerMinProficiencyBy: 2 }],
    strategy: 'least_occupied',
    overflow: { afterSeconds: 50, targetQueueId: 'q1' },
    offerTimeoutSeconds: 15,
    wrapUpSeconds: 0,
    basePriority: 10,
  },
];

const skillLevel = fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined, freq: 4 });
const agentArb = (id: string): fc.Arbitrary<AgentProfile> =>
  fc
    .record({
      billing: skillLevel,
      vip: skillLevel,
      tech: skillLevel,
      languages: fc.subarray(LANGUAGES),
      // Voice is at most one call at once by rule (the API refuses more); 0 takes the agent off calls, and a
      // larger number must still never put a call on top of a call (calls block calls).
      voice: fc.constantFrom(1, 1, 1, 0, 2),
      chat: fc.integer({ min: 0, max: 3 }),
      email: fc.integer({ min: 0, max: 3 }),
      ticket: fc.integer({ min: 0, max: 2 }),
    })
    .map(({ billing, vip, tech, languages, voice, chat, email, ticket }) => ({
      id,
      skills: Object.fromEntries(
        Object.entries({ billing, vip, tech }).filter((entry): entry is [string, number] => entry[1] !== undefined),
      ),
      languages,
      capacity: { voice, chat, email, ticket },
    }));

const policyArb: fc.Arbitrary<Partial<RoutingPolicy>> = fc.record({
  missedOffersBeforeNotReady: fc.integer({ min: 0, max: 3 }),
  rejectCountsAsMissed: fc.boolean(),
  reofferCooldownSeconds: fc.constantFrom(0, 5, 30),
  preferredAgentWindowSeconds: fc.constantFrom(0, 5, 15),
  transferToAgentWindowSeconds: fc.constantFrom(0, 10),
  disconnectGraceSeconds: fc.constantFrom(0, 10, 40),
  agingSecondsPerPoint: fc.constantFrom(0, 5, 30),
  complaintBonus: fc.constantFrom(0, 10, 25),
  valueTierBonus: fc.record({
    important: fc.constantFrom(30, 15),
    secondary: fc.constantFrom(20, 5),
    ordinary: fc.constantFrom(10, 0),
    small: fc.constantFrom(0, 10),
  }),
});

/** A queue changed mid-run: new base priority, strategy, minimum, relaxation times and overflow wait (same target). */
const queueChangeArb = fc.record({
  queue: fc.nat(QUEUES.length - 1),
  basePriority: fc.constantFrom(0, 5, 20),
  strategy: fc.constantFrom(...ASSIGNMENT_STRATEGIES),
  minProficiency: fc.integer({ min: 1, max: 5 }),
  relaxationScale: fc.constantFrom(0.5, 1, 2),
  overflowSeconds: fc.constantFrom(20, 60, 120),
});

function changedQueue(change: QueueChange): QueueDefinition {
  const base = queues[change.queue];
  return {
    ...base,
    basePriority: change.basePriority,
    strategy: change.strategy,
    requiredSkills: (base.requiredSkills ?? []).map((r) => ({ ...r, minProficiency: change.minProficiency })),
    relaxation: (base.relaxation ?? []).map((step) => ({ ...step, afterSeconds: step.afterSeconds * change.relaxationScale })),
    ...(base.overflow ? { overflow: { ...base.overflow, afterSeconds: change.overflowSeconds } } : {}),
  };
}

/** Steps refer to things by index; they are resolved against the live state when run. */
type Step =
  | { kind: 'arrive'; queue: number; channel: Channel; language: number; tier: number; complaint: boolean; preferred: number; callback: boolean }
  | { kind: 'abandon' | 'accept' | 'reject' | 'end' | 'callback'; pick: number; wrong: boolean }
  | { kind: 'transfer_queue'; pick: number; queue: number }
  | { kind: 'transfer_agent'; pick: number; agent: number }
  | { kind: 'end_wrap_up'; agent: number; all: boolean }
  | { kind: 'available' | 'login' | 'logout' | 'disconnect' | 'reconnect'; agent: number }
  | { kind: 'not_ready'; agent: number; reason: number }
  | { kind: 'change_agent'; profile: AgentProfile }
  | { kind: 'change_queue'; change: QueueChange }
  | { kind: 'change_policy'; policy: Partial<RoutingPolicy> }
  | { kind: 'raw'; command: RoutingCommand }
  | { kind: 'tick'; advanceMs: number };

type QueueChange = { queue: number; basePriority: number; strategy: AssignmentStrategy; minProficiency: number; relaxationScale: number; overflowSeconds: number };

const pick = fc.nat(50);
const agentIndex = fc.nat(AGENTS.length - 1);
const anyId = fc.constantFrom('a0', 'a3', 'c1', 'c2', 'c5', 'q1', 'nobody', '');
const rawCommand: fc.Arbitrary<RoutingCommand> = fc.oneof(
  fc.record({ type: fc.constant('accept' as const), contactId: anyId, agentId: anyId }),
  fc.record({ type: fc.constant('reject' as const), contactId: anyId, agentId: anyId }),
  fc.record({ type: fc.constant('end' as const), contactId: anyId }),
  fc.record({ type: fc.constant('abandon' as const), contactId: anyId }),
  fc.record({ type: fc.constant('end_wrap_up' as const), agentId: anyId, contactId: anyId }),
  fc.record({ type: fc.constant('transfer_to_queue' as const), contactId: anyId, queueId: anyId }),
  fc.record({ type: fc.constant('transfer_to_agent' as const), contactId: anyId, agentId: anyId }),
  fc.record({ type: fc.constant('set_not_ready' as const), agentId: anyId, reason: fc.constantFrom(...NOT_READY_REASONS) }),
  fc.record({ type: fc.constant('set_available' as const), agentId: anyId }),
  fc.record({ type: fc.constant('remove_queue' as const), queueId: anyId }),
  fc.record({
    type: fc.constant('enqueue' as const),
    contact: fc.record({ id: fc.constantFrom('x8', 'x9'), queueId: anyId, channel: fc.constantFrom<Channel>('voice', 'chat') }),
  }),
);

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 7,
    arbitrary: fc.record({
      kind: fc.constant('arrive' as const),
      queue: fc.nat(QUEUES.length - 1),
      channel: fc.constantFrom(...CONTACT_CHANNELS),
      language: fc.nat(LANGUAGES.length + 2),
      tier: fc.nat(VALUE_TIERS.length - 1),
      complaint: fc.boolean(),
      preferred: fc.nat(AGENTS.length * 3),
      callback: fc.boolean(),
    }),
  },
  { weight: 9, arbitrary: fc.record({ kind: fc.constant('accept' as const), pick, wrong: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('reject' as const), pick, wrong: fc.boolean() }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('end' as const), pick, wrong: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('abandon' as const), pick, wrong: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('callback' as const), pick, wrong: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('transfer_queue' as const), pick, queue: fc.nat(QUEUES.length - 1) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('transfer_agent' as const), pick, agent: agentIndex }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('end_wrap_up' as const), agent: agentIndex, all: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('available' as const), agent: agentIndex }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('not_ready' as const), agent: agentIndex, reason: fc.nat(NOT_READY_REASONS.length - 1) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('login' as const), agent: agentIndex }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('logout' as const), agent: agentIndex }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('disconnect' as const), agent: agentIndex }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reconnect' as const), agent: agentIndex }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('change_agent' as const), profile: agentIndex.chain((i) => agentArb(AGENTS[i])) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('change_queue' as const), change: queueChangeArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('change_policy' as const), policy: policyArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('raw' as const), command: rawCommand }) },
  {
    weight: 7,
    arbitrary: fc.record({
      kind: fc.constant('tick' as const),
      // Mostly short steps; some long enough for relaxation and overflow; some back in time (the engine keeps
      // the last time seen).
      advanceMs: fc.oneof(
        { weight: 4, arbitrary: fc.integer({ min: 0, max: 4_000 }) },
        { weight: 2, arbitrary: fc.integer({ min: 0, max: 30_000 }) },
        { weight: 1, arbitrary: fc.integer({ min: 30_000, max: 100_000 }) },
        { weight: 1, arbitrary: fc.integer({ min: -20_000, max: -1 }) },
      ),
    }),
  },
);

interface Scenario {
  policy: Partial<RoutingPolicy>;
  agents: AgentProfile[];
  steps: Step[];
  restoreAt: number;
}

const scenarioArb: fc.Arbitrary<Scenario> = fc.record({
  policy: policyArb,
  agents: fc.tuple(...AGENTS.map(agentArb)),
  steps: fc.array(stepArb, { minLength: 10, maxLength: 150 }),
  restoreAt: fc.nat(150),
});

/**
 * Turns an abstract step into a concrete command, looking at the live state so most steps are valid: a step
 * with nothing to act on becomes a tick at the same time rather than a command on an unknown id.
 */
function resolve(engine: RoutingEngine, step: Exclude<Step, { kind: 'change_policy' }>, counter: { next: number }): RoutingCommand {
  const live = engine.contactIds().map((id) => engine.getContact(id)!);
  const choose = (statuses: readonly InteractionStatus[], n: number) => {
    const candidates = live.filter((c) => statuses.includes(c.status));
    return candidates.length === 0 ? undefined : candidates[n % candidates.length];
  };
  const other = (agentId: string | null) => AGENTS.find((a) => a !== agentId) as string;
  const idle: RoutingCommand = { type: 'tick' };
  switch (step.kind) {
    case 'arrive':
      return {
        type: 'enqueue',
        contact: {
          id: `c${counter.next++}`,
          queueId: QUEUES[step.queue],
          channel: step.channel,
          language: LANGUAGES[step.language],
          valueTier: VALUE_TIERS[step.tier],
          complaint: step.complaint,
          preferredAgentId: AGENTS[step.preferred],
          callback: step.callback,
        },
      };
    case 'abandon':
    case 'callback': {
      const contact = choose(step.wrong ? ['connected', 'wrap_up'] : ['waiting', 'offered'], step.pick);
      if (!contact) return idle;
      return { type: step.kind === 'abandon' ? 'abandon' : 'request_callback', contactId: contact.id };
    }
    case 'accept':
    case 'reject': {
      const contact = choose(['offered'], step.pick);
      if (!contact) return idle;
      const agentId = step.wrong ? other(contact.agentId) : (contact.agentId as string);
      return { type: step.kind, contactId: contact.id, agentId };
    }
    case 'end': {
      const contact = choose(step.wrong ? ['waiting', 'offered'] : ['connected'], step.pick);
      return contact ? { type: 'end', contactId: contact.id } : idle;
    }
    case 'transfer_queue': {
      const contact = choose(['waiting', 'offered', 'connected', 'wrap_up'], step.pick);
      return contact ? { type: 'transfer_to_queue', contactId: contact.id, queueId: QUEUES[step.queue] } : idle;
    }
    case 'transfer_agent': {
      const contact = choose(['waiting', 'offered', 'connected'], step.pick);
      return contact ? { type: 'transfer_to_agent', contactId: contact.id, agentId: AGENTS[step.agent] } : idle;
    }
    case 'end_wrap_up': {
      const agentId = AGENTS[step.agent];
      const held = engine.getAgent(agentId)!.contactIds;
      return step.all || held.length === 0
        ? { type: 'end_wrap_up', agentId }
        : { type: 'end_wrap_up', agentId, contactId: held[0] };
    }
    case 'available':
      return { type: 'set_available', agentId: AGENTS[step.agent] };
    case 'not_ready':
      return { type: 'set_not_ready', agentId: AGENTS[step.agent], reason: NOT_READY_REASONS[step.reason] };
    case 'login':
    case 'logout':
    case 'disconnect':
    case 'reconnect':
      return { type: step.kind, agentId: AGENTS[step.agent] };
    case 'change_agent':
      return { type: 'upsert_agent', agent: step.profile };
    case 'change_queue':
      return { type: 'upsert_queue', queue: changedQueue(step.change) };
    case 'raw':
      return step.command;
    case 'tick':
      return { type: 'tick' };
  }
}

/** The server applies a policy change by rebuilding the core from its snapshot with the new rules. */
function withPolicy(engine: RoutingEngine, policy: Partial<RoutingPolicy>): RoutingEngine {
  return RoutingEngine.restore({ ...engine.snapshot(), policy });
}

type Outcome = { events: RoutingEvent[] } | { error: string };

function runOne(engine: RoutingEngine, command: RoutingCommand, now: number): Outcome {
  try {
    return { events: engine.dispatch(command, now) };
  } catch (error) {
    if (!(error instanceof RoutingError)) throw error;
    return { error: error.code };
  }
}

/** Replays events into plain maps and checks each transition is one the lifecycle allows. */
class EventModel {
  readonly status = new Map<string, InteractionStatus>();
  readonly agentOf = new Map<string, string>();
  readonly ringing = new Map<string, string>();
  arrivals = 0;

  apply(events: readonly RoutingEvent[]): void {
    for (const event of events) {
      const expect = (ok: boolean, what: string) => {
        if (!ok) throw new Error(`${what}: ${JSON.stringify(event)} (status ${'contactId' in event ? this.status.get(event.contactId) : '-'})`);
      };
      switch (event.type) {
        case 'contact.queued':
          if (event.reason === 'arrival') {
            expect(!this.status.has(event.contactId), 'arrival of a known contact');
            this.arrivals++;
          } else expect(this.status.get(event.contactId) === 'waiting', 'queued while not waiting');
          this.status.set(event.contactId, 'waiting');
          break;
        case 'contact.offered':
          expect(this.status.get(event.contactId) === 'waiting', 'offer of a contact not waiting');
          expect(![...this.ringing.values()].includes(event.agentId), 'second offer ringing at one agent');
          this.status.set(event.contactId, 'offered');
          this.ringing.set(event.contactId, event.agentId);
          break;
        case 'offer.accepted':
        case 'offer.rejected':
        case 'offer.expired':
        case 'offer.withdrawn':
          expect(this.status.get(event.contactId) === 'offered' && this.ringing.get(event.contactId) === event.agentId, 'offer end without offer');
          this.ringing.delete(event.contactId);
          this.status.set(event.contactId, event.type === 'offer.accepted' ? 'offered' : 'waiting');
          break;
        case 'contact.connected':
          expect(this.status.get(event.contactId) === 'offered', 'connect without accepted offer');
          this.status.set(event.contactId, 'connected');
          this.agentOf.set(event.contactId, event.agentId);
          break;
        case 'contact.wrap_up':
          expect(this.status.get(event.contactId) === 'connected', 'wrap-up while not connected');
          this.status.set(event.contactId, 'wrap_up');
          break;
        case 'contact.completed':
          expect(['connected', 'wrap_up'].includes(this.status.get(event.contactId) as string), 'completion of unhandled contact');
          expect(this.agentOf.get(event.contactId) === event.agentId, 'completed by another agent');
          this.status.set(event.contactId, 'completed');
          this.agentOf.delete(event.contactId);
          break;
        case 'contact.abandoned':
          expect(this.status.get(event.contactId) === 'waiting', 'abandon of a contact not waiting');
          this.status.set(event.contactId, 'abandoned');
          break;
        case 'contact.transferred':
          expect(['waiting', 'connected'].includes(this.status.get(event.contactId) as string), 'transfer from a wrong status');
          this.status.set(event.contactId, 'waiting');
          this.agentOf.delete(event.contactId);
          break;
        case 'contact.requeued':
          expect(this.status.get(event.contactId) === 'connected', 'requeue of a contact not connected');
          this.status.set(event.contactId, 'waiting');
          this.agentOf.delete(event.contactId);
          break;
        case 'contact.overflowed':
        case 'contact.relaxed':
        case 'contact.preference_ended':
          expect(this.status.get(event.contactId) === 'waiting', `${event.type} of a contact not waiting`);
          break;
        case 'contact.callback_requested':
          expect(['waiting', 'offered'].includes(this.status.get(event.contactId) as string), 'callback of a contact not waiting');
          break;
        case 'contact.agent_lost':
          expect(this.status.get(event.contactId) === 'connected', 'lost contact not connected');
          break;
        default:
          break;
      }
    }
  }
}

function check(ok: boolean, problem: string): void {
  if (!ok) throw new Error(problem);
}

/** What the runs reached, beyond the oracle's own counts. */
interface RunReach {
  commands: number;
  /** Commands refused because they named a contact, agent or queue routing does not know. */
  unknownIds: number;
  maxLive: number;
  /** Channels on which some agent held as many contacts as their capacity (and at least one). */
  fullChannels: Set<Channel>;
  relaxations: number;
  backwardCommands: number;
}

function checkAgainstEngine(model: EventModel, engine: RoutingEngine, heldBefore: Map<string, Record<Channel, number>>, reach: RunReach): void {
  const live = new Set(engine.contactIds());
  let completedOrAbandoned = 0;
  for (const [id, status] of model.status) {
    if (status === 'completed' || status === 'abandoned') {
      completedOrAbandoned++;
      check(!live.has(id), `${id} is ${status} but still live`);
      continue;
    }
    const contact = engine.getContact(id);
    check(contact?.status === status, `${id}: engine says ${contact?.status}, events say ${status}`);
    if (status === 'connected' || status === 'wrap_up') check(contact?.agentId === model.agentOf.get(id), `${id}: agent differs`);
    if (status === 'offered') check(contact?.agentId === model.ringing.get(id), `${id}: offered agent differs`);
  }
  // None lost: every arrival is live, completed or abandoned, exactly once.
  check(live.size + completedOrAbandoned === model.arrivals, 'contacts lost or duplicated');
  check(model.status.size === model.arrivals, 'contacts unaccounted for');
  reach.maxLive = Math.max(reach.maxLive, live.size);

  const holders = new Map<string, string[]>();
  const ringingAt = new Map<string, string[]>();
  const policy = engine.settings;
  for (const agentId of AGENTS) {
    const agent = engine.getAgent(agentId)!;
    for (const id of agent.contactIds) holders.set(id, [...(holders.get(id) ?? []), agentId]);
    if (agent.offeredContactId) ringingAt.set(agent.offeredContactId, [...(ringingAt.get(agent.offeredContactId) ?? []), agentId]);
    // Capacity as configured: the policy's default, overridden per channel by the agent's profile.
    const capacity = { ...policy.defaultCapacity, ...engine.snapshot().agents.find((a) => a.id === agentId)!.capacity };
    const offered = agent.offeredContactId ? engine.getContact(agent.offeredContactId)!.channel : null;
    const before = heldBefore.get(agentId);
    for (const channel of CHANNELS) {
      const held = agent.heldByChannel[channel];
      // A capacity lowered under the work held takes nothing away, but the agent takes nothing more on that channel
      // (an offer ringing when the capacity was lowered cannot be accepted). Offers are checked by the oracle.
      check(held <= capacity[channel] || held <= (before?.[channel] ?? 0), `${agentId} over capacity on ${channel}`);
      if (held > 0 && held === capacity[channel]) reach.fullChannels.add(channel);
    }
    heldBefore.set(agentId, { ...agent.heldByChannel });
    // Never a call on top of a call, nor a call and a chat together (default blocking rules).
    check(agent.heldByChannel.voice + (offered === 'voice' ? 1 : 0) <= 1, `${agentId}: a call on top of a call`);
    check(agent.heldByChannel.voice === 0 || agent.heldByChannel.chat === 0, `${agentId}: a call and a chat together`);
  }
  for (const id of live) {
    const contact = engine.getContact(id)!;
    const heldBy = holders.get(id) ?? [];
    const rungAt = ringingAt.get(id) ?? [];
    const one = (list: string[]) => (list.length === 1 ? list[0] : `${list.length} agents`);
    if (contact.status === 'offered') {
      check(one(rungAt) === contact.agentId && heldBy.length === 0, `${id} must ring at exactly one agent`);
    } else if (contact.status === 'connected' || contact.status === 'wrap_up') {
      check(one(heldBy) === contact.agentId && rungAt.length === 0, `${id} must be with exactly one agent`);
    } else {
      check(heldBy.length === 0 && rungAt.length === 0, `waiting ${id} is with an agent`);
    }
  }
}

function buildEngine(scenario: Scenario): RoutingEngine {
  const engine = new RoutingEngine({ policy: scenario.policy });
  // Overflow targets first: a queue can only overflow into an existing one.
  for (const queue of [q('q2'), q('q1'), q('q3'), q('q0')]) engine.upsertQueue(queue, T0);
  for (const agent of scenario.agents) {
    engine.upsertAgent(agent, T0);
    engine.login(agent.id, T0);
  }
  return engine;
}

function q(id: string): QueueDefinition {
  return queues.find((queue) => queue.id === id)!;
}

/** The time of the next step: commands come 250 ms apart, ticks move the clock (sometimes backwards). */
function nextNow(now: number, step: Step): number {
  return now + (step.kind === 'tick' ? step.advanceMs : 250);
}

const UNKNOWN: readonly string[] = ['UNKNOWN_QUEUE', 'UNKNOWN_AGENT', 'UNKNOWN_CONTACT'];

/**
 * Runs one scenario with every check after every step; throws on the first problem. The oracle and the reach
 * counters are shared across runs, so the suite can tell what the runs as a whole exercised.
 */
function runChecked(scenario: Scenario, oracle: OfferOracle, reach: RunReach): void {
  let engine = buildEngine(scenario);
  oracle.newRun();
  const model = new EventModel();
  const counter = { next: 0 };
  const heldBefore = new Map<string, Record<Channel, number>>();
  let now = T0;
  let contactSideKnown = true;
  for (const step of scenario.steps) {
    now = nextNow(now, step);
    if (step.kind === 'change_policy') {
      engine = withPolicy(engine, step.policy);
      // The first command after a restore lets every agent look for work again.
      contactSideKnown = false;
      continue;
    }
    const command = resolve(engine, step, counter);
    const before = engine.snapshot();
    const beforeText = JSON.stringify(before);
    const clockBefore = before.clock ?? Number.NEGATIVE_INFINITY;
    const outcome = runOne(engine, command, now);
    reach.commands++;
    if (now < clockBefore) reach.backwardCommands++;
    if ('error' in outcome) {
      if (UNKNOWN.includes(outcome.error)) reach.unknownIds++;
      check(JSON.stringify(engine.snapshot()) === beforeText, `refused ${JSON.stringify(command)} changed the engine`);
    } else {
      model.apply(outcome.events);
      const after = engine.snapshot();
      // Time never runs backwards: the command happens at the later of its time and the last time seen (a
      // command that changes nothing may leave the clock where it was).
      check(after.clock === Math.max(clockBefore, now) || after.clock === clockBefore, `clock ${after.clock} after a command at ${now} (was ${clockBefore})`);
      for (const event of outcome.events) check(event.at >= clockBefore && event.at <= (after.clock as number), `event in the past: ${JSON.stringify(event)}`);
      reach.relaxations += outcome.events.filter((e) => e.type === 'contact.relaxed').length;
      const problems = oracle.check({
        policy: engine.settings,
        before,
        after,
        events: outcome.events,
        ticked: command.type === 'tick',
        contactSideKnown: contactSideKnown && command.type !== 'upsert_queue',
      });
      if (problems.length > 0) throw new Error(`offer oracle, after ${JSON.stringify(command)} at ${now}:\n${problems.join('\n')}`);
      contactSideKnown = true;
    }
    const problems = engine.audit({ exhaustive: true });
    if (problems.length > 0) throw new Error(problems.join('\n'));
    checkAgainstEngine(model, engine, heldBefore, reach);
  }
}

/**
 * Runs a scenario without checks, returning each step's outcome (a policy change counts as a step with no
 * events). At step `restoreAt` the engine is replaced by one restored from its snapshot.
 */
function outcomes(scenario: Scenario, restoreAt = -1): { engine: RoutingEngine; results: Outcome[] } {
  let engine = buildEngine(scenario);
  const counter = { next: 0 };
  let now = T0;
  const results: Outcome[] = [];
  scenario.steps.forEach((step, i) => {
    if (i === restoreAt) engine = RoutingEngine.restore(JSON.parse(JSON.stringify(engine.snapshot())));
    now = nextNow(now, step);
    if (step.kind === 'change_policy') {
      engine = withPolicy(engine, step.policy);
      results.push({ events: [] });
      return;
    }
    results.push(runOne(engine, resolve(engine, step, counter), now));
  });
  return { engine, results };
}

describe('routing engine under random command sequences', () => {
  it('keeps every invariant, offers each freed agent the contact the documented rules choose, and reaches overflow, relaxation and full capacity', () => {
    const oracle = new OfferOracle();
    const reach: RunReach = { commands: 0, unknownIds: 0, maxLive: 0, fullChannels: new Set(), relaxations: 0, backwardCommands: 0 };
    fc.assert(
      fc.property(scenarioArb, (scenario) => runChecked(scenario, oracle, reach)),
      { numRuns: 200 },
    );
    // The runs as a whole reach what the rules are about: otherwise the checks above prove little.
    const reached = {
      overflow: oracle.reach.overflows > 0,
      offerAfterOverflow: oracle.reach.offersAfterOverflow > 0,
      relaxation: reach.relaxations > 0,
      offerAtRelaxedStep: oracle.reach.offersAtRelaxedStep > 0,
      offerWithSeveralContactsToChooseFrom: oracle.reach.offersWithChoice > 0,
      offerInPreferredWindow: oracle.reach.offersInPreferredWindow > 0,
      fullCapacityOn: [...reach.fullChannels].sort(),
      strategyChoices: Object.keys(oracle.reach.strategyChoices).sort(),
      manyLiveContacts: reach.maxLive >= 15,
      commandsBackInTime: reach.backwardCommands > 0,
      // Few commands are spent on ids routing does not know (only the deliberately wrong ones).
      fewUnknownIds: reach.unknownIds / reach.commands < 0.05,
    };
    expect(reached).toEqual({
      overflow: true,
      offerAfterOverflow: true,
      relaxation: true,
      offerAtRelaxedStep: true,
      offerWithSeveralContactsToChooseFrom: true,
      offerInPreferredWindow: true,
      fullCapacityOn: [...CHANNELS].sort(),
      strategyChoices: [...ASSIGNMENT_STRATEGIES].sort(),
      manyLiveContacts: true,
      commandsBackInTime: true,
      fewUnknownIds: true,
    });
  });

  it('a restored snapshot behaves exactly like the engine it was taken from', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const restoreAt = scenario.restoreAt % scenario.steps.length;
        const original = outcomes(scenario);
        const restored = outcomes(scenario, restoreAt);
        expect(restored.results).toEqual(original.results);
        expect(restored.engine.audit({ exhaustive: true })).toEqual([]);
        expect(restored.engine.snapshot()).toEqual(original.engine.snapshot());
      }),
      { numRuns: 120 },
    );
  });

  it('is deterministic: the same commands give the same events', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        expect(outcomes(scenario).results).toEqual(outcomes(scenario).results);
      }),
      { numRuns: 30 },
    );
  });
});

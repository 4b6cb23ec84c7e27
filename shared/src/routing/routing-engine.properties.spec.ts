import fc from 'fast-check';
import { CHANNELS, NOT_READY_REASONS, VALUE_TIERS, type Channel, type InteractionStatus } from '../domain/call-centre';
import { RoutingEngine } from './routing-engine';
import type { RoutingCommand } from './routing.commands';
import { RoutingError } from './routing.errors';
import type { RoutingEvent } from './routing.events';
import type { AgentProfile, QueueDefinition, RoutingPolicy } from './routing.types';
import { T0 } from './testing/routing-factories';

/**
 * Random command sequences against the engine, checking after every step that:
 * - a refused command throws a RoutingError and leaves the engine exactly as it was;
 * - the indexes agree with a brute-force recomputation (`audit`), including "no waiting contact has an
 *   agent able to take it";
 * - the events, replayed into a simple model, agree with the engine: every contact is in exactly one status,
 *   none is lost, an offer rings at exactly one agent, no contact is with two agents, no agent is over capacity;
 * - a snapshot restored mid-way behaves exactly like the original from then on.
 */

const AGENTS = ['a0', 'a1', 'a2', 'a3', 'a4'];
const QUEUES = ['q0', 'q1', 'q2'];
const LANGUAGES = ['en', 'zh-cmn'];

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
];

const skillLevel = fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined, freq: 4 });
const agentArb = (id: string): fc.Arbitrary<AgentProfile> =>
  fc
    .record({
      billing: skillLevel,
      vip: skillLevel,
      tech: skillLevel,
      languages: fc.subarray(LANGUAGES),
      chat: fc.integer({ min: 0, max: 3 }),
      email: fc.integer({ min: 0, max: 2 }),
    })
    .map(({ billing, vip, tech, languages, chat, email }) => ({
      id,
      skills: Object.fromEntries(
        Object.entries({ billing, vip, tech }).filter((entry): entry is [string, number] => entry[1] !== undefined),
      ),
      languages,
      capacity: { chat, email },
    }));

const policyArb: fc.Arbitrary<Partial<RoutingPolicy>> = fc.record({
  missedOffersBeforeNotReady: fc.integer({ min: 0, max: 3 }),
  rejectCountsAsMissed: fc.boolean(),
  reofferCooldownSeconds: fc.constantFrom(0, 5, 30),
  preferredAgentWindowSeconds: fc.constantFrom(0, 5, 15),
  transferToAgentWindowSeconds: fc.constantFrom(0, 10),
  disconnectGraceSeconds: fc.constantFrom(0, 10, 40),
  agingSecondsPerPoint: fc.constantFrom(0, 5, 30),
});

/** Steps refer to things by index; they are resolved against the live state when run. */
type Step =
  | { kind: 'arrive'; queue: number; channel: Channel; language: number; tier: number; complaint: boolean; preferred: number; callback: boolean }
  | { kind: 'abandon' | 'accept' | 'reject' | 'end' | 'callback'; pick: number; wrong: boolean }
  | { kind: 'transfer_queue'; pick: number; queue: number }
  | { kind: 'transfer_agent'; pick: number; agent: number }
  | { kind: 'end_wrap_up'; agent: number; all: boolean }
  | { kind: 'available' | 'login' | 'logout' | 'disconnect' | 'reconnect'; agent: number }
  | { kind: 'not_ready'; agent: number; reason: number }
  | { kind: 'raw'; command: RoutingCommand }
  | { kind: 'tick'; advanceMs: number };

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
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('arrive' as const),
      queue: fc.nat(QUEUES.length - 1),
      channel: fc.constantFrom<Channel>('voice', 'voice', 'chat', 'chat', 'email'),
      language: fc.nat(LANGUAGES.length + 2),
      tier: fc.nat(VALUE_TIERS.length - 1),
      complaint: fc.boolean(),
      preferred: fc.nat(AGENTS.length * 3),
      callback: fc.boolean(),
    }),
  },
  { weight: 9, arbitrary: fc.record({ kind: fc.constant('accept' as const), pick, wrong: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('reject' as const), pick, wrong: fc.boolean() }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('end' as const), pick, wrong: fc.boolean() }) },
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
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('raw' as const), command: rawCommand }) },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('tick' as const),
      advanceMs: fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 4_000 }) }, fc.integer({ min: 0, max: 30_000 })),
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
  steps: fc.array(stepArb, { minLength: 10, maxLength: 90 }),
  restoreAt: fc.nat(90),
});

/** Turns an abstract step into a concrete command, looking at the live state so most steps are valid. */
function resolve(engine: RoutingEngine, step: Step, counter: { next: number }): RoutingCommand {
  const live = engine.contactIds().map((id) => engine.getContact(id)!);
  const choose = (statuses: readonly InteractionStatus[], n: number) => {
    const candidates = live.filter((c) => statuses.includes(c.status));
    return candidates.length === 0 ? undefined : candidates[n % candidates.length];
  };
  const other = (agentId: string | null) => AGENTS.find((a) => a !== agentId) as string;
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
      return { type: step.kind === 'abandon' ? 'abandon' : 'request_callback', contactId: contact?.id ?? 'none' };
    }
    case 'accept':
    case 'reject': {
      const contact = choose(['offered'], step.pick);
      const agentId = step.wrong ? other(contact?.agentId ?? null) : (contact?.agentId ?? 'a0');
      return { type: step.kind, contactId: contact?.id ?? 'none', agentId };
    }
    case 'end': {
      const contact = choose(step.wrong ? ['waiting', 'offered'] : ['connected'], step.pick);
      return { type: 'end', contactId: contact?.id ?? 'none' };
    }
    case 'transfer_queue': {
      const contact = choose(['waiting', 'offered', 'connected', 'wrap_up'], step.pick);
      return { type: 'transfer_to_queue', contactId: contact?.id ?? 'none', queueId: QUEUES[step.queue] };
    }
    case 'transfer_agent': {
      const contact = choose(['waiting', 'offered', 'connected'], step.pick);
      return { type: 'transfer_to_agent', contactId: contact?.id ?? 'none', agentId: AGENTS[step.agent] };
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
    case 'raw':
      return step.command;
    case 'tick':
      return { type: 'tick' };
  }
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

function checkAgainstEngine(model: EventModel, engine: RoutingEngine, capacities: Map<string, Record<Channel, number>>): void {
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

  const holders = new Map<string, string[]>();
  const ringingAt = new Map<string, string[]>();
  for (const agentId of AGENTS) {
    const agent = engine.getAgent(agentId)!;
    for (const id of agent.contactIds) holders.set(id, [...(holders.get(id) ?? []), agentId]);
    if (agent.offeredContactId) ringingAt.set(agent.offeredContactId, [...(ringingAt.get(agent.offeredContactId) ?? []), agentId]);
    const capacity = capacities.get(agentId)!;
    const offered = agent.offeredContactId ? engine.getContact(agent.offeredContactId)!.channel : null;
    for (const channel of CHANNELS) {
      const load = agent.heldByChannel[channel] + (offered === channel ? 1 : 0);
      check(load <= capacity[channel], `${agentId} over capacity on ${channel}`);
    }
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
  for (const queue of [...queues].reverse()) engine.upsertQueue(queue, T0);
  for (const agent of scenario.agents) {
    engine.upsertAgent(agent, T0);
    engine.login(agent.id, T0);
  }
  return engine;
}

describe('routing engine under random command sequences', () => {
  it('keeps every invariant, and refused commands change nothing', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const engine = buildEngine(scenario);
        const capacities = new Map(AGENTS.map((id) => [id, engine.getAgent(id)!.capacity]));
        const model = new EventModel();
        const counter = { next: 0 };
        let now = T0;
        for (const step of scenario.steps) {
          now += step.kind === 'tick' ? step.advanceMs : 250;
          const command = resolve(engine, step, counter);
          const before = JSON.stringify(engine.snapshot());
          const outcome = runOne(engine, command, now);
          if ('error' in outcome) {
            check(JSON.stringify(engine.snapshot()) === before, `refused ${JSON.stringify(command)} changed the engine`);
          } else {
            model.apply(outcome.events);
          }
          const problems = engine.audit({ exhaustive: true });
          if (problems.length > 0) throw new Error(problems.join('\n'));
          checkAgainstEngine(model, engine, capacities);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('a restored snapshot behaves exactly like the engine it was taken from', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const original = buildEngine(scenario);
        const counter = { next: 0 };
        let now = T0;
        let restored: RoutingEngine | null = null;
        const restoreAt = scenario.restoreAt % scenario.steps.length;
        scenario.steps.forEach((step, i) => {
          if (i === restoreAt) restored = RoutingEngine.restore(JSON.parse(JSON.stringify(original.snapshot())));
          now += step.kind === 'tick' ? step.advanceMs : 250;
          const command = resolve(original, step, counter);
          const expected = runOne(original, command, now);
          if (restored) {
            const actual = runOne(restored, command, now);
            expect(actual).toEqual(expected);
          }
        });
        expect(restored).not.toBeNull();
        const engine = restored as unknown as RoutingEngine;
        expect(engine.audit({ exhaustive: true })).toEqual([]);
        expect(engine.snapshot()).toEqual(original.snapshot());
      }),
      { numRuns: 120 },
    );
  });

  it('is deterministic: the same commands give the same events', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const run = () => {
          const engine = buildEngine(scenario);
          const counter = { next: 0 };
          let now = T0;
          return scenario.steps.map((step) => {
            now += step.kind === 'tick' ? step.advanceMs : 250;
            return runOne(engine, resolve(engine, step, counter), now);
          });
        };
        expect(run()).toEqual(run());
      }),
      { numRuns: 30 },
    );
  });
});

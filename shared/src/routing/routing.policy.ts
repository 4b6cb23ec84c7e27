import {
  ASSIGNMENT_STRATEGIES,
  CHANNELS,
  DEFAULT_CHANNEL_CAPACITY,
  VALUE_TIERS,
  type AssignmentStrategy,
  type Channel,
  type ValueTier,
} from '../domain/call-centre';
import { RoutingError } from './routing.errors';
import type {
  AgentProfile,
  QueueDefinition,
  RelaxationStep,
  RoutingPolicy,
  ServiceLevelTarget,
  SkillRequirement,
} from './routing.types';

export const DEFAULT_ROUTING_POLICY: RoutingPolicy = Object.freeze({
  // Key customers first (domain rule); aging lets an ordinary customer overtake a fresh important one
  // after (30 - 10) * 10 s = 200 s, so nobody starves.
  valueTierBonus: Object.freeze({ important: 30, secondary: 20, ordinary: 10, small: 0 }),
  complaintBonus: 10,
  agingSecondsPerPoint: 10,
  missedOffersBeforeNotReady: 2,
  rejectCountsAsMissed: true,
  reofferCooldownSeconds: 30,
  preferredAgentWindowSeconds: 10,
  transferToAgentWindowSeconds: 30,
  disconnectGraceSeconds: 60,
  defaultCapacity: DEFAULT_CHANNEL_CAPACITY,
  // No new contact of any channel during a call; no call while chatting (both are live conversations);
  // e-mails and tickets are deferred work and block nothing.
  blockedWhileHolding: Object.freeze({
    voice: Object.freeze(['voice', 'chat', 'email', 'ticket'] as Channel[]),
    chat: Object.freeze(['voice'] as Channel[]),
    email: Object.freeze([] as Channel[]),
    ticket: Object.freeze([] as Channel[]),
  }),
});

export const DEFAULT_SERVICE_LEVEL: ServiceLevelTarget = Object.freeze({ percent: 80, withinSeconds: 20 });
export const DEFAULT_OFFER_TIMEOUT_SECONDS = 20;
export const DEFAULT_WRAP_UP_SECONDS = 30;

const isNonNegative = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && n >= 0;
const isProficiency = (n: unknown): n is number => Number.isInteger(n) && (n as number) >= 1 && (n as number) <= 5;

/** Rules as stored: a rule left out, or an entry left out of one of the tables, takes its default. */
export type RoutingPolicyOverrides = {
  readonly [K in keyof RoutingPolicy]?: K extends PolicyTable ? Partial<RoutingPolicy[K]> : RoutingPolicy[K];
};

/** A change to the stored rules: a rule (or table entry) left out keeps its value, one set to null takes its default again. */
export type RoutingPolicyChange = {
  readonly [K in keyof RoutingPolicy]?: (K extends PolicyTable ? { readonly [E in keyof RoutingPolicy[K]]?: RoutingPolicy[K][E] | null } : RoutingPolicy[K]) | null;
};

/** The rules kept per value tier or per channel: changed and reset entry by entry. */
const POLICY_TABLES = ['valueTierBonus', 'defaultCapacity', 'blockedWhileHolding'] as const;
type PolicyTable = (typeof POLICY_TABLES)[number];

const isTable = (key: string): key is PolicyTable => (POLICY_TABLES as readonly string[]).includes(key);
const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `changes` over `values`, the way a JSON merge patch applies: undefined keeps a value, null removes it. */
function patched(values: Readonly<Record<string, unknown>>, changes: Readonly<Record<string, unknown>>, nested: (key: string) => boolean): Record<string, unknown> {
  const result: Record<string, unknown> = { ...values };
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    if (value === null) delete result[key];
    else if (nested(key) && isPlainObject(value)) {
      const table = patched(isPlainObject(result[key]) ? result[key] : {}, value, () => false);
      if (Object.keys(table).length > 0) result[key] = table;
      else delete result[key];
    } else result[key] = value;
  }
  return result;
}

/**
 * Applies a change to the stored rules: what the change leaves out keeps its stored value, what it sets to null
 * goes back to its default, and the tables (per value tier, per channel) change entry by entry the same way.
 * The result is what to store: only the rules that differ from the defaults by choice, so a rule never chosen
 * follows the defaults. `resolvePolicy` turns it into the rules in force (and refuses nonsense). O(rules).
 */
export function mergePolicyOverrides(stored: RoutingPolicyOverrides, change: RoutingPolicyChange): RoutingPolicyOverrides {
  return patched(stored, change, isTable) as RoutingPolicyOverrides;
}

export function resolvePolicy(overrides: RoutingPolicyOverrides = {}): RoutingPolicy {
  const policy: RoutingPolicy = {
    ...DEFAULT_ROUTING_POLICY,
    ...overrides,
    valueTierBonus: { ...DEFAULT_ROUTING_POLICY.valueTierBonus, ...overrides.valueTierBonus },
    defaultCapacity: { ...DEFAULT_ROUTING_POLICY.defaultCapacity, ...overrides.defaultCapacity },
    blockedWhileHolding: { ...DEFAULT_ROUTING_POLICY.blockedWhileHolding, ...overrides.blockedWhileHolding },
  };
  const numbers: (keyof RoutingPolicy)[] = [
    'complaintBonus',
    'agingSecondsPerPoint',
    'missedOffersBeforeNotReady',
    'reofferCooldownSeconds',
    'preferredAgentWindowSeconds',
    'transferToAgentWindowSeconds',
    'disconnectGraceSeconds',
  ];
  for (const key of numbers) {
    if (!isNonNegative(policy[key])) throw new RoutingError('INVALID_SNAPSHOT', { problem: `policy.${key} must be >= 0` });
  }
  for (const tier of VALUE_TIERS) {
    if (!Number.isFinite(policy.valueTierBonus[tier])) {
      throw new RoutingError('INVALID_SNAPSHOT', { problem: `policy.valueTierBonus.${tier} must be a number` });
    }
  }
  for (const channel of CHANNELS) {
    if (!Number.isInteger(policy.defaultCapacity[channel]) || policy.defaultCapacity[channel] < 0) {
      throw new RoutingError('INVALID_SNAPSHOT', { problem: `policy.defaultCapacity.${channel} must be an integer >= 0` });
    }
  }
  return Object.freeze(policy);
}

/** A queue with every default filled in and its definition checked. */
export interface QueueSettings {
  readonly id: string;
  readonly name: string;
  readonly requiredSkills: readonly SkillRequirement[];
  readonly optionalSkills: readonly SkillRequirement[];
  readonly basePriority: number;
  readonly serviceLevel: ServiceLevelTarget;
  readonly offerTimeoutSeconds: number;
  readonly wrapUpSeconds: number;
  readonly wrapUpSecondsByChannel: Partial<Record<Channel, number>>;
  readonly overflow: { readonly afterSeconds: number; readonly targetQueueId: string } | null;
  readonly strategy: AssignmentStrategy;
  readonly relaxation: readonly RelaxationStep[];
}

function invalidQueue(id: unknown, problem: string): RoutingError {
  return new RoutingError('INVALID_QUEUE', { queueId: typeof id === 'string' ? id : undefined, problem });
}

function checkSkills(queueId: string, list: readonly SkillRequirement[] | undefined, what: string): SkillRequirement[] {
  const seen = new Set<string>();
  return (list ?? []).map((requirement) => {
    if (typeof requirement?.skill !== 'string' || requirement.skill === '') throw invalidQueue(queueId, `${what}: skill name missing`);
    if (!isProficiency(requirement.minProficiency)) {
      throw invalidQueue(queueId, `${what}: ${requirement.skill} minProficiency must be an integer 1-5`);
    }
    if (seen.has(requirement.skill)) throw invalidQueue(queueId, `${what}: ${requirement.skill} listed twice`);
    seen.add(requirement.skill);
    return { skill: requirement.skill, minProficiency: requirement.minProficiency };
  });
}

/** Fills the defaults and validates one queue on its own (overflow targets are checked by the engine). */
export function normalizeQueue(definition: QueueDefinition): QueueSettings {
  const id = definition?.id;
  if (typeof id !== 'string' || id === '') throw invalidQueue(id, 'id missing');
  const requiredSkills = checkSkills(id, definition.requiredSkills, 'requiredSkills');
  const optionalSkills = checkSkills(id, definition.optionalSkills, 'optionalSkills');
  for (const optional of optionalSkills) {
    if (requiredSkills.some((r) => r.skill === optional.skill)) {
      throw invalidQueue(id, `${optional.skill} is both required and optional`);
    }
  }
  const basePriority = definition.basePriority ?? 0;
  if (!Number.isFinite(basePriority)) throw invalidQueue(id, 'basePriority must be a number');
  const serviceLevel = definition.serviceLevel ?? DEFAULT_SERVICE_LEVEL;
  if (!isNonNegative(serviceLevel.withinSeconds) || !(serviceLevel.percent >= 0 && serviceLevel.percent <= 100)) {
    throw invalidQueue(id, 'serviceLevel must be a percent 0-100 within a number of seconds >= 0');
  }
  const offerTimeoutSeconds = definition.offerTimeoutSeconds ?? DEFAULT_OFFER_TIMEOUT_SECONDS;
  if (!isNonNegative(offerTimeoutSeconds) || offerTimeoutSeconds === 0) throw invalidQueue(id, 'offerTimeoutSeconds must be > 0');
  const wrapUpSeconds = definition.wrapUpSeconds ?? DEFAULT_WRAP_UP_SECONDS;
  if (!isNonNegative(wrapUpSeconds)) throw invalidQueue(id, 'wrapUpSeconds must be >= 0');
  const wrapUpSecondsByChannel = { ...definition.wrapUpSecondsByChannel };
  for (const [channel, seconds] of Object.entries(wrapUpSecondsByChannel)) {
    if (!(CHANNELS as readonly string[]).includes(channel) || !isNonNegative(seconds)) {
      throw invalidQueue(id, `wrapUpSecondsByChannel.${channel} must be a channel and a number >= 0`);
    }
  }
  let overflow: QueueSettings['overflow'] = null;
  if (definition.overflow) {
    const { afterSeconds, targetQueueId } = definition.overflow;
    if (!isNonNegative(afterSeconds)) throw invalidQueue(id, 'overflow.afterSeconds must be >= 0');
    if (typeof targetQueueId !== 'string' || targetQueueId === id) throw invalidQueue(id, 'overflow must target another queue');
    overflow = { afterSeconds, targetQueueId };
  }
  const strategy = definition.strategy ?? 'longest_idle';
  if (!ASSIGNMENT_STRATEGIES.includes(strategy)) throw invalidQueue(id, `unknown strategy ${String(strategy)}`);
  const relaxation = (definition.relaxation ?? []).map((step, i, all) => {
    if (!isNonNegative(step.afterSeconds)) throw invalidQueue(id, `relaxation[${i}].afterSeconds must be >= 0`);
    if (i > 0 && step.afterSeconds <= all[i - 1].afterSeconds) throw invalidQueue(id, 'relaxation steps must be in ascending time');
    const lower = step.lowerMinProficiencyBy ?? 0;
    if (!Number.isInteger(lower) || lower < 0) throw invalidQueue(id, `relaxation[${i}].lowerMinProficiencyBy must be an integer >= 0`);
    return { afterSeconds: step.afterSeconds, lowerMinProficiencyBy: lower, dropOptionalSkills: step.dropOptionalSkills === true };
  });
  return {
    id,
    name: definition.name ?? id,
    requiredSkills,
    optionalSkills,
    basePriority,
    serviceLevel: { percent: serviceLevel.percent, withinSeconds: serviceLevel.withinSeconds },
    offerTimeoutSeconds,
    wrapUpSeconds,
    wrapUpSecondsByChannel,
    overflow,
    strategy,
    relaxation,
  };
}

/** The skills demanded at each relaxation step: index 0 is the inner ring, then one entry per step. */
export function requirementsByStep(queue: QueueSettings): (SkillRequirement & { kind: 'required' | 'optional' })[][] {
  const steps: (SkillRequirement & { kind: 'required' | 'optional' })[][] = [];
  let lowered = 0;
  let optionalDropped = false;
  for (let step = 0; step <= queue.relaxation.length; step++) {
    if (step > 0) {
      lowered += queue.relaxation[step - 1].lowerMinProficiencyBy ?? 0;
      optionalDropped ||= queue.relaxation[step - 1].dropOptionalSkills === true;
    }
    const lower = (r: SkillRequirement) => Math.max(1, r.minProficiency - lowered);
    steps.push([
      ...queue.requiredSkills.map((r) => ({ skill: r.skill, minProficiency: lower(r), kind: 'required' as const })),
      ...(optionalDropped ? [] : queue.optionalSkills.map((r) => ({ skill: r.skill, minProficiency: lower(r), kind: 'optional' as const }))),
    ]);
  }
  return steps;
}

/** Checks an agent profile; returns the capacity with the policy defaults filled in. */
export function normalizeAgentProfile(profile: AgentProfile, policy: RoutingPolicy): Record<Channel, number> {
  const id = profile?.id;
  const invalid = (problem: string) => new RoutingError('INVALID_AGENT', { problem: `${String(id)}: ${problem}` });
  if (typeof id !== 'string' || id === '') throw invalid('id missing');
  if (typeof profile.skills !== 'object' || profile.skills === null) throw invalid('skills missing');
  for (const [skill, proficiency] of Object.entries(profile.skills)) {
    if (skill === '') throw invalid('empty skill name');
    if (!isProficiency(proficiency)) throw invalid(`skill ${skill} proficiency must be an integer 1-5`);
  }
  for (const language of profile.languages ?? []) {
    if (typeof language !== 'string' || language === '') throw invalid('languages must be non-empty strings');
  }
  const capacity = { ...policy.defaultCapacity };
  for (const [channel, value] of Object.entries(profile.capacity ?? {})) {
    if (!(CHANNELS as readonly string[]).includes(channel)) throw invalid(`unknown channel ${channel}`);
    if (!Number.isInteger(value) || (value as number) < 0) throw invalid(`capacity.${channel} must be an integer >= 0`);
    capacity[channel as Channel] = value as number;
  }
  return capacity;
}

/** Priority points that do not change with time: queue base + value tier + complaint + boost. */
export function staticPriority(
  policy: RoutingPolicy,
  basePriority: number,
  valueTier: ValueTier,
  complaint: boolean,
  boost: number,
): number {
  return basePriority + policy.valueTierBonus[valueTier] + (complaint ? policy.complaintBonus : 0) + boost;
}

/** Aging points per millisecond of wait. */
export function agingRatePerMs(policy: RoutingPolicy): number {
  return policy.agingSecondsPerPoint > 0 ? 1 / (policy.agingSecondsPerPoint * 1000) : 0;
}

/**
 * Time-invariant ordering key.
 *
 * Effective priority at time t is `static + rate * (t - enqueuedAt)`. Every waiting contact ages at the same
 * `rate`, so for any two contacts the difference of their effective priorities,
 * `(static1 - rate * enqueuedAt1) - (static2 - rate * enqueuedAt2)`, does not depend on t: the term `rate * t`
 * is common to both. Ordering by `static - rate * enqueuedAt` therefore gives the same order as ordering by
 * effective priority at any instant, and a heap built on it never needs re-keying as time passes. (A per-queue
 * rate would break this across queues, which is why the aging rate lives in the global policy.)
 */
export function orderingKey(staticPoints: number, ratePerMs: number, enqueuedAt: number): number {
  return staticPoints - ratePerMs * enqueuedAt;
}

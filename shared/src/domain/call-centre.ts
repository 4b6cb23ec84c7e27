/**
 * Vocabulary of the call centre, shared by server, console, simulator and tests.
 * Each list is a const tuple so it can drive validation (enums) and union types alike.
 */

/** The ways a contact reaches the centre. */
export const CHANNELS = ['voice', 'chat', 'email', 'ticket'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Default concurrent contacts an agent may hold per channel (domain rule: never a call on top of a call). */
export const DEFAULT_CHANNEL_CAPACITY: Readonly<Record<Channel, number>> = {
  voice: 1,
  chat: 3,
  email: 5,
  ticket: 5,
};

export const AGENT_STATES = ['offline', 'available', 'reserved', 'busy', 'wrap_up', 'not_ready'] as const;
export type AgentState = (typeof AGENT_STATES)[number];

/** Not-ready reasons an agent may pick, or a supervisor may force. */
export const SETTABLE_NOT_READY_REASONS = ['break', 'lunch', 'training', 'meeting'] as const;
export type SettableNotReadyReason = (typeof SETTABLE_NOT_READY_REASONS)[number];
/** Reasons only the system sets: the router after missed offers, the connection watch on a lost desk. */
export const SYSTEM_NOT_READY_REASONS = ['missed_offers', 'disconnected'] as const;
export const NOT_READY_REASONS = [...SETTABLE_NOT_READY_REASONS, ...SYSTEM_NOT_READY_REASONS] as const;
export type NotReadyReason = (typeof NOT_READY_REASONS)[number];

/** A skill a queue demands, at a least proficiency (1-5). */
export interface SkillDemand {
  readonly skill: string;
  readonly minProficiency: number;
}

/**
 * Whether an agent serves a queue: their proficiency (a skill they lack counts as 0) meets every skill the queue
 * demands. Callers pass the demands that matter to them (statistics: the queue's base required skills; the
 * simulator: what is still required after the last relaxation step). The routing engine's indexed matching
 * decides offers by the same rule without calling this (see routing-engine.matching.spec.ts).
 */
export function agentServesQueue(agentSkills: Readonly<Record<string, number>>, demands: readonly SkillDemand[]): boolean {
  return demands.every((demand) => (agentSkills[demand.skill] ?? 0) >= demand.minProficiency);
}

export const ROLES = ['agent', 'team_lead', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Value tiers of the customer pyramid (domain rule): top 1% important, next 19% secondary key,
 * next 30% ordinary, bottom 50% small. Key customers (important + secondary) are served first.
 */
export const VALUE_TIERS = ['important', 'secondary', 'ordinary', 'small'] as const;
export type ValueTier = (typeof VALUE_TIERS)[number];
export const KEY_VALUE_TIERS: readonly ValueTier[] = ['important', 'secondary'];

/**
 * RFM segments (recency, frequency, monetary), numbered as the domain describes them; the last two name the cells
 * the training material leaves unnamed (recent but seldom and small; a lapsed big spender).
 */
export const RFM_SEGMENTS = [
  'keep_best',
  'develop',
  'generally_important',
  'retain_at_risk',
  'ordinary',
  'no_value',
  'new_or_occasional',
  'win_back',
] as const;
export type RfmSegment = (typeof RFM_SEGMENTS)[number];

/** Where a contact is in its life. Every contact is in exactly one of these. */
export const INTERACTION_STATUSES = ['waiting', 'offered', 'connected', 'wrap_up', 'completed', 'abandoned'] as const;
export type InteractionStatus = (typeof INTERACTION_STATUSES)[number];

export const ASSIGNMENT_STRATEGIES = ['longest_idle', 'most_skilled', 'least_occupied', 'round_robin'] as const;
export type AssignmentStrategy = (typeof ASSIGNMENT_STRATEGIES)[number];

/**
 * Service-level formulas, as established platforms disagree on them:
 * - `answered_only`: answered within T / answered.
 * - `abandons_in_denominator`: answered within T / (answered + abandoned after the short-abandon threshold).
 * - `short_abandons_met`: (answered within T + abandoned within the short-abandon threshold) / (answered + abandoned).
 */
export const SERVICE_LEVEL_FORMULAS = ['answered_only', 'abandons_in_denominator', 'short_abandons_met'] as const;
export type ServiceLevelFormula = (typeof SERVICE_LEVEL_FORMULAS)[number];

export const LANGUAGES = ['en', 'zh-cmn', 'zh-yue'] as const;
export type Language = (typeof LANGUAGES)[number];

export const COMPLAINT_COMPLEXITIES = ['simple', 'general', 'complex'] as const;
export type ComplaintComplexity = (typeof COMPLAINT_COMPLEXITIES)[number];

import type {
  AgentState,
  AssignmentStrategy,
  Channel,
  InteractionStatus,
  NotReadyReason,
  ValueTier,
} from '../domain/call-centre';

/** Who asked for a change: the agent themself, the system (routing, timers, telephony), or a supervisor (override). */
export type Actor =
  | { readonly kind: 'agent'; readonly id: string }
  | { readonly kind: 'system' }
  | { readonly kind: 'supervisor'; readonly id: string };

export const SYSTEM_ACTOR: Actor = Object.freeze({ kind: 'system' });

/** A skill demanded by a queue, 1 (novice) to 5 (expert). */
export interface SkillRequirement {
  readonly skill: string;
  readonly minProficiency: number;
}

/**
 * One ring of the "bullseye": once a contact has waited `afterSeconds` in the queue, the minimum proficiencies
 * drop by `lowerMinProficiencyBy` (never below 1) and/or the optional skills stop being demanded. Steps add up:
 * step 2 applies step 1's relaxation as well.
 */
export interface RelaxationStep {
  readonly afterSeconds: number;
  readonly lowerMinProficiencyBy?: number;
  readonly dropOptionalSkills?: boolean;
}

export interface ServiceLevelTarget {
  /** Share of contacts to answer within the threshold, in percent (80 for "80/20"). */
  readonly percent: number;
  readonly withinSeconds: number;
}

/** A queue as configured by supervisors (and persisted by the server). Omitted fields take the defaults shown. */
export interface QueueDefinition {
  readonly id: string;
  readonly name?: string;
  /** Demanded from every agent, at the given minimum proficiency. */
  readonly requiredSkills?: readonly SkillRequirement[];
  /**
   * Demanded as well until a relaxation step drops them (the inner ring of the bullseye); `most_skilled`
   * also counts them when scoring agents.
   */
  readonly optionalSkills?: readonly SkillRequirement[];
  /** Added to every contact's priority. Default 0. */
  readonly basePriority?: number;
  /** Carried to the events for statistics. Default 80% within 20 s. */
  readonly serviceLevel?: ServiceLevelTarget;
  /** How long an offer rings before it expires. Default 20 s. */
  readonly offerTimeoutSeconds?: number;
  /** After-contact work granted when a contact ends (0: the contact completes at once). Default 30 s. */
  readonly wrapUpSeconds?: number;
  /** Per-channel override of `wrapUpSeconds`. */
  readonly wrapUpSecondsByChannel?: Partial<Record<Channel, number>>;
  /** Move waiting contacts to `targetQueueId` after `afterSeconds` in this queue, keeping their place. */
  readonly overflow?: { readonly afterSeconds: number; readonly targetQueueId: string };
  /** Default `longest_idle`. */
  readonly strategy?: AssignmentStrategy;
  /** Ascending `afterSeconds`. */
  readonly relaxation?: readonly RelaxationStep[];
}

/** Skills, languages and capacity of an agent: what routing matches on. */
export interface AgentProfile {
  readonly id: string;
  /** Skill name to proficiency 1-5. */
  readonly skills: Readonly<Record<string, number>>;
  readonly languages?: readonly string[];
  /** Concurrent contacts per channel; missing channels take the policy's default capacity, 0 disables a channel. */
  readonly capacity?: Partial<Record<Channel, number>>;
}

/** A contact entering routing (a call arrived, a chat started, an e-mail or ticket needs an agent). */
export interface NewContact {
  readonly id: string;
  readonly queueId: string;
  readonly channel: Channel;
  /** Acts as a required language skill. */
  readonly language?: string;
  /** Default `ordinary`. */
  readonly valueTier?: ValueTier;
  readonly complaint?: boolean;
  /** Extra priority points (e.g. from the IVR); default 0. */
  readonly priorityBoost?: number;
  /** Tried first, alone, for `preferredWindowSeconds` (default from the policy) when logged in. */
  readonly preferredAgentId?: string;
  readonly preferredWindowSeconds?: number;
  /** Arrival time if earlier than the command (e.g. time spent in the IVR counts); default `now`. */
  readonly enqueuedAt?: number;
  /** The customer asked to be called back instead of holding. */
  readonly callback?: boolean;
}

/** Agent presence as chosen by the agent or a supervisor; the routing state is derived from it plus the work held. */
export type AgentPresence = 'offline' | 'available' | 'not_ready';

/** Persisted state of an agent, enough to rebuild the engine after a restart. */
export interface AgentRecord extends AgentProfile {
  readonly presence?: AgentPresence;
  readonly notReadyReason?: NotReadyReason | null;
  /** "Not ready after this contact": applied when the agent's last contact ends. */
  readonly pendingNotReady?: NotReadyReason | null;
  readonly pendingNotReadyBy?: Actor | null;
  readonly stateSince?: number;
  /** When the set of channels the agent can be offered last changed (the longest-idle clock). */
  readonly idleSince?: number;
  /** Tie-breaking sequence of `idleSince`, kept so a restored engine orders agents exactly as before. */
  readonly idleSeq?: number;
  readonly missedOffers?: number;
  /** The call the agent is reserved for (consulted or in a conference); absent: none. */
  readonly reservedFor?: string | null;
  readonly disconnected?: DisconnectRecord | null;
}

export interface DisconnectRecord {
  readonly since: number;
  /** When connected contacts still held are released back to their queue; null when none were held. */
  readonly graceEndsAt: number | null;
  readonly previousPresence: AgentPresence;
  readonly previousReason: NotReadyReason | null;
  readonly previousPending: NotReadyReason | null;
  readonly previousPendingBy?: Actor | null;
}

export type LiveInteractionStatus = Exclude<InteractionStatus, 'completed' | 'abandoned'>;

/** Persisted state of a contact still in routing (completed and abandoned contacts leave the engine). */
export interface ContactRecord extends NewContact {
  readonly seq?: number;
  readonly status?: LiveInteractionStatus;
  /** Start of the customer's first wait (for total figures). Default `enqueuedAt`. */
  readonly firstEnqueuedAt?: number;
  /** Start of the current wait leg. Default `enqueuedAt`. */
  readonly waitStartedAt?: number;
  /** Waiting already done in earlier legs (before a transfer or a release). Default 0. */
  readonly priorWaitMs?: number;
  /** When the contact entered its current queue (relaxation and overflow clocks). Default `enqueuedAt`. */
  readonly queueEnteredAt?: number;
  readonly relaxationStep?: number;
  /** End of the preferred-agent window (absent: no window). */
  readonly preferredUntil?: number | null;
  readonly refusals?: readonly { readonly agentId: string; readonly until: number }[];
  readonly agentId?: string | null;
  readonly offer?: { readonly offerId: string; readonly offeredAt: number; readonly expiresAt: number } | null;
  readonly offerCount?: number;
  readonly connectedAt?: number | null;
  readonly wrapUpStartedAt?: number | null;
  readonly wrapUpEndsAt?: number | null;
  /** The agent's desktop disconnected while connected; released at the agent's grace end. */
  readonly agentLost?: boolean;
}

/** Everything the engine needs to be rebuilt: configuration plus live facts. */
export interface RoutingSnapshot {
  readonly policy?: Partial<RoutingPolicy>;
  readonly queues: readonly QueueDefinition[];
  /** In registration order (round-robin order). */
  readonly agents: readonly AgentRecord[];
  readonly contacts: readonly ContactRecord[];
  /** Last agent served per round-robin queue. */
  readonly roundRobinCursors?: Readonly<Record<string, string>>;
  readonly counters?: { readonly contactSeq: number; readonly idleSeq: number };
  /** The engine's clock when the snapshot was taken. */
  readonly clock?: number;
}

/** Tunable rules of routing. Every field has a default (see DEFAULT_ROUTING_POLICY). */
export interface RoutingPolicy {
  /** Priority points per customer value tier (key customers first). */
  readonly valueTierBonus: Readonly<Record<ValueTier, number>>;
  readonly complaintBonus: number;
  /** Aging: +1 priority point per this many seconds of wait; 0 disables aging. */
  readonly agingSecondsPerPoint: number;
  /** Consecutive missed offers that put an agent not ready (`missed_offers`); 0 disables. */
  readonly missedOffersBeforeNotReady: number;
  /** Whether an explicit reject counts as a missed offer (timeouts always do). */
  readonly rejectCountsAsMissed: boolean;
  /** How long a contact is kept from the agent who rejected or missed it. */
  readonly reofferCooldownSeconds: number;
  readonly preferredAgentWindowSeconds: number;
  /** Window during which a contact transferred to an agent waits for that agent alone. */
  readonly transferToAgentWindowSeconds: number;
  /** How long connected contacts stay with a disconnected agent before going back to their queue. */
  readonly disconnectGraceSeconds: number;
  readonly defaultCapacity: Readonly<Record<Channel, number>>;
  /**
   * Channels not offered while an agent holds a contact of the key channel. A voice contact always blocks
   * further voice (domain rule: never a call on top of a call), whatever this says.
   */
  readonly blockedWhileHolding: Readonly<Record<Channel, readonly Channel[]>>;
}

/** Read-only view of an agent as the engine sees it. */
export interface AgentView {
  readonly id: string;
  readonly state: AgentState;
  readonly notReadyReason: NotReadyReason | null;
  readonly presence: AgentPresence;
  readonly pendingNotReady: NotReadyReason | null;
  readonly stateSince: number;
  readonly offeredContactId: string | null;
  /** The call a colleague consults this agent on, or has added them to (state `reserved`, not routable); null: none. */
  readonly reservedFor?: string | null;
  readonly contactIds: readonly string[];
  readonly heldByChannel: Readonly<Record<Channel, number>>;
  readonly capacity: Readonly<Record<Channel, number>>;
  /** Channels on which the agent can be offered a contact right now. */
  readonly routableChannels: readonly Channel[];
  readonly missedOffers: number;
  readonly disconnected: boolean;
  readonly skills: Readonly<Record<string, number>>;
  readonly languages: readonly string[];
}

/** Read-only view of a contact still in routing. */
export interface ContactView {
  readonly id: string;
  readonly status: LiveInteractionStatus;
  readonly queueId: string;
  readonly channel: Channel;
  readonly agentId: string | null;
  readonly enqueuedAt: number;
  readonly firstEnqueuedAt: number;
  readonly valueTier: ValueTier;
  readonly complaint: boolean;
  readonly language: string | null;
  readonly callback: boolean;
  readonly relaxationStep: number;
  readonly preferredAgentId: string | null;
  readonly preferredUntil: number | null;
  readonly offerId: string | null;
  readonly offerExpiresAt: number | null;
  readonly wrapUpEndsAt: number | null;
  readonly agentLost: boolean;
}

/** What `explain` reports about one agent for one contact. */
export type AgentVerdictReason =
  | { readonly code: 'offline' }
  | { readonly code: 'disconnected' }
  | { readonly code: 'not_ready'; readonly reason: NotReadyReason | null }
  | { readonly code: 'pending_not_ready'; readonly reason: NotReadyReason }
  | { readonly code: 'reserved'; readonly contactId: string }
  | { readonly code: 'no_capacity'; readonly channel: Channel; readonly held: number; readonly capacity: number }
  | { readonly code: 'channel_blocked'; readonly channel: Channel; readonly byChannel: Channel }
  | { readonly code: 'missing_skill'; readonly skill: string; readonly required: number; readonly has: number }
  | { readonly code: 'missing_language'; readonly language: string }
  | { readonly code: 'recently_refused'; readonly until: number }
  | { readonly code: 'preferred_agent_window'; readonly preferredAgentId: string; readonly until: number };

export interface AgentVerdict {
  readonly agentId: string;
  readonly state: AgentState;
  /** True when nothing stands between this agent and the contact. */
  readonly qualifies: boolean;
  readonly reasons: readonly AgentVerdictReason[];
}

export interface PriorityParts {
  readonly effective: number;
  readonly base: number;
  readonly valueTier: number;
  readonly complaint: number;
  readonly boost: number;
  readonly aging: number;
}

export interface ContactExplanation {
  readonly contactId: string;
  readonly at: number;
  readonly status: LiveInteractionStatus;
  readonly queueId: string;
  readonly channel: Channel;
  readonly waitSeconds: number;
  readonly totalWaitSeconds: number;
  /** 1-based place among the queue's waiting contacts (only while waiting). */
  readonly place: number | null;
  readonly waitingInQueue: number;
  readonly priority: PriorityParts;
  readonly relaxationStep: number;
  readonly requirements: readonly (SkillRequirement & { readonly kind: 'required' | 'optional' | 'language' })[];
  readonly preferredAgent: { readonly agentId: string; readonly until: number } | null;
  readonly agentId: string | null;
  readonly offerExpiresAt: number | null;
  readonly nextRelaxationAt: number | null;
  readonly overflow: { readonly at: number; readonly targetQueueId: string } | null;
  /** Logged-in agents (all agents with `includeOffline`), by id. */
  readonly agents: readonly AgentVerdict[];
  readonly qualifyingAgentIds: readonly string[];
}

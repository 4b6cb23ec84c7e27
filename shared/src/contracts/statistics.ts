/**
 * REST payloads of the queue statistics (`GET /api/statistics/queues`, `GET /api/statistics/queues/:id/history`),
 * also carried by the socket's `queue:stats` delta and the wallboard snapshot. Every figure is defined in
 * FIGURE_DEFINITIONS (statistics/figure-definitions.ts); times are epoch milliseconds (UTC).
 */
import type { AgentState, ServiceLevelFormula } from '../domain/call-centre';
import type { FigureDefinition, QueueFigureKey } from '../statistics/figure-definitions';
import type { EpochMillis } from '../statistics/queue-events';

/** Length of the rolling window the live statistics report beside "since midnight". */
export const STATISTICS_ROLLING_MINUTES = 60;

/** Figures of one queue over one window [startsAt, endsAt). Shares are 0..1; `null` means nothing to divide by. */
export interface QueueWindowFigures {
  readonly startsAt: EpochMillis;
  readonly endsAt: EpochMillis;
  readonly offered: number;
  readonly answered: number;
  readonly answeredWithinThreshold: number;
  readonly abandoned: number;
  readonly shortAbandoned: number;
  readonly overflowedOut: number;
  readonly transferredOut: number;
  readonly requeued: number;
  readonly completed: number;
  /** Agents' handlings that ended: the divisor of `ahtSeconds`. */
  readonly handled: number;
  /** Under the queue's own formula (see `QueueServiceLevel.formula`). */
  readonly serviceLevel: number | null;
  /** The same window under every formula, for comparison. */
  readonly serviceLevelByFormula: Readonly<Record<ServiceLevelFormula, number | null>>;
  readonly asaSeconds: number | null;
  readonly ahtSeconds: number | null;
  readonly abandonRate: number | null;
  readonly abandonRateExcludingShortAbandons: number | null;
}

/** The queue's service-level objective and the exact meaning of its service-level figure, shown next to it. */
export interface QueueServiceLevel {
  readonly formula: ServiceLevelFormula;
  /** Key of the figure in FIGURE_DEFINITIONS, e.g. `serviceLevel.abandons_in_denominator`. */
  readonly figure: QueueFigureKey;
  readonly label: FigureDefinition['label'];
  readonly definition: string;
  /** Target share in percent (80 for "80/20"). */
  readonly targetPercent: number;
  /** T of "answered within T seconds". */
  readonly thresholdSeconds: number;
  /** Abandons after waiting at most this long are short abandons. */
  readonly shortAbandonThresholdSeconds: number;
}

/** Agents by routing state, counting agents whose skills meet every skill the queue requires. */
export type AgentStateCounts = Readonly<Record<AgentState, number>>;

/** Live statistics of one queue. */
export interface QueueLiveStatistics {
  readonly queueId: string;
  readonly code: string;
  readonly name: string;
  /** When the figures were computed. */
  readonly at: EpochMillis;
  readonly serviceLevel: QueueServiceLevel;
  /** Contacts in the queue not yet answered, ringing offers included. */
  readonly waitingCount: number;
  /** The caller's current wait (since the arrival, through overflows; or since a hand-back or transfer) of the contact waiting longest; null when nobody waits. */
  readonly longestWaitSeconds: number | null;
  /** The last `minutes` whole minutes up to and including the current one. */
  readonly rolling: QueueWindowFigures & { readonly minutes: number };
  /** From the start of today in the centre's time zone. */
  readonly sinceMidnight: QueueWindowFigures & { readonly timeZone: string };
  readonly agents: AgentStateCounts;
}

/** `GET /api/statistics/queues`. */
export interface QueueStatisticsResponse {
  readonly at: EpochMillis;
  /** The centre's time zone (CENTRE_TIME_ZONE): where "since midnight" starts. */
  readonly timeZone: string;
  readonly rollingMinutes: number;
  readonly definitions: Readonly<Record<QueueFigureKey, FigureDefinition>>;
  readonly queues: readonly QueueLiveStatistics[];
}

/** `GET /api/statistics/queues/:id/history?from=&to=&intervalMinutes=`: true averages from the event records. */
export interface QueueHistoryResponse {
  readonly queueId: string;
  readonly code: string;
  readonly name: string;
  readonly timeZone: string;
  readonly from: EpochMillis;
  readonly to: EpochMillis;
  readonly intervalMinutes: number;
  readonly serviceLevel: QueueServiceLevel;
  /** The whole range [from, to). */
  readonly total: QueueWindowFigures;
  /**
   * Consecutive intervals of `intervalMinutes` from `from`; the last one ends at `to`. `waitingAtEnd`: contacts
   * waiting in the queue (ringing offers included) at the end of the interval, from the journal.
   */
  readonly intervals: ReadonlyArray<QueueWindowFigures & { readonly waitingAtEnd: number }>;
}

/** One stretch of an agent's day in one state (the last one open until now). */
export interface AgentStateSpan {
  readonly state: AgentState;
  /** The not-ready reason, when not ready. */
  readonly reason: string | null;
  readonly from: EpochMillis;
  readonly to: EpochMillis;
}

/** One contact of an agent's day. */
export interface AgentDayContact {
  readonly id: string;
  readonly channel: string;
  readonly queueName: string | null;
  readonly status: string;
  readonly arrivedAt: EpochMillis;
  readonly answeredAt: EpochMillis | null;
  readonly waitSeconds: number | null;
  readonly handleSeconds: number | null;
  readonly disposition: string | null;
  /** The after-contact survey's satisfaction (experience minus expectation, −4 to +4), when answered. */
  readonly satisfaction: number | null;
}

/** `GET /api/agents/:id/day`: the agent's day so far in the centre's time zone. */
export interface AgentDayResponse {
  readonly agentId: string;
  readonly timeZone: string;
  /** Local midnight that started the day. */
  readonly from: EpochMillis;
  readonly to: EpochMillis;
  readonly states: readonly AgentStateSpan[];
  /** Seconds spent in each state today. */
  readonly secondsByState: Readonly<Record<AgentState, number>>;
  readonly contacts: readonly AgentDayContact[];
  /** Contacts handled to the end today, and their mean handle time. */
  readonly handled: number;
  readonly ahtSeconds: number | null;
  /** Survey answers to today's contacts and their mean satisfaction (−4 to +4). */
  readonly satisfaction: { readonly answered: number; readonly average: number | null };
}

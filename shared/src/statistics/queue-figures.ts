/**
 * Sums and counts of queue events, and the figures derived from them. A `QueueTotals` is what one
 * minute bucket of a `QueueStatisticsWindow` holds; adding totals is exact (counts and integer
 * millisecond waits; handle seconds are summed as given), so any window's figures are the figures
 * of the sum of its buckets. A historical report folds its events with `queueFiguresForRange`.
 *
 * Boundaries: a wait equal to a threshold is within it (<=) for both the service level and the
 * short abandon.
 */
import { SERVICE_LEVEL_FORMULAS, type ServiceLevelFormula } from '../domain/call-centre';
import type { QueueFigureKey } from './figure-definitions';
import { type EpochMillis, type QueueContactEvent, validateQueueContactEvent } from './queue-events';
import { QueueStatisticsInputError, requireEpochMillis, requireSeconds } from './queue-statistics.errors';

/** Per-queue thresholds the figures depend on. */
export interface QueueThresholds {
  /** T of the service level ("answered within T seconds"), e.g. 20. */
  readonly serviceLevelThresholdSeconds: number;
  /** Abandons after waiting at most this long are short abandons, e.g. 5. */
  readonly shortAbandonThresholdSeconds: number;
}

/** Counts and sums of events; see FIGURE_DEFINITIONS for what each counts. */
export interface QueueTotals {
  offered: number;
  answered: number;
  answeredWithinThreshold: number;
  /** Sum of answered waits, whole milliseconds. */
  answeredWaitMillis: number;
  abandoned: number;
  shortAbandoned: number;
  overflowedOut: number;
  transferredOut: number;
  requeued: number;
  completed: number;
  /** Agents' handlings that ended (completed, transferred or handed back) with a known handle time. */
  handled: number;
  /** Sum of the handle times of those handlings (talk + hold + after-call work), seconds. */
  handleSeconds: number;
}

/** The contacts waiting now, for the two live figures. */
export interface WaitingSnapshot {
  readonly now: EpochMillis;
  /** When each contact now waiting in the queue entered it. */
  readonly waitingEnqueuedAt: readonly EpochMillis[];
}

/** All figures of one queue over one window. Shares are 0..1; `null` means empty (nothing to divide by). */
export interface QueueFigures {
  /** First instant of the window. */
  readonly windowStartsAt: EpochMillis;
  /** First instant after the window. */
  readonly windowEndsAt: EpochMillis;
  readonly serviceLevelThresholdSeconds: number;
  readonly shortAbandonThresholdSeconds: number;
  readonly offered: number;
  readonly answered: number;
  readonly answeredWithinThreshold: number;
  readonly abandoned: number;
  readonly shortAbandoned: number;
  readonly overflowedOut: number;
  readonly transferredOut: number;
  readonly requeued: number;
  readonly completed: number;
  readonly handled: number;
  readonly serviceLevel: Readonly<Record<ServiceLevelFormula, number | null>>;
  readonly asaSeconds: number | null;
  readonly ahtSeconds: number | null;
  readonly abandonRate: number | null;
  readonly abandonRateExcludingShortAbandons: number | null;
  readonly waitingCount: number;
  readonly longestCurrentWaitSeconds: number | null;
}

export function emptyQueueTotals(): QueueTotals {
  return {
    offered: 0,
    answered: 0,
    answeredWithinThreshold: 0,
    answeredWaitMillis: 0,
    abandoned: 0,
    shortAbandoned: 0,
    overflowedOut: 0,
    transferredOut: 0,
    requeued: 0,
    completed: 0,
    handled: 0,
    handleSeconds: 0,
  };
}

export function validateQueueThresholds(thresholds: QueueThresholds): void {
  requireSeconds('serviceLevelThresholdSeconds', thresholds.serviceLevelThresholdSeconds);
  requireSeconds('shortAbandonThresholdSeconds', thresholds.shortAbandonThresholdSeconds);
}

/** Adds one (already validated) event to totals. */
export function addEventToTotals(totals: QueueTotals, event: QueueContactEvent, thresholds: QueueThresholds): void {
  switch (event.type) {
    case 'contact.queued':
      totals.offered += 1;
      return;
    case 'contact.answered': {
      const waitMillis = event.at - event.enqueuedAt;
      totals.answered += 1;
      totals.answeredWaitMillis += waitMillis;
      if (waitMillis <= thresholds.serviceLevelThresholdSeconds * 1000) totals.answeredWithinThreshold += 1;
      return;
    }
    case 'contact.abandoned':
      totals.abandoned += 1;
      if (event.at - event.enqueuedAt <= thresholds.shortAbandonThresholdSeconds * 1000) totals.shortAbandoned += 1;
      return;
    case 'contact.overflowed':
      totals.overflowedOut += 1;
      return;
    case 'contact.transferred':
      totals.transferredOut += 1;
      addHandling(totals, event.handleSeconds);
      return;
    case 'contact.requeued':
      totals.requeued += 1;
      totals.offered += 1;
      addHandling(totals, event.handleSeconds);
      return;
    case 'contact.completed':
      totals.completed += 1;
      addHandling(totals, event.talkSeconds + event.holdSeconds + event.afterCallWorkSeconds);
      return;
  }
}

function addHandling(totals: QueueTotals, handleSeconds: number | null): void {
  if (handleSeconds === null) return;
  totals.handled += 1;
  totals.handleSeconds += handleSeconds;
}

/** Adds `from` into `into`. */
export function addTotals(into: QueueTotals, from: Readonly<QueueTotals>): void {
  into.offered += from.offered;
  into.answered += from.answered;
  into.answeredWithinThreshold += from.answeredWithinThreshold;
  into.answeredWaitMillis += from.answeredWaitMillis;
  into.abandoned += from.abandoned;
  into.shortAbandoned += from.shortAbandoned;
  into.overflowedOut += from.overflowedOut;
  into.transferredOut += from.transferredOut;
  into.requeued += from.requeued;
  into.completed += from.completed;
  into.handled += from.handled;
  into.handleSeconds += from.handleSeconds;
}

/** numerator / denominator; `null` (no figure) when there is nothing to divide by. */
function ratio(numerator: number, denominator: number): number | null {
  return denominator <= 0 ? null : numerator / denominator;
}

/**
 * Offers whose wait in the queue ended in the window: answered, abandoned or overflowed out. The abandon
 * rates divide by this rather than by offers counted at entry, so numerator and divisor count the same
 * contacts (an abandon always among them) and a rate never leaves 0..1, however a window cuts the waits.
 */
function waitsEnded(totals: Readonly<QueueTotals>): number {
  return totals.answered + totals.abandoned + totals.overflowedOut;
}

/** Service level under one formula (see SERVICE_LEVEL_FORMULAS), `null` when its divisor is 0. */
export function serviceLevelOf(totals: Readonly<QueueTotals>, formula: ServiceLevelFormula): number | null {
  switch (formula) {
    case 'answered_only':
      return ratio(totals.answeredWithinThreshold, totals.answered);
    case 'abandons_in_denominator':
      return ratio(totals.answeredWithinThreshold, totals.answered + totals.abandoned - totals.shortAbandoned);
    case 'short_abandons_met':
      return ratio(totals.answeredWithinThreshold + totals.shortAbandoned, totals.answered + totals.abandoned);
  }
}

/** The two live figures from the waiting set; a wait is never negative (clock skew reads as 0). */
export function waitingFigures(waiting: WaitingSnapshot): {
  waitingCount: number;
  longestCurrentWaitSeconds: number | null;
} {
  const now = requireEpochMillis('now', waiting.now);
  let earliest = Number.POSITIVE_INFINITY;
  for (const enqueuedAt of waiting.waitingEnqueuedAt) {
    requireEpochMillis('waitingEnqueuedAt', enqueuedAt);
    if (enqueuedAt < earliest) earliest = enqueuedAt;
  }
  const count = waiting.waitingEnqueuedAt.length;
  return { waitingCount: count, longestCurrentWaitSeconds: count === 0 ? null : Math.max(0, now - earliest) / 1000 };
}

/** Figures of a window from its totals and the waiting set. */
export function figuresFromTotals(
  totals: Readonly<QueueTotals>,
  thresholds: QueueThresholds,
  window: { readonly startsAt: EpochMillis; readonly endsAt: EpochMillis },
  waiting: WaitingSnapshot,
): QueueFigures {
  const serviceLevel = Object.fromEntries(
    SERVICE_LEVEL_FORMULAS.map((formula) => [formula, serviceLevelOf(totals, formula)]),
  ) as Record<ServiceLevelFormula, number | null>;
  return {
    windowStartsAt: window.startsAt,
    windowEndsAt: window.endsAt,
    serviceLevelThresholdSeconds: thresholds.serviceLevelThresholdSeconds,
    shortAbandonThresholdSeconds: thresholds.shortAbandonThresholdSeconds,
    offered: totals.offered,
    answered: totals.answered,
    answeredWithinThreshold: totals.answeredWithinThreshold,
    abandoned: totals.abandoned,
    shortAbandoned: totals.shortAbandoned,
    overflowedOut: totals.overflowedOut,
    transferredOut: totals.transferredOut,
    requeued: totals.requeued,
    completed: totals.completed,
    handled: totals.handled,
    serviceLevel,
    asaSeconds: totals.answered === 0 ? null : totals.answeredWaitMillis / totals.answered / 1000,
    ahtSeconds: ratio(totals.handleSeconds, totals.handled),
    abandonRate: ratio(totals.abandoned, waitsEnded(totals)),
    abandonRateExcludingShortAbandons: ratio(totals.abandoned - totals.shortAbandoned, waitsEnded(totals) - totals.shortAbandoned),
    ...waitingFigures(waiting),
  };
}

/** A figure by its FIGURE_DEFINITIONS key. */
export function figureValue(figures: QueueFigures, key: QueueFigureKey): number | null {
  if (key.startsWith('serviceLevel.')) {
    return figures.serviceLevel[key.slice('serviceLevel.'.length) as ServiceLevelFormula];
  }
  return figures[key as Exclude<QueueFigureKey, `serviceLevel.${string}`>];
}

/**
 * Figures of one queue over [fromInclusive, toExclusive) from a list of its events, for historical
 * reports; the same arithmetic as the live window, without buckets. Events of other queues are an
 * error. `waiting` defaults to nobody waiting at toExclusive.
 */
export function queueFiguresForRange(
  events: Iterable<QueueContactEvent>,
  range: {
    readonly queueId: string;
    readonly fromInclusive: EpochMillis;
    readonly toExclusive: EpochMillis;
    readonly thresholds: QueueThresholds;
    readonly waiting?: WaitingSnapshot;
  },
): QueueFigures {
  const from = requireEpochMillis('fromInclusive', range.fromInclusive);
  const to = requireEpochMillis('toExclusive', range.toExclusive);
  if (to < from) throw new QueueStatisticsInputError('toExclusive', `at or after fromInclusive (${from})`, to);
  validateQueueThresholds(range.thresholds);
  const totals = emptyQueueTotals();
  for (const event of events) {
    validateQueueContactEvent(event);
    if (event.queueId !== range.queueId) {
      throw new QueueStatisticsInputError('queueId', `the report's queue ${range.queueId}`, event.queueId);
    }
    if (event.at >= from && event.at < to) addEventToTotals(totals, event, range.thresholds);
  }
  const waiting = range.waiting ?? { now: to, waitingEnqueuedAt: [] };
  return figuresFromTotals(totals, range.thresholds, { startsAt: from, endsAt: to }, waiting);
}

/**
 * Live per-queue figures over a rolling window (e.g. the last 15 or 60 minutes) and since local
 * midnight, from the events of one queue as they happen. Server and console run the same code.
 *
 * Storage: one `QueueTotals` bucket per UTC minute that had events, keyed by minute number. An
 * event counts in the bucket of its own time `at` (the decisive time of the figures it feeds: entry
 * for offered, answer for answered/ASA/service level, hang-up for abandons, end of work for AHT).
 * Windows are whole minutes, so bucket sums are exact:
 * - rolling(now, m): the minute containing `now` and the m - 1 minutes before it, i.e.
 *   [start of now's minute - (m-1) min, end of now's minute). Events later in now's minute count;
 *   events in later minutes do not.
 * - sinceMidnight(now): from the first instant of now's local calendar day in the window's time
 *   zone (see startOfLocalDay) to the end of now's minute.
 * A query costs O(minutes in the window) bucket additions (at most about 1 500 for a 25-hour day),
 * never O(events). Recording costs O(1), plus an eviction sweep when a new minute begins.
 *
 * Eviction: buckets are kept from min(start of the local day of the latest event, latest minute -
 * maxRollingMinutes + 1). An event older than that is outside every window a query at or after the
 * latest event can ask for; `record` drops it and returns false. A query whose window reaches
 * before kept data throws rather than answer short. No clock is read: `now` is always passed in.
 */
import type { EpochMillis, QueueContactEvent } from './queue-events';
import { validateQueueContactEvent } from './queue-events';
import {
  type QueueFigures,
  type QueueThresholds,
  type QueueTotals,
  addEventToTotals,
  addTotals,
  emptyQueueTotals,
  figuresFromTotals,
  validateQueueThresholds,
} from './queue-figures';
import { MILLIS_PER_MINUTE, startOfLocalDay, validateTimeZone } from './local-day';
import { QueueStatisticsInputError, requireEpochMillis, requireText } from './queue-statistics.errors';

export interface QueueStatisticsWindowOptions extends QueueThresholds {
  readonly queueId: string;
  /** IANA time zone whose calendar midnight starts "since midnight", e.g. Asia/Shanghai. */
  readonly timeZone: string;
  /** Longest rolling window that will be asked for, minutes; 60 unless given. */
  readonly maxRollingMinutes?: number;
}

export const DEFAULT_MAX_ROLLING_MINUTES = 60;

function minuteOf(at: EpochMillis): number {
  return Math.floor(at / MILLIS_PER_MINUTE);
}

export class QueueStatisticsWindow {
  readonly queueId: string;
  readonly timeZone: string;
  readonly maxRollingMinutes: number;
  readonly thresholds: QueueThresholds;
  private readonly buckets = new Map<number, QueueTotals>();
  private latestMinute = Number.NEGATIVE_INFINITY;
  /** Buckets before this minute have been (or may have been) evicted. */
  private keptFromMinute = Number.NEGATIVE_INFINITY;

  constructor(options: QueueStatisticsWindowOptions) {
    this.queueId = requireText('queueId', options.queueId);
    validateTimeZone(options.timeZone);
    this.timeZone = options.timeZone;
    validateQueueThresholds(options);
    this.thresholds = {
      serviceLevelThresholdSeconds: options.serviceLevelThresholdSeconds,
      shortAbandonThresholdSeconds: options.shortAbandonThresholdSeconds,
    };
    const maxRolling = options.maxRollingMinutes ?? DEFAULT_MAX_ROLLING_MINUTES;
    if (!Number.isSafeInteger(maxRolling) || maxRolling < 1) {
      throw new QueueStatisticsInputError('maxRollingMinutes', 'a whole number >= 1', maxRolling);
    }
    this.maxRollingMinutes = maxRolling;
  }

  /** Number of minute buckets held (for monitoring memory). */
  get bucketCount(): number {
    return this.buckets.size;
  }

  /**
   * Counts one event of this queue. Returns false (and counts nothing) for an event older than the
   * kept data; throws QueueStatisticsInputError for a malformed event or one of another queue.
   */
  record(event: QueueContactEvent): boolean {
    validateQueueContactEvent(event);
    if (event.queueId !== this.queueId) {
      throw new QueueStatisticsInputError('queueId', `this window's queue ${this.queueId}`, event.queueId);
    }
    const minute = minuteOf(event.at);
    if (minute > this.latestMinute) this.evict(event.at);
    if (minute < this.keptFromMinute) return false;
    let bucket = this.buckets.get(minute);
    if (bucket === undefined) {
      bucket = emptyQueueTotals();
      this.buckets.set(minute, bucket);
    }
    addEventToTotals(bucket, event, this.thresholds);
    return true;
  }

  /**
   * Drops buckets no query at or after `now` can need. `record` does this by itself; a server may
   * also call it on a timer to free memory of a queue that has gone quiet.
   */
  evict(now: EpochMillis): void {
    requireEpochMillis('now', now);
    const minute = minuteOf(now);
    if (minute <= this.latestMinute) return;
    this.latestMinute = minute;
    const keepFrom = Math.min(minuteOf(startOfLocalDay(now, this.timeZone)), minute - this.maxRollingMinutes + 1);
    if (keepFrom <= this.keptFromMinute) return;
    this.keptFromMinute = keepFrom;
    for (const key of this.buckets.keys()) if (key < keepFrom) this.buckets.delete(key);
  }

  /** Figures of the last `minutes` whole minutes up to and including now's minute. */
  rolling(now: EpochMillis, minutes: number, waitingEnqueuedAt: readonly EpochMillis[] = []): QueueFigures {
    requireEpochMillis('now', now);
    if (!Number.isSafeInteger(minutes) || minutes < 1 || minutes > this.maxRollingMinutes) {
      throw new QueueStatisticsInputError('minutes', `a whole number from 1 to ${this.maxRollingMinutes}`, minutes);
    }
    const lastMinute = minuteOf(now);
    return this.figuresBetween(lastMinute - minutes + 1, lastMinute, now, waitingEnqueuedAt);
  }

  /** Figures from the start of now's local calendar day (in the window's time zone) to the end of now's minute. */
  sinceMidnight(now: EpochMillis, waitingEnqueuedAt: readonly EpochMillis[] = []): QueueFigures {
    requireEpochMillis('now', now);
    const firstMinute = minuteOf(startOfLocalDay(now, this.timeZone));
    return this.figuresBetween(firstMinute, minuteOf(now), now, waitingEnqueuedAt);
  }

  private figuresBetween(
    firstMinute: number,
    lastMinute: number,
    now: EpochMillis,
    waitingEnqueuedAt: readonly EpochMillis[],
  ): QueueFigures {
    if (firstMinute < this.keptFromMinute) {
      throw new QueueStatisticsInputError(
        'now',
        `late enough that the window starts on kept data (from ${new Date(this.keptFromMinute * MILLIS_PER_MINUTE).toISOString()})`,
        new Date(now).toISOString(),
      );
    }
    const totals = emptyQueueTotals();
    const span = lastMinute - firstMinute + 1;
    if (span <= this.buckets.size) {
      for (let minute = firstMinute; minute <= lastMinute; minute++) {
        const bucket = this.buckets.get(minute);
        if (bucket !== undefined) addTotals(totals, bucket);
      }
    } else {
      for (const [minute, bucket] of this.buckets) {
        if (minute >= firstMinute && minute <= lastMinute) addTotals(totals, bucket);
      }
    }
    return figuresFromTotals(
      totals,
      this.thresholds,
      { startsAt: firstMinute * MILLIS_PER_MINUTE, endsAt: (lastMinute + 1) * MILLIS_PER_MINUTE },
      { now, waitingEnqueuedAt },
    );
  }
}

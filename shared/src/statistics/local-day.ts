/**
 * Calendar days in an IANA time zone, with the platform's Intl (full ICU in Node 20 and browsers).
 * "Midnight" is the first instant of the local calendar day, which is not always 00:00: where
 * clocks jump forward at midnight (America/Santiago in September) the day starts at 01:00.
 */
import type { EpochMillis } from './queue-events';
import { QueueStatisticsInputError } from './queue-statistics.errors';

export const MILLIS_PER_MINUTE = 60_000;
/** Longer than any local day (25 h with a DST change), so the search below starts on an earlier date. */
const SEARCH_SPAN_MINUTES = 48 * 60;

const formatters = new Map<string, Intl.DateTimeFormat>();
const lastDayStart = new Map<string, { date: string; startsAt: EpochMillis }>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      });
    } catch {
      throw new QueueStatisticsInputError('timeZone', 'an IANA time zone such as Asia/Shanghai', timeZone);
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Throws QueueStatisticsInputError unless `timeZone` is a time zone the platform knows. */
export function validateTimeZone(timeZone: string): void {
  formatterFor(timeZone);
}

/** The local calendar date of an instant, as YYYY-MM-DD (sorts like the dates it names). */
export function localDateOf(at: EpochMillis, timeZone: string): string {
  const parts = formatterFor(timeZone).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year').padStart(4, '0')}-${part('month')}-${part('day')}`;
}

/**
 * The first instant of the local calendar day that contains `at`, found to the whole minute by
 * bisection over the preceding 48 hours (every zone in use changes date on a whole minute; a zone
 * whose historical midnight fell inside a minute gets the next whole minute). Where clocks go back
 * across midnight, so that the date changes twice, this is one of the two changes.
 * Cost: about 12 date formats, and none when the day was asked for before.
 */
export function startOfLocalDay(at: EpochMillis, timeZone: string): EpochMillis {
  const today = localDateOf(at, timeZone);
  const cached = lastDayStart.get(timeZone);
  if (cached !== undefined && cached.date === today && cached.startsAt <= at) return cached.startsAt;

  const atMinute = Math.floor(at / MILLIS_PER_MINUTE);
  // Invariant: the minute `before` starts on an earlier date; the minute `after` starts on today (or is past `at`).
  let before = atMinute - SEARCH_SPAN_MINUTES;
  let after = atMinute + 1;
  while (after - before > 1) {
    const middle = Math.floor((before + after) / 2);
    if (localDateOf(middle * MILLIS_PER_MINUTE, timeZone) >= today) after = middle;
    else before = middle;
  }
  const startsAt = after * MILLIS_PER_MINUTE;
  lastDayStart.set(timeZone, { date: today, startsAt });
  return startsAt;
}

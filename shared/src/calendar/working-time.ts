import { BusinessCalendar, isWorkingDay, workingRangesOn } from './business-calendar';
import { PlainDate, addDays, formatPlainDate, localToEpoch, plainDateOf, toLocalDateTime } from './time-zone';

/** An instant given as a Date, epoch milliseconds or an ISO 8601 string with an offset. */
export type InstantInput = Date | number | string;

/** How far the functions look for working time before giving up (ten years of days). */
const SEARCH_LIMIT_DAYS = 3660;

export function toEpochMs(instant: InstantInput): number {
  const ms = instant instanceof Date ? instant.getTime() : typeof instant === 'number' ? instant : Date.parse(instant);
  if (!Number.isFinite(ms)) throw new RangeError(`Not a valid instant: ${String(instant)}`);
  return ms;
}

function noWorkingTime(from: number): RangeError {
  return new RangeError(
    `No working time within ${SEARCH_LIMIT_DAYS} days of ${new Date(from).toISOString()}; check the calendar`,
  );
}

function compareDates(a: PlainDate, b: PlainDate): number {
  const left = formatPlainDate(a);
  const right = formatPlainDate(b);
  return left < right ? -1 : left > right ? 1 : 0;
}

/** True when `instant` lies inside a working interval (interval start included, end excluded). */
export function isWithinWorkingHours(calendar: BusinessCalendar, instant: InstantInput): boolean {
  const at = toEpochMs(instant);
  return workingRangesOn(calendar, plainDateOf(calendar.timeZone, at)).some(
    (range) => range.start <= at && at < range.end,
  );
}

/** `instant` itself when it is within working hours, otherwise the start of the next working interval. */
export function nextWorkingMoment(calendar: BusinessCalendar, instant: InstantInput): Date {
  const at = toEpochMs(instant);
  let date = plainDateOf(calendar.timeZone, at);
  for (let i = 0; i < SEARCH_LIMIT_DAYS; i++, date = addDays(date, 1)) {
    for (const range of workingRangesOn(calendar, date)) {
      if (range.end > at) return new Date(Math.max(range.start, at));
    }
  }
  throw noWorkingTime(at);
}

/** The end of the latest working interval that ends at or before `instant`. */
export function previousWorkingEnd(calendar: BusinessCalendar, instant: InstantInput): Date {
  const at = toEpochMs(instant);
  let date = plainDateOf(calendar.timeZone, at);
  for (let i = 0; i < SEARCH_LIMIT_DAYS; i++, date = addDays(date, -1)) {
    const ranges = workingRangesOn(calendar, date);
    for (let j = ranges.length - 1; j >= 0; j--) {
      if (ranges[j].end <= at) return new Date(ranges[j].end);
    }
  }
  throw noWorkingTime(at);
}

/**
 * The earliest instant at which `durationMs` of working time has elapsed since `start`.
 * Because it is the earliest such instant, a result never sits at the start of a working interval:
 * one working hour from 17:00 with hours 09:00-18:00 is 18:00 that day, not 09:00 the next morning.
 * A zero duration returns `start` unchanged.
 */
export function addWorkingTime(calendar: BusinessCalendar, start: InstantInput, durationMs: number): Date {
  const from = toEpochMs(start);
  if (!Number.isFinite(durationMs) || durationMs < 0) {
    throw new RangeError(`A working-time duration must be a finite number >= 0, got ${durationMs}`);
  }
  if (durationMs === 0) return new Date(from);
  let remaining = durationMs;
  let date = plainDateOf(calendar.timeZone, from);
  for (let i = 0; i < SEARCH_LIMIT_DAYS; i++, date = addDays(date, 1)) {
    for (const range of workingRangesOn(calendar, date)) {
      if (range.end <= from) continue;
      const begin = Math.max(range.start, from);
      const available = range.end - begin;
      if (remaining <= available) return new Date(begin + remaining);
      remaining -= available;
    }
  }
  throw noWorkingTime(from);
}

/** Working time (ms) between two instants; negative when `b` is before `a`. */
export function workingTimeBetween(calendar: BusinessCalendar, a: InstantInput, b: InstantInput): number {
  const from = toEpochMs(a);
  const to = toEpochMs(b);
  if (to < from) return -workingTimeBetween(calendar, to, from);
  const lastDate = plainDateOf(calendar.timeZone, to);
  let total = 0;
  for (let date = plainDateOf(calendar.timeZone, from); compareDates(date, lastDate) <= 0; date = addDays(date, 1)) {
    for (const range of workingRangesOn(calendar, date)) {
      const overlap = Math.min(range.end, to) - Math.max(range.start, from);
      if (overlap > 0) total += overlap;
    }
  }
  return total;
}

/**
 * Working-day arithmetic: the deadline "within `days` working days" of `start`, as a call-centre user reads it.
 *
 * 1. A start outside working hours counts from the next working moment (a complaint received on
 *    Saturday counts from Monday's opening).
 * 2. The deadline is the same wall-clock time on the `days`-th following working day (a working day is a
 *    date with working hours: holidays are skipped, make-up days count). Wall-clock time, so a DST change
 *    in between does not shift it.
 * 3. When that clock time is not inside that day's working hours (a lunch break, a shorter day), or sits
 *    exactly at the start of a working interval, the deadline moves back to the end of the latest working
 *    interval before it. No working time lies between the two instants, so nothing is lost; the deadline
 *    simply reads as "by the close of" rather than "at the opening of". Examples with 09:00-18:00 Mon-Fri:
 *    Tue 15:00 -> Wed 15:00; Fri 17:30 -> Mon 17:30; Sat 10:00 -> Mon 18:00; Tue 08:00 -> Tue 18:00.
 *
 * `days` = 0 returns `start` unchanged.
 */
export function addWorkingDays(calendar: BusinessCalendar, start: InstantInput, days: number): Date {
  if (!Number.isInteger(days) || days < 0) {
    throw new RangeError(`A number of working days must be an integer >= 0, got ${days}`);
  }
  if (days === 0) return new Date(toEpochMs(start));
  const from = nextWorkingMoment(calendar, start).getTime();
  const local = toLocalDateTime(calendar.timeZone, from);
  let target: PlainDate = local;
  for (let counted = 0, i = 0; counted < days; i++) {
    if (i >= SEARCH_LIMIT_DAYS * 2) throw noWorkingTime(from);
    target = addDays(target, 1);
    if (isWorkingDay(calendar, target)) counted++;
  }
  const candidate = localToEpoch(calendar.timeZone, target, local.msOfDay);
  const inside = workingRangesOn(calendar, target).some((range) => range.start < candidate && candidate <= range.end);
  return inside ? new Date(candidate) : previousWorkingEnd(calendar, candidate);
}

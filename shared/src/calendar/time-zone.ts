/**
 * Wall-clock arithmetic in an IANA time zone using only `Intl`.
 *
 * Instants are epoch milliseconds; local dates are plain calendar dates with no zone attached.
 */

export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;

/** A calendar date with no time zone: the date a person in the calendar's zone would read on the wall. */
export interface PlainDate {
  readonly year: number;
  readonly month: number; // 1-12
  readonly day: number; // 1-31
}

export interface LocalDateTime extends PlainDate {
  /** Milliseconds since local midnight, as read on the wall clock. */
  readonly msOfDay: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Throws a RangeError naming the zone when `timeZone` is not an IANA zone the runtime knows. */
export function assertTimeZone(timeZone: string): void {
  try {
    formatterFor(timeZone);
  } catch {
    throw new RangeError(`Unknown time zone "${timeZone}"`);
  }
}

/** The wall-clock date and time at `epochMs` in `timeZone`. */
export function toLocalDateTime(timeZone: string, epochMs: number): LocalDateTime {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(epochMs))) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const millisecond = ((epochMs % 1000) + 1000) % 1000;
  return {
    year: fields.year,
    month: fields.month,
    day: fields.day,
    msOfDay: fields.hour * MS_PER_HOUR + fields.minute * MS_PER_MINUTE + fields.second * 1000 + millisecond,
  };
}

/** Offset of the zone from UTC at `epochMs` (local minus UTC), in milliseconds. */
export function zoneOffsetMs(timeZone: string, epochMs: number): number {
  const local = toLocalDateTime(timeZone, epochMs);
  return Date.UTC(local.year, local.month - 1, local.day) + local.msOfDay - epochMs;
}

/**
 * The instant at which the wall clock in `timeZone` reads `date` + `msOfDay`.
 * `msOfDay` may be 24:00 (the next midnight). Disambiguation follows the common "compatible" rule:
 * a wall time repeated when clocks go back resolves to its first occurrence; a wall time skipped
 * when clocks go forward resolves to the same distance past the gap (01:30 becomes 02:30 in London).
 */
export function localToEpoch(timeZone: string, date: PlainDate, msOfDay: number): number {
  const wall = Date.UTC(date.year, date.month - 1, date.day) + msOfDay;
  const offsetBefore = zoneOffsetMs(timeZone, wall - MS_PER_DAY);
  const offsetAfter = zoneOffsetMs(timeZone, wall + MS_PER_DAY);
  const valid = [wall - offsetBefore, wall - offsetAfter].filter(
    (candidate) => candidate + zoneOffsetMs(timeZone, candidate) === wall,
  );
  if (valid.length > 0) return Math.min(...valid);
  return wall - offsetBefore;
}

export function plainDateOf(timeZone: string, epochMs: number): PlainDate {
  const { year, month, day } = toLocalDateTime(timeZone, epochMs);
  return { year, month, day };
}

export function addDays(date: PlainDate, days: number): PlainDate {
  const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

/** 0 = Sunday ... 6 = Saturday, as `Date#getUTCDay`. */
export function dayOfWeek(date: PlainDate): number {
  return new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
}

export function formatPlainDate(date: PlainDate): string {
  const pad = (value: number, width: number) => String(value).padStart(width, '0');
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}

const PLAIN_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses `YYYY-MM-DD`; throws a RangeError for anything else or for a date that does not exist. */
export function parsePlainDate(text: string): PlainDate {
  const match = PLAIN_DATE.exec(text);
  if (!match) throw new RangeError(`Expected a date as YYYY-MM-DD, got "${text}"`);
  const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  if (formatPlainDate(addDays(date, 0)) !== text) throw new RangeError(`No such date "${text}"`);
  return date;
}

import {
  MS_PER_MINUTE,
  PlainDate,
  assertTimeZone,
  dayOfWeek,
  formatPlainDate,
  localToEpoch,
  parsePlainDate,
} from './time-zone';

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** One stretch of working time in a day, as wall-clock `HH:MM` (end exclusive; `24:00` allowed as an end). */
export interface WorkingInterval {
  readonly from: string;
  readonly to: string;
}

/**
 * How a business calendar is configured (plain JSON, suitable for settings storage).
 * Overnight shifts are expressed as two intervals on consecutive days (`22:00-24:00` and `00:00-06:00`).
 */
export interface BusinessCalendarConfig {
  /** IANA time zone, e.g. `Asia/Shanghai`, `Europe/London`. */
  readonly timeZone: string;
  /** Days of the week that are normally worked. */
  readonly workingDays: readonly Weekday[];
  /** Working hours of a working day; several intervals make a split shift (a lunch break between them). */
  readonly workingHours: readonly WorkingInterval[];
  /** Hours that differ on some weekdays (e.g. a short Saturday). An empty list means no hours that weekday. */
  readonly workingHoursByDay?: Partial<Record<Weekday, readonly WorkingInterval[]>>;
  /** Dates (`YYYY-MM-DD`, in the calendar's zone) that are not worked although their weekday is. */
  readonly holidays?: readonly string[];
  /** Make-up days (`YYYY-MM-DD`) worked with `workingHours` although their weekday is not normally worked. */
  readonly extraWorkingDays?: readonly string[];
}

/** Minutes after local midnight, [start, end). */
export interface MinuteRange {
  readonly start: number;
  readonly end: number;
}

/** A validated calendar, ready for the working-time functions. Build it with `createBusinessCalendar`. */
export interface BusinessCalendar {
  readonly config: BusinessCalendarConfig;
  readonly timeZone: string;
  readonly workingDays: ReadonlySet<number>;
  readonly defaultHours: readonly MinuteRange[];
  readonly hoursByDay: ReadonlyMap<number, readonly MinuteRange[]>;
  readonly holidays: ReadonlySet<string>;
  readonly extraWorkingDays: ReadonlySet<string>;
}

const CLOCK = /^(\d{2}):(\d{2})$/;

function parseClock(text: string): number {
  const match = CLOCK.exec(text);
  const hours = match ? Number(match[1]) : NaN;
  const minutes = match ? Number(match[2]) : NaN;
  if (!match || minutes > 59 || hours > 24 || (hours === 24 && minutes !== 0)) {
    throw new RangeError(`Expected a time as HH:MM between 00:00 and 24:00, got "${text}"`);
  }
  return hours * 60 + minutes;
}

function parseIntervals(intervals: readonly WorkingInterval[], where: string): MinuteRange[] {
  const ranges = intervals
    .map((interval) => ({ start: parseClock(interval.from), end: parseClock(interval.to) }))
    .sort((a, b) => a.start - b.start);
  const merged: MinuteRange[] = [];
  for (const range of ranges) {
    if (range.end <= range.start) {
      throw new RangeError(`${where}: an interval must end after it starts (${formatRange(range)})`);
    }
    const last = merged[merged.length - 1];
    if (last && range.start < last.end) {
      throw new RangeError(`${where}: intervals overlap (${formatRange(last)} and ${formatRange(range)})`);
    }
    if (last && range.start === last.end) merged[merged.length - 1] = { start: last.start, end: range.end };
    else merged.push(range);
  }
  return merged;
}

function formatRange(range: MinuteRange): string {
  const clock = (minutes: number) =>
    `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  return `${clock(range.start)}-${clock(range.end)}`;
}

function parseDates(dates: readonly string[] | undefined): Set<string> {
  return new Set((dates ?? []).map((text) => formatPlainDate(parsePlainDate(text))));
}

/** Validates a configuration and prepares it for the working-time functions. Throws a RangeError when invalid. */
export function createBusinessCalendar(config: BusinessCalendarConfig): BusinessCalendar {
  assertTimeZone(config.timeZone);
  const workingDays = new Set<number>();
  for (const weekday of config.workingDays) {
    const index = WEEKDAYS.indexOf(weekday);
    if (index < 0) throw new RangeError(`Unknown weekday "${weekday}"`);
    workingDays.add(index);
  }
  const defaultHours = parseIntervals(config.workingHours, 'workingHours');
  const hoursByDay = new Map<number, readonly MinuteRange[]>();
  for (const [weekday, intervals] of Object.entries(config.workingHoursByDay ?? {})) {
    const index = WEEKDAYS.indexOf(weekday as Weekday);
    if (index < 0) throw new RangeError(`Unknown weekday "${weekday}"`);
    hoursByDay.set(index, parseIntervals(intervals ?? [], `workingHoursByDay.${weekday}`));
  }
  const holidays = parseDates(config.holidays);
  const extraWorkingDays = parseDates(config.extraWorkingDays);
  for (const date of extraWorkingDays) {
    if (holidays.has(date)) throw new RangeError(`${date} is listed both as a holiday and as an extra working day`);
  }
  const hasWorkingTime =
    [...workingDays].some((day) => (hoursByDay.get(day) ?? defaultHours).length > 0) ||
    (extraWorkingDays.size > 0 && defaultHours.length > 0);
  if (!hasWorkingTime) throw new RangeError('The calendar has no working time at all');
  return Object.freeze({
    config,
    timeZone: config.timeZone,
    workingDays,
    defaultHours,
    hoursByDay,
    holidays,
    extraWorkingDays,
  });
}

/** Working hours of a local date as wall-clock minute ranges (empty on a day off). */
export function workingMinutesOn(calendar: BusinessCalendar, date: PlainDate): readonly MinuteRange[] {
  const key = formatPlainDate(date);
  if (calendar.extraWorkingDays.has(key)) return calendar.defaultHours;
  if (calendar.holidays.has(key)) return [];
  const weekday = dayOfWeek(date);
  if (!calendar.workingDays.has(weekday)) return [];
  return calendar.hoursByDay.get(weekday) ?? calendar.defaultHours;
}

/** A working day is a date with at least one working interval. */
export function isWorkingDay(calendar: BusinessCalendar, date: PlainDate): boolean {
  return workingMinutesOn(calendar, date).length > 0;
}

/** Epoch-millisecond range [start, end) of working time. */
export interface InstantRange {
  readonly start: number;
  readonly end: number;
}

const dayCaches = new WeakMap<BusinessCalendar, Map<string, readonly InstantRange[]>>();
const DAY_CACHE_LIMIT = 5000;

/** Working intervals of a local date as instants, in order. DST days are handled by the zone rules. */
export function workingRangesOn(calendar: BusinessCalendar, date: PlainDate): readonly InstantRange[] {
  let cache = dayCaches.get(calendar);
  if (!cache) {
    cache = new Map();
    dayCaches.set(calendar, cache);
  }
  const key = formatPlainDate(date);
  const cached = cache.get(key);
  if (cached) return cached;
  const ranges: InstantRange[] = [];
  for (const { start, end } of workingMinutesOn(calendar, date)) {
    const from = localToEpoch(calendar.timeZone, date, start * MS_PER_MINUTE);
    const to = localToEpoch(calendar.timeZone, date, end * MS_PER_MINUTE);
    // A range swallowed by a DST gap has no working time.
    if (to > from) ranges.push({ start: from, end: to });
  }
  if (cache.size >= DAY_CACHE_LIMIT) cache.clear();
  cache.set(key, ranges);
  return ranges;
}

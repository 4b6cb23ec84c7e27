import { localToEpoch, MS_PER_HOUR, MS_PER_MINUTE, plainDateOf, type PlainDate } from '@callcentre/shared';

function dayAfter(date: PlainDate, days: number): PlainDate {
  const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

/**
 * The first moment strictly after `after` at which the wall clock in `timeZone` reads `at` (HH:MM).
 * Around a change of the clocks the rule of localToEpoch applies: a time skipped when clocks go forward runs the
 * same distance past the gap (02:30 becomes 03:30 in New York), a time that occurs twice runs at its first
 * occurrence, and never twice in one night.
 */
export function nextLocalRun(after: Date, at: string, timeZone: string): Date {
  const match = /^(\d{2}):(\d{2})$/.exec(at);
  if (!match) throw new RangeError(`Expected a time of day as HH:MM, got "${at}"`);
  const msOfDay = Number(match[1]) * MS_PER_HOUR + Number(match[2]) * MS_PER_MINUTE;
  const today = plainDateOf(timeZone, after.getTime());
  for (let days = -1; days <= 2; days += 1) {
    const candidate = localToEpoch(timeZone, dayAfter(today, days), msOfDay);
    if (candidate > after.getTime()) return new Date(candidate);
  }
  // Unreachable: some local day within two days of any instant has the time.
  throw new Error(`no ${at} in ${timeZone} after ${after.toISOString()}`);
}

/**
 * Report intervals on the centre's local clock. Every zone in use is a whole number of 15 minutes off UTC, so
 * 15-minute intervals are UTC-aligned and the local 30- and 60-minute ones start on a whole 15 minutes of UTC.
 * A day with a clock change simply has 92 or 100 quarter hours (23 or 25 hours).
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The local wall clock of an instant: `YYYY-MM-DD HH:mm` (as the reports' `local` field). */
export function localLabelOf(at: number, timeZone: string): string {
  const parts = Object.fromEntries(formatterFor(timeZone).formatToParts(at).map((part) => [part.type, part.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/** Local minutes past midnight of an instant, and so its offset into a local interval of `sizeMs`. */
function localOffsetInto(at: number, sizeMs: number, timeZone: string): number {
  const label = localLabelOf(at, timeZone);
  const [hours, minutes] = label.slice(11).split(':').map(Number);
  const localMs = (hours * 60 + minutes) * 60_000 + (at % 60_000);
  return localMs % sizeMs;
}

/** Starts of the local intervals of `sizeMs` (15, 30 or 60 minutes) that overlap [from, to), in order. */
export function localIntervalStarts(from: number, to: number, sizeMs: number, timeZone: string): number[] {
  const starts: number[] = [];
  let at = from - localOffsetInto(from, sizeMs, timeZone);
  while (at < to) {
    starts.push(at);
    // The next boundary: one size on, corrected if a clock change moved the local grid (half-hour zones' DST).
    const next = at + sizeMs;
    at = next - localOffsetInto(next, sizeMs, timeZone);
    if (at <= starts[starts.length - 1]) at = next;
  }
  return starts;
}

/** The local date `days` after a `YYYY-MM-DD` date. */
export function addLocalDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

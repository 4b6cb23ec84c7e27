/** Figures as the reports show them: shares as whole percent, times as m:ss, counts as given; "—" when empty. */
export const EMPTY = '—';

export function percent(value: number | null | undefined): string {
  return value === null || value === undefined ? EMPTY : `${Math.round(value * 100)}%`;
}

export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return EMPTY;
  const whole = Math.floor(seconds);
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = String(whole % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}

export function count(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined) return EMPTY;
  return value.toFixed(digits);
}

/** A local date `days` after today's in the zone, `YYYY-MM-DD`. */
export function localDate(timeZone: string, days = 0, now = Date.now()): string {
  const text = new Date(now).toLocaleDateString('en-CA', { timeZone });
  const [year, month, day] = text.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** The centre's zone as the browser would name it when the server does not say (the report's meta does). */
export const browserTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

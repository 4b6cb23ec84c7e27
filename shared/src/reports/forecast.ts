/**
 * Forecast of arrivals and handle time per interval from history, pure and deterministic.
 *
 * Method (weekly × intra-day seasonal profile with the recent level; documented in docs/statistics.md):
 * 1. Each past local day has a day type: its weekday (`mon` … `sun`), or `holiday` when the business calendar
 *    names it a holiday (a make-up working day counts as the weekday whose hours it works: `mon`).
 * 2. Daily volume of a type = the mean daily offered of the last `sameTypeDays` days of that type.
 * 3. Recent level = offered of the last 7 days / (the mean 7-day offered of the last 28 days); it follows a
 *    recent rise or fall, bounded to 0.5..2. It needs 28 days of history; with less it is 1.
 * 4. Intra-day profile of a type = the share of each local interval (`HH:mm`) in the day's offered, averaged over
 *    the same days. A day with a clock change has 23 or 25 local hours: the repeated hour's intervals add up under
 *    their local time, the skipped hour has none.
 * 5. Forecast offered of an interval = daily volume × recent level × share of its `HH:mm`.
 * 6. Forecast AHT of an interval = Σ handle seconds / Σ handled of the same `HH:mm` over the same days (the
 *    type's whole-day AHT where that interval had no handling).
 * A type with no past day (a first holiday) borrows `sun`'s figures.
 */
export const FORECAST_METHOD = 'weekly × intra-day profile of the same day type (weekday or holiday), scaled by the recent 7-day level';

export interface ForecastSlot {
  /** Local time of the interval's start, `HH:mm`. */
  readonly slot: string;
  readonly offered: number;
  readonly handled: number;
  readonly handleSeconds: number;
}

export interface ForecastHistoryDay {
  /** Local date `YYYY-MM-DD`. */
  readonly date: string;
  readonly dayType: string;
  readonly slots: readonly ForecastSlot[];
}

export interface ForecastOptions {
  /** Same-type days averaged (default 6). */
  readonly sameTypeDays?: number;
}

export interface SlotForecast {
  readonly offered: number;
  readonly ahtSeconds: number | null;
}

export interface DayForecast {
  readonly dayType: string;
  /** By local `HH:mm`. */
  readonly slots: ReadonlyMap<string, SlotForecast>;
}

const LEVEL_BOUNDS = [0.5, 2] as const;

const totalOf = (day: ForecastHistoryDay) => day.slots.reduce((sum, slot) => sum + slot.offered, 0);

/** The recent level of step 3: 1 without 28 days of history or traffic. */
export function recentLevel(history: readonly ForecastHistoryDay[]): number {
  if (history.length < 28) return 1;
  const sorted = [...history].sort((a, b) => a.date.localeCompare(b.date));
  const last28 = sorted.slice(-28).map(totalOf);
  const lastWeek = last28.slice(-7).reduce((sum, value) => sum + value, 0);
  const meanWeek = last28.reduce((sum, value) => sum + value, 0) / 4;
  if (meanWeek <= 0) return 1;
  return Math.min(LEVEL_BOUNDS[1], Math.max(LEVEL_BOUNDS[0], lastWeek / meanWeek));
}

/** Forecast of one future day of `dayType` from the history days (any order). */
export function forecastDay(history: readonly ForecastHistoryDay[], dayType: string, options: ForecastOptions = {}): DayForecast {
  const sameTypeDays = options.sameTypeDays ?? 6;
  const sorted = [...history].sort((a, b) => a.date.localeCompare(b.date));
  let days = sorted.filter((day) => day.dayType === dayType).slice(-sameTypeDays);
  if (days.length === 0) days = sorted.filter((day) => day.dayType === 'sun').slice(-sameTypeDays);
  const slots = new Map<string, SlotForecast>();
  if (days.length === 0) return { dayType, slots };

  const level = recentLevel(sorted);
  const dailyVolume = days.reduce((sum, day) => sum + totalOf(day), 0) / days.length;
  const shares = new Map<string, number>();
  const handle = new Map<string, { handled: number; seconds: number }>();
  let dayHandled = 0;
  let daySeconds = 0;
  for (const day of days) {
    const total = totalOf(day);
    for (const slot of day.slots) {
      if (total > 0) shares.set(slot.slot, (shares.get(slot.slot) ?? 0) + slot.offered / total / days.length);
      const sum = handle.get(slot.slot) ?? { handled: 0, seconds: 0 };
      sum.handled += slot.handled;
      sum.seconds += slot.handleSeconds;
      handle.set(slot.slot, sum);
      dayHandled += slot.handled;
      daySeconds += slot.handleSeconds;
    }
  }
  const dayAht = dayHandled > 0 ? daySeconds / dayHandled : null;
  const keys = new Set([...shares.keys(), ...handle.keys()]);
  for (const key of [...keys].sort()) {
    const sum = handle.get(key);
    slots.set(key, {
      offered: dailyVolume * level * (shares.get(key) ?? 0),
      ahtSeconds: sum !== undefined && sum.handled > 0 ? sum.seconds / sum.handled : dayAht,
    });
  }
  return { dayType, slots };
}

/**
 * Mean absolute percentage error of forecasts against actuals, over the pairs whose actual is above 0 (a
 * percentage of nothing is undefined); null when there is none.
 */
export function meanAbsolutePercentageError(pairs: readonly { readonly forecast: number; readonly actual: number }[]): number | null {
  const counted = pairs.filter((pair) => pair.actual > 0);
  if (counted.length === 0) return null;
  return counted.reduce((sum, pair) => sum + Math.abs(pair.forecast - pair.actual) / pair.actual, 0) / counted.length;
}

const WEEKDAY_TYPES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/** The day type of a local date: `holiday` when the calendar names it so, `mon` for a make-up working day, else its weekday. */
export function dayTypeOf(date: string, calendar: { readonly holidays?: readonly string[]; readonly extraWorkingDays?: readonly string[] }): string {
  if (calendar.holidays?.includes(date)) return 'holiday';
  if (calendar.extraWorkingDays?.includes(date)) return 'mon';
  const [year, month, day] = date.split('-').map(Number);
  return WEEKDAY_TYPES[new Date(Date.UTC(year, month - 1, day)).getUTCDay()];
}

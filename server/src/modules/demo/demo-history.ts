import { addLocalDays, localLabelOf, localToEpoch, parsePlainDate } from '@callcentre/shared';
import { demoRota } from './demo-shifts';

/**
 * Days of history before today the demo centre is given: the eight weeks the forecast reads (FORECAST_HISTORY_DAYS),
 * as it counts a closed day without records as a day without contacts.
 */
export const DEMO_HISTORY_DAYS = 56;

/**
 * Each demo queue's busiest rate (contacts an hour at the late-morning peak of a weekday) and its mean talk, seconds.
 * General is sized past what its early shift can answer: the forecast shows understaffed late mornings on weekdays
 * and weekend afternoons, and room to spare where the early and late shifts overlap and in the evenings.
 */
export const DEMO_QUEUE_TRAFFIC: ReadonlyArray<{ code: string; peakPerHour: number; talkSeconds: number }> = [
  { code: 'general', peakPerHour: 85, talkSeconds: 200 },
  { code: 'billing', peakPerHour: 30, talkSeconds: 240 },
  { code: 'technical', peakPerHour: 20, talkSeconds: 360 },
  { code: 'complaints', peakPerHour: 8, talkSeconds: 420 },
  { code: 'vip', peakPerHour: 5, talkSeconds: 300 },
];

export interface DemoHistoryPlan {
  /** The first instant of the history (local midnight DEMO_HISTORY_DAYS days before today) and its end (today's). */
  from: number;
  to: number;
  /** Each history day's first instant. */
  dayStarts: number[];
  /** The agents' shifts of those days, as the demo rota has them. */
  shifts: Array<{ agentId: string; startsAt: Date; endsAt: Date }>;
}

/** The days and shifts of the demo's history: the DEMO_HISTORY_DAYS local days before `now`'s, on the centre's clock. */
export function demoHistoryPlan(agentIds: readonly string[], now: Date, timeZone: string): DemoHistoryPlan {
  const today = localLabelOf(now.getTime(), timeZone).slice(0, 10);
  const dayStart = (date: string) => localToEpoch(timeZone, parsePlainDate(date), 0);
  const dates = Array.from({ length: DEMO_HISTORY_DAYS }, (_, index) => addLocalDays(today, index - DEMO_HISTORY_DAYS));
  return {
    from: dayStart(dates[0]),
    to: dayStart(today),
    dayStarts: dates.map(dayStart),
    shifts: dates.flatMap((date) => demoRota(agentIds, date, timeZone)),
  };
}

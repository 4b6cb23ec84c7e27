import type { QueueBusinessHours } from '@callcentre/shared';

const WEEKDAY: Record<string, string> = { Mon: '1', Tue: '2', Wed: '3', Thu: '4', Fri: '5', Sat: '6', Sun: '7' };

/** Whether `at` falls inside the queue's opening hours (no hours configured: always open). */
export function isOpen(hours: QueueBusinessHours | null, at: number): boolean {
  if (!hours) return true;
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: hours.timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(at));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const day = WEEKDAY[part('weekday')];
  const clock = `${part('hour')}:${part('minute')}`;
  const intervals = hours.days[day as keyof QueueBusinessHours['days']] ?? [];
  return intervals.some((interval) => interval.from <= clock && clock < interval.to);
}

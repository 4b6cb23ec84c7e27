import { QueueStatisticsInputError, localDateOf, startOfLocalDay } from './index';

const utc = (iso: string) => Date.parse(iso);

describe('startOfLocalDay', () => {
  it('finds midnight in a zone ahead of UTC', () => {
    expect(startOfLocalDay(utc('2026-01-02T03:00:00Z'), 'Asia/Shanghai')).toBe(utc('2026-01-01T16:00:00Z'));
    expect(startOfLocalDay(utc('2026-01-01T15:59:59.999Z'), 'Asia/Shanghai')).toBe(utc('2025-12-31T16:00:00Z'));
    expect(startOfLocalDay(utc('2026-01-01T16:00:00Z'), 'Asia/Shanghai')).toBe(utc('2026-01-01T16:00:00Z'));
    expect(localDateOf(utc('2026-01-01T16:00:00Z'), 'Asia/Shanghai')).toBe('2026-01-02');
  });

  it('finds midnight in half- and quarter-hour zones', () => {
    expect(startOfLocalDay(utc('2026-06-10T12:00:00Z'), 'Asia/Kolkata')).toBe(utc('2026-06-09T18:30:00Z'));
    expect(startOfLocalDay(utc('2026-06-10T12:00:00Z'), 'Asia/Kathmandu')).toBe(utc('2026-06-09T18:15:00Z'));
  });

  it('follows daylight-saving changes', () => {
    // New York springs forward at 02:00 on 8 March 2026: the day began at 00:00 EST.
    expect(startOfLocalDay(utc('2026-03-08T15:00:00Z'), 'America/New_York')).toBe(utc('2026-03-08T05:00:00Z'));
    expect(startOfLocalDay(utc('2026-03-09T15:00:00Z'), 'America/New_York')).toBe(utc('2026-03-09T04:00:00Z'));
    // 1 November 2026 falls back: a 25-hour day from 04:00Z to 05:00Z the next day.
    expect(startOfLocalDay(utc('2026-11-02T04:59:00Z'), 'America/New_York')).toBe(utc('2026-11-01T04:00:00Z'));
    expect(startOfLocalDay(utc('2026-11-02T05:00:00Z'), 'America/New_York')).toBe(utc('2026-11-02T05:00:00Z'));
    // Santiago skips midnight on 8 September 2024: that day began at 01:00 local (04:00Z).
    expect(startOfLocalDay(utc('2024-09-08T12:00:00Z'), 'America/Santiago')).toBe(utc('2024-09-08T04:00:00Z'));
  });

  it('rejects an unknown time zone', () => {
    expect(() => startOfLocalDay(0, 'Mars/Olympus_Mons')).toThrow(QueueStatisticsInputError);
  });
});

import { dayTypeOf, forecastDay, type ForecastHistoryDay, meanAbsolutePercentageError, recentLevel } from './forecast';
import { addLocalDays, localIntervalStarts, localLabelOf } from './local-intervals';

const day = (date: string, dayType: string, offered: Record<string, number>, aht = 300): ForecastHistoryDay => ({
  date,
  dayType,
  slots: Object.entries(offered).map(([slot, count]) => ({ slot, offered: count, handled: count, handleSeconds: count * aht })),
});

describe('forecast', () => {
  it('forecasts a day from the same day type: its mean volume spread by its mean intra-day profile', () => {
    const history = [
      day('2027-01-04', 'mon', { '09:00': 10, '10:00': 30 }),
      day('2027-01-11', 'mon', { '09:00': 30, '10:00': 30 }),
      day('2027-01-10', 'sun', { '09:00': 2, '10:00': 2 }, 600),
    ];
    const monday = forecastDay(history, 'mon');
    // Mean volume 50; shares (10/40 + 30/60) / 2 = 0.375 and (30/40 + 30/60) / 2 = 0.625.
    expect(monday.slots.get('09:00')?.offered).toBeCloseTo(18.75, 10);
    expect(monday.slots.get('10:00')?.offered).toBeCloseTo(31.25, 10);
    expect(monday.slots.get('09:00')?.ahtSeconds).toBe(300);
    // A holiday with no past holiday borrows Sunday's figures.
    expect(forecastDay(history, 'holiday').slots.get('09:00')).toEqual({ offered: 2, ahtSeconds: 600 });
  });

  it('scales by the recent level once four weeks are known, within 0.5..2', () => {
    const flat = Array.from({ length: 28 }, (_, i) => day(addLocalDays('2027-02-01', i), 'x', { '09:00': 10 }));
    expect(recentLevel(flat)).toBe(1);
    const rising = flat.map((d, i) => (i >= 21 ? day(d.date, 'x', { '09:00': 20 }) : d));
    expect(recentLevel(rising)).toBeCloseTo(140 / (350 / 4), 10);
    expect(recentLevel(flat.slice(1))).toBe(1);
  });

  it('names holidays and make-up days from the business calendar', () => {
    const calendar = { holidays: ['2027-10-01'], extraWorkingDays: ['2027-09-26'] };
    expect(dayTypeOf('2027-10-01', calendar)).toBe('holiday');
    expect(dayTypeOf('2027-09-26', calendar)).toBe('mon');
    expect(dayTypeOf('2027-09-27', calendar)).toBe('mon');
    expect(dayTypeOf('2027-10-02', calendar)).toBe('sat');
  });

  it('measures MAPE over the intervals with contacts', () => {
    expect(meanAbsolutePercentageError([{ forecast: 9, actual: 10 }, { forecast: 30, actual: 20 }, { forecast: 5, actual: 0 }])).toBeCloseTo(0.3, 12);
    expect(meanAbsolutePercentageError([{ forecast: 1, actual: 0 }])).toBeNull();
  });
});

describe('local intervals', () => {
  it('gives a day with the clocks going forward 23 hours and one going back 25, on the local grid', () => {
    const spring = localIntervalStarts(Date.parse('2027-03-27T23:00:00Z'), Date.parse('2027-03-28T22:00:00Z'), 3_600_000, 'Europe/Berlin');
    expect(spring).toHaveLength(23);
    expect(spring.map((at) => localLabelOf(at, 'Europe/Berlin').slice(11))).not.toContain('02:00');
    const autumn = localIntervalStarts(Date.parse('2027-10-30T22:00:00Z'), Date.parse('2027-10-31T23:00:00Z'), 3_600_000, 'Europe/Berlin');
    expect(autumn).toHaveLength(25);
    // Half-hour zones: local hours start at half past on UTC's clock.
    expect(localIntervalStarts(Date.parse('2027-01-01T00:10:00Z'), Date.parse('2027-01-01T02:00:00Z'), 3_600_000, 'Asia/Kolkata').map((at) => new Date(at).toISOString())).toEqual([
      '2026-12-31T23:30:00.000Z',
      '2027-01-01T00:30:00.000Z',
      '2027-01-01T01:30:00.000Z',
    ]);
  });
});

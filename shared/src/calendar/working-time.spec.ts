import { createBusinessCalendar, isWorkingDay, BusinessCalendarConfig } from './business-calendar';
import { MS_PER_HOUR, MS_PER_MINUTE, localToEpoch, parsePlainDate, plainDateOf } from './time-zone';
import {
  addWorkingDays,
  addWorkingTime,
  isWithinWorkingHours,
  nextWorkingMoment,
  previousWorkingEnd,
  workingTimeBetween,
} from './working-time';

const H = MS_PER_HOUR;
const iso = (text: string) => new Date(text).toISOString();

/** Shanghai, Mon-Fri, split shift with a lunch break; National Day 2025 with its two make-up days. */
const shanghai = createBusinessCalendar({
  timeZone: 'Asia/Shanghai',
  workingDays: ['mon', 'tue', 'wed', 'thu', 'fri'],
  workingHours: [
    { from: '09:00', to: '12:00' },
    { from: '13:00', to: '18:00' },
  ],
  holidays: ['2025-10-01', '2025-10-02', '2025-10-03', '2025-10-06', '2025-10-07', '2025-10-08'],
  extraWorkingDays: ['2025-09-28', '2025-10-11'],
});

/** London, Mon-Fri 09:00-18:00. British Summer Time 2025 runs from 30 March to 26 October. */
const london = createBusinessCalendar({
  timeZone: 'Europe/London',
  workingDays: ['mon', 'tue', 'wed', 'thu', 'fri'],
  workingHours: [{ from: '09:00', to: '18:00' }],
});

const londonEveryDay = createBusinessCalendar({
  timeZone: 'Europe/London',
  workingDays: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
  workingHours: [{ from: '09:00', to: '18:00' }],
});

const londonAroundTheClock = createBusinessCalendar({
  timeZone: 'Europe/London',
  workingDays: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
  workingHours: [{ from: '00:00', to: '24:00' }],
});

describe('localToEpoch', () => {
  it('reads wall-clock time in the zone, winter and summer', () => {
    expect(new Date(localToEpoch('Europe/London', parsePlainDate('2025-01-15'), 9 * H)).toISOString()).toBe(
      '2025-01-15T09:00:00.000Z',
    );
    expect(new Date(localToEpoch('Europe/London', parsePlainDate('2025-07-15'), 9 * H)).toISOString()).toBe(
      '2025-07-15T08:00:00.000Z',
    );
    expect(new Date(localToEpoch('Asia/Shanghai', parsePlainDate('2025-07-15'), 9 * H)).toISOString()).toBe(
      '2025-07-15T01:00:00.000Z',
    );
  });

  it('moves a wall time skipped by the spring change forward by the gap', () => {
    expect(new Date(localToEpoch('Europe/London', parsePlainDate('2025-03-30'), 90 * MS_PER_MINUTE)).toISOString()).toBe(
      '2025-03-30T01:30:00.000Z',
    );
  });

  it('moves a skipped wall time forward by the gap in a zone behind UTC too', () => {
    // New York springs forward at 02:00 EST on 8 March 2026: 02:30 does not exist and reads as 03:30 EDT.
    expect(new Date(localToEpoch('America/New_York', parsePlainDate('2026-03-08'), 150 * MS_PER_MINUTE)).toISOString()).toBe(
      '2026-03-08T07:30:00.000Z',
    );
  });

  it('takes the first occurrence of a wall time repeated by the autumn change', () => {
    expect(new Date(localToEpoch('Europe/London', parsePlainDate('2025-10-26'), 90 * MS_PER_MINUTE)).toISOString()).toBe(
      '2025-10-26T00:30:00.000Z',
    );
  });

  it('keeps the milliseconds of a wall time, and reads instants before 1970', () => {
    expect(new Date(localToEpoch('Europe/London', parsePlainDate('2025-07-15'), 9 * H + 250)).toISOString()).toBe(
      '2025-07-15T08:00:00.250Z',
    );
    expect(plainDateOf('Asia/Shanghai', Date.parse('1969-12-31T15:59:59.750Z'))).toEqual({ year: 1969, month: 12, day: 31 });
    expect(new Date(localToEpoch('UTC', parsePlainDate('1969-12-31'), 24 * H - 250)).toISOString()).toBe(
      '1969-12-31T23:59:59.750Z',
    );
  });

  it('accepts 24:00 as the next midnight', () => {
    expect(new Date(localToEpoch('Asia/Shanghai', parsePlainDate('2025-12-31'), 24 * H)).toISOString()).toBe(
      '2025-12-31T16:00:00.000Z',
    );
  });
});

describe('createBusinessCalendar', () => {
  const base: BusinessCalendarConfig = {
    timeZone: 'Europe/London',
    workingDays: ['mon'],
    workingHours: [{ from: '09:00', to: '17:00' }],
  };

  it.each<[string, Partial<BusinessCalendarConfig>, RegExp]>([
    ['an unknown zone', { timeZone: 'Mars/Olympus_Mons' }, /Unknown time zone/],
    ['a malformed time', { workingHours: [{ from: '9:00', to: '17:00' }] }, /HH:MM/],
    ['a time past 24:00', { workingHours: [{ from: '09:00', to: '24:30' }] }, /HH:MM/],
    ['an interval ending before it starts', { workingHours: [{ from: '17:00', to: '09:00' }] }, /end after it starts/],
    [
      'overlapping intervals',
      { workingHours: [{ from: '09:00', to: '13:00' }, { from: '12:00', to: '17:00' }] },
      /overlap/,
    ],
    ['an unknown weekday', { workingDays: ['monday' as never] }, /Unknown weekday/],
    ['a malformed holiday', { holidays: ['2025/10/01'] }, /YYYY-MM-DD/],
    ['a date that does not exist', { holidays: ['2025-02-30'] }, /No such date/],
    ['a date both holiday and make-up day', { holidays: ['2025-10-11'], extraWorkingDays: ['2025-10-11'] }, /both/],
    ['no working time', { workingDays: [] }, /no working time/],
    ['working days whose hours are all empty', { workingHoursByDay: { mon: [] } }, /no working time/],
  ])('rejects %s', (_name, change, message) => {
    expect(() => createBusinessCalendar({ ...base, ...change })).toThrow(message);
  });

  it('merges touching intervals into one', () => {
    const calendar = createBusinessCalendar({
      ...base,
      workingHours: [
        { from: '13:00', to: '17:00' },
        { from: '09:00', to: '13:00' },
      ],
    });
    expect(calendar.defaultHours).toEqual([{ start: 9 * 60, end: 17 * 60 }]);
  });

  it('lets holidays remove working days and make-up days add them', () => {
    expect(isWorkingDay(shanghai, parsePlainDate('2025-09-30'))).toBe(true);
    expect(isWorkingDay(shanghai, parsePlainDate('2025-10-01'))).toBe(false);
    expect(isWorkingDay(shanghai, parsePlainDate('2025-09-27'))).toBe(false);
    expect(isWorkingDay(shanghai, parsePlainDate('2025-09-28'))).toBe(true);
  });
});

describe('isWithinWorkingHours / nextWorkingMoment / previousWorkingEnd', () => {
  it('treats the lunch break as outside working hours', () => {
    expect(isWithinWorkingHours(shanghai, '2025-09-22T11:59:00+08:00')).toBe(true);
    expect(isWithinWorkingHours(shanghai, '2025-09-22T12:00:00+08:00')).toBe(false);
    expect(isWithinWorkingHours(shanghai, '2025-09-22T13:00:00+08:00')).toBe(true);
    expect(nextWorkingMoment(shanghai, '2025-09-22T12:30:00+08:00').toISOString()).toBe(iso('2025-09-22T13:00:00+08:00'));
  });

  it('skips weekends and holidays to the next opening', () => {
    expect(nextWorkingMoment(shanghai, '2025-09-30T18:00:00+08:00').toISOString()).toBe(iso('2025-10-09T09:00:00+08:00'));
    expect(nextWorkingMoment(shanghai, '2025-09-26T19:00:00+08:00').toISOString()).toBe(iso('2025-09-28T09:00:00+08:00'));
  });

  it('returns an instant inside working hours unchanged', () => {
    expect(nextWorkingMoment(shanghai, '2025-09-22T10:15:00+08:00').toISOString()).toBe(iso('2025-09-22T10:15:00+08:00'));
  });

  it('finds the close of the latest working interval', () => {
    expect(previousWorkingEnd(shanghai, '2025-10-09T09:00:00+08:00').toISOString()).toBe(iso('2025-09-30T18:00:00+08:00'));
    expect(previousWorkingEnd(shanghai, '2025-09-22T12:30:00+08:00').toISOString()).toBe(iso('2025-09-22T12:00:00+08:00'));
  });

  it('takes an instant at the very close of an interval as that close', () => {
    expect(previousWorkingEnd(shanghai, '2025-09-22T12:00:00+08:00').toISOString()).toBe(iso('2025-09-22T12:00:00+08:00'));
    expect(previousWorkingEnd(shanghai, '2025-09-22T18:00:00+08:00').toISOString()).toBe(iso('2025-09-22T18:00:00+08:00'));
  });
});

describe('addWorkingTime', () => {
  it.each([
    ['inside one interval', '2025-09-22T10:00:00+08:00', 1 * H, '2025-09-22T11:00:00+08:00'],
    ['across the lunch break', '2025-09-22T11:00:00+08:00', 2 * H, '2025-09-22T14:00:00+08:00'],
    ['to the exact close (not the next opening)', '2025-09-22T17:00:00+08:00', 1 * H, '2025-09-22T18:00:00+08:00'],
    ['to the exact start of lunch', '2025-09-22T11:00:00+08:00', 1 * H, '2025-09-22T12:00:00+08:00'],
    ['overnight', '2025-09-22T17:00:00+08:00', 2 * H, '2025-09-23T10:00:00+08:00'],
    ['over a weekend', '2025-09-19T17:00:00+08:00', 2 * H, '2025-09-22T10:00:00+08:00'],
    ['from a start on a Saturday', '2025-09-20T10:00:00+08:00', 1 * H, '2025-09-22T10:00:00+08:00'],
    ['from a start in the lunch break', '2025-09-22T12:10:00+08:00', 30 * MS_PER_MINUTE, '2025-09-22T13:30:00+08:00'],
    ['over a week of holidays', '2025-09-30T17:00:00+08:00', 2 * H, '2025-10-09T10:00:00+08:00'],
    ['onto a make-up Sunday', '2025-09-26T17:00:00+08:00', 2 * H, '2025-09-28T10:00:00+08:00'],
    ['a whole working week', '2025-09-15T09:00:00+08:00', 40 * H, '2025-09-19T18:00:00+08:00'],
  ])('%s', (_name, start, duration, expected) => {
    expect(addWorkingTime(shanghai, start, duration).toISOString()).toBe(iso(expected));
  });

  it('returns the start for a zero duration', () => {
    expect(addWorkingTime(shanghai, '2025-09-20T10:00:00+08:00', 0).toISOString()).toBe(iso('2025-09-20T10:00:00+08:00'));
  });

  it('rejects negative and non-finite durations', () => {
    expect(() => addWorkingTime(shanghai, '2025-09-22T10:00:00+08:00', -1)).toThrow(RangeError);
    expect(() => addWorkingTime(shanghai, '2025-09-22T10:00:00+08:00', Infinity)).toThrow(RangeError);
  });

  it('rejects an unparseable instant', () => {
    expect(() => addWorkingTime(shanghai, 'yesterday', H)).toThrow(/valid instant/);
  });

  it('counts the real length of the day clocks go forward (23 hours)', () => {
    // 12 hours left on Saturday, then 12 of Sunday's 23 real hours: 12:00 UTC is 13:00 BST.
    expect(addWorkingTime(londonAroundTheClock, '2025-03-29T12:00:00Z', 24 * H).toISOString()).toBe(
      '2025-03-30T12:00:00.000Z',
    );
  });

  it('counts the real length of the day clocks go back (25 hours)', () => {
    expect(addWorkingTime(londonAroundTheClock, '2025-10-26T00:00:00+01:00', 25 * H).toISOString()).toBe(
      '2025-10-27T00:00:00.000Z',
    );
  });

  it('keeps office hours in local time across a DST weekend', () => {
    // Friday 17:00 GMT, one hour left; Monday opens 09:00 BST = 08:00 UTC.
    expect(addWorkingTime(london, '2025-03-28T17:00:00Z', 2 * H).toISOString()).toBe('2025-03-31T09:00:00.000Z');
  });

  it('is the inverse of workingTimeBetween for many starts and durations', () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const origin = Date.parse('2025-09-15T00:00:00+08:00');
    for (let i = 0; i < 200; i++) {
      const start = origin + Math.floor(random() * 40 * 24) * 15 * MS_PER_MINUTE;
      const duration = Math.floor(random() * 60 * 4) * 15 * MS_PER_MINUTE;
      const end = addWorkingTime(shanghai, start, duration);
      expect(workingTimeBetween(shanghai, start, end)).toBe(duration);
      expect(duration === 0 || isWithinWorkingHours(shanghai, end.getTime() - 1)).toBe(true);
    }
  });
});

describe('workingTimeBetween', () => {
  it.each([
    ['across lunch', shanghai, '2025-09-22T11:00:00+08:00', '2025-09-22T14:00:00+08:00', 2 * H],
    ['a whole week', shanghai, '2025-09-15T00:00:00+08:00', '2025-09-22T00:00:00+08:00', 40 * H],
    ['over a weekend', shanghai, '2025-09-19T17:00:00+08:00', '2025-09-22T10:00:00+08:00', 2 * H],
    ['nothing on a weekend', shanghai, '2025-09-20T08:00:00+08:00', '2025-09-21T20:00:00+08:00', 0],
    // Sep 29, 30, Oct 9, 10 and the make-up Saturday Oct 11.
    ['the National Day fortnight', shanghai, '2025-09-29T00:00:00+08:00', '2025-10-12T00:00:00+08:00', 5 * 8 * H],
    ['the 23-hour spring Sunday', londonAroundTheClock, '2025-03-30T00:00:00Z', '2025-03-31T00:00:00+01:00', 23 * H],
    ['the 25-hour autumn Sunday', londonAroundTheClock, '2025-10-26T00:00:00+01:00', '2025-10-27T00:00:00Z', 25 * H],
    ['office hours over the spring DST weekend', london, '2025-03-28T09:00:00Z', '2025-03-31T18:00:00+01:00', 18 * H],
  ])('%s', (_name, calendar, a, b, expected) => {
    expect(workingTimeBetween(calendar, a, b)).toBe(expected);
  });

  it('is negative when the second instant is earlier', () => {
    expect(workingTimeBetween(shanghai, '2025-09-22T14:00:00+08:00', '2025-09-22T11:00:00+08:00')).toBe(-2 * H);
  });
});

describe('addWorkingDays', () => {
  it.each([
    ['same clock time the next working day', '2025-09-23T15:00:00+01:00', 1, '2025-09-24T15:00:00+01:00'],
    ['over a weekend', '2025-09-19T17:30:00+01:00', 1, '2025-09-22T17:30:00+01:00'],
    ['received on a Saturday: by Monday close', '2025-09-20T10:00:00+01:00', 1, '2025-09-22T18:00:00+01:00'],
    ['received before opening: by close that day', '2025-09-23T08:00:00+01:00', 1, '2025-09-23T18:00:00+01:00'],
    ['received after closing: by close the next day', '2025-09-23T19:00:00+01:00', 1, '2025-09-24T18:00:00+01:00'],
    ['received at the close: by close the next day', '2025-09-23T18:00:00+01:00', 1, '2025-09-24T18:00:00+01:00'],
    ['three working days over a weekend', '2025-09-25T10:00:00+01:00', 3, '2025-09-30T10:00:00+01:00'],
    ['to the millisecond', '2025-09-23T15:00:00.250+01:00', 1, '2025-09-24T15:00:00.250+01:00'],
    ['over a DST weekend, same wall-clock time', '2025-03-28T10:00:00Z', 1, '2025-03-31T10:00:00+01:00'],
  ])('London: %s', (_name, start, days, expected) => {
    expect(addWorkingDays(london, start, days).toISOString()).toBe(iso(expected));
  });

  it.each([
    ['across lunch, back to the close of the morning', '2025-09-23T12:30:00+08:00', 1, '2025-09-24T12:00:00+08:00'],
    ['over the National Day holidays', '2025-09-30T16:00:00+08:00', 1, '2025-10-09T16:00:00+08:00'],
    ['onto a make-up Saturday', '2025-10-10T16:00:00+08:00', 1, '2025-10-11T16:00:00+08:00'],
    ['three days through holidays and make-up days', '2025-09-26T10:00:00+08:00', 3, '2025-09-30T10:00:00+08:00'],
  ])('Shanghai: %s', (_name, start, days, expected) => {
    expect(addWorkingDays(shanghai, start, days).toISOString()).toBe(iso(expected));
  });

  it('keeps the wall-clock time over the night clocks go forward', () => {
    const due = addWorkingDays(londonEveryDay, '2025-03-29T10:00:00Z', 1);
    expect(due.toISOString()).toBe(iso('2025-03-30T10:00:00+01:00'));
    // Saturday 10:00-18:00 plus Sunday 09:00-10:00.
    expect(workingTimeBetween(londonEveryDay, '2025-03-29T10:00:00Z', due)).toBe(9 * H);
  });

  it('moves a clock time after a short day back to that day’s close', () => {
    const withShortSaturday = createBusinessCalendar({
      timeZone: 'Asia/Shanghai',
      workingDays: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'],
      workingHours: [{ from: '09:00', to: '18:00' }],
      workingHoursByDay: { sat: [{ from: '09:00', to: '12:00' }] },
    });
    expect(addWorkingDays(withShortSaturday, '2025-09-19T15:00:00+08:00', 1).toISOString()).toBe(
      iso('2025-09-20T12:00:00+08:00'),
    );
    expect(addWorkingDays(withShortSaturday, '2025-09-20T10:00:00+08:00', 1).toISOString()).toBe(
      iso('2025-09-22T10:00:00+08:00'),
    );
  });

  it('returns the start for zero days and rejects fractions and negatives', () => {
    expect(addWorkingDays(london, '2025-09-20T10:00:00Z', 0).toISOString()).toBe('2025-09-20T10:00:00.000Z');
    expect(() => addWorkingDays(london, '2025-09-20T10:00:00Z', 1.5)).toThrow(RangeError);
    expect(() => addWorkingDays(london, '2025-09-20T10:00:00Z', -1)).toThrow(RangeError);
  });

  it('gives up with a clear error when holidays cover every working day', () => {
    const holidays = Array.from({ length: 4000 }, (_, i) =>
      new Date(Date.UTC(2025, 0, 1 + i)).toISOString().slice(0, 10),
    );
    const closed = createBusinessCalendar({
      timeZone: 'UTC',
      workingDays: ['mon'],
      workingHours: [{ from: '09:00', to: '17:00' }],
      holidays,
    });
    expect(() => addWorkingTime(closed, '2025-01-01T00:00:00Z', H)).toThrow(/No working time/);
  });
});

describe('the instants and limits of the working-time functions', () => {
  it('reads an instant given as a Date or as epoch milliseconds, to the millisecond', () => {
    const at = '2025-09-22T10:00:00.250+08:00';
    expect(addWorkingTime(shanghai, new Date(at), H).toISOString()).toBe(iso('2025-09-22T11:00:00.250+08:00'));
    expect(addWorkingTime(shanghai, Date.parse(at), H).toISOString()).toBe(iso('2025-09-22T11:00:00.250+08:00'));
    expect(() => addWorkingTime(shanghai, NaN, H)).toThrow(new RangeError('Not a valid instant: NaN'));
    expect(() => addWorkingTime(shanghai, 'yesterday', H)).toThrow(new RangeError('Not a valid instant: yesterday'));
  });

  it('names a bad duration or number of days', () => {
    expect(() => addWorkingTime(shanghai, '2025-09-22T10:00:00+08:00', -1)).toThrow(
      new RangeError('A working-time duration must be a finite number >= 0, got -1'),
    );
    expect(() => addWorkingTime(shanghai, '2025-09-22T10:00:00+08:00', NaN)).toThrow(
      new RangeError('A working-time duration must be a finite number >= 0, got NaN'),
    );
    expect(() => addWorkingDays(shanghai, '2025-09-22T10:00:00+08:00', 1.5)).toThrow(
      new RangeError('A number of working days must be an integer >= 0, got 1.5'),
    );
  });

  it('moves a deadline that falls on the opening of an interval back to the close of the one before', () => {
    expect(addWorkingDays(shanghai, '2025-09-23T13:00:00+08:00', 1).toISOString()).toBe(iso('2025-09-24T12:00:00+08:00'));
    expect(addWorkingDays(shanghai, '2025-09-22T09:00:00+08:00', 1).toISOString()).toBe(iso('2025-09-22T18:00:00+08:00'));
  });

  // Ten years of days (3660) is as far as the functions look; a calendar worked on its make-up days only puts
  // the one working day at a chosen distance.
  const dayAt = (offset: number) => new Date(Date.UTC(2025, 0, 1 + offset)).toISOString().slice(0, 10);
  const workedOnlyOn = (...offsets: number[]) =>
    createBusinessCalendar({
      timeZone: 'UTC',
      workingDays: [],
      workingHours: [{ from: '09:00', to: '17:00' }],
      extraWorkingDays: offsets.map(dayAt),
    });
  const origin = '2025-01-01T00:00:00Z';
  const gaveUp = (from: string) => new RangeError(`No working time within 3660 days of ${from}; check the calendar`);

  it('looks 3660 days ahead for the next working moment, and no further', () => {
    expect(nextWorkingMoment(workedOnlyOn(3659), origin).toISOString()).toBe(`${dayAt(3659)}T09:00:00.000Z`);
    expect(() => nextWorkingMoment(workedOnlyOn(3660), origin)).toThrow(gaveUp('2025-01-01T00:00:00.000Z'));
    expect(addWorkingTime(workedOnlyOn(3659), origin, H).toISOString()).toBe(`${dayAt(3659)}T10:00:00.000Z`);
    expect(() => addWorkingTime(workedOnlyOn(3660), origin, H)).toThrow(gaveUp('2025-01-01T00:00:00.000Z'));
  });

  it('looks 3660 days back for the previous working end, and no further', () => {
    expect(previousWorkingEnd(workedOnlyOn(-3659), origin).toISOString()).toBe(`${dayAt(-3659)}T17:00:00.000Z`);
    expect(() => previousWorkingEnd(workedOnlyOn(-3660), origin)).toThrow(gaveUp('2025-01-01T00:00:00.000Z'));
  });

  it('counts working days up to twice as far before giving up', () => {
    expect(addWorkingDays(workedOnlyOn(0, 7320), '2025-01-01T10:00:00Z', 1).toISOString()).toBe(`${dayAt(7320)}T10:00:00.000Z`);
    expect(() => addWorkingDays(workedOnlyOn(0, 7321), '2025-01-01T10:00:00Z', 1)).toThrow(gaveUp('2025-01-01T10:00:00.000Z'));
  });
});

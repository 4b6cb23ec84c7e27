import {
  BusinessCalendarConfig,
  createBusinessCalendar,
  isWorkingDay,
  workingMinutesOn,
  workingRangesOn,
} from './business-calendar';
import { parsePlainDate } from './time-zone';

const base: BusinessCalendarConfig = {
  timeZone: 'Europe/London',
  workingDays: ['mon'],
  workingHours: [{ from: '09:00', to: '17:00' }],
};

const hoursOf = (from: string, to: string) => createBusinessCalendar({ ...base, workingHours: [{ from, to }] }).defaultHours;

describe('a working time as HH:MM', () => {
  it('reads hours and minutes as minutes after midnight, up to 23:59 and 24:00 as an end', () => {
    expect(hoursOf('09:30', '17:45')).toEqual([{ start: 9 * 60 + 30, end: 17 * 60 + 45 }]);
    expect(hoursOf('00:00', '23:59')).toEqual([{ start: 0, end: 23 * 60 + 59 }]);
    expect(hoursOf('22:00', '24:00')).toEqual([{ start: 22 * 60, end: 24 * 60 }]);
  });

  it.each(['09:60', '25:00', '24:01', '24:59', '9:00', 'x09:00', '09:00x', '109:00', '09:000'])('refuses "%s" by name', (text) => {
    expect(() => hoursOf(text, '24:00')).toThrow(
      new RangeError(`Expected a time as HH:MM between 00:00 and 24:00, got "${text}"`),
    );
  });
});

describe('configuration errors name the setting and the interval', () => {
  it('refuses an interval of zero length', () => {
    expect(() => hoursOf('09:00', '09:00')).toThrow(
      new RangeError('workingHours: an interval must end after it starts (09:00-09:00)'),
    );
  });

  it('shows both overlapping intervals', () => {
    expect(() =>
      createBusinessCalendar({
        ...base,
        workingHours: [
          { from: '12:05', to: '17:00' },
          { from: '09:00', to: '13:30' },
        ],
      }),
    ).toThrow(new RangeError('workingHours: intervals overlap (09:00-13:30 and 12:05-17:00)'));
  });

  it('names the weekday of a faulty workingHoursByDay entry', () => {
    expect(() => createBusinessCalendar({ ...base, workingHoursByDay: { sat: [{ from: '10:00', to: '09:15' }] } })).toThrow(
      new RangeError('workingHoursByDay.sat: an interval must end after it starts (10:00-09:15)'),
    );
    expect(() =>
      createBusinessCalendar({
        ...base,
        workingHoursByDay: {
          mon: [
            { from: '08:00', to: '12:00' },
            { from: '11:00', to: '14:00' },
          ],
        },
      }),
    ).toThrow(new RangeError('workingHoursByDay.mon: intervals overlap (08:00-12:00 and 11:00-14:00)'));
  });

  it('refuses an unknown weekday as a key of workingHoursByDay', () => {
    expect(() =>
      createBusinessCalendar({ ...base, workingHoursByDay: { monday: [{ from: '09:00', to: '12:00' }] } as never }),
    ).toThrow(new RangeError('Unknown weekday "monday"'));
  });

  it('uses the hours of workingHoursByDay on that weekday and workingHours on the others', () => {
    const calendar = createBusinessCalendar({
      ...base,
      workingDays: ['mon', 'sat'],
      workingHoursByDay: { sat: [{ from: '10:00', to: '13:00' }] },
    });
    expect(workingMinutesOn(calendar, parsePlainDate('2025-10-11'))).toEqual([{ start: 600, end: 780 }]);
    expect(workingMinutesOn(calendar, parsePlainDate('2025-10-13'))).toEqual([{ start: 540, end: 1020 }]);
  });

  it('accepts Sunday, the first weekday, as a key of workingHoursByDay', () => {
    const calendar = createBusinessCalendar({
      ...base,
      workingDays: ['sun'],
      workingHoursByDay: { sun: [{ from: '10:00', to: '16:00' }] },
    });
    expect(workingMinutesOn(calendar, parsePlainDate('2025-10-12'))).toEqual([{ start: 600, end: 960 }]);
  });
});

describe('a calendar worked only on its make-up days', () => {
  it('is accepted, and works those days with workingHours', () => {
    const calendar = createBusinessCalendar({ ...base, workingDays: [], extraWorkingDays: ['2025-10-11'] });
    expect(isWorkingDay(calendar, parsePlainDate('2025-10-11'))).toBe(true);
    expect(isWorkingDay(calendar, parsePlainDate('2025-10-13'))).toBe(false);
  });

  it('is accepted when its working weekdays have no hours of their own', () => {
    const calendar = createBusinessCalendar({
      ...base,
      workingHoursByDay: { mon: [] },
      extraWorkingDays: ['2025-10-11'],
    });
    expect(isWorkingDay(calendar, parsePlainDate('2025-10-13'))).toBe(false);
    expect(isWorkingDay(calendar, parsePlainDate('2025-10-11'))).toBe(true);
  });

  it('is refused when workingHours is empty, since make-up days are worked with it', () => {
    expect(() =>
      createBusinessCalendar({
        ...base,
        workingHours: [],
        workingHoursByDay: { mon: [{ from: '09:00', to: '17:00' }] },
        workingDays: [],
        extraWorkingDays: ['2025-10-11'],
      }),
    ).toThrow(new RangeError('The calendar has no working time at all'));
  });
});

describe('workingRangesOn across a DST change', () => {
  // London springs forward at 01:00 GMT on 30 March 2025: local 01:00-02:00 does not exist.
  const night = createBusinessCalendar({
    timeZone: 'Europe/London',
    workingDays: ['sun'],
    workingHours: [
      { from: '00:00', to: '00:30' },
      { from: '01:00', to: '02:00' },
      { from: '02:00', to: '03:00' },
    ],
  });

  it('drops a range the gap swallows whole and keeps the others', () => {
    expect(night.defaultHours).toEqual([
      { start: 0, end: 30 },
      { start: 60, end: 180 },
    ]);
    const swallowed = createBusinessCalendar({
      timeZone: 'Europe/London',
      workingDays: ['sun'],
      workingHours: [
        { from: '00:00', to: '00:30' },
        { from: '01:00', to: '02:00' },
      ],
    });
    expect(workingRangesOn(swallowed, parsePlainDate('2025-03-30'))).toEqual([
      { start: Date.parse('2025-03-30T00:00:00Z'), end: Date.parse('2025-03-30T00:30:00Z') },
    ]);
    expect(workingRangesOn(night, parsePlainDate('2025-03-30'))).toEqual([
      { start: Date.parse('2025-03-30T00:00:00Z'), end: Date.parse('2025-03-30T00:30:00Z') },
      { start: Date.parse('2025-03-30T01:00:00Z'), end: Date.parse('2025-03-30T02:00:00Z') },
    ]);
  });
});

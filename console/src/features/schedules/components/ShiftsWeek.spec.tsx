import { localDate, mondayOf, shiftInstants } from './ShiftsWeek';

describe('the week of shifts on the reader clock', () => {
  it('starts a week on its Monday, whatever the day given', () => {
    expect(localDate(mondayOf('2027-06-09'))).toBe('2027-06-07');
    expect(localDate(mondayOf('2027-06-13'))).toBe('2027-06-07');
    expect(localDate(mondayOf('2027-06-07'))).toBe('2027-06-07');
  });

  it('ends a shift the next day when its end is at or before its start', () => {
    const day = shiftInstants('2027-06-07', '09:00', '17:00');
    expect(Date.parse(day.endsAt) - Date.parse(day.startsAt)).toBe(8 * 3_600_000);
    const night = shiftInstants('2027-06-07', '22:00', '06:00');
    expect(Date.parse(night.endsAt) - Date.parse(night.startsAt)).toBe(8 * 3_600_000);
    expect(localDate(new Date(night.endsAt))).toBe('2027-06-08');
  });
});

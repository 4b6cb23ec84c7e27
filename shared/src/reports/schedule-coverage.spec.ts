import { scheduledPerInterval } from './schedule-coverage';

const HOUR = 3_600_000;

describe('agents scheduled per interval', () => {
  it('counts a shift over the whole interval as one agent and a part of it as its share', () => {
    const starts = [0, HOUR, 2 * HOUR, 3 * HOUR];
    const shifts = [
      { start: 0, end: 2 * HOUR },
      { start: HOUR / 2, end: 3 * HOUR },
      { start: 2 * HOUR + HOUR / 4, end: 2 * HOUR + HOUR / 2 },
    ];
    expect(scheduledPerInterval(shifts, starts, HOUR)).toEqual([1.5, 2, 1.25, 0]);
  });

  it('counts nothing for a shift that ends where the interval starts or starts where it ends', () => {
    expect(scheduledPerInterval([{ start: 0, end: HOUR }, { start: 2 * HOUR, end: 3 * HOUR }], [HOUR], HOUR)).toEqual([0]);
  });

  it('reads shifts in any order', () => {
    const shifts = [{ start: 2 * HOUR, end: 4 * HOUR }, { start: 0, end: 3 * HOUR }];
    expect(scheduledPerInterval(shifts, [0, 2 * HOUR, 3 * HOUR], HOUR)).toEqual([1, 2, 1]);
  });
});

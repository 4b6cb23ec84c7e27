import { nextLocalRun } from './nightly-schedule';

describe('nextLocalRun', () => {
  const next = (after: string, at: string, zone: string) => nextLocalRun(new Date(after), at, zone).toISOString();

  it('runs later the same local day, or the next day once the time has passed', () => {
    expect(next('2026-06-30T10:00:00Z', '02:30', 'Asia/Shanghai')).toBe('2026-06-30T18:30:00.000Z');
    expect(next('2026-06-30T18:30:00Z', '02:30', 'Asia/Shanghai')).toBe('2026-07-01T18:30:00.000Z');
    expect(next('2026-06-30T18:29:59Z', '02:30', 'Asia/Shanghai')).toBe('2026-06-30T18:30:00.000Z');
  });

  it('reads the local day, not the UTC one', () => {
    // 23:00 UTC on 30 June is already 1 July, 07:00 in Shanghai: the 02:30 of 1 July has passed.
    expect(next('2026-06-30T23:00:00Z', '02:30', 'Asia/Shanghai')).toBe('2026-07-01T18:30:00.000Z');
    // 03:00 UTC on 1 July is still 30 June, 20:00 in Los Angeles.
    expect(next('2026-07-01T03:00:00Z', '02:30', 'America/Los_Angeles')).toBe('2026-07-01T09:30:00.000Z');
  });

  it('keeps the local time across the spring change of the clocks', () => {
    // London goes from GMT to BST at 01:00 UTC on 29 March 2026.
    expect(next('2026-03-28T12:00:00Z', '02:30', 'Europe/London')).toBe('2026-03-29T01:30:00.000Z');
    expect(next('2026-03-29T12:00:00Z', '02:30', 'Europe/London')).toBe('2026-03-30T01:30:00.000Z');
  });

  it('runs a time skipped by the spring change once, the same distance past the gap', () => {
    // New York skips 02:00-03:00 on 8 March 2026: 02:30 does not exist and runs at 03:30 EDT (07:30 UTC).
    expect(next('2026-03-07T12:00:00Z', '02:30', 'America/New_York')).toBe('2026-03-08T07:30:00.000Z');
    expect(next('2026-03-08T07:30:00Z', '02:30', 'America/New_York')).toBe('2026-03-09T06:30:00.000Z');
  });

  it('runs a time repeated by the autumn change once, at its first occurrence', () => {
    // New York repeats 01:00-02:00 on 1 November 2026: 01:30 EDT is 05:30 UTC, 01:30 EST would be 06:30 UTC.
    expect(next('2026-10-31T12:00:00Z', '01:30', 'America/New_York')).toBe('2026-11-01T05:30:00.000Z');
    expect(next('2026-11-01T05:30:00Z', '01:30', 'America/New_York')).toBe('2026-11-02T06:30:00.000Z');
  });

  it('refuses a time that is not HH:MM', () => {
    expect(() => nextLocalRun(new Date(), '2:30', 'UTC')).toThrow(RangeError);
  });
});

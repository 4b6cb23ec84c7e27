/** A shift as the forecast counts it: epoch milliseconds, covering [start, end). */
export interface CoveringShift {
  readonly start: number;
  readonly end: number;
}

/**
 * Agents scheduled per interval: each shift adds the share of the interval it covers (a shift over the whole
 * interval adds 1, one over half of it 0.5), rounded to hundredths. `intervalStarts` ascending, each `sizeMs` long.
 * O(intervals × log shifts + overlaps), shifts sorted by start once.
 */
export function scheduledPerInterval(shifts: readonly CoveringShift[], intervalStarts: readonly number[], sizeMs: number): number[] {
  const sorted = [...shifts].sort((a, b) => a.start - b.start);
  return intervalStarts.map((from) => {
    const to = from + sizeMs;
    let covered = 0;
    for (const shift of sorted) {
      if (shift.start >= to) break;
      const overlap = Math.min(shift.end, to) - Math.max(shift.start, from);
      if (overlap > 0) covered += overlap;
    }
    return Math.round((covered / sizeMs) * 100) / 100;
  });
}

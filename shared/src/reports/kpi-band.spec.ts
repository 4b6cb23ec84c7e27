import { emptyQueueTotals } from '../statistics/queue-figures';
import { kpiBand, kpiOutside, kpiValueOf } from './kpi-band';

describe('KPI bands', () => {
  it('learns mean ± k sample standard deviations from past values, leaving out empty ones', () => {
    const band = kpiBand([10, 12, null, 14, 8], 2, 'offered');
    expect(band).toMatchObject({ mean: 11, samples: 4 });
    expect(band?.sd).toBeCloseTo(Math.sqrt(20 / 3), 12);
    expect(band?.low).toBeCloseTo(11 - 2 * Math.sqrt(20 / 3), 12);
    expect(band?.high).toBeCloseTo(11 + 2 * Math.sqrt(20 / 3), 12);
  });

  it('gives no band from fewer than two values, and keeps shares within 0..1 and counts at or above 0', () => {
    expect(kpiBand([5, null], 2, 'offered')).toBeNull();
    expect(kpiBand([0.95, 0.99, 1], 3, 'serviceLevel')?.high).toBe(1);
    expect(kpiBand([0, 1, 0], 3, 'offered')?.low).toBe(0);
  });

  it('says a value is outside when it leaves the band or a hard limit, hard limits applying without a band', () => {
    const band = { low: 0.7, high: 0.9 };
    const none = { hardMin: null, hardMax: null };
    expect(kpiOutside(0.8, band, none)).toBeNull();
    expect(kpiOutside(0.7, band, none)).toBeNull();
    expect(kpiOutside(0.69, band, none)).toBe('below');
    expect(kpiOutside(0.91, band, none)).toBe('above');
    expect(kpiOutside(0.75, band, { hardMin: 0.8, hardMax: null })).toBe('below');
    expect(kpiOutside(50, null, { hardMin: null, hardMax: 40 })).toBe('above');
    expect(kpiOutside(null, band, { hardMin: 1, hardMax: 0 })).toBeNull();
  });

  it('reads each KPI off interval totals by the statistics definitions', () => {
    const totals = { ...emptyQueueTotals(), offered: 10, answered: 8, answeredWithinThreshold: 6, answeredWaitMillis: 80_000, abandoned: 2, shortAbandoned: 1, handled: 4, handleSeconds: 1000 };
    expect(kpiValueOf(totals, 'offered', 'answered_only')).toBe(10);
    expect(kpiValueOf(totals, 'serviceLevel', 'answered_only')).toBe(0.75);
    expect(kpiValueOf(totals, 'serviceLevel', 'abandons_in_denominator')).toBe(6 / 9);
    expect(kpiValueOf(totals, 'asaSeconds', 'answered_only')).toBe(10);
    expect(kpiValueOf(totals, 'ahtSeconds', 'answered_only')).toBe(250);
    expect(kpiValueOf(totals, 'abandonRate', 'answered_only')).toBe(0.2);
    expect(kpiValueOf(emptyQueueTotals(), 'asaSeconds', 'answered_only')).toBeNull();
  });
});

import type { ServiceLevelFormula } from '../domain/call-centre';
import type { KpiKey } from '../contracts/reports';
import { serviceLevelOf, type QueueTotals } from '../statistics/queue-figures';

/** A KPI's value over one interval's totals, by the definitions of docs/statistics.md; null when empty. */
export function kpiValueOf(totals: Readonly<QueueTotals>, kpi: KpiKey, formula: ServiceLevelFormula): number | null {
  switch (kpi) {
    case 'offered':
      return totals.offered;
    case 'serviceLevel':
      return serviceLevelOf(totals, formula);
    case 'asaSeconds':
      return totals.answered === 0 ? null : totals.answeredWaitMillis / totals.answered / 1000;
    case 'ahtSeconds':
      return totals.handled === 0 ? null : totals.handleSeconds / totals.handled;
    case 'abandonRate': {
      const ended = totals.answered + totals.abandoned + totals.overflowedOut;
      return ended <= 0 ? null : totals.abandoned / ended;
    }
  }
}

export interface KpiBand {
  readonly mean: number;
  readonly sd: number;
  readonly low: number;
  readonly high: number;
  /** How many past values the band was learned from. */
  readonly samples: number;
}

/**
 * The normal band of a KPI from its past values (the same weekday and interval over the last weeks): mean ± k
 * sample standard deviations, cut to the KPI's natural range (counts and times never below 0, shares within
 * 0..1). Empty values (nothing to divide by) are left out; fewer than two values give no band.
 */
export function kpiBand(history: readonly (number | null)[], k: number, kpi: KpiKey): KpiBand | null {
  const values = history.filter((value): value is number => value !== null && Number.isFinite(value));
  if (values.length < 2) return null;
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (values.length - 1);
  const sd = Math.sqrt(variance);
  const ceiling = kpi === 'serviceLevel' || kpi === 'abandonRate' ? 1 : Number.POSITIVE_INFINITY;
  return { mean, sd, low: Math.max(0, mean - k * sd), high: Math.min(ceiling, mean + k * sd), samples: values.length };
}

/**
 * Where a value stands against its band and hard limits: below or above either, or null when within both (or
 * when there is no value). A hard limit applies even when history is too short for a band.
 */
export function kpiOutside(
  value: number | null,
  band: Pick<KpiBand, 'low' | 'high'> | null,
  limits: { readonly hardMin: number | null; readonly hardMax: number | null },
): 'below' | 'above' | null {
  if (value === null) return null;
  if ((limits.hardMin !== null && value < limits.hardMin) || (band !== null && value < band.low)) return 'below';
  if ((limits.hardMax !== null && value > limits.hardMax) || (band !== null && value > band.high)) return 'above';
  return null;
}

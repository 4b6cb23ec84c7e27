import type { Tone } from '../../design-system';

/** How far under target a queue may fall before it shows red instead of amber, in percentage points. */
export const AT_RISK_MARGIN_POINTS = 10;

/**
 * Colour of a queue's service level against its target: green when met, amber when short by less
 * than AT_RISK_MARGIN_POINTS, red below that; neutral while there is no measurement.
 */
export function serviceLevelTone(measuredPercent: number | null | undefined, targetPercent: number): Tone {
  if (measuredPercent === null || measuredPercent === undefined || Number.isNaN(measuredPercent)) return 'neutral';
  if (measuredPercent >= targetPercent) return 'good';
  if (measuredPercent >= targetPercent - AT_RISK_MARGIN_POINTS) return 'warning';
  return 'critical';
}

/** Queues in the order a supervisor scans them: highest priority first, then by name. */
export function byPriorityThenName<T extends { basePriority: number; name: string }>(queues: readonly T[]): T[] {
  return [...queues].sort((a, b) => b.basePriority - a.basePriority || a.name.localeCompare(b.name));
}

/**
 * Input checks for the workforce maths. Every public function validates its input and throws a
 * `WorkforceInputError` naming the offending field, so a planner's typo (a negative rate, a zero
 * handle time) never turns into a silent NaN on a staffing panel.
 */

/** Thrown when an input to the workforce maths is out of range. `field` names the input. */
export class WorkforceInputError extends RangeError {
  override readonly name = 'WorkforceInputError';

  constructor(
    readonly field: string,
    readonly expected: string,
    readonly received: unknown,
  ) {
    super(`${field} must be ${expected} (received ${String(received)})`);
  }
}

/**
 * An arrival rate, given in exactly one unit. Forecasts are usually per hour (or per interval,
 * converted to per hour); the queueing formulas work per second.
 */
export type ArrivalRate =
  | { readonly arrivalRatePerSecond: number; readonly arrivalRatePerHour?: never }
  | { readonly arrivalRatePerHour: number; readonly arrivalRatePerSecond?: never };

export const SECONDS_PER_HOUR = 3600;

/** The arrival rate in contacts per second, after checking that exactly one unit was given. */
export function arrivalRatePerSecondOf(rate: ArrivalRate): number {
  const perSecond = (rate as { arrivalRatePerSecond?: unknown }).arrivalRatePerSecond;
  const perHour = (rate as { arrivalRatePerHour?: unknown }).arrivalRatePerHour;
  if (perSecond !== undefined && perHour !== undefined) {
    throw new WorkforceInputError('arrivalRate', 'given either per second or per hour, not both', 'both');
  }
  if (perSecond !== undefined) return requireNonNegative('arrivalRatePerSecond', perSecond);
  if (perHour !== undefined) return requireNonNegative('arrivalRatePerHour', perHour) / SECONDS_PER_HOUR;
  throw new WorkforceInputError('arrivalRate', 'given as arrivalRatePerSecond or arrivalRatePerHour', 'neither');
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

export function requireNonNegative(field: string, value: unknown): number {
  if (!isFiniteNumber(value) || value < 0) throw new WorkforceInputError(field, 'a finite number >= 0', value);
  return value;
}

export function requirePositive(field: string, value: unknown): number {
  if (!isFiniteNumber(value) || value <= 0) throw new WorkforceInputError(field, 'a finite number > 0', value);
  return value;
}

/** A positive number or Infinity (used for patience: Infinity means nobody abandons). */
export function requirePositiveOrInfinite(field: string, value: unknown): number {
  if (value === Number.POSITIVE_INFINITY) return value;
  if (!isFiniteNumber(value) || value <= 0) {
    throw new WorkforceInputError(field, 'a number > 0 (or Infinity)', value);
  }
  return value;
}

export function requireAgentCount(field: string, value: unknown): number {
  if (!isFiniteNumber(value) || !Number.isInteger(value) || value < 0) {
    throw new WorkforceInputError(field, 'a whole number >= 0', value);
  }
  return value;
}

/** A share strictly between 0 and 1, e.g. a service-level target of 0.8. */
export function requireOpenShare(field: string, value: unknown): number {
  if (!isFiniteNumber(value) || value <= 0 || value >= 1) {
    throw new WorkforceInputError(field, 'a share strictly between 0 and 1', value);
  }
  return value;
}

/** A share above 0 and at most 1, e.g. a maximum occupancy of 0.85. */
export function requireShare(field: string, value: unknown): number {
  if (!isFiniteNumber(value) || value <= 0 || value > 1) {
    throw new WorkforceInputError(field, 'a share above 0 and at most 1', value);
  }
  return value;
}

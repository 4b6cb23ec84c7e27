/** Thrown when a queue event, a query or a window option is malformed. `field` names the input. */
export class QueueStatisticsInputError extends RangeError {
  override readonly name = 'QueueStatisticsInputError';

  constructor(
    readonly field: string,
    readonly expected: string,
    readonly received: unknown,
  ) {
    super(`${field} must be ${expected} (received ${String(received)})`);
  }
}

export function requireEpochMillis(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new QueueStatisticsInputError(field, 'epoch milliseconds (a whole number)', value);
  }
  return value;
}

export function requireSeconds(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new QueueStatisticsInputError(field, 'a finite number of seconds >= 0', value);
  }
  return value;
}

export function requireText(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new QueueStatisticsInputError(field, 'a non-empty string', value);
  }
  return value;
}

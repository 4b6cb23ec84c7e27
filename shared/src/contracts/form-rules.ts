/**
 * The limits the server validates request fields with, shared so that a console checks a form with the very
 * same rules before sending it, and words each field's problem in the reader's language (the server's own
 * validation messages are English).
 */

/** A number field: a finite number from `min` to `max`, both included. */
export interface NumberFieldRule {
  readonly kind: 'number';
  readonly min: number;
  readonly max: number;
}

/** A text field: at most `maxLength` characters; `required` refuses empty (or blank) text. */
export interface TextFieldRule {
  readonly kind: 'text';
  readonly required: boolean;
  readonly maxLength: number;
}

export type FieldRule = NumberFieldRule | TextFieldRule;

/** `GET /api/staffing` query fields. */
export const STAFFING_FIELD_RULES = {
  arrivalsPerHour: { kind: 'number', min: 0, max: 100_000 },
  ahtSeconds: { kind: 'number', min: 1, max: 14_400 },
  targetPercent: { kind: 'number', min: 1, max: 99.9 },
  thresholdSeconds: { kind: 'number', min: 0, max: 3_600 },
  patienceSeconds: { kind: 'number', min: 1, max: 86_400 },
} as const satisfies Record<string, NumberFieldRule>;

/** `POST /api/auth/login` body fields. */
export const SIGN_IN_FIELD_RULES = {
  username: { kind: 'text', required: true, maxLength: 64 },
  password: { kind: 'text', required: true, maxLength: 256 },
} as const satisfies Record<string, TextFieldRule>;

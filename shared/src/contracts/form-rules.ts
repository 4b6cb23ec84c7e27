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

/** `POST /api/queues` and `PUT /api/queues/:id` body fields (numbers are whole). */
export const QUEUE_FIELD_RULES = {
  name: { kind: 'text', required: true, maxLength: 120 },
  basePriority: { kind: 'number', min: -1000, max: 1000 },
  serviceLevelPercent: { kind: 'number', min: 1, max: 100 },
  serviceLevelSeconds: { kind: 'number', min: 1, max: 86_400 },
  shortAbandonSeconds: { kind: 'number', min: 0, max: 600 },
  offerTimeoutSeconds: { kind: 'number', min: 1, max: 600 },
  wrapUpSeconds: { kind: 'number', min: 0, max: 3_600 },
  maxWaitSeconds: { kind: 'number', min: 1, max: 86_400 },
} as const satisfies Record<string, FieldRule>;

/** `PUT /api/agents/:id/capacity` body fields: contacts at once per channel (never a call on top of a call). */
export const AGENT_CAPACITY_FIELD_RULES = {
  voice: { kind: 'number', min: 0, max: 1 },
  chat: { kind: 'number', min: 0, max: 10 },
  email: { kind: 'number', min: 0, max: 50 },
  ticket: { kind: 'number', min: 0, max: 50 },
} as const satisfies Record<string, NumberFieldRule>;

/** `PUT /api/routing/policy` body fields. */
export const ROUTING_POLICY_FIELD_RULES = {
  valueTierBonus: { kind: 'number', min: -1000, max: 1000 },
  complaintBonus: { kind: 'number', min: 0, max: 1000 },
  agingSecondsPerPoint: { kind: 'number', min: 0, max: 3_600 },
  missedOffersBeforeNotReady: { kind: 'number', min: 0, max: 20 },
  reofferCooldownSeconds: { kind: 'number', min: 0, max: 3_600 },
  preferredAgentWindowSeconds: { kind: 'number', min: 0, max: 600 },
  transferToAgentWindowSeconds: { kind: 'number', min: 0, max: 600 },
  disconnectGraceSeconds: { kind: 'number', min: 0, max: 3_600 },
} as const satisfies Record<string, NumberFieldRule>;

import type { ChurnReason } from '@callcentre/shared';

/**
 * What counts as a sign that a customer may leave, and how much each sign weighs. One object, so a centre that
 * wants other thresholds changes them in one place; every figure below is the default.
 */
export interface ChurnRiskConfig {
  /** Overdue purchase: the last purchase is older than this many times the customer's usual gap (needs 2 purchases). Default 3. */
  readonly overdueGapFactor: number;
  /** Breached complaint: an open complaint past its deadline, or one whose deadline was breached this many days before the run. Default 90. */
  readonly breachLookbackDays: number;
  /** Repeat contacts: this many contacts or more about the same issue … Default 2. */
  readonly repeatContactsMin: number;
  /** … within this many days of each other … Default 7. */
  readonly repeatContactWindowDays: number;
  /** … the latest of them within this many days before the run. Default 30. */
  readonly repeatContactLookbackDays: number;
  /** Poor satisfaction: the latest score given at a complaint's close is at most this (scores are 1–5). Default 2. */
  readonly poorSatisfactionMax: number;
  /** … that complaint closed within this many days before the run. Default 180. */
  readonly satisfactionLookbackDays: number;
  /**
   * Poor contact survey: the customer's latest answered end-of-contact survey (satisfaction module) was poor
   * (at or below SATISFACTION_POOR_SCORE when answered), answered within this many days before the run. Default 90.
   */
  readonly contactSurveyLookbackDays: number;
  /** Points each reason adds; the score is their sum, capped at 100. */
  readonly weights: Readonly<Record<ChurnReason, number>>;
  /** A customer scoring this or more is at risk and gets a care action on the worklist. Default 35. */
  readonly atRiskScore: number;
}

export const DEFAULT_CHURN_RISK_CONFIG: ChurnRiskConfig = {
  overdueGapFactor: 3,
  breachLookbackDays: 90,
  repeatContactsMin: 2,
  repeatContactWindowDays: 7,
  repeatContactLookbackDays: 30,
  poorSatisfactionMax: 2,
  satisfactionLookbackDays: 180,
  contactSurveyLookbackDays: 90,
  // A key customer slipping down the pyramid is on its own enough to act on; one open complaint is not.
  weights: {
    key_customer_slipped: 35,
    overdue_purchase: 30,
    breached_complaint: 30,
    poor_satisfaction: 25,
    poor_contact_survey: 20,
    repeat_contacts: 20,
    open_complaint: 15,
  },
  atRiskScore: 35,
};

/** The defaults with some figures changed; the weights merge reason by reason. */
export function churnRiskConfig(overrides: Partial<Omit<ChurnRiskConfig, 'weights'>> & { weights?: Partial<Record<ChurnReason, number>> } = {}): ChurnRiskConfig {
  return { ...DEFAULT_CHURN_RISK_CONFIG, ...overrides, weights: { ...DEFAULT_CHURN_RISK_CONFIG.weights, ...overrides.weights } };
}

/** Value tiers from the top of the pyramid down: a later tier is a fall. */
export const TIER_ORDER = ['important', 'secondary', 'ordinary', 'small'] as const;

/**
 * RFM cells from best to worst, for "slipped to a worse cell": money first (a high spender is worth more), then
 * recency (a customer who bought lately is still with us), then frequency; an inactive customer (no cell) is last.
 */
export const SEGMENT_ORDER = [
  'keep_best', // M high, R low, F high
  'develop', // M high, R low, F low
  'retain_at_risk', // M high, R high, F high
  'win_back', // M high, R high, F low
  'generally_important', // M low, R low, F high
  'new_or_occasional', // M low, R low, F low
  'ordinary', // M low, R high, F high
  'no_value', // M low, R high, F low
  'inactive',
] as const;

/** The cells whose customers are watched for slipping (with the important and secondary tiers). */
export const KEY_SEGMENTS = ['keep_best', 'develop', 'retain_at_risk'] as const;
export const KEY_TIERS = ['important', 'secondary'] as const;

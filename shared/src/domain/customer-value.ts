import type { RfmSegment, ValueTier } from './call-centre';

/** Each of R, F and M is compared with the active customers' average; recency is good when low. */
export type RfmLevel = 'low' | 'high';

export interface RfmLevels {
  readonly recency: RfmLevel;
  readonly frequency: RfmLevel;
  readonly monetary: RfmLevel;
}

/** The eight RFM cells and their segment, keyed `recency/frequency/monetary` (domain rule). */
export const RFM_CELL_SEGMENTS: Readonly<Record<`${RfmLevel}/${RfmLevel}/${RfmLevel}`, RfmSegment>> = {
  'low/high/high': 'keep_best',
  'low/low/high': 'develop',
  'low/high/low': 'generally_important',
  'high/high/high': 'retain_at_risk',
  'high/high/low': 'ordinary',
  'high/low/low': 'no_value',
  'low/low/low': 'new_or_occasional',
  'high/low/high': 'win_back',
};

export function rfmSegmentOf(levels: RfmLevels): RfmSegment {
  return RFM_CELL_SEGMENTS[`${levels.recency}/${levels.frequency}/${levels.monetary}`];
}

/** Pyramid cut points as shares of all customers ranked by value: top 1 %, to 20 %, to 50 %, the rest. */
export const DEFAULT_PYRAMID_CUTS: Readonly<Record<Exclude<ValueTier, 'small'>, number>> = {
  important: 0.01,
  secondary: 0.2,
  ordinary: 0.5,
};

/** Why a customer left (domain rule); `fault` is ours and preventable. */
export const LOSS_CAUSES = ['natural', 'competitive', 'fault', 'malicious', 'other'] as const;
export type LossCause = (typeof LOSS_CAUSES)[number];

/** Care actions that follow the segment (domain rule). */
export const CARE_ACTIONS = ['greeting', 'return_visit', 'new_product_notice', 'coupon', 'win_back_offer'] as const;
export type CareAction = (typeof CARE_ACTIONS)[number];

export const CARE_ACTION_OUTCOMES = ['reached', 'not_reached', 'declined', 'accepted', 'retained', 'lost'] as const;
export type CareActionOutcome = (typeof CARE_ACTION_OUTCOMES)[number];

/** The care action that fits each segment; an inactive customer (no cell) gets a win-back offer. */
export const CARE_ACTION_FOR_SEGMENT: Readonly<Record<RfmSegment, CareAction>> = {
  keep_best: 'coupon',
  develop: 'new_product_notice',
  generally_important: 'new_product_notice',
  retain_at_risk: 'return_visit',
  ordinary: 'greeting',
  no_value: 'greeting',
  new_or_occasional: 'return_visit',
  win_back: 'win_back_offer',
};

/** Reasons a customer is at risk of leaving, each explained on the record. */
export const CHURN_REASONS = [
  'key_customer_slipped',
  'overdue_purchase',
  'open_complaint',
  'breached_complaint',
  'repeat_contacts',
  'poor_satisfaction',
  'poor_contact_survey',
] as const;
export type ChurnReason = (typeof CHURN_REASONS)[number];

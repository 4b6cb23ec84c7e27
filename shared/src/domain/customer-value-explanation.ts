import type { RfmSegment, ValueTier } from './call-centre';

/** What a customer's value explanation is built from: one run's facts about the customer and its averages. */
export interface CustomerValueFacts {
  /** The run's moment, ISO 8601. */
  readonly asOf: string;
  /** Length of the period the run looked at, in days. */
  readonly periodDays: number;
  readonly rank: number;
  readonly customers: number;
  readonly valueTier: ValueTier;
  /** Null for a customer without a purchase in the period. */
  readonly rfm: { readonly frequency: number; readonly recencyDays: number; readonly monetary: string; readonly segment: RfmSegment } | null;
  /** The active customers' averages (null when nobody bought in the period). */
  readonly averages: { readonly frequency: number; readonly recencyDays: number; readonly monetary: string } | null;
}

/** What each RFM cell means for the team, in a few words (the domain's advice per segment). */
export const RFM_SEGMENT_ADVICE: Readonly<Record<RfmSegment, string>> = {
  keep_best: 'best customers, keep them',
  develop: 'big spenders who buy seldom, develop them',
  generally_important: 'frequent buyers of small amounts, keep them close',
  retain_at_risk: 'valuable customers who have not bought lately, retain them',
  ordinary: 'frequent buyers of small amounts who have not bought lately',
  no_value: 'rare small buyers who have not bought lately',
  new_or_occasional: 'new or occasional buyers, bring them back',
  win_back: 'big spenders gone quiet, win them back',
};

const count = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
const money = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

const times = (n: number) => `${count.format(n)} ${n === 1 ? 'time' : 'times'}`;
const daysAgo = (n: number) => (n === 0 ? 'today' : `${count.format(n)} ${n === 1 ? 'day' : 'days'} ago`);

/**
 * One English sentence explaining a customer's cell and tier, e.g. "bought 9 times (average 4), last 12 days ago
 * (average 45), spent 3,200 (average 900): best customers, keep them; rank 12 of 1,000: important".
 * Pure, so the console can build its own wording from the same facts.
 */
export function explainCustomerValue(facts: CustomerValueFacts): string {
  const standing = `rank ${count.format(facts.rank)} of ${count.format(facts.customers)}: ${facts.valueTier}`;
  if (!facts.rfm) return `no purchase in the ${count.format(facts.periodDays)} days to ${facts.asOf.slice(0, 10)}; ${standing}`;
  const { frequency, recencyDays, monetary, segment } = facts.rfm;
  const average = facts.averages;
  const aside = (text: string | undefined) => (text === undefined ? '' : ` (average ${text})`);
  return (
    `bought ${times(frequency)}${aside(average ? count.format(average.frequency) : undefined)}, ` +
    `last ${daysAgo(recencyDays)}${aside(average ? count.format(average.recencyDays) : undefined)}, ` +
    `spent ${money.format(Number(monetary))}${aside(average ? money.format(Math.round(Number(average.monetary))) : undefined)}: ` +
    `${RFM_SEGMENT_ADVICE[segment]}; ${standing}`
  );
}

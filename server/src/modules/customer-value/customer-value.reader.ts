import { Injectable } from '@nestjs/common';
import { explainCustomerValue, type CustomerValueView, type CustomerView } from '@callcentre/shared';
import type { CustomerValueLookup } from '../customers';
import { CustomerValueRepository, type CustomerValueRow, type TierOverrideRow } from './customer-value.repository';

const money = (value: string | number) => Number(value).toFixed(2);

/** The customer's value as the latest completed run computed it, with the override in force now. */
export function toCustomerValueView(row: CustomerValueRow, override: TierOverrideRow | null): CustomerValueView {
  const averages = row.averages;
  const rfm =
    row.segment && row.recency_days !== null && row.recency_level && row.frequency_level && row.monetary_level
      ? {
          recencyDays: row.recency_days,
          frequency: row.frequency,
          monetary: money(row.monetary),
          recency: row.recency_level,
          frequencyLevel: row.frequency_level,
          monetaryLevel: row.monetary_level,
          segment: row.segment,
        }
      : null;
  const valueTier = override?.value_tier ?? row.computed_tier;
  const asOf = new Date(row.as_of).toISOString();
  return {
    asOf,
    runId: Number(row.run_id),
    valueTier,
    computedTier: row.computed_tier,
    tierSource: override ? 'override' : 'computed',
    override: override ? { reason: override.reason, expiresAt: new Date(override.expires_at).toISOString(), setBy: override.set_by } : null,
    rank: row.rank,
    customers: row.customers,
    rfm,
    averages: averages ? { recencyDays: averages.recencyDays, frequency: averages.frequency, monetary: money(averages.monetary) } : null,
    explanation: explainCustomerValue({
      asOf,
      periodDays: Number(row.parameters.periodDays ?? 365),
      rank: row.rank,
      customers: row.customers,
      valueTier,
      rfm: rfm && { frequency: rfm.frequency, recencyDays: rfm.recencyDays, monetary: rfm.monetary, segment: rfm.segment },
      averages: averages && { frequency: averages.frequency, recencyDays: averages.recencyDays, monetary: averages.monetary },
    }),
    churn: {
      score: row.churn_score,
      reasons: Array.isArray(row.churn_reasons) ? (row.churn_reasons as CustomerValueView['churn']['reasons'][number][]) : [],
    },
  };
}

/** The value and loss facts of one customer's record, for the customers module to compose into its view. */
@Injectable()
export class CustomerValueReader implements CustomerValueLookup {
  constructor(private readonly repository: CustomerValueRepository) {}

  /** The customer's value from the latest completed run (null before any run computed them). */
  async valueOf(customerId: string): Promise<CustomerValueView | null> {
    const [row, override] = await Promise.all([this.repository.latestValueOf(customerId), this.repository.activeOverrideOf(customerId)]);
    return row ? toCustomerValueView(row, override) : null;
  }

  /** Why the customer was lost, when the team recorded it. */
  async lossOf(customerId: string): Promise<CustomerView['lost']> {
    const row = await this.repository.lossOf(customerId);
    return row ? { cause: row.cause as NonNullable<CustomerView['lost']>['cause'], note: row.note, markedAt: new Date(row.marked_at).toISOString(), markedBy: row.marked_by } : null;
  }
}

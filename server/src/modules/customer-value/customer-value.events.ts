import type { ValueTier } from '@callcentre/shared';

/** A value run committed: customers' tiers and segments changed together. */
export const VALUE_RUN_COMPLETED = 'customer-value.run_completed';
export interface ValueRunCompletedEvent {
  runId: number;
  asOf: string;
}

/** One customer's effective tier changed by an override being set, removed or expiring. */
export const CUSTOMER_TIER_CHANGED = 'customer-value.tier_changed';
export interface CustomerTierChangedEvent {
  customerId: string;
  valueTier: ValueTier;
  cause: 'override_set' | 'override_removed' | 'override_expired';
}

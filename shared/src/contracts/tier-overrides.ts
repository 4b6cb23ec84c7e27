import type { ValueTier } from '../domain/call-centre';

/** `PUT /api/customers/:id/tier-override` answers with it; `DELETE` too, with `override: null`. */
export interface TierOverrideView {
  readonly customerId: string;
  /** The effective tier now, as routing reads it. */
  readonly valueTier: ValueTier;
  /** The latest run's tier (null before any run computed the customer). */
  readonly computedTier: ValueTier | null;
  readonly override: { readonly valueTier: ValueTier; readonly reason: string; readonly expiresAt: string; readonly setBy: string | null; readonly setAt: string } | null;
}

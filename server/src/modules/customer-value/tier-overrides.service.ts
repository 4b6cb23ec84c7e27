import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { TierOverrideView, ValueTier } from '@callcentre/shared';
import type { AuthenticatedPrincipal } from '../../common/auth';
import { JobsService } from '../../common/jobs';
import { AuditService } from '../audit';
import { customerValueErrors } from './customer-value.errors';
import { CUSTOMER_TIER_CHANGED, type CustomerTierChangedEvent } from './customer-value.events';
import { CustomerValueRepository, type TierOverrideRow } from './customer-value.repository';
import { overrideExpiryJobKey, OVERRIDE_EXPIRY_JOB, type OverrideExpiryPayload } from './jobs/customer-value.jobs';
import type { SetTierOverrideDto } from './dto/tier-override.dto';

function toOverrideView(customerId: string, valueTier: ValueTier, computedTier: ValueTier | null, row: TierOverrideRow | null): TierOverrideView {
  return {
    customerId,
    valueTier,
    computedTier,
    override: row
      ? { valueTier: row.value_tier, reason: row.reason, expiresAt: new Date(row.expires_at).toISOString(), setBy: row.set_by, setAt: new Date(row.set_at).toISOString() }
      : null,
  };
}

/**
 * A supervisor's tier for a customer, until a set moment: it is the customer's effective tier (what routing reads)
 * at once, and the computed tier comes back when it expires, by a job due at that moment (and at the next run).
 */
@Injectable()
export class TierOverridesService {
  private readonly log = new Logger('TierOverrides');

  constructor(
    private readonly repository: CustomerValueRepository,
    private readonly jobs: JobsService,
    private readonly audit: AuditService,
    private readonly events: EventEmitter2,
  ) {}

  async set(customerId: string, request: SetTierOverrideDto, caller: AuthenticatedPrincipal, now = new Date()): Promise<TierOverrideView> {
    const expiresAt = new Date(request.expiresAt);
    if (Number.isNaN(expiresAt.getTime())) throw customerValueErrors.expiryPassed();
    if (expiresAt.getTime() <= now.getTime()) throw customerValueErrors.expiryPassed();
    const view = await this.repository.inTransaction(async (manager) => {
      const customer = await this.repository.lockCustomerTiers(manager, customerId);
      if (!customer) throw customerValueErrors.customerNotFound(customerId);
      const override = await this.repository.upsertOverride(manager, {
        customerId,
        valueTier: request.valueTier,
        reason: request.reason,
        expiresAt,
        setBy: caller.kind === 'user' ? caller.id : null,
        tierBefore: customer.value_tier,
      });
      await this.repository.setEffectiveTier(manager, customerId, request.valueTier);
      const payload: OverrideExpiryPayload = { customerId };
      await this.jobs.enqueue(OVERRIDE_EXPIRY_JOB, payload, { runAt: expiresAt, jobKey: overrideExpiryJobKey(customerId), maxAttempts: 10 }, manager);
      await this.audit.record(
        {
          actor: caller,
          action: 'customer.tier_override_set',
          target: { type: 'customer', id: customerId },
          details: { valueTier: request.valueTier, previousTier: customer.value_tier, computedTier: customer.computed_value_tier, reason: request.reason, expiresAt: expiresAt.toISOString() },
        },
        manager,
      );
      return toOverrideView(customerId, request.valueTier, customer.computed_value_tier, override);
    });
    this.events.emit(CUSTOMER_TIER_CHANGED, { customerId, valueTier: view.valueTier, cause: 'override_set' } satisfies CustomerTierChangedEvent);
    return view;
  }

  async remove(customerId: string, reason: string, caller: AuthenticatedPrincipal): Promise<TierOverrideView> {
    const view = await this.repository.inTransaction(async (manager) => {
      const customer = await this.repository.lockCustomerTiers(manager, customerId);
      if (!customer) throw customerValueErrors.customerNotFound(customerId);
      const removed = await this.repository.deleteOverride(manager, customerId, false);
      if (!removed) throw customerValueErrors.noOverride(customerId);
      const restored = await this.repository.restoreComputedTier(manager, customerId, removed.tier_before);
      await this.jobs.cancel(overrideExpiryJobKey(customerId), manager);
      await this.audit.record(
        {
          actor: caller,
          action: 'customer.tier_override_removed',
          target: { type: 'customer', id: customerId },
          details: { reason, overrideTier: removed.value_tier, valueTier: restored.value_tier },
        },
        manager,
      );
      return toOverrideView(customerId, restored.value_tier, restored.computed_value_tier, null);
    });
    this.events.emit(CUSTOMER_TIER_CHANGED, { customerId, valueTier: view.valueTier, cause: 'override_removed' } satisfies CustomerTierChangedEvent);
    return view;
  }

  /** The expiry job: the override goes if it has expired (it may have been replaced with a later one meanwhile). */
  async expire(customerId: string): Promise<void> {
    const restored = await this.repository.inTransaction(async (manager) => {
      const customer = await this.repository.lockCustomerTiers(manager, customerId);
      if (!customer) return null;
      const removed = await this.repository.deleteOverride(manager, customerId, true);
      if (!removed) return null;
      const tiers = await this.repository.restoreComputedTier(manager, customerId, removed.tier_before);
      await this.audit.record(
        {
          actor: { kind: 'system', name: 'tier override expiry' },
          action: 'customer.tier_override_expired',
          target: { type: 'customer', id: customerId },
          details: { overrideTier: removed.value_tier, valueTier: tiers.value_tier, expiresAt: new Date(removed.expires_at).toISOString() },
        },
        manager,
      );
      return tiers;
    });
    if (!restored) return;
    this.log.log(`tier override of customer ${customerId} expired: tier ${restored.value_tier}`);
    this.events.emit(CUSTOMER_TIER_CHANGED, { customerId, valueTier: restored.value_tier, cause: 'override_expired' } satisfies CustomerTierChangedEvent);
  }
}

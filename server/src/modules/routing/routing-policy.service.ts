import { Injectable } from '@nestjs/common';
import { mergePolicyOverrides, RoutingPolicy, RoutingPolicyChange } from '@callcentre/shared';
import { AuthenticatedUser } from '../../common/auth';
import { AuditService } from '../audit';
import { RoutingJournal } from './routing-journal';
import { RoutingService } from './routing.service';

/**
 * The routing rules as supervisors tune them: a change touches only the rules it names (see
 * `mergePolicyOverrides`), is stored and applied at once, and is audited with the rules before and after.
 */
@Injectable()
export class RoutingPolicyService {
  private changes: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly routing: RoutingService,
    private readonly journal: RoutingJournal,
    private readonly audit: AuditService,
  ) {}

  /** The rules in force, every one of them. */
  get current(): RoutingPolicy {
    return this.routing.policy;
  }

  /** Changes run one at a time, so two never merge over the same stored rules. */
  change(change: RoutingPolicyChange, by: AuthenticatedUser): Promise<RoutingPolicy> {
    const applied = this.changes.then(() => this.apply(change, by));
    this.changes = applied.catch(() => undefined);
    return applied;
  }

  private async apply(change: RoutingPolicyChange, by: AuthenticatedUser): Promise<RoutingPolicy> {
    this.routing.assertActive();
    const before = this.routing.policy;
    const overrides = mergePolicyOverrides(await this.journal.loadPolicy(), change);
    // Stored as overrides: a table entry left out takes its default, which `resolvePolicy` fills in.
    const after = await this.routing.applyPolicy(overrides as Partial<RoutingPolicy>, by.id);
    await this.audit.record({ actor: { kind: 'user', id: by.id, username: by.username }, action: 'routing.policy_changed', target: { type: 'routing_policy', id: '1' }, details: { change, before, after } });
    return after;
  }
}

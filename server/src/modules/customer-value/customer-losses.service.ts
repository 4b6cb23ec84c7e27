import { Injectable } from '@nestjs/common';
import type { CustomerView, LossReportView } from '@callcentre/shared';
import type { AuthenticatedUser } from '../../common/auth';
import { AuditService } from '../audit';
import { CustomersService } from '../customers';
import { CustomerLossesRepository, type LossRow } from './customer-losses.repository';
import type { MarkLossDto } from './dto/mark-loss.dto';
import { share } from './report-export';
import { retentionErrors } from './retention.errors';
import { RetentionRepository } from './retention.repository';

export type LossView = NonNullable<CustomerView['lost']>;

const toView = (row: LossRow): LossView => ({ cause: row.cause, note: row.note, markedAt: new Date(row.marked_at).toISOString(), markedBy: row.marked_by });

/**
 * Lost customers: a team lead marks (or reinstates) a customer of their team, a supervisor any customer; both are
 * audited. Marking a customer lost skips their open care action, since nobody is left to care for.
 */
@Injectable()
export class CustomerLossesService {
  constructor(
    private readonly losses: CustomerLossesRepository,
    private readonly retention: RetentionRepository,
    private readonly customers: CustomersService,
    private readonly audit: AuditService,
  ) {}

  async mark(customerId: string, body: MarkLossDto, user: AuthenticatedUser): Promise<LossView> {
    await this.customers.get(customerId, user);
    const note = body.note?.trim() ?? '';
    await this.losses.transaction(async (manager) => {
      const before = await this.losses.upsert(manager, { customerId, cause: body.cause, note, by: user.id });
      const skippedActionId = await this.retention.skipOpenActionOf(manager, customerId, user.id);
      await this.audit.record(
        {
          actor: { kind: 'user', id: user.id, username: user.username },
          action: 'customer.marked_lost',
          target: { type: 'customer', id: customerId },
          details: { cause: body.cause, note, before: before ? { cause: before.cause, note: before.note } : null, skippedActionId },
        },
        manager,
      );
    });
    return toView((await this.losses.find(customerId)) as LossRow);
  }

  async reinstate(customerId: string, user: AuthenticatedUser): Promise<void> {
    await this.customers.get(customerId, user);
    await this.losses.transaction(async (manager) => {
      const removed = await this.losses.remove(manager, customerId);
      if (!removed) throw retentionErrors.customerNotLost(customerId);
      await this.audit.record(
        {
          actor: { kind: 'user', id: user.id, username: user.username },
          action: 'customer.reinstated',
          target: { type: 'customer', id: customerId },
          details: { cause: removed.cause, note: removed.note, markedAt: new Date(removed.marked_at).toISOString(), markedBy: removed.marked_by },
        },
        manager,
      );
    });
  }

  async report(): Promise<LossReportView> {
    const causes = await this.losses.byCause();
    const total = causes.reduce((sum, row) => sum + row.customers, 0);
    const fault = causes.find((row) => row.cause === 'fault')?.customers ?? 0;
    return { total, preventableShare: share(fault, total), causes };
  }
}

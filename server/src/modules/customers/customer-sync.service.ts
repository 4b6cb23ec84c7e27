import { Injectable } from '@nestjs/common';
import type { BatchResult, RefusedRow } from '@callcentre/shared';
import type { AuthenticatedPrincipal } from '../../common/auth';
import { AuditService, type AuditActor } from '../audit';
import { checkBatch, checkCustomerRow, checkTransactionRow } from './customer-rows';
import { CustomerSyncRepository, type MergeRefusal } from './customer-sync.repository';
import { customerErrors } from './customers.errors';

export function auditActorOf(caller: AuthenticatedPrincipal): AuditActor {
  return caller.kind === 'user' ? { kind: 'user', id: caller.id, username: caller.username } : { kind: 'api_key', id: caller.id, name: caller.name };
}

const MESSAGE_OF_REFUSAL: Record<MergeRefusal['field'], { field: string; message: (value: string) => string }> = {
  phone: { field: 'phone', message: () => 'another customer already has this phone' },
  email: { field: 'email', message: () => 'another customer already has this email' },
  customer_external_id: { field: 'customerExternalId', message: (value) => `no customer has externalId '${value}'` },
};

function refusedRowsOf(refusals: readonly MergeRefusal[]): RefusedRow[] {
  return refusals.map((refusal) => ({ row: refusal.line, field: MESSAGE_OF_REFUSAL[refusal.field].field, message: MESSAGE_OF_REFUSAL[refusal.field].message(refusal.value) }));
}

/** Refusals in the order of the call's rows (stable: a row's own problems keep their order). */
function byRow(refused: RefusedRow[]): RefusedRow[] {
  return refused.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
}

/**
 * Customers and purchases sent by the business's own systems, a batch at a time: every row is checked, and any bad
 * row refuses the whole call (400 naming each bad row); a good call is written in one transaction with its audit
 * entry. A row repeating an external id updates the stored one.
 */
@Injectable()
export class CustomerSyncService {
  constructor(
    private readonly repository: CustomerSyncRepository,
    private readonly audit: AuditService,
  ) {}

  async mergeCustomers(rows: readonly unknown[], caller: AuthenticatedPrincipal): Promise<BatchResult> {
    const checked = checkBatch(rows, checkCustomerRow, ['phone', 'email']);
    return this.repository.transaction(async (manager) => {
      const conflicts = await this.repository.customerBatchConflicts(manager, checked.rows);
      const refused = byRow([...checked.refused, ...refusedRowsOf(conflicts)]);
      if (refused.length > 0) throw customerErrors.batchRefused('customers', refused);
      const result = await this.repository.mergeCustomerBatch(manager, checked.rows);
      await this.audit.record({ actor: auditActorOf(caller), action: 'customer.batch_merged', details: { rows: checked.rows.length, ...result } }, manager);
      return result;
    });
  }

  async mergeTransactions(rows: readonly unknown[], caller: AuthenticatedPrincipal): Promise<BatchResult> {
    const checked = checkBatch(rows, checkTransactionRow);
    return this.repository.transaction(async (manager) => {
      const unknown = await this.repository.transactionBatchUnknownCustomers(manager, checked.rows);
      const refused = byRow([...checked.refused, ...refusedRowsOf(unknown)]);
      if (refused.length > 0) throw customerErrors.batchRefused('purchases', refused);
      const result = await this.repository.mergeTransactionBatch(manager, checked.rows);
      await this.audit.record({ actor: auditActorOf(caller), action: 'transaction.batch_merged', details: { rows: checked.rows.length, ...result } }, manager);
      return result;
    });
  }
}

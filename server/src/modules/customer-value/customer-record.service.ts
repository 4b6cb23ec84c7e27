import { Injectable } from '@nestjs/common';
import type { TransactionPage } from '@callcentre/shared';
import type { AuthenticatedUser } from '../../common/auth';
import { CustomersService } from '../customers';
import { CustomerRecordRepository } from './customer-record.repository';
import type { ListTransactionsQuery } from './dto/list-transactions.query';
import { retentionErrors } from './retention.errors';
import { cursorPage } from './cursor-page';

/**
 * The customer record's purchases, for whoever may read the customer (the customers' access rules). The record's
 * other parts have their own routes under the same rules: contacts with dispositions and wrap-up notes at
 * `GET /api/interactions?customerId=`, complaints with their satisfaction at `GET /api/complaints?customerId=`,
 * shared notes at `GET /api/customers/:id/notes`.
 */
@Injectable()
export class CustomerRecordService {
  constructor(
    private readonly record: CustomerRecordRepository,
    private readonly customers: CustomersService,
  ) {}

  async transactions(customerId: string, query: ListTransactionsQuery, user: AuthenticatedUser): Promise<TransactionPage> {
    await this.customers.get(customerId, user);
    const limit = query.limit ?? 50;
    const rows = await this.record.transactions(customerId, limit, query.before);
    if (!rows) throw retentionErrors.unknownCursor(customerId);
    return cursorPage(rows, limit);
  }
}

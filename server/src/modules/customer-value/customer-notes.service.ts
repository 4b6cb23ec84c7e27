import { Injectable } from '@nestjs/common';
import type { CustomerNotePage, CustomerNoteView } from '@callcentre/shared';
import type { AuthenticatedUser } from '../../common/auth';
import { CustomersService } from '../customers';
import { CustomerNotesRepository } from './customer-notes.repository';
import type { CreateCustomerNoteDto, ListCustomerNotesQuery } from './dto/customer-note.dto';
import { retentionErrors } from './retention.errors';
import { cursorPage } from './cursor-page';

/**
 * Notes the team shares on a customer, so the relationship never rests with one agent: whoever may read the
 * customer (the customers' access rules) reads and adds them.
 */
@Injectable()
export class CustomerNotesService {
  constructor(
    private readonly notes: CustomerNotesRepository,
    private readonly customers: CustomersService,
  ) {}

  async list(customerId: string, query: ListCustomerNotesQuery, user: AuthenticatedUser): Promise<CustomerNotePage> {
    await this.customers.get(customerId, user);
    const limit = query.limit ?? 50;
    const rows = await this.notes.list(customerId, limit, query.before);
    if (!rows) throw retentionErrors.unknownCursor(customerId);
    return cursorPage(rows, limit);
  }

  async add(customerId: string, body: CreateCustomerNoteDto, user: AuthenticatedUser): Promise<CustomerNoteView> {
    await this.customers.get(customerId, user);
    return this.notes.insert(customerId, user.id, body.body);
  }
}

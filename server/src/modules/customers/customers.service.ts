import { Inject, Injectable } from '@nestjs/common';
import type { CustomerView } from '@callcentre/shared';
import { type AuthenticatedPrincipal } from '../../common/auth';
import { DomainError, NotFoundDomainError } from '../../common/http/domain-error';
import { contactReaderOf } from '../../common/auth/contact-access.sql';
import { CUSTOMER_VALUE_LOOKUP, type CustomerValueLookup } from './customer-value-lookup';
import { CustomerEntity } from './customer.entity';
import { CustomersRepository } from './customers.repository';
import { ListCustomersQuery } from './dto/list-customers.query';

@Injectable()
export class CustomersService {
  constructor(
    private readonly customers: CustomersRepository,
    @Inject(CUSTOMER_VALUE_LOOKUP) private readonly value: CustomerValueLookup,
  ) {}

  list(query: ListCustomersQuery, caller: AuthenticatedPrincipal): Promise<{ items: CustomerEntity[]; total: number }> {
    const filter = { valueTier: query.valueTier ?? query.tier, search: query.search, externalId: query.externalId, limit: query.limit ?? 50, offset: query.offset ?? 0 };
    return this.customers.list(filter, contactReaderOf(caller), caller.id);
  }

  /** One customer's record: their details, their value from the latest run (read through customer value) and their loss. */
  async get(id: string, caller: AuthenticatedPrincipal): Promise<CustomerView> {
    const customer = await this.customers.findById(id);
    if (!customer) throw new NotFoundDomainError('customer', id);
    if (!(await this.customers.isReadableBy(id, contactReaderOf(caller), caller.id))) {
      throw new DomainError('CUSTOMER_NOT_YOURS', `customer '${id}' is not a customer of your contacts`, 403, { customerId: id });
    }
    const [value, lost] = await Promise.all([this.value.valueOf(id), this.value.lossOf(id)]);
    return {
      id: customer.id,
      externalId: customer.externalId,
      name: customer.name,
      phone: customer.phone,
      email: customer.email,
      language: customer.language,
      timeZone: customer.timeZone,
      birthday: customer.birthday,
      valueTier: customer.valueTier,
      rfmSegment: customer.rfmSegment,
      notes: customer.notes,
      createdAt: customer.createdAt.toISOString(),
      value,
      lost,
    };
  }
}

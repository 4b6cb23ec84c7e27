import { Injectable } from '@nestjs/common';
import { type AuthenticatedPrincipal } from '../../common/auth';
import { DomainError, NotFoundDomainError } from '../../common/http/domain-error';
import { contactReaderOf } from '../interactions/contact-access';
import { CustomerEntity } from './customer.entity';
import { CustomersRepository } from './customers.repository';
import { ListCustomersQuery } from './dto/list-customers.query';

@Injectable()
export class CustomersService {
  constructor(private readonly customers: CustomersRepository) {}

  list(query: ListCustomersQuery, caller: AuthenticatedPrincipal): Promise<{ items: CustomerEntity[]; total: number }> {
    const filter = { valueTier: query.valueTier ?? query.tier, search: query.search, externalId: query.externalId, limit: query.limit ?? 50, offset: query.offset ?? 0 };
    return this.customers.list(filter, contactReaderOf(caller), caller.id);
  }

  async get(id: string, caller: AuthenticatedPrincipal): Promise<CustomerEntity> {
    const customer = await this.customers.findById(id);
    if (!customer) throw new NotFoundDomainError('customer', id);
    if (!(await this.customers.isReadableBy(id, contactReaderOf(caller), caller.id))) {
      throw new DomainError('CUSTOMER_NOT_YOURS', `customer '${id}' is not a customer of your contacts`, 403, { customerId: id });
    }
    return customer;
  }
}

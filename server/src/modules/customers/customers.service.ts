import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, Repository } from 'typeorm';
import { type AuthenticatedPrincipal } from '../../common/auth';
import { DomainError, NotFoundDomainError } from '../../common/http/domain-error';
import { contactReaderOf, readableCustomerSql } from '../interactions/contact-access';
import { CustomerEntity } from './customer.entity';
import { phoneDigits } from './phone-number';
import { ListCustomersQuery } from './dto/list-customers.query';

@Injectable()
export class CustomersService {
  constructor(@InjectRepository(CustomerEntity) private readonly customers: Repository<CustomerEntity>) {}

  async list(query: ListCustomersQuery, caller: AuthenticatedPrincipal): Promise<{ items: CustomerEntity[]; total: number }> {
    const builder = this.customers.createQueryBuilder('customer').orderBy('customer.name', 'ASC');
    const readable = readableCustomerSql(contactReaderOf(caller), 'customer', ':readerId');
    if (readable) builder.andWhere(readable, { readerId: caller.id });
    const valueTier = query.valueTier ?? query.tier;
    if (valueTier) builder.andWhere('customer.value_tier = :valueTier', { valueTier });
    if (query.search) {
      const pattern = `%${query.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      const digits = phoneDigits(query.search);
      builder.andWhere(
        new Brackets((where) => {
          where
            .where('customer.name ILIKE :pattern', { pattern })
            .orWhere('customer.phone ILIKE :pattern', { pattern })
            .orWhere('customer.email ILIKE :pattern', { pattern });
          // "7700900001" finds "+44 7700 900001": numbers are compared by their digits as well.
          if (digits.length >= 3) where.orWhere('customer.phone_digits LIKE :digits', { digits: `%${digits}%` });
        }),
      );
    }
    const [items, total] = await builder
      .take(query.limit ?? 50)
      .skip(query.offset ?? 0)
      .getManyAndCount();
    return { items, total };
  }

  async get(id: string, caller: AuthenticatedPrincipal): Promise<CustomerEntity> {
    const customer = await this.customers.findOneBy({ id });
    if (!customer) throw new NotFoundDomainError('customer', id);
    const readable = readableCustomerSql(contactReaderOf(caller), 'customer', ':readerId');
    if (readable) {
      const own = await this.customers.createQueryBuilder('customer').where('customer.id = :id', { id }).andWhere(readable, { readerId: caller.id }).getExists();
      if (!own) throw new DomainError('CUSTOMER_NOT_YOURS', `customer '${id}' is not a customer of your contacts`, 403, { customerId: id });
    }
    return customer;
  }
}

import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, Repository } from 'typeorm';
import type { ValueTier } from '@callcentre/shared';
import { type ContactReader, readableCustomerSql } from '../../common/auth/contact-access.sql';
import { CustomerEntity } from './customer.entity';
import { phoneDigits } from './phone-number';

export interface CustomerFilter {
  valueTier?: ValueTier;
  search?: string;
  externalId?: string;
  limit: number;
  offset: number;
}

/** All SQL of the customers table. Reads are limited to the customers the reader may see (contact-access). */
@Injectable()
export class CustomersRepository {
  constructor(@InjectRepository(CustomerEntity) private readonly customers: Repository<CustomerEntity>) {}

  async list(filter: CustomerFilter, reader: ContactReader, readerId: string): Promise<{ items: CustomerEntity[]; total: number }> {
    const builder = this.customers.createQueryBuilder('customer').orderBy('customer.name', 'ASC');
    const readable = readableCustomerSql(reader, 'customer', ':readerId');
    if (readable) builder.andWhere(readable, { readerId });
    if (filter.valueTier) builder.andWhere('customer.value_tier = :valueTier', { valueTier: filter.valueTier });
    if (filter.externalId !== undefined) builder.andWhere('customer.external_id = :externalId', { externalId: filter.externalId });
    if (filter.search) {
      const pattern = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      const digits = phoneDigits(filter.search);
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
    const [items, total] = await builder.take(filter.limit).skip(filter.offset).getManyAndCount();
    return { items, total };
  }

  findById(id: string): Promise<CustomerEntity | null> {
    return this.customers.findOneBy({ id });
  }

  /** Whether the reader may see this customer (always true for a reader without limits). */
  async isReadableBy(id: string, reader: ContactReader, readerId: string): Promise<boolean> {
    const readable = readableCustomerSql(reader, 'customer', ':readerId');
    if (!readable) return true;
    return this.customers.createQueryBuilder('customer').where('customer.id = :id', { id }).andWhere(readable, { readerId }).getExists();
  }
}

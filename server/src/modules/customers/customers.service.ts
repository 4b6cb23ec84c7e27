import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, Repository } from 'typeorm';
import { NotFoundDomainError } from '../../common/http/domain-error';
import { CustomerEntity } from './customer.entity';
import { ListCustomersQuery } from './dto/list-customers.query';

@Injectable()
export class CustomersService {
  constructor(@InjectRepository(CustomerEntity) private readonly customers: Repository<CustomerEntity>) {}

  async list(query: ListCustomersQuery): Promise<{ items: CustomerEntity[]; total: number }> {
    const builder = this.customers.createQueryBuilder('customer').orderBy('customer.name', 'ASC');
    if (query.tier) builder.andWhere('customer.value_tier = :tier', { tier: query.tier });
    if (query.search) {
      const pattern = `%${query.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      builder.andWhere(
        new Brackets((where) =>
          where
            .where('customer.name ILIKE :pattern', { pattern })
            .orWhere('customer.phone ILIKE :pattern', { pattern })
            .orWhere('customer.email ILIKE :pattern', { pattern }),
        ),
      );
    }
    const [items, total] = await builder
      .take(query.limit ?? 50)
      .skip(query.offset ?? 0)
      .getManyAndCount();
    return { items, total };
  }

  async get(id: string): Promise<CustomerEntity> {
    const customer = await this.customers.findOneBy({ id });
    if (!customer) throw new NotFoundDomainError('customer', id);
    return customer;
  }
}

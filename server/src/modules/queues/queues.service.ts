import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { NotFoundDomainError } from '../../common/http/domain-error';
import { QueueEntity } from './queue.entity';

@Injectable()
export class QueuesService {
  constructor(@InjectRepository(QueueEntity) private readonly queues: Repository<QueueEntity>) {}

  list(): Promise<QueueEntity[]> {
    return this.queues.find({ order: { name: 'ASC' } });
  }

  async get(id: string): Promise<QueueEntity> {
    const queue = await this.queues.findOneBy({ id });
    if (!queue) throw new NotFoundDomainError('queue', id);
    return queue;
  }
}

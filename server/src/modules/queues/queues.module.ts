import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RoutingModule } from '../routing';
import { QueueSkillEntity } from './queue-skill.entity';
import { QueueEntity } from './queue.entity';
import { QueuesController } from './queues.controller';
import { QueuesRepository } from './queues.repository';
import { QueuesService } from './queues.service';
import { SkillsModule } from '../skills';

@Module({
  imports: [TypeOrmModule.forFeature([QueueEntity, QueueSkillEntity]), RoutingModule, SkillsModule],
  controllers: [QueuesController],
  providers: [QueuesService, QueuesRepository],
  exports: [QueuesService],
})
export class QueuesModule {}

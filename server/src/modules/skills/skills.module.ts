import { Module } from '@nestjs/common';
import { RoutingModule } from '../routing';
import { SkillsController } from './skills.controller';
import { SkillsRepository } from './skills.repository';
import { SkillsService } from './skills.service';

@Module({
  imports: [RoutingModule],
  controllers: [SkillsController],
  providers: [SkillsService, SkillsRepository],
  exports: [SkillsRepository],
})
export class SkillsModule {}

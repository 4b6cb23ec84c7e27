import { Module } from '@nestjs/common';
import { RoutingModule } from '../routing/routing.module';
import { SkillsController } from './skills.controller';

@Module({
  imports: [RoutingModule],
  controllers: [SkillsController],
})
export class SkillsModule {}

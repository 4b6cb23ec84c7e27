import { Module } from '@nestjs/common';
import { RoutingModule } from '../routing';
import { AgentDayService } from './agent-day.service';
import { AgentSignOutListener } from './agent-sign-out.listener';
import { AgentsController } from './agents.controller';
import { AgentsRepository } from './agents.repository';
import { AgentsService } from './agents.service';
import { PresenceService } from './presence.service';

@Module({
  imports: [RoutingModule],
  controllers: [AgentsController],
  providers: [AgentsService, AgentDayService, AgentsRepository, PresenceService, AgentSignOutListener],
  exports: [AgentsService, PresenceService],
})
export class AgentsModule {}

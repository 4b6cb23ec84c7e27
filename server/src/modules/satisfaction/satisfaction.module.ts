import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts';
import { SatisfactionController } from './satisfaction.controller';
import { SatisfactionRepository } from './satisfaction.repository';
import { SatisfactionService } from './satisfaction.service';
import { SurveyPageController } from './survey-page.controller';

/**
 * Satisfaction after every contact: surveys created when contacts end, answered from the caller's keypad (PBX)
 * or the one-page survey (chat, e-mail), figures per agent, queue, tier and cell, and a team-lead alert on a poor
 * answer. Listens to routing's committed batches; announces SURVEY_CREATED and SURVEY_ANSWERED.
 */
@Module({
  imports: [AlertsModule],
  controllers: [SatisfactionController, SurveyPageController],
  providers: [SatisfactionRepository, SatisfactionService],
  exports: [SatisfactionService],
})
export class SatisfactionModule {}

import { Module } from '@nestjs/common';
import { RoutingModule } from '../routing';
import { IngestionFastLane } from './ingestion-fast-lane';
import { IngestionRateLimiter } from './ingestion-rate-limiter';
import { InteractionsController } from './interactions.controller';
import { InteractionsRepository } from './interactions.repository';
import { InteractionsService } from './interactions.service';
import { WrapUpDraftsController } from './wrap-up-drafts.controller';
import { WrapUpDraftsRepository } from './wrap-up-drafts.repository';
import { WrapUpDraftsService } from './wrap-up-drafts.service';

@Module({
  imports: [RoutingModule],
  controllers: [InteractionsController, WrapUpDraftsController],
  providers: [InteractionsService, InteractionsRepository, IngestionRateLimiter, IngestionFastLane, WrapUpDraftsRepository, WrapUpDraftsService],
  exports: [InteractionsService, IngestionFastLane],
})
export class InteractionsModule {}

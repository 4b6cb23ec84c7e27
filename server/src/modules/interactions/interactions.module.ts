import { Module } from '@nestjs/common';
import { RoutingModule } from '../routing/routing.module';
import { IngestionFastLane } from './ingestion-fast-lane';
import { IngestionRateLimiter } from './ingestion-rate-limiter';
import { InteractionsController } from './interactions.controller';
import { InteractionsService } from './interactions.service';

@Module({
  imports: [RoutingModule],
  controllers: [InteractionsController],
  providers: [InteractionsService, IngestionRateLimiter, IngestionFastLane],
  exports: [InteractionsService, IngestionFastLane],
})
export class InteractionsModule {}

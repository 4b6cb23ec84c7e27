import { Module } from '@nestjs/common';
import { RoutingJournal } from './routing-journal';
import { RoutingController } from './routing.controller';
import { RoutingService } from './routing.service';

@Module({
  controllers: [RoutingController],
  providers: [RoutingJournal, RoutingService],
  exports: [RoutingService],
})
export class RoutingModule {}

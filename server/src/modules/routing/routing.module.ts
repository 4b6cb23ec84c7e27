import { Module } from '@nestjs/common';
import { RouterLease } from './router-lease';
import { RoutingJournal } from './routing-journal';
import { RoutingController } from './routing.controller';
import { RoutingService } from './routing.service';

@Module({
  controllers: [RoutingController],
  providers: [RouterLease, RoutingJournal, RoutingService],
  exports: [RoutingService],
})
export class RoutingModule {}

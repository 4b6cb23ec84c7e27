import { Module } from '@nestjs/common';
import { RouterLease } from './router-lease';
import { RoutingJournal } from './routing-journal';
import { RoutingPolicyService } from './routing-policy.service';
import { RoutingController } from './routing.controller';
import { RoutingService } from './routing.service';

@Module({
  controllers: [RoutingController],
  providers: [RouterLease, RoutingJournal, RoutingService, RoutingPolicyService],
  exports: [RoutingService],
})
export class RoutingModule {}

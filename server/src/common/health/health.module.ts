import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { RoutingModule } from '../../modules/routing/routing.module';
import { HealthController } from './health.controller';

@Module({
  imports: [TerminusModule.forRoot({ logger: false }), RoutingModule],
  controllers: [HealthController],
})
export class HealthModule {}

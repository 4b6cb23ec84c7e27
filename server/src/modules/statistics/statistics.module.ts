import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { RoutingModule } from '../routing';
import { QueueSettingsMiddleware } from './queue-settings.middleware';
import { StatisticsController } from './statistics.controller';
import { StatisticsRepository } from './statistics.repository';
import { StatisticsService } from './statistics.service';

/** Per-queue statistics: live windows fed by routing's committed batches, and history from the routing journal. */
@Module({
  imports: [RoutingModule],
  controllers: [StatisticsController],
  providers: [StatisticsRepository, StatisticsService, QueueSettingsMiddleware],
  exports: [StatisticsService],
})
export class StatisticsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(QueueSettingsMiddleware).forRoutes({ path: 'api/queues', method: RequestMethod.POST }, { path: 'api/queues/:id', method: RequestMethod.PUT });
  }
}

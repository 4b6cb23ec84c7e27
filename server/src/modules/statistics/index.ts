export { StatisticsModule } from './statistics.module';
export { STATISTICS_QUEUES_CHANGED, StatisticsService } from './statistics.service';

import { Module } from '@nestjs/common';
import { AlertsController } from './alerts.controller';
import { AlertsRepository } from './alerts.repository';
import { AlertsService } from './alerts.service';

/**
 * Alerts as a durable record: stored when raised, addressed to people and roles, acknowledged by a supervisor or
 * team lead. The realtime module keeps the recent ones in memory for snapshots and pushes them.
 */
@Module({
  controllers: [AlertsController],
  providers: [AlertsRepository, AlertsService],
  exports: [AlertsService],
})
export class AlertsModule {}

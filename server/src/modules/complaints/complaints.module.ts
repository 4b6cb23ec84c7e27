import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { CalendarsModule } from '../calendars/calendars.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { RoutingModule } from '../routing/routing.module';
import { ComplaintDeadlineScheduler } from './complaint-deadlines.scheduler';
import { ComplaintsClock } from './complaints.clock';
import { ComplaintsController } from './complaints.controller';
import { ComplaintsLiveNotifier } from './complaints.live';
import { ComplaintsRepository } from './complaints.repository';
import { ComplaintsService } from './complaints.service';

/**
 * Complaints: the six-step lifecycle run by the complaint machine on the server, its history, deadlines on the
 * business calendar with persisted timers, and live updates to the people concerned.
 */
@Module({
  imports: [CalendarsModule, RealtimeModule, RoutingModule, AlertsModule],
  controllers: [ComplaintsController],
  providers: [ComplaintsClock, ComplaintsRepository, ComplaintsService, ComplaintDeadlineScheduler, ComplaintsLiveNotifier],
  exports: [ComplaintsService],
})
export class ComplaintsModule {}

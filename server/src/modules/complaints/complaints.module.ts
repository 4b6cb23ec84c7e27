import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts';
import { CalendarsModule } from '../calendars';
import { RoutingModule } from '../routing';
import { ComplaintDeadlineScheduler } from './complaint-deadlines.scheduler';
import { ComplaintsClock } from './complaints.clock';
import { ComplaintsController } from './complaints.controller';
import { ComplaintsRepository } from './complaints.repository';
import { ComplaintsService } from './complaints.service';

/**
 * Complaints: the six-step lifecycle run by the complaint machine on the server, its history, and deadlines on the
 * business calendar with persisted timers. It announces each committed change as an event; the realtime module
 * pushes it to the people concerned.
 */
@Module({
  imports: [CalendarsModule, RoutingModule, AlertsModule],
  controllers: [ComplaintsController],
  providers: [ComplaintsClock, ComplaintsRepository, ComplaintsService, ComplaintDeadlineScheduler],
  exports: [ComplaintsService],
})
export class ComplaintsModule {}

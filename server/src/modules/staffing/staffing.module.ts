import { Module } from '@nestjs/common';
import { SchedulesController } from './schedules.controller';
import { SchedulesRepository } from './schedules.repository';
import { SchedulesService } from './schedules.service';
import { StaffingController } from './staffing.controller';
import { StaffingRepository } from './staffing.repository';
import { StaffingService } from './staffing.service';

/**
 * Workforce planning: how many agents a forecast (or a queue's live load) needs for its service-level target, and
 * the agents' shifts that say who will be there (the forecast reads them for its gap).
 */
@Module({
  controllers: [StaffingController, SchedulesController],
  providers: [StaffingRepository, StaffingService, SchedulesRepository, SchedulesService],
})
export class StaffingModule {}

import { Module } from '@nestjs/common';
import { StaffingController } from './staffing.controller';
import { StaffingRepository } from './staffing.repository';
import { StaffingService } from './staffing.service';

/** Workforce planning: how many agents a forecast (or a queue's live load) needs for its service-level target. */
@Module({
  controllers: [StaffingController],
  providers: [StaffingRepository, StaffingService],
})
export class StaffingModule {}

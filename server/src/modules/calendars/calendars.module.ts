import { Module } from '@nestjs/common';
import { CalendarsController } from './calendars.controller';
import { CalendarsRepository } from './calendars.repository';
import { CalendarsService } from './calendars.service';

/** The business calendar: working days, hours and holidays that deadlines count on. */
@Module({
  controllers: [CalendarsController],
  providers: [CalendarsRepository, CalendarsService],
  exports: [CalendarsService],
})
export class CalendarsModule {}

export { CalendarsModule } from './calendars.module';
export { CALENDAR_CHANGED, CalendarsService } from './calendars.service';
export { effectiveCalendarConfig, type StoredCalendarConfig } from './default-calendar';

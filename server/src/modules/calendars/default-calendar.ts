import type { BusinessCalendarConfig } from '@callcentre/shared';

/** A calendar as stored: the time zone may be left out, and then follows CENTRE_TIME_ZONE. */
export type StoredCalendarConfig = Omit<BusinessCalendarConfig, 'timeZone'> & { readonly timeZone?: string };

/**
 * The working time deadlines count on when no calendar has been configured: Monday to Friday, 09:00-12:00
 * and 13:00-18:00 (a lunch hour between), no holidays, in the centre's time zone.
 */
export const FALLBACK_CALENDAR: StoredCalendarConfig = Object.freeze<StoredCalendarConfig>({
  workingDays: ['mon', 'tue', 'wed', 'thu', 'fri'],
  workingHours: [
    { from: '09:00', to: '12:00' },
    { from: '13:00', to: '18:00' },
  ],
  holidays: [],
  extraWorkingDays: [],
});

/** The stored calendar with its time zone filled in. */
export function effectiveCalendarConfig(stored: StoredCalendarConfig, centreTimeZone: string): BusinessCalendarConfig {
  return { ...stored, timeZone: stored.timeZone ?? centreTimeZone };
}

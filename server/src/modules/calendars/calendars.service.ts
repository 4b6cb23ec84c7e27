import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { DataSource } from 'typeorm';
import { createBusinessCalendar, type BusinessCalendar, type CalendarView } from '@callcentre/shared';
import type { AuthenticatedUser } from '../../common/auth';
import { AppConfig } from '../../common/config/app-config';
import { APP_CONFIG } from '../../common/config/config.tokens';
import { AuditService } from '../audit';
import { calendarErrors } from './calendars.errors';
import { CalendarsRepository } from './calendars.repository';
import { effectiveCalendarConfig, FALLBACK_CALENDAR, type StoredCalendarConfig } from './default-calendar';
import type { UpdateCalendarDto } from './dto/update-calendar.dto';

/** Emitted after the default calendar changed: deadlines counted on it are due for a fresh evaluation. */
export const CALENDAR_CHANGED = 'calendar.changed';

/** How long a loaded calendar is trusted before it is read again (another server may have changed it). */
const CACHE_MS = 30_000;

export interface LoadedCalendar {
  readonly view: CalendarView;
  readonly calendar: BusinessCalendar;
}

/** The default business calendar, on which complaint deadlines count working time. */
@Injectable()
export class CalendarsService {
  private readonly logger = new Logger('Calendars');
  private cached: { at: number; loaded: Promise<LoadedCalendar> } | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: CalendarsRepository,
    private readonly audit: AuditService,
    private readonly events: EventEmitter2,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The default calendar, ready for the working-time functions. */
  current(): Promise<LoadedCalendar> {
    const now = Date.now();
    if (!this.cached || now - this.cached.at > CACHE_MS) {
      const loaded = this.load();
      this.cached = { at: now, loaded };
      loaded.catch(() => (this.cached = null));
    }
    return this.cached.loaded;
  }

  async view(): Promise<CalendarView> {
    return (await this.current()).view;
  }

  async update(input: UpdateCalendarDto, user: AuthenticatedUser): Promise<CalendarView> {
    const stored: StoredCalendarConfig = {
      ...(input.timeZone ? { timeZone: input.timeZone } : {}),
      workingDays: input.workingDays,
      workingHours: input.workingHours.map(({ from, to }) => ({ from, to })),
      ...(input.workingHoursByDay ? { workingHoursByDay: stripUndefined(input.workingHoursByDay) } : {}),
      holidays: [...new Set(input.holidays ?? [])].sort(),
      extraWorkingDays: [...new Set(input.extraWorkingDays ?? [])].sort(),
    };
    try {
      createBusinessCalendar(effectiveCalendarConfig(stored, this.config.CENTRE_TIME_ZONE));
    } catch (error) {
      throw calendarErrors.invalid(error instanceof Error ? error.message : String(error));
    }
    const previous = await this.repository.findDefault();
    await this.dataSource.transaction(async (manager) => {
      await this.repository.saveDefault(manager, input.name ?? previous?.name ?? 'Default', stored, user.id);
      await this.audit.record(
        { actor: user, action: 'calendar.updated', target: { type: 'calendar', id: 'default' }, details: { before: previous?.config ?? null, after: stored } },
        manager,
      );
    });
    this.cached = null;
    this.events.emit(CALENDAR_CHANGED);
    return this.view();
  }

  private async load(): Promise<LoadedCalendar> {
    const row = await this.repository.findDefault();
    let stored = row?.config ?? FALLBACK_CALENDAR;
    let calendar: BusinessCalendar;
    try {
      calendar = createBusinessCalendar(effectiveCalendarConfig(stored, this.config.CENTRE_TIME_ZONE));
    } catch (error) {
      // Only a hand-edited row can be invalid (the API validates); deadlines must still be computed.
      this.logger.error(`the stored default calendar is invalid (${error instanceof Error ? error.message : String(error)}); using Monday to Friday 09:00-18:00`);
      stored = FALLBACK_CALENDAR;
      calendar = createBusinessCalendar(effectiveCalendarConfig(stored, this.config.CENTRE_TIME_ZONE));
    }
    return {
      calendar,
      view: {
        id: row?.id ?? null,
        name: row?.name ?? 'Default',
        config: calendar.config,
        followsCentreTimeZone: !stored.timeZone,
        updatedAt: row ? new Date(row.updated_at).toISOString() : null,
        updatedBy: row?.updated_by ?? null,
      },
    };
  }
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, entry]) => entry !== undefined)
      .map(([key, entry]) => [key, (entry as Array<{ from: string; to: string }>).map(({ from, to }) => ({ from, to }))]),
  ) as T;
}

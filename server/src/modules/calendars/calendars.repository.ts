import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { StoredCalendarConfig } from './default-calendar';

export interface CalendarRow {
  id: string;
  name: string;
  config: StoredCalendarConfig;
  updated_by: string | null;
  updated_at: Date;
}

/** The business_calendars table: one default calendar, which complaint deadlines count on. */
@Injectable()
export class CalendarsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findDefault(): Promise<CalendarRow | null> {
    const [row] = await this.dataSource.query(`SELECT id, name, config, updated_by, updated_at FROM business_calendars WHERE is_default`);
    return row ?? null;
  }

  /** Creates or replaces the default calendar. */
  async saveDefault(manager: EntityManager, name: string, config: StoredCalendarConfig, updatedBy: string | null): Promise<CalendarRow> {
    const [row] = await manager.query(
      `INSERT INTO business_calendars (name, is_default, config, updated_by) VALUES ($1, true, $2, $3)
       ON CONFLICT (is_default) WHERE is_default
       DO UPDATE SET name = EXCLUDED.name, config = EXCLUDED.config, updated_by = EXCLUDED.updated_by, updated_at = now()
       RETURNING id, name, config, updated_by, updated_at`,
      [name, JSON.stringify(config), updatedBy],
    );
    return row;
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { STATISTICS_EVENT_TYPES, type RoutingEvent } from '@callcentre/shared';

export interface StaffingQueueInfo {
  id: string;
  name: string;
  serviceLevelPercent: number;
  serviceLevelSeconds: number;
  shortAbandonSeconds: number;
}

/** The staffing module's reads: a queue's target and its recent events from the routing journal. */
@Injectable()
export class StaffingRepository {
  constructor(private readonly dataSource: DataSource) {}

  async queue(id: string): Promise<StaffingQueueInfo | null> {
    const [row]: Array<{ id: string; name: string; service_level_percent: number; service_level_seconds: number; short_abandon_seconds: number }> =
      await this.dataSource.query(`SELECT id, name, service_level_percent, service_level_seconds, short_abandon_seconds FROM queues WHERE id = $1`, [id]);
    return row
      ? {
          id: row.id,
          name: row.name,
          serviceLevelPercent: row.service_level_percent,
          serviceLevelSeconds: row.service_level_seconds,
          shortAbandonSeconds: row.short_abandon_seconds,
        }
      : null;
  }

  /** The queue's journal events that feed queue figures, with `at` in [from, to), in journal order (index routing_events_queue_at_idx). */
  async queueEvents(queueId: string, from: number, to: number): Promise<RoutingEvent[]> {
    const rows: Array<{ payload: RoutingEvent }> = await this.dataSource.query(
      `SELECT payload FROM routing_events WHERE queue_id = $1 AND at >= $2 AND at < $3 AND type = ANY($4) ORDER BY id`,
      [queueId, new Date(from).toISOString(), new Date(to).toISOString(), STATISTICS_EVENT_TYPES],
    );
    return rows.map((row) => row.payload);
  }
}

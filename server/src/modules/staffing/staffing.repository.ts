import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface StaffingQueueInfo {
  id: string;
  name: string;
  serviceLevelPercent: number;
  serviceLevelSeconds: number;
}

export interface LiveQueueLoad {
  /** `contact.queued` events in the window: the queue's offered figure (arrivals, overflow and transfers in). */
  offered: number;
  /** `contact.completed` events in the window and the sum of their handle seconds (talk + after-contact work). */
  completed: number;
  handleSeconds: number;
}

/** The staffing module's reads: a queue's target and its load from the routing journal. */
@Injectable()
export class StaffingRepository {
  constructor(private readonly dataSource: DataSource) {}

  async queue(id: string): Promise<StaffingQueueInfo | null> {
    const [row]: Array<{ id: string; name: string; service_level_percent: number; service_level_seconds: number }> = await this.dataSource.query(
      `SELECT id, name, service_level_percent, service_level_seconds FROM queues WHERE id = $1`,
      [id],
    );
    return row ? { id: row.id, name: row.name, serviceLevelPercent: row.service_level_percent, serviceLevelSeconds: row.service_level_seconds } : null;
  }

  /** The queue's journal events with `at` in [from, to), counted (index routing_events_queue_at_idx). */
  async load(queueId: string, from: number, to: number): Promise<LiveQueueLoad> {
    const [row]: Array<{ offered: string; completed: string; handle_seconds: number | null }> = await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE type = 'contact.queued') AS offered,
              count(*) FILTER (WHERE type = 'contact.completed') AS completed,
              sum((payload->>'handleSeconds')::double precision) FILTER (WHERE type = 'contact.completed') AS handle_seconds
         FROM routing_events
        WHERE queue_id = $1 AND at >= $2 AND at < $3 AND type IN ('contact.queued', 'contact.completed')`,
      [queueId, new Date(from).toISOString(), new Date(to).toISOString()],
    );
    return { offered: Number(row?.offered ?? 0), completed: Number(row?.completed ?? 0), handleSeconds: Number(row?.handle_seconds ?? 0) };
  }
}

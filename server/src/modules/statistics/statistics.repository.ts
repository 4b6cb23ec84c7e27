import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type ContactRecord, SERVICE_LEVEL_FORMULAS, type SkillDemand, STATISTICS_EVENT_TYPES, type RoutingEvent, type ServiceLevelFormula, waitingSinceOf } from '@callcentre/shared';

/** A queue as the statistics need it: targets, thresholds and the skills that decide who serves it. */
export interface QueueInfo {
  id: string;
  code: string;
  name: string;
  serviceLevelPercent: number;
  serviceLevelSeconds: number;
  serviceLevelFormula: ServiceLevelFormula;
  shortAbandonSeconds: number;
  /** Required (not optional) skills by code. */
  requiredSkills: SkillDemand[];
}

/**
 * A contact waiting in a queue now (ringing offers included), and since when its caller waits: the arrival (kept
 * through overflows), a hand-back after a lost desktop, or a transfer (see `waitingSinceOf`).
 */
export interface WaitingContact {
  contactId: string;
  queueId: string;
  since: number;
}

interface QueueRow {
  id: string;
  code: string;
  name: string;
  service_level_percent: number;
  service_level_seconds: number;
  service_level_formula: string;
  short_abandon_seconds: number;
  required_skills: SkillDemand[] | null;
}

const SELECT_QUEUES = `
  SELECT q.id, q.code, q.name, q.service_level_percent, q.service_level_seconds, q.service_level_formula, q.short_abandon_seconds,
         (SELECT jsonb_agg(jsonb_build_object('skill', s.code, 'minProficiency', qs.min_proficiency) ORDER BY s.code)
            FROM queue_skills qs JOIN skills s ON s.id = qs.skill_id WHERE qs.queue_id = q.id AND NOT qs.optional) AS required_skills
  FROM queues q`;

function toQueueInfo(row: QueueRow): QueueInfo {
  const formula = (SERVICE_LEVEL_FORMULAS as readonly string[]).includes(row.service_level_formula)
    ? (row.service_level_formula as ServiceLevelFormula)
    : 'abandons_in_denominator';
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    serviceLevelPercent: row.service_level_percent,
    serviceLevelSeconds: row.service_level_seconds,
    serviceLevelFormula: formula,
    shortAbandonSeconds: row.short_abandon_seconds,
    requiredSkills: row.required_skills ?? [],
  };
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The statistics' reads: queue settings, the routing journal and the contacts waiting now. */
@Injectable()
export class StatisticsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async queues(): Promise<QueueInfo[]> {
    const rows: QueueRow[] = await this.dataSource.query(`${SELECT_QUEUES} ORDER BY q.base_priority DESC, q.code`);
    return rows.map(toQueueInfo);
  }

  async queue(id: string): Promise<QueueInfo | null> {
    const [row]: QueueRow[] = await this.dataSource.query(`${SELECT_QUEUES} WHERE q.id = $1`, [id]);
    return row ? toQueueInfo(row) : null;
  }

  /**
   * Everything the live statistics start from, read in one snapshot of the database: the queues, the
   * journal's contact events since `from` (in journal order) and the contacts waiting now.
   */
  async startingState(from: number): Promise<{ queues: QueueInfo[]; events: RoutingEvent[]; waiting: WaitingContact[] }> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const queues: QueueRow[] = await manager.query(`${SELECT_QUEUES} ORDER BY q.base_priority DESC, q.code`);
      const events: Array<{ payload: RoutingEvent }> = await manager.query(
        `SELECT payload FROM routing_events WHERE at >= $1 AND type = ANY($2) ORDER BY id`,
        [iso(from), STATISTICS_EVENT_TYPES],
      );
      const waiting: Array<{ id: string; queue_id: string; routing_record: Partial<ContactRecord>; arrived_at: Date }> = await manager.query(
        `SELECT id, queue_id, routing_record, arrived_at FROM interactions WHERE routing_record IS NOT NULL AND status IN ('waiting', 'offered')`,
      );
      return {
        queues: queues.map(toQueueInfo),
        events: events.map((row) => row.payload),
        waiting: waiting.map((row) => ({
          contactId: row.id,
          queueId: row.queue_id,
          since: waitingSinceOf({ ...row.routing_record, enqueuedAt: row.routing_record.enqueuedAt ?? row.arrived_at.getTime() }),
        })),
      };
    });
  }

  /**
   * The contacts waiting in a queue just before `at`: those whose last statistics event in the queue before `at`
   * put them in its line (an entry or a hand-back; any answer, abandon, move out or completion comes after those).
   */
  async waitingBefore(queueId: string, at: number): Promise<string[]> {
    const rows: Array<{ interaction_id: string }> = await this.dataSource.query(
      `SELECT interaction_id FROM (
         SELECT DISTINCT ON (interaction_id) interaction_id, type FROM routing_events
          WHERE queue_id = $1 AND at < $2 AND type = ANY($3) AND interaction_id IS NOT NULL
          ORDER BY interaction_id, id DESC) last
        WHERE type IN ('contact.queued', 'contact.requeued')`,
      [queueId, iso(at), STATISTICS_EVENT_TYPES],
    );
    return rows.map((row) => row.interaction_id);
  }

  /** One queue's contact events with `at` in [from, to), in journal order. */
  async queueEvents(queueId: string, from: number, to: number): Promise<RoutingEvent[]> {
    const rows: Array<{ payload: RoutingEvent }> = await this.dataSource.query(
      `SELECT payload FROM routing_events WHERE queue_id = $1 AND at >= $2 AND at < $3 AND type = ANY($4) ORDER BY id`,
      [queueId, iso(from), iso(to), STATISTICS_EVENT_TYPES],
    );
    return rows.map((row) => row.payload);
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { StoredQueue } from '../routing';
import { QueueEntity } from './queue.entity';

/** Held while a queue change is checked and written, so two changes are never checked against the same queues. */
const QUEUE_CONFIGURATION_LOCK = 7_146_231;

/** A queue as written: its stored definition and the fields routing does not read. */
export type QueueToStore = StoredQueue & Pick<QueueEntity, 'serviceLevelFormula' | 'shortAbandonSeconds' | 'businessHours'>;

/** All SQL of the queues and queue_skills tables. */
@Injectable()
export class QueuesRepository {
  constructor(private readonly dataSource: DataSource) {}

  list(): Promise<QueueEntity[]> {
    return this.dataSource.getRepository(QueueEntity).find({ order: { name: 'ASC' } });
  }

  findById(id: string): Promise<QueueEntity | null> {
    return this.dataSource.getRepository(QueueEntity).findOneBy({ id });
  }

  /** Runs `work` in one transaction that holds the queue configuration lock. */
  inConfigurationChange<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock($1)`, [QUEUE_CONFIGURATION_LOCK]);
      return work(manager);
    });
  }

  async idOfCode(manager: EntityManager, code: string): Promise<string | null> {
    const [row] = await manager.query(`SELECT id FROM queues WHERE code = $1`, [code]);
    return row?.id ?? null;
  }

  async codeAndOverflow(manager: EntityManager, id: string): Promise<{ code: string; overflowQueueId: string | null } | null> {
    const [row]: Array<{ code: string; overflow_queue_id: string | null }> = await manager.query(`SELECT code, overflow_queue_id FROM queues WHERE id = $1`, [id]);
    return row ? { code: row.code, overflowQueueId: row.overflow_queue_id } : null;
  }

  /** Every stored queue, oldest first (the order routing loads them in). */
  storedInOrder(manager: EntityManager): Promise<QueueEntity[]> {
    return manager.getRepository(QueueEntity).find({ order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** Writes the queue (a new one when `replacing` is false) and its skills. */
  async write(manager: EntityManager, queue: QueueToStore, replacing: boolean): Promise<void> {
    const values = [
      queue.id,
      queue.code,
      queue.name,
      queue.basePriority,
      queue.serviceLevelPercent,
      queue.serviceLevelSeconds,
      queue.serviceLevelFormula,
      queue.shortAbandonSeconds,
      queue.offerTimeoutSeconds,
      queue.wrapUpSeconds,
      queue.maxWaitSeconds,
      queue.overflowQueueId,
      queue.strategy,
      JSON.stringify(queue.relaxationSteps),
      queue.businessHours ? JSON.stringify(queue.businessHours) : null,
    ];
    if (replacing) {
      await manager.query(
        `UPDATE queues SET code = $2, name = $3, base_priority = $4, service_level_percent = $5, service_level_seconds = $6, service_level_formula = $7,
           short_abandon_seconds = $8, offer_timeout_seconds = $9, wrap_up_seconds = $10, max_wait_seconds = $11, overflow_queue_id = $12, strategy = $13,
           relaxation_steps = $14, business_hours = $15, updated_at = now() WHERE id = $1`,
        values,
      );
      await manager.query(`DELETE FROM queue_skills WHERE queue_id = $1`, [queue.id]);
    } else {
      await manager.query(
        `INSERT INTO queues (id, code, name, base_priority, service_level_percent, service_level_seconds, service_level_formula, short_abandon_seconds,
           offer_timeout_seconds, wrap_up_seconds, max_wait_seconds, overflow_queue_id, strategy, relaxation_steps, business_hours)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
        values,
      );
    }
    for (const skill of queue.skills) {
      await manager.query(`INSERT INTO queue_skills (queue_id, skill_id, min_proficiency, optional) VALUES ($1, $2, $3, $4)`, [queue.id, skill.skillId, skill.minProficiency, skill.optional]);
    }
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuthenticatedUser } from '../../common/auth';
import { NotFoundDomainError } from '../../common/http/domain-error';
import { AuditService } from '../audit/audit.service';
import { RoutingService } from '../routing/routing.service';
import { SaveQueueDto } from './dto/save-queue.dto';
import { QueueEntity } from './queue.entity';
import { queueErrors } from './queues.errors';

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;

function validateBusinessHours(hours: SaveQueueDto['businessHours']): void {
  if (!hours) return;
  try {
    new Intl.DateTimeFormat('en', { timeZone: hours.timeZone });
  } catch {
    throw queueErrors.badTimeZone(hours.timeZone);
  }
  for (const [day, intervals] of Object.entries(hours.days)) {
    if (!/^[1-7]$/.test(day)) throw queueErrors.badHours(`day '${day}' must be an ISO weekday 1 (Monday) to 7 (Sunday)`);
    if (!Array.isArray(intervals)) throw queueErrors.badHours(`day ${day} must list intervals`);
    for (const interval of intervals) {
      if (!interval || !CLOCK.test(interval.from) || !CLOCK.test(interval.to) || interval.from >= interval.to) {
        throw queueErrors.badHours(`day ${day}: each interval needs from < to as HH:MM`);
      }
    }
  }
}

/** Queue configuration: read by everyone on the floor, changed by admins, applied to routing at once. */
@Injectable()
export class QueuesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly routing: RoutingService,
    private readonly audit: AuditService,
  ) {}

  list(): Promise<QueueEntity[]> {
    return this.dataSource.getRepository(QueueEntity).find({ order: { name: 'ASC' } });
  }

  async get(id: string): Promise<QueueEntity> {
    const queue = await this.dataSource.getRepository(QueueEntity).findOneBy({ id });
    if (!queue) throw new NotFoundDomainError('queue', id);
    return queue;
  }

  create(input: SaveQueueDto, by: AuthenticatedUser): Promise<QueueEntity> {
    return this.save(null, input, by);
  }

  async replace(id: string, input: SaveQueueDto, by: AuthenticatedUser): Promise<QueueEntity> {
    await this.get(id);
    return this.save(id, input, by);
  }

  private async save(id: string | null, input: SaveQueueDto, by: AuthenticatedUser): Promise<QueueEntity> {
    validateBusinessHours(input.businessHours);
    if (input.overflowQueue && !input.maxWaitSeconds) throw queueErrors.overflowNeedsWait();
    if (input.overflowQueue === input.code) throw queueErrors.overflowToItself();
    const seen = new Set<string>();
    for (const skill of input.skills) {
      if (seen.has(skill.skill)) throw queueErrors.duplicateSkill(skill.skill);
      seen.add(skill.skill);
    }
    const savedId = await this.dataSource.transaction(async (manager) => {
      const skills: Array<{ id: string; code: string }> = await manager.query(`SELECT id, code FROM skills WHERE code = ANY($1)`, [input.skills.map((s) => s.skill)]);
      const idByCode = new Map(skills.map((skill) => [skill.code, skill.id]));
      const unknown = input.skills.map((s) => s.skill).filter((code) => !idByCode.has(code));
      if (unknown.length > 0) throw queueErrors.unknownSkills(unknown);
      const [sameCode] = await manager.query(`SELECT id FROM queues WHERE code = $1`, [input.code]);
      if (sameCode && sameCode.id !== id) throw queueErrors.codeTaken(input.code);
      let overflowId: string | null = null;
      if (input.overflowQueue) {
        const [target] = await manager.query(`SELECT id FROM queues WHERE code = $1`, [input.overflowQueue]);
        if (!target) throw queueErrors.unknownOverflow(input.overflowQueue);
        overflowId = target.id;
        await this.refuseOverflowCycle(manager, id, input.code, overflowId as string);
      }
      const values = [
        input.code,
        input.name.trim(),
        input.basePriority ?? 0,
        input.serviceLevelPercent ?? 80,
        input.serviceLevelSeconds ?? 20,
        input.serviceLevelFormula ?? 'abandons_in_denominator',
        input.shortAbandonSeconds ?? 5,
        input.offerTimeoutSeconds ?? 15,
        input.wrapUpSeconds ?? 30,
        input.maxWaitSeconds ?? null,
        overflowId,
        input.strategy ?? 'longest_idle',
        JSON.stringify(input.relaxationSteps ?? []),
        input.businessHours ? JSON.stringify(input.businessHours) : null,
      ];
      let queueId = id;
      if (queueId) {
        await manager.query(
          `UPDATE queues SET code = $1, name = $2, base_priority = $3, service_level_percent = $4, service_level_seconds = $5, service_level_formula = $6,
             short_abandon_seconds = $7, offer_timeout_seconds = $8, wrap_up_seconds = $9, max_wait_seconds = $10, overflow_queue_id = $11, strategy = $12,
             relaxation_steps = $13, business_hours = $14, updated_at = now() WHERE id = $15`,
          [...values, queueId],
        );
        await manager.query(`DELETE FROM queue_skills WHERE queue_id = $1`, [queueId]);
      } else {
        const [row] = await manager.query(
          `INSERT INTO queues (code, name, base_priority, service_level_percent, service_level_seconds, service_level_formula, short_abandon_seconds,
             offer_timeout_seconds, wrap_up_seconds, max_wait_seconds, overflow_queue_id, strategy, relaxation_steps, business_hours)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
          values,
        );
        queueId = row.id as string;
      }
      for (const skill of input.skills) {
        await manager.query(`INSERT INTO queue_skills (queue_id, skill_id, min_proficiency, optional) VALUES ($1, $2, $3, $4)`, [queueId, idByCode.get(skill.skill), skill.minProficiency, skill.optional ?? false]);
      }
      await this.audit.record({ actor: { kind: 'user', id: by.id, username: by.username }, action: id ? 'queue.changed' : 'queue.created', target: { type: 'queue', id: queueId }, details: { ...input } }, manager);
      return queueId;
    });
    await this.routing.reloadConfiguration();
    return this.get(savedId);
  }

  private async refuseOverflowCycle(manager: import('typeorm').EntityManager, id: string | null, code: string, firstTarget: string): Promise<void> {
    const path = [code];
    let current: string | null = firstTarget;
    for (let hops = 0; current && hops < 100; hops += 1) {
      if (current === id) throw queueErrors.overflowCycle([...path, code]);
      const [row]: Array<{ code: string; overflow_queue_id: string | null }> = await manager.query(`SELECT code, overflow_queue_id FROM queues WHERE id = $1`, [current]);
      if (!row) return;
      path.push(row.code);
      current = row.overflow_queue_id;
    }
  }
}

import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Queue } from '@callcentre/shared';
import { AuthenticatedUser } from '../../common/auth';
import { NotFoundDomainError } from '../../common/http/domain-error';
import { AuditService } from '../audit';
import { queueDefinitionOf, refusalOf } from '../routing';
import { RoutingService } from '../routing';
import { SkillsRepository } from '../skills';
import { SaveQueueDto } from './dto/save-queue.dto';
import { QueueEntity } from './queue.entity';
import { queueErrors } from './queues.errors';
import { QueuesRepository, QueueToStore } from './queues.repository';

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;
/** An interval may end at 24:00, so a day open until midnight loses no last minute. */
const CLOSING_CLOCK = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;

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
      if (!interval || !CLOCK.test(interval.from) || !CLOSING_CLOCK.test(interval.to) || interval.from >= interval.to) {
        throw queueErrors.badHours(`day ${day}: each interval needs from < to as HH:MM (to may be 24:00)`);
      }
    }
  }
}

/** A stored queue as the REST answers carry it. */
export function queueOf(entity: QueueEntity): Queue {
  return {
    id: entity.id,
    code: entity.code,
    name: entity.name,
    basePriority: entity.basePriority,
    serviceLevelPercent: entity.serviceLevelPercent,
    serviceLevelSeconds: entity.serviceLevelSeconds,
    serviceLevelFormula: entity.serviceLevelFormula,
    shortAbandonSeconds: entity.shortAbandonSeconds,
    offerTimeoutSeconds: entity.offerTimeoutSeconds,
    wrapUpSeconds: entity.wrapUpSeconds,
    maxWaitSeconds: entity.maxWaitSeconds,
    overflowQueueId: entity.overflowQueueId,
    strategy: entity.strategy,
    relaxationSteps: entity.relaxationSteps,
    businessHours: entity.businessHours,
    skills: entity.skills.map((skill) => ({ queueId: skill.queueId, skillId: skill.skillId, minProficiency: skill.minProficiency, optional: skill.optional })),
    createdAt: entity.createdAt.toISOString(),
    updatedAt: entity.updatedAt.toISOString(),
  };
}

/** Queue configuration: read by everyone on the floor, changed by admins, applied to routing at once. */
@Injectable()
export class QueuesService {
  private changes: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly queues: QueuesRepository,
    private readonly skills: SkillsRepository,
    private readonly routing: RoutingService,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<Queue[]> {
    return (await this.queues.list()).map(queueOf);
  }

  async get(id: string): Promise<Queue> {
    const queue = await this.queues.findById(id);
    if (!queue) throw new NotFoundDomainError('queue', id);
    return queueOf(queue);
  }

  create(input: SaveQueueDto, by: AuthenticatedUser): Promise<Queue> {
    return this.save(null, input, by);
  }

  async replace(id: string, input: SaveQueueDto, by: AuthenticatedUser): Promise<Queue> {
    await this.get(id);
    return this.save(id, input, by);
  }

  /**
   * Changes run one at a time, in arrival order: each is checked against the queues stored when it is written,
   * and routing reloads them in the order they were stored.
   */
  private save(id: string | null, input: SaveQueueDto, by: AuthenticatedUser): Promise<Queue> {
    const change = this.changes.then(() => this.store(id, input, by));
    this.changes = change.catch(() => undefined);
    return change;
  }

  /**
   * Stores a queue only if the routing core accepts it next to the queues already stored (checked with the
   * core's own validation, under a lock that keeps concurrent changes from closing an overflow loop), then
   * applies it: a definition routing would refuse is a 400 naming the field, and nothing is written.
   */
  private async store(id: string | null, input: SaveQueueDto, by: AuthenticatedUser): Promise<Queue> {
    this.routing.assertActive();
    validateBusinessHours(input.businessHours);
    if (input.overflowQueue && !input.maxWaitSeconds) throw queueErrors.overflowNeedsWait();
    if (input.overflowQueue === input.code) throw queueErrors.overflowToItself();
    const seen = new Set<string>();
    for (const skill of input.skills) {
      if (seen.has(skill.skill)) throw queueErrors.duplicateSkill(skill.skill);
      seen.add(skill.skill);
    }
    const savedId = await this.queues.inConfigurationChange(async (manager) => {
      const skills = await this.skills.codesAndIds(manager);
      const idByCode = new Map(skills.map((skill) => [skill.code, skill.id]));
      const unknown = input.skills.map((s) => s.skill).filter((code) => !idByCode.has(code));
      if (unknown.length > 0) throw queueErrors.unknownSkills(unknown);
      const sameCode = await this.queues.idOfCode(manager, input.code);
      if (sameCode && sameCode !== id) throw queueErrors.codeTaken(input.code);
      let overflowId: string | null = null;
      if (input.overflowQueue) {
        const target = await this.queues.idOfCode(manager, input.overflowQueue);
        if (!target) throw queueErrors.unknownOverflow(input.overflowQueue);
        if (target === id) throw queueErrors.overflowToItself();
        overflowId = target;
        await this.refuseOverflowCycle(manager, id, input.code, target);
      }
      const queue: QueueToStore = {
        id: id ?? randomUUID(),
        code: input.code,
        name: input.name.trim(),
        basePriority: input.basePriority ?? 0,
        serviceLevelPercent: input.serviceLevelPercent ?? 80,
        serviceLevelSeconds: input.serviceLevelSeconds ?? 20,
        serviceLevelFormula: input.serviceLevelFormula ?? 'abandons_in_denominator',
        shortAbandonSeconds: input.shortAbandonSeconds ?? 5,
        offerTimeoutSeconds: input.offerTimeoutSeconds ?? 15,
        wrapUpSeconds: input.wrapUpSeconds ?? 30,
        maxWaitSeconds: input.maxWaitSeconds ?? null,
        overflowQueueId: overflowId,
        strategy: input.strategy ?? 'longest_idle',
        relaxationSteps: (input.relaxationSteps ?? []).map((step) => ({ afterSeconds: step.afterSeconds, lowerProficiencyBy: step.lowerProficiencyBy, dropOptionalSkills: step.dropOptionalSkills })),
        businessHours: input.businessHours ?? null,
        skills: input.skills.map((skill) => ({ skillId: idByCode.get(skill.skill) as string, minProficiency: skill.minProficiency, optional: skill.optional ?? false })),
      };
      const codeById = new Map(skills.map((skill) => [skill.id, skill.code]));
      const stored = await this.queues.storedInOrder(manager);
      const refusal = refusalOf(queueDefinitionOf(queue, codeById), stored, codeById);
      if (refusal) throw queueErrors.refusedByRouting(refusal);

      await this.queues.write(manager, queue, Boolean(id));
      await this.audit.record({ actor: { kind: 'user', id: by.id, username: by.username }, action: id ? 'queue.changed' : 'queue.created', target: { type: 'queue', id: queue.id }, details: { ...input } }, manager);
      return queue.id;
    });
    await this.routing.applyStoredConfiguration();
    return this.get(savedId);
  }

  private async refuseOverflowCycle(manager: EntityManager, id: string | null, code: string, firstTarget: string): Promise<void> {
    const path = [code];
    let current: string | null = firstTarget;
    for (let hops = 0; current && hops < 100; hops += 1) {
      if (current === id) throw queueErrors.overflowCycle([...path, code]);
      const row = await this.queues.codeAndOverflow(manager, current);
      if (!row) return;
      path.push(row.code);
      current = row.overflowQueueId;
    }
  }
}

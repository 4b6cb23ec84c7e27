import { Logger } from '@nestjs/common';
import { isRoutingError, normalizeQueue, RoutingEngine, RoutingError, type AgentProfile, type QueueDefinition } from '@callcentre/shared';
import type { AgentEntity } from '../agents';
import type { QueueSkillEntity } from '../queues';
import type { QueueEntity } from '../queues';

/** What routing reads of a stored queue (a row, or a change about to be stored). */
export type StoredQueue = Pick<QueueEntity, 'id' | 'code' | 'name' | 'basePriority' | 'serviceLevelPercent' | 'serviceLevelSeconds' | 'offerTimeoutSeconds' | 'wrapUpSeconds' | 'maxWaitSeconds' | 'overflowQueueId' | 'strategy' | 'relaxationSteps'> & {
  skills: Array<Pick<QueueSkillEntity, 'skillId' | 'minProficiency' | 'optional'>>;
};

const logger = new Logger('Routing');

/** Translates a stored queue into the routing core's vocabulary, field for field: skills by code, ids as stored. */
export function queueDefinitionOf(queue: StoredQueue, skillCodeById: ReadonlyMap<string, string>): QueueDefinition {
  const code = (skillId: string) => skillCodeById.get(skillId) ?? skillId;
  const skills = bySkill(queue.skills.map((s) => ({ skill: code(s.skillId), minProficiency: s.minProficiency, optional: s.optional })));
  return {
    id: queue.id,
    name: queue.name,
    requiredSkills: skills.filter((s) => !s.optional).map(({ skill, minProficiency }) => ({ skill, minProficiency })),
    optionalSkills: skills.filter((s) => s.optional).map(({ skill, minProficiency }) => ({ skill, minProficiency })),
    basePriority: queue.basePriority,
    serviceLevel: { percent: queue.serviceLevelPercent, withinSeconds: queue.serviceLevelSeconds },
    offerTimeoutSeconds: queue.offerTimeoutSeconds,
    wrapUpSeconds: queue.wrapUpSeconds,
    overflow: queue.maxWaitSeconds && queue.overflowQueueId ? { afterSeconds: queue.maxWaitSeconds, targetQueueId: queue.overflowQueueId } : undefined,
    strategy: queue.strategy,
    relaxation: [...queue.relaxationSteps]
      .sort((a, b) => a.afterSeconds - b.afterSeconds)
      .map((step) => ({ afterSeconds: step.afterSeconds, lowerMinProficiencyBy: step.lowerProficiencyBy, dropOptionalSkills: step.dropOptionalSkills })),
  };
}

/**
 * Stricter stand-ins for a stored definition the core refuses, tried in order. Each leaves out what only ever
 * widens or moves the queue's work (relaxation steps lower the skills demanded, overflow sends contacts
 * elsewhere, then the timings and strategy go back to their defaults) and keeps the skills: a contact of such a
 * queue waits for an agent who has what the queue asks for, never goes to one who does not.
 */
const FALLBACKS: ReadonlyArray<{ leftOut: string; of: (definition: QueueDefinition) => QueueDefinition }> = [
  { leftOut: 'its relaxation steps', of: (definition) => ({ ...definition, relaxation: [] }) },
  { leftOut: 'its relaxation steps and overflow', of: (definition) => ({ ...definition, relaxation: [], overflow: undefined }) },
  {
    leftOut: 'its relaxation steps, overflow, priority, service level, timings and strategy',
    of: ({ id, name, requiredSkills, optionalSkills }) => ({ id, name, requiredSkills, optionalSkills }),
  },
];

/**
 * The definition routing loads for a stored queue. The API stores only what the core accepts; a row stored
 * before it checked (or edited by hand) that the core refuses must not keep the router from starting or block
 * every later configuration change, so the queue is routed by the first stricter stand-in the core accepts
 * (see FALLBACKS) and the refusal is logged each time the queue is loaded, until the queue is saved again.
 */
export function toQueueDefinition(queue: StoredQueue, skillCodeById: ReadonlyMap<string, string>): QueueDefinition {
  const definition = queueDefinitionOf(queue, skillCodeById);
  const refusal = refusalOfQueue(definition);
  if (!refusal) return definition;
  for (const fallback of FALLBACKS) {
    const stricter = fallback.of(definition);
    if (refusalOfQueue(stricter)) continue;
    logger.error(`queue '${queue.code}' (${queue.id}) as stored is refused by routing (${refusal.details.problem}); it is routed without ${fallback.leftOut} until it is saved again`);
    return stricter;
  }
  logger.error(`queue '${queue.code}' (${queue.id}) as stored is refused by routing (${refusal.details.problem}), even without its optional settings`);
  return definition;
}

function refusalOfQueue(definition: QueueDefinition): RoutingError | null {
  try {
    normalizeQueue(definition);
    return null;
  } catch (error) {
    if (isRoutingError(error)) return error;
    throw error;
  }
}

/**
 * Why the routing core would refuse `candidate` as a new or changed queue next to the queues stored now, or
 * null when it accepts it. The check is the core's own: the stored queues are loaded, as routing loads them,
 * into a core of their own, which is then given the candidate. O(Q) for Q queues.
 */
export function refusalOf(candidate: QueueDefinition, stored: readonly StoredQueue[], skillCodeById: ReadonlyMap<string, string>): RoutingError | null {
  const engine = new RoutingEngine();
  const byId = new Map(stored.map((queue) => [queue.id, queue]));
  const loaded = new Set<string>();
  // Overflow targets first, as the core demands; a stored queue the core refuses (an overflow loop made by hand) is left out.
  const load = (queue: StoredQueue, path: Set<string>) => {
    if (loaded.has(queue.id) || path.has(queue.id)) return;
    path.add(queue.id);
    const target = queue.overflowQueueId ? byId.get(queue.overflowQueueId) : undefined;
    if (target) load(target, path);
    loaded.add(queue.id);
    try {
      engine.upsertQueue(toQueueDefinition(queue, skillCodeById), 0);
    } catch (error) {
      if (!isRoutingError(error)) throw error;
    }
  };
  for (const queue of stored) load(queue, new Set());
  try {
    engine.upsertQueue(candidate, 0);
    return null;
  } catch (error) {
    if (isRoutingError(error)) return error;
    throw error;
  }
}

export function toAgentProfile(agent: AgentEntity, skillCodeById: ReadonlyMap<string, string>): AgentProfile {
  const skills = bySkill(agent.skills.map((s) => ({ skill: skillCodeById.get(s.skillId) ?? s.skillId, proficiency: s.proficiency })));
  return {
    id: agent.userId,
    skills: Object.fromEntries(skills.map((s) => [s.skill, s.proficiency])),
    languages: agent.languages,
    capacity: agent.capacity,
  };
}

/**
 * Skills in code order. The rows come back in whatever order the database's plan gives, and a reload compares
 * definitions as JSON: an agent whose skills merely came back reordered would be applied again and sent to the
 * back of the longest-idle order.
 */
function bySkill<T extends { skill: string }>(skills: T[]): T[] {
  return [...skills].sort((a, b) => (a.skill < b.skill ? -1 : a.skill > b.skill ? 1 : 0));
}

import type { AgentProfile, QueueDefinition } from '@callcentre/shared';
import type { AgentEntity } from '../agents/agent.entity';
import type { QueueEntity } from '../queues/queue.entity';

/** Translates stored configuration into the routing core's vocabulary: skills by code, ids as stored. */
export function toQueueDefinition(queue: QueueEntity, skillCodeById: ReadonlyMap<string, string>): QueueDefinition {
  const code = (skillId: string) => skillCodeById.get(skillId) ?? skillId;
  return {
    id: queue.id,
    name: queue.name,
    requiredSkills: queue.skills.filter((s) => !s.optional).map((s) => ({ skill: code(s.skillId), minProficiency: s.minProficiency })),
    optionalSkills: queue.skills.filter((s) => s.optional).map((s) => ({ skill: code(s.skillId), minProficiency: s.minProficiency })),
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

export function toAgentProfile(agent: AgentEntity, skillCodeById: ReadonlyMap<string, string>): AgentProfile {
  return {
    id: agent.userId,
    skills: Object.fromEntries(agent.skills.map((s) => [skillCodeById.get(s.skillId) ?? s.skillId, s.proficiency])),
    languages: agent.languages,
    capacity: agent.capacity,
  };
}

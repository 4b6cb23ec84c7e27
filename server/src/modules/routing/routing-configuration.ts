import { Logger } from '@nestjs/common';
import { AgentProfile, QueueDefinition, RoutingCommand, RoutingEngine, RoutingError, RoutingEvent } from '@callcentre/shared';
import type { AgentEntity } from '../agents';
import type { QueueEntity } from '../queues';
import type { SkillEntity } from '../skills';
import { toAgentProfile, toQueueDefinition } from './routing-definitions';

/**
 * The stored configuration as routing last read it, and what of it the core was given. Ingestion resolves queues
 * (by id or code) and alerts name agents from here without a query; a reload applies only the queues and agents
 * whose definition changed since they were last applied, as commands on the core.
 */
export class RoutingConfiguration {
  private skillCodeById = new Map<string, string>();
  /** Agents' display names, as last loaded, for the alerts routing raises. */
  private agentNames = new Map<string, string>();
  /** Queue configuration by id and by code, as last loaded. */
  private queuesByKey = new Map<string, QueueEntity>();
  /** Each queue's definition and agent's profile as last applied to the core, as JSON. */
  private applied = new Map<string, string>();

  constructor(private readonly logger: Logger) {}

  /** Keeps a configuration just read; `queues` in the order `queues()` lists them. */
  remember(skills: SkillEntity[], queues: QueueEntity[], agents: AgentEntity[]): void {
    this.skillCodeById = new Map(skills.map((skill) => [skill.id, skill.code]));
    this.queuesByKey = new Map(queues.flatMap((queue) => [[queue.id, queue] as const, [queue.code, queue] as const]));
    this.agentNames = new Map(agents.map((agent) => [agent.userId, agent.user?.displayName ?? agent.userId]));
  }

  /** A queue's configuration by id or code, from the last load. */
  queue(idOrCode: string): QueueEntity | undefined {
    return this.queuesByKey.get(idOrCode);
  }

  queues(): QueueEntity[] {
    return [...new Set(this.queuesByKey.values())];
  }

  skillCode(skillId: string): string | undefined {
    return this.skillCodeById.get(skillId);
  }

  /** An agent's display name, or their id when unknown. */
  agentName(agentId: string): string {
    return this.agentNames.get(agentId) ?? agentId;
  }

  /** The core's definitions of queues already in overflow order, without the overflows that close a loop. */
  queueDefinitions(ordered: QueueEntity[]): QueueDefinition[] {
    return withoutOverflowLoops(
      ordered.map((queue) => toQueueDefinition(queue, this.skillCodeById)),
      this.logger,
    );
  }

  agentProfile(agent: AgentEntity): AgentProfile {
    return toAgentProfile(agent, this.skillCodeById);
  }

  /** The core was rebuilt from these definitions and profiles: all of them are applied. */
  appliedAll(definitions: QueueDefinition[], profiles: AgentProfile[]): void {
    this.applied = new Map([
      ...definitions.map((definition) => [`queue:${definition.id}`, JSON.stringify(definition)] as const),
      ...profiles.map((profile) => [`agent:${profile.id}`, JSON.stringify(profile)] as const),
    ]);
  }

  /**
   * Applies to the core each queue and agent whose definition changed since it was last applied, and answers the
   * events. Each change applies on its own: one the core refuses keeps its previous definition (logged), and the
   * changes made before it are still journaled with their events. Only what changed is applied: re-applying an
   * unchanged agent would send them to the back of the longest-idle order, and a reload follows every change of
   * any one agent or queue.
   */
  applyChanges(engine: RoutingEngine, now: number, definitions: QueueDefinition[], agents: AgentEntity[]): RoutingEvent[] {
    const events: RoutingEvent[] = [];
    const apply = (key: string, what: string, definition: unknown, command: RoutingCommand) => {
      const json = JSON.stringify(definition);
      if (this.applied.get(key) === json) return;
      try {
        events.push(...engine.dispatch(command, now));
        this.applied.set(key, json);
      } catch (error) {
        if (!(error instanceof RoutingError)) throw error;
        this.logger.error(`${what} is refused by routing (${error.details.problem ?? error.message}); its previous definition stays in force`);
      }
    };
    for (const definition of definitions) apply(`queue:${definition.id}`, `queue ${definition.name ?? definition.id}`, definition, { type: 'upsert_queue', queue: definition });
    for (const agent of agents) {
      const profile = this.agentProfile(agent);
      apply(`agent:${profile.id}`, `agent ${profile.id}`, profile, { type: 'upsert_agent', agent: profile });
    }
    return events;
  }
}

/** Overflow targets are registered before the queues that overflow into them. */
export function orderForOverflow(queues: QueueEntity[]): QueueEntity[] {
  const byId = new Map(queues.map((queue) => [queue.id, queue]));
  const ordered: QueueEntity[] = [];
  const seen = new Set<string>();
  const visit = (queue: QueueEntity, path: Set<string>) => {
    if (seen.has(queue.id) || path.has(queue.id)) return;
    path.add(queue.id);
    const target = queue.overflowQueueId ? byId.get(queue.overflowQueueId) : undefined;
    if (target) visit(target, path);
    seen.add(queue.id);
    ordered.push(queue);
  };
  for (const queue of queues) visit(queue, new Set());
  return ordered;
}

/**
 * Queues in overflow order with any overflow into a queue not defined before it (a loop written by hand: the
 * API refuses one) left out and logged, so that it never keeps the router from starting.
 */
function withoutOverflowLoops(definitions: QueueDefinition[], logger: Logger): QueueDefinition[] {
  const loaded = new Set<string>();
  return definitions.map((definition) => {
    const target = definition.overflow?.targetQueueId;
    loaded.add(definition.id);
    if (!target || (loaded.has(target) && target !== definition.id)) return definition;
    logger.error(`queue ${definition.name ?? definition.id} overflows into ${target}, which closes an overflow loop or is missing; it is routed without overflow until it is saved again`);
    return { ...definition, overflow: undefined };
  });
}

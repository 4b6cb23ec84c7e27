import { AGENT_STATES, agentServesQueue, type AgentState, type AgentView, type SkillDemand } from '@callcentre/shared';

export type AgentCounts = Record<AgentState, number>;

/** What the counts need of an agent: who, in which state, with which skills. */
export type CountedAgent = Pick<AgentView, 'id' | 'state' | 'skills'>;

/** What the counts need of a queue: the skills it requires (before relaxation). */
export interface CountedQueue {
  id: string;
  requiredSkills: readonly SkillDemand[];
}

interface Held {
  state: AgentState;
  skills: Readonly<Record<string, number>>;
  /** Ids of the queues the agent serves with these skills. */
  queues: readonly string[];
}

const noAgents = (): AgentCounts => Object.fromEntries(AGENT_STATES.map((state) => [state, 0])) as AgentCounts;

function sameSkills(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): boolean {
  if (a === b) return true;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) if (a[key] !== b[key]) return false;
  return true;
}

/**
 * Agents per state for each queue, among the agents who serve it (their skills meet every skill it requires), kept
 * as agents change rather than counted again on every read: `countsOf` is O(1), `take` (one agent's new view) is
 * O(queues served) when only the state changed and O(queues × required skills) when the skills did, `reset` (a whole
 * floor, or new queue requirements) is O(agents × queues). Pure: no I/O.
 */
export class QueueAgentCounts {
  private readonly agents = new Map<string, Held>();
  private readonly counts = new Map<string, AgentCounts>();
  private queues: readonly CountedQueue[] = [];

  /** Replaces the queues and every agent. */
  reset(queues: readonly CountedQueue[], agents: Iterable<CountedAgent>): void {
    this.queues = queues.map((queue) => ({ id: queue.id, requiredSkills: queue.requiredSkills }));
    this.agents.clear();
    this.counts.clear();
    for (const queue of this.queues) this.counts.set(queue.id, noAgents());
    for (const agent of agents) this.take(agent);
  }

  /** Same agents, new queues (added, removed, or other requirements). */
  requeue(queues: readonly CountedQueue[]): void {
    const agents = [...this.agents].map(([id, held]) => ({ id, state: held.state, skills: held.skills }));
    this.reset(queues, agents);
  }

  /** One agent as they are now (a committed view); a view equal to the one held changes nothing. */
  take(agent: CountedAgent): void {
    const held = this.agents.get(agent.id);
    if (held && held.state === agent.state && sameSkills(held.skills, agent.skills)) return;
    if (held) this.add(held.queues, held.state, -1);
    const queues = held && sameSkills(held.skills, agent.skills) ? held.queues : this.servedBy(agent.skills);
    this.agents.set(agent.id, { state: agent.state, skills: agent.skills, queues });
    this.add(queues, agent.state, 1);
  }

  /** The agents of the queue per state (a copy); all zero for a queue it does not know. */
  countsOf(queueId: string): AgentCounts {
    const counts = this.counts.get(queueId);
    return counts ? { ...counts } : noAgents();
  }

  /** Ids of the queues an agent with these skills serves, in the queues' order. */
  servedBy(skills: Readonly<Record<string, number>>): string[] {
    return this.queues.filter((queue) => agentServesQueue(skills, queue.requiredSkills)).map((queue) => queue.id);
  }

  private add(queueIds: readonly string[], state: AgentState, delta: number): void {
    for (const queueId of queueIds) {
      const counts = this.counts.get(queueId);
      if (counts) counts[state] += delta;
    }
  }
}

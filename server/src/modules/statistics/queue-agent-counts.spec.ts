import { AGENT_STATES, agentServesQueue, type AgentState } from '@callcentre/shared';
import { type CountedAgent, type CountedQueue, QueueAgentCounts } from './queue-agent-counts';

const QUEUES: CountedQueue[] = [
  { id: 'billing', requiredSkills: [{ skill: 'billing', minProficiency: 2 }] },
  { id: 'general', requiredSkills: [{ skill: 'general', minProficiency: 1 }] },
  { id: 'vip', requiredSkills: [{ skill: 'billing', minProficiency: 3 }, { skill: 'general', minProficiency: 2 }] },
  { id: 'open', requiredSkills: [] },
];

/** Every agent looked at for every queue, as the figures were counted before they were kept. */
function countedAgain(queues: readonly CountedQueue[], agents: Iterable<CountedAgent>): Map<string, Record<AgentState, number>> {
  const counts = new Map(queues.map((queue) => [queue.id, Object.fromEntries(AGENT_STATES.map((state) => [state, 0])) as Record<AgentState, number>]));
  for (const agent of agents) for (const queue of queues) if (agentServesQueue(agent.skills, queue.requiredSkills)) (counts.get(queue.id) as Record<AgentState, number>)[agent.state] += 1;
  return counts;
}

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('QueueAgentCounts', () => {
  it('counts the agents of each queue per state, among those whose skills meet its requirements', () => {
    const counts = new QueueAgentCounts();
    counts.reset(QUEUES, [
      { id: 'a', state: 'available', skills: { billing: 3, general: 2 } },
      { id: 'b', state: 'busy', skills: { billing: 2 } },
      { id: 'c', state: 'offline', skills: { general: 1 } },
    ]);
    expect(counts.countsOf('billing')).toMatchObject({ available: 1, busy: 1, offline: 0 });
    expect(counts.countsOf('general')).toMatchObject({ available: 1, busy: 0, offline: 1 });
    expect(counts.countsOf('vip')).toMatchObject({ available: 1, busy: 0, offline: 0 });
    expect(counts.countsOf('open')).toMatchObject({ available: 1, busy: 1, offline: 1 });
    expect(counts.countsOf('unknown')).toEqual(Object.fromEntries(AGENT_STATES.map((state) => [state, 0])));
  });

  it('moves an agent between states and, when their skills change, between queues', () => {
    const counts = new QueueAgentCounts();
    counts.reset(QUEUES, [{ id: 'a', state: 'available', skills: { billing: 2 } }]);
    counts.take({ id: 'a', state: 'busy', skills: { billing: 2 } });
    expect(counts.countsOf('billing')).toMatchObject({ available: 0, busy: 1 });
    counts.take({ id: 'a', state: 'busy', skills: { general: 1 } });
    expect(counts.countsOf('billing')).toMatchObject({ available: 0, busy: 0 });
    expect(counts.countsOf('general')).toMatchObject({ busy: 1 });
    counts.take({ id: 'new', state: 'offline', skills: { general: 1 } });
    expect(counts.countsOf('general')).toMatchObject({ busy: 1, offline: 1 });
  });

  it('hands out a copy: a caller changing it changes nothing kept', () => {
    const counts = new QueueAgentCounts();
    counts.reset(QUEUES, [{ id: 'a', state: 'available', skills: {} }]);
    counts.countsOf('open').available = 99;
    expect(counts.countsOf('open').available).toBe(1);
  });

  it('agrees with counting every agent again, after any sequence of changes and of new queue requirements', () => {
    for (let seed = 1; seed <= 25; seed++) {
      const next = random(seed);
      const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)];
      const skillsOf = () => Object.fromEntries((['billing', 'general'] as const).flatMap((skill) => (next() < 0.6 ? [[skill, 1 + Math.floor(next() * 3)]] : [])));
      const floor = new Map<string, CountedAgent>();
      for (let i = 0; i < 30; i++) floor.set(`agent-${i}`, { id: `agent-${i}`, state: pick(AGENT_STATES), skills: skillsOf() });
      let queues = QUEUES;
      const counts = new QueueAgentCounts();
      counts.reset(queues, floor.values());
      for (let step = 0; step < 300; step++) {
        if (next() < 0.02) {
          queues = QUEUES.map((queue) => ({ ...queue, requiredSkills: queue.requiredSkills.map((demand) => ({ ...demand, minProficiency: 1 + Math.floor(next() * 3) })) }));
          counts.requeue(queues);
        } else {
          const agent = floor.get(`agent-${Math.floor(next() * 35)}`) ?? { id: `agent-${step}-new`, state: 'offline' as const, skills: {} };
          const changed: CountedAgent = { ...agent, state: pick(AGENT_STATES), skills: next() < 0.2 ? skillsOf() : agent.skills };
          floor.set(changed.id, changed);
          counts.take(changed);
        }
        for (const [queueId, expected] of countedAgain(queues, floor.values())) expect({ seed, step, queueId, counts: counts.countsOf(queueId) }).toEqual({ seed, step, queueId, counts: expected });
      }
    }
  });
});

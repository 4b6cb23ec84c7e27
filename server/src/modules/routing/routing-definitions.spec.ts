import { Logger } from '@nestjs/common';
import { RoutingEngine } from '@callcentre/shared';
import { queueErrors } from '../queues';
import type { AgentEntity } from '../agents';
import type { SkillEntity } from '../skills';
import { RoutingConfiguration } from './routing-configuration';
import { queueDefinitionOf, refusalOf, StoredQueue, toQueueDefinition } from './routing-definitions';

const codes = new Map([
  ['s-billing', 'billing'],
  ['s-general', 'general'],
]);

const stored = (id: string, change: Partial<StoredQueue> = {}): StoredQueue => ({
  id,
  code: id,
  name: id,
  basePriority: 0,
  serviceLevelPercent: 80,
  serviceLevelSeconds: 20,
  offerTimeoutSeconds: 15,
  wrapUpSeconds: 30,
  maxWaitSeconds: null,
  overflowQueueId: null,
  strategy: 'longest_idle',
  relaxationSteps: [],
  skills: [{ skillId: 's-billing', minProficiency: 3, optional: false }],
  ...change,
});
const step = (afterSeconds: number) => ({ afterSeconds, lowerProficiencyBy: 1, dropOptionalSkills: true });
const overflowTo = (target: string) => ({ maxWaitSeconds: 60, overflowQueueId: target });

describe('stored queues in the routing core’s vocabulary', () => {
  const queues = [stored('general'), stored('billing', overflowTo('general')), stored('vip', overflowTo('billing'))];

  it.each<[string, StoredQueue, string, string]>([
    ['relaxation steps at the same time', stored('new', { relaxationSteps: [step(30), step(30)] }), 'relaxation steps must be in ascending time', 'relaxationSteps'],
    ['a skill both required and optional', stored('new', { skills: [{ skillId: 's-billing', minProficiency: 3, optional: false }, { skillId: 's-billing', minProficiency: 1, optional: true }] }), 'billing is both required and optional', 'skills'],
    ['a skill listed twice', stored('new', { skills: [{ skillId: 's-general', minProficiency: 3, optional: false }, { skillId: 's-general', minProficiency: 1, optional: false }] }), 'requiredSkills: general listed twice', 'skills'],
    ['an overflow into itself', stored('new', overflowTo('new')), 'overflow must target another queue', 'overflowQueue'],
    ['an overflow into a queue that does not exist', stored('new', overflowTo('nowhere')), 'overflow target nowhere does not exist', 'overflowQueue'],
    ['an overflow loop through the queues stored', stored('general', overflowTo('vip')), 'overflow targets form a cycle', 'overflowQueue'],
    ['an unknown strategy', stored('new', { strategy: 'random' as never }), 'unknown strategy random', 'strategy'],
    ['an offer that never rings', stored('new', { offerTimeoutSeconds: 0 }), 'offerTimeoutSeconds must be > 0', 'offerTimeoutSeconds'],
    ['a service level over 100%', stored('new', { serviceLevelPercent: 120 }), 'serviceLevel must be a percent 0-100 within a number of seconds >= 0', 'serviceLevelPercent'],
  ])('finds what the core refuses, and names the request field: %s', (_, candidate, problem, field) => {
    const refusal = refusalOf(queueDefinitionOf(candidate, codes), queues, codes);
    if (!refusal) throw new Error('the core accepted it');
    expect(refusal).toMatchObject({ code: 'INVALID_QUEUE', details: { problem } });
    expect(queueErrors.refusedByRouting(refusal)).toMatchObject({ status: 400, code: 'INVALID_QUEUE', details: { field, problem } });
  });

  it('accepts what the core accepts, the queues stored included', () => {
    expect(refusalOf(queueDefinitionOf(stored('new', { relaxationSteps: [step(30), step(60)], ...overflowTo('vip') }), codes), queues, codes)).toBeNull();
    expect(refusalOf(queueDefinitionOf(stored('general', { skills: [] }), codes), queues, codes)).toBeNull();
  });

  it('routes a stored queue the core refuses by the first stricter stand-in it accepts, and says so', () => {
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      const equalSteps = toQueueDefinition(stored('billing', { relaxationSteps: [step(30), step(30)], ...overflowTo('general') }), codes);
      expect(equalSteps).toMatchObject({ relaxation: [], overflow: { afterSeconds: 60, targetQueueId: 'general' }, requiredSkills: [{ skill: 'billing', minProficiency: 3 }] });
      const ownOverflow = toQueueDefinition(stored('billing', { relaxationSteps: [step(30)], ...overflowTo('billing') }), codes);
      expect(ownOverflow).toMatchObject({ relaxation: [], overflow: undefined, requiredSkills: [{ skill: 'billing', minProficiency: 3 }] });
      const timings = toQueueDefinition(stored('billing', { offerTimeoutSeconds: 0, basePriority: 7 }), codes);
      expect(timings).toEqual({ id: 'billing', name: 'billing', requiredSkills: [{ skill: 'billing', minProficiency: 3 }], optionalSkills: [] });
      for (const definition of [equalSteps, ownOverflow, timings]) expect(() => new RoutingEngine().upsertQueue({ ...definition, overflow: undefined }, 0)).not.toThrow();
      expect(error.mock.calls.map(([message]) => message)).toEqual([
        expect.stringMatching(/queue 'billing' .* refused by routing \(relaxation steps must be in ascending time\); it is routed without its relaxation steps until it is saved again/),
        expect.stringMatching(/overflow must target another queue\); it is routed without its relaxation steps and overflow/),
        expect.stringMatching(/offerTimeoutSeconds must be > 0\); it is routed without its relaxation steps, overflow, priority/),
      ]);
      expect(toQueueDefinition(stored('general'), codes)).toEqual(queueDefinitionOf(stored('general'), codes));
      expect(error).toHaveBeenCalledTimes(3);
    } finally {
      error.mockRestore();
    }
  });
});

describe('a reload of agents whose skills come back in another order', () => {
  const skillCodes = new Map([
    ['s-billing', 'billing'],
    ['s-general', 'general'],
  ]);
  const agentRow = (userId: string, skillIds: string[]) =>
    ({ userId, languages: ['en'], capacity: { voice: 1 }, skills: skillIds.map((skillId) => ({ skillId, proficiency: 3 })) }) as unknown as AgentEntity;

  it('applies nothing, so the agent idle longest is still offered the next call', () => {
    const configuration = new RoutingConfiguration(new Logger('test'));
    const engine = new RoutingEngine();
    const definitions = [queueDefinitionOf(stored('billing', { skills: [{ skillId: 's-billing', minProficiency: 1, optional: false }] }), skillCodes)];
    const loaded = [agentRow('amy', ['s-billing', 's-general']), agentRow('ben', ['s-general', 's-billing'])];
    configuration.remember([...skillCodes].map(([id, code]) => ({ id, code }) as SkillEntity), [], loaded);
    for (const definition of definitions) engine.upsertQueue(definition, 0);
    const profiles = loaded.map((agent) => configuration.agentProfile(agent));
    for (const profile of profiles) engine.upsertAgent(profile, 0);
    configuration.appliedAll(definitions, profiles);
    engine.login('amy', 1_000);
    engine.login('ben', 2_000);

    const reloaded = [agentRow('amy', ['s-general', 's-billing']), agentRow('ben', ['s-general', 's-billing'])];
    expect(configuration.applyChanges(engine, 3_000, definitions, reloaded)).toEqual([]);

    const events = engine.enqueue({ id: 'call', queueId: 'billing', channel: 'voice' }, 4_000);
    expect(events.find((event) => event.type === 'contact.offered')).toMatchObject({ agentId: 'amy' });
  });
});

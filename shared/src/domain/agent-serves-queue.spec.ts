import fc from 'fast-check';
import { RoutingEngine } from '../routing/routing-engine';
import { agentServesQueue } from './call-centre';

const T0 = Date.UTC(2025, 0, 6, 9, 0, 0);
const SKILLS = ['billing', 'technical', 'general', 'vip'];

const skillLevels = fc.dictionary(fc.constantFrom(...SKILLS), fc.integer({ min: 1, max: 5 }));
const demands = fc.uniqueArray(
  fc.record({ skill: fc.constantFrom(...SKILLS), minProficiency: fc.integer({ min: 1, max: 5 }) }),
  { selector: (demand) => demand.skill, maxLength: SKILLS.length },
);

describe('agentServesQueue', () => {
  it('asks for every demanded skill at its least proficiency; a missing skill counts as 0', () => {
    expect(agentServesQueue({ billing: 3, vip: 5 }, [{ skill: 'billing', minProficiency: 3 }])).toBe(true);
    expect(agentServesQueue({ billing: 2 }, [{ skill: 'billing', minProficiency: 3 }])).toBe(false);
    expect(agentServesQueue({ billing: 5 }, [{ skill: 'billing', minProficiency: 1 }, { skill: 'vip', minProficiency: 1 }])).toBe(false);
    expect(agentServesQueue({}, [])).toBe(true);
  });

  it("agrees with the routing engine's indexed matching: a lone available agent is offered the queue's contact exactly when they serve it", () => {
    fc.assert(
      fc.property(skillLevels, demands, (skills, requiredSkills) => {
        const engine = new RoutingEngine({});
        engine.upsertQueue({ id: 'q', requiredSkills, offerTimeoutSeconds: 20, wrapUpSeconds: 0 }, T0);
        engine.upsertAgent({ id: 'a', skills }, T0);
        engine.login('a', T0);
        engine.enqueue({ id: 'c', queueId: 'q', channel: 'voice' }, T0);
        expect(engine.getAgent('a')?.offeredContactId === 'c').toBe(agentServesQueue(skills, requiredSkills));
      }),
      { numRuns: 300 },
    );
  });
});

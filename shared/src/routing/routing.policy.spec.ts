import fc from 'fast-check';
import { VALUE_TIERS } from '../domain/call-centre';
import { RoutingError } from './routing.errors';
import {
  DEFAULT_ROUTING_POLICY,
  agingRatePerMs,
  mergePolicyOverrides,
  normalizeQueue,
  orderingKey,
  requirementsByStep,
  resolvePolicy,
  staticPriority,
} from './routing.policy';

describe('routing policy', () => {
  it('ranks value tiers key customers first, and adds complaint and boost points', () => {
    const policy = resolvePolicy();
    const points = VALUE_TIERS.map((tier) => staticPriority(policy, 0, tier, false, 0));
    expect(points).toEqual([...points].sort((a, b) => b - a));
    expect(new Set(points).size).toBe(VALUE_TIERS.length);
    expect(staticPriority(policy, 5, 'ordinary', true, 2)).toBe(5 + 10 + 10 + 2);
  });

  it('merges overrides into the defaults and rejects nonsense', () => {
    const policy = resolvePolicy({ valueTierBonus: { important: 100 } as never, complaintBonus: 3 });
    expect(policy.valueTierBonus).toEqual({ ...DEFAULT_ROUTING_POLICY.valueTierBonus, important: 100 });
    expect(policy.complaintBonus).toBe(3);
    expect(() => resolvePolicy({ agingSecondsPerPoint: -1 })).toThrow(RoutingError);
  });

  it('changes stored rules rule by rule: left out keeps, null goes back to the default, tables entry by entry', () => {
    const stored = { complaintBonus: 25, valueTierBonus: { important: 60 }, agingSecondsPerPoint: 5 };
    expect(mergePolicyOverrides(stored, {})).toEqual(stored);
    expect(mergePolicyOverrides(stored, { missedOffersBeforeNotReady: 3 })).toEqual({ ...stored, missedOffersBeforeNotReady: 3 });
    expect(mergePolicyOverrides(stored, { valueTierBonus: { small: 5 } })).toEqual({ ...stored, valueTierBonus: { important: 60, small: 5 } });
    expect(mergePolicyOverrides(stored, { valueTierBonus: { important: null } })).toEqual({ complaintBonus: 25, agingSecondsPerPoint: 5 });
    expect(mergePolicyOverrides(stored, { complaintBonus: null, valueTierBonus: null })).toEqual({ agingSecondsPerPoint: 5 });
    expect(mergePolicyOverrides({ defaultCapacity: { chat: 2 } }, { defaultCapacity: { email: 9 } })).toEqual({ defaultCapacity: { chat: 2, email: 9 } });
    expect(stored).toEqual({ complaintBonus: 25, valueTierBonus: { important: 60 }, agingSecondsPerPoint: 5 });
    const resolved = resolvePolicy(mergePolicyOverrides(stored, { complaintBonus: null, valueTierBonus: { small: 5 } }));
    expect(resolved).toMatchObject({ complaintBonus: DEFAULT_ROUTING_POLICY.complaintBonus, agingSecondsPerPoint: 5, valueTierBonus: { ...DEFAULT_ROUTING_POLICY.valueTierBonus, important: 60, small: 5 } });
  });

  it('orders by the time-invariant key exactly as by effective priority at any instant', () => {
    const rate = agingRatePerMs(resolvePolicy({ agingSecondsPerPoint: 7 }));
    const contact = fc.record({ points: fc.integer({ min: 0, max: 60 }), enqueuedAt: fc.integer({ min: 0, max: 3_600_000 }) });
    fc.assert(
      fc.property(contact, contact, fc.integer({ min: 3_600_000, max: 7_200_000 }), (a, b, now) => {
        const effective = (c: typeof a) => c.points + rate * (now - c.enqueuedAt);
        const byKey = Math.sign(orderingKey(a.points, rate, a.enqueuedAt) - orderingKey(b.points, rate, b.enqueuedAt));
        const byEffective = Math.sign(effective(a) - effective(b));
        fc.pre(Math.abs(effective(a) - effective(b)) > 1e-6);
        expect(byKey).toBe(byEffective);
      }),
    );
  });

  it('fills queue defaults', () => {
    const queue = normalizeQueue({ id: 'q' });
    expect(queue).toMatchObject({
      strategy: 'longest_idle',
      basePriority: 0,
      offerTimeoutSeconds: 20,
      wrapUpSeconds: 30,
      serviceLevel: { percent: 80, withinSeconds: 20 },
      overflow: null,
    });
  });

  it.each([
    [{ id: '' }, 'id missing'],
    [{ id: 'q', requiredSkills: [{ skill: 'a', minProficiency: 6 }] }, 'minProficiency'],
    [{ id: 'q', requiredSkills: [{ skill: 'a', minProficiency: 2 }], optionalSkills: [{ skill: 'a', minProficiency: 1 }] }, 'both'],
    [{ id: 'q', relaxation: [{ afterSeconds: 20 }, { afterSeconds: 10 }] }, 'ascending'],
    [{ id: 'q', overflow: { afterSeconds: 10, targetQueueId: 'q' } }, 'another queue'],
    [{ id: 'q', strategy: 'random' as never }, 'strategy'],
    [{ id: 'q', offerTimeoutSeconds: 0 }, 'offerTimeoutSeconds'],
  ])('rejects an invalid queue %#', (definition, problem) => {
    expect(() => normalizeQueue(definition)).toThrow(problem);
  });

  it('relaxes step by step: proficiency lowered cumulatively (never below 1), optional skills dropped', () => {
    const steps = requirementsByStep(
      normalizeQueue({
        id: 'q',
        requiredSkills: [{ skill: 'billing', minProficiency: 4 }],
        optionalSkills: [{ skill: 'vip', minProficiency: 2 }],
        relaxation: [
          { afterSeconds: 10, lowerMinProficiencyBy: 1 },
          { afterSeconds: 20, dropOptionalSkills: true },
          { afterSeconds: 30, lowerMinProficiencyBy: 5 },
        ],
      }),
    );
    const simple = steps.map((step) => step.map((r) => `${r.skill}>=${r.minProficiency}`));
    expect(simple).toEqual([['billing>=4', 'vip>=2'], ['billing>=3', 'vip>=1'], ['billing>=3'], ['billing>=1']]);
  });
});

import { at, contactOf, engineWith, queueDef, agentProfile } from './testing/routing-factories';

describe('routing engine: explain', () => {
  const setup = () => {
    const engine = engineWith({
      policy: { agingSecondsPerPoint: 10 },
      queues: [
        queueDef('spill'),
        queueDef('q', {
          basePriority: 5,
          requiredSkills: [{ skill: 'billing', minProficiency: 4 }],
          optionalSkills: [{ skill: 'vip', minProficiency: 2 }],
          relaxation: [{ afterSeconds: 30, lowerMinProficiencyBy: 1, dropOptionalSkills: true }],
          overflow: { afterSeconds: 120, targetQueueId: 'spill' },
        }),
      ],
      agents: [
        agentProfile('on-break', { billing: 5, vip: 5 }, { languages: ['en'] }),
        agentProfile('junior', { billing: 3, vip: 1 }, { languages: ['en'] }),
        agentProfile('no-english', { billing: 5, vip: 5 }),
        agentProfile('on-call', { billing: 5, vip: 5 }, { languages: ['en'] }),
        agentProfile('home', { billing: 5 }),
      ],
      loggedIn: ['on-call'],
    });
    engine.enqueue(contactOf('busy-call', 'spill'), at(0));
    engine.acceptOffer('busy-call', 'on-call', at(0));
    engine.login('on-break', at(0), { notReadyReason: 'break' });
    engine.login('junior', at(0));
    engine.login('no-english', at(0));
    return engine;
  };

  it('says where the contact is, why it waits, and what happens next', () => {
    const engine = setup();
    engine.enqueue(contactOf('ahead', 'q', { language: 'en', valueTier: 'important' }), at(1));
    engine.enqueue(contactOf('c', 'q', { language: 'en', valueTier: 'secondary', complaint: true }), at(2));
    const explanation = engine.explain('c', at(12));
    expect(explanation).toMatchObject({
      contactId: 'c',
      status: 'waiting',
      queueId: 'q',
      waitSeconds: 10,
      place: 2,
      waitingInQueue: 2,
      priority: { base: 5, valueTier: 20, complaint: 10, boost: 0, aging: 1, effective: 36 },
      relaxationStep: 0,
      requirements: [
        { skill: 'billing', minProficiency: 4, kind: 'required' },
        { skill: 'vip', minProficiency: 2, kind: 'optional' },
        { skill: 'en', minProficiency: 1, kind: 'language' },
      ],
      nextRelaxationAt: at(32),
      overflow: { at: at(122), targetQueueId: 'spill' },
      qualifyingAgentIds: [],
    });
    const reasons = Object.fromEntries(explanation.agents.map((v) => [v.agentId, v.reasons]));
    expect(Object.keys(reasons).sort()).toEqual(['junior', 'no-english', 'on-break', 'on-call']);
    expect(reasons['on-break']).toEqual([{ code: 'not_ready', reason: 'break' }]);
    expect(reasons.junior).toEqual([
      { code: 'missing_skill', skill: 'billing', required: 4, has: 3 },
      { code: 'missing_skill', skill: 'vip', required: 2, has: 1 },
    ]);
    expect(reasons['no-english']).toEqual([{ code: 'missing_language', language: 'en' }]);
    expect(reasons['on-call']).toEqual([{ code: 'no_capacity', channel: 'voice', held: 1, capacity: 1 }]);
    expect(engine.explain('c', at(12), { includeOffline: true }).agents.find((v) => v.agentId === 'home')!.reasons).toEqual([
      { code: 'offline' },
      { code: 'missing_skill', skill: 'vip', required: 2, has: 0 },
      { code: 'missing_language', language: 'en' },
    ]);
  });

  it('shows the relaxed requirements once a step has passed, and the agent who now qualifies', () => {
    const engine = setup();
    engine.enqueue(contactOf('c', 'q', { language: 'en' }), at(0));
    engine.setNotReady('junior', 'meeting', at(1));
    engine.tick(at(30));
    const explanation = engine.explain('c', at(31));
    expect(explanation.relaxationStep).toBe(1);
    expect(explanation.requirements).toEqual([
      { skill: 'billing', minProficiency: 3, kind: 'required' },
      { skill: 'en', minProficiency: 1, kind: 'language' },
    ]);
    expect(explanation.nextRelaxationAt).toBeNull();
    expect(explanation.agents.find((v) => v.agentId === 'junior')!.reasons).toEqual([{ code: 'not_ready', reason: 'meeting' }]);
    engine.setAvailable('junior', at(32));
    expect(engine.explain('c', at(33))).toMatchObject({ status: 'offered', agentId: 'junior', place: null, offerExpiresAt: at(52) });
  });

  it('explains a contact that is being handled', () => {
    const engine = setup();
    expect(engine.explain('busy-call', at(5))).toMatchObject({ status: 'connected', agentId: 'on-call', place: null, waitSeconds: 5, totalWaitSeconds: 0 });
  });
});

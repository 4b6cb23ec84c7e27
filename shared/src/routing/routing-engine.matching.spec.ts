import { at, contactOf, engineWith, eventsOf, offers, queueDef, agentProfile, serveAll } from './testing/routing-factories';

describe('routing engine: skills, languages, relaxation and overflow', () => {
  it('offers a contact only to agents holding every required skill at the minimum proficiency', () => {
    const engine = engineWith({
      queues: [queueDef('billing', { requiredSkills: [{ skill: 'billing', minProficiency: 3 }, { skill: 'cards', minProficiency: 1 }] })],
      agents: [
        agentProfile('novice', { billing: 2, cards: 5 }),
        agentProfile('no-cards', { billing: 5 }),
        agentProfile('expert', { billing: 3, cards: 1 }),
      ],
    });
    expect(offers(engine.enqueue(contactOf('c1', 'billing'), at(1)))).toEqual(['c1>expert']);
    expect(offers(engine.enqueue(contactOf('c2', 'billing'), at(2)))).toEqual([]);
  });

  it('treats the contact language as a required skill', () => {
    const engine = engineWith({
      queues: [queueDef('q')],
      agents: [agentProfile('english', {}, { languages: ['en'] }), agentProfile('cantonese', {}, { languages: ['zh-yue', 'en'] })],
    });
    expect(offers(engine.enqueue(contactOf('yue', 'q', { language: 'zh-yue' }), at(1)))).toEqual(['yue>cantonese']);
    expect(offers(engine.enqueue(contactOf('cmn', 'q', { language: 'zh-cmn' }), at(2)))).toEqual([]);
    expect(offers(engine.enqueue(contactOf('any', 'q'), at(3)))).toEqual(['any>english']);
  });

  it('widens the requirements step by step as the contact waits (bullseye), then offers it', () => {
    const engine = engineWith({
      queues: [
        queueDef('q', {
          requiredSkills: [{ skill: 'tech', minProficiency: 4 }],
          optionalSkills: [{ skill: 'vip', minProficiency: 3 }],
          relaxation: [
            { afterSeconds: 20, dropOptionalSkills: true },
            { afterSeconds: 45, lowerMinProficiencyBy: 2 },
          ],
        }),
      ],
      agents: [agentProfile('tech-4', { tech: 4 }), agentProfile('tech-2', { tech: 2, vip: 5 })],
      loggedIn: ['tech-2'],
    });
    engine.login('tech-4', at(0));
    engine.setNotReady('tech-4', 'meeting', at(0));
    expect(offers(engine.enqueue(contactOf('c', 'q'), at(0)))).toEqual([]);
    expect(engine.nextDueAt()).toBe(at(20));
    const first = engine.tick(at(20));
    expect(eventsOf(first, 'contact.relaxed')).toEqual([expect.objectContaining({ contactId: 'c', step: 1, at: at(20) })]);
    expect(offers(first)).toEqual([]);
    expect(engine.explain('c', at(30)).requirements).toEqual([{ skill: 'tech', minProficiency: 4, kind: 'required' }]);
    expect(offers(engine.tick(at(44.9)))).toEqual([]);
    const second = engine.tick(at(45));
    expect(eventsOf(second, 'contact.relaxed')[0]).toMatchObject({ step: 2 });
    expect(offers(second)).toEqual(['c>tech-2']);
  });

  it('lets a waiting contact reach an agent with the inner-ring skills at once', () => {
    const engine = engineWith({
      queues: [queueDef('q', { optionalSkills: [{ skill: 'vip', minProficiency: 3 }], relaxation: [{ afterSeconds: 20, dropOptionalSkills: true }] })],
      agents: [agentProfile('plain', {}), agentProfile('vip', { vip: 3 })],
    });
    expect(offers(engine.enqueue(contactOf('c', 'q'), at(0)))).toEqual(['c>vip']);
  });

  it('overflows to the target queue after the maximum wait, keeping the original place in line', () => {
    const engine = engineWith({
      policy: { agingSecondsPerPoint: 0 },
      queues: [
        queueDef('backup', { requiredSkills: [{ skill: 'general', minProficiency: 1 }] }),
        queueDef('special', {
          requiredSkills: [{ skill: 'special', minProficiency: 1 }],
          overflow: { afterSeconds: 60, targetQueueId: 'backup' },
        }),
      ],
      agents: [agentProfile('generalist', { general: 1 })],
      loggedIn: [],
    });
    engine.enqueue(contactOf('special-early', 'special'), at(0));
    engine.enqueue(contactOf('backup-later', 'backup'), at(30));
    const events = engine.tick(at(60));
    expect(events.map((e) => e.type)).toEqual(['contact.overflowed', 'contact.queued']);
    expect(events[0]).toMatchObject({ contactId: 'special-early', queueId: 'special', toQueueId: 'backup', enqueuedAt: at(0), waitSeconds: 60 });
    expect(events[1]).toMatchObject({ contactId: 'special-early', queueId: 'backup', reason: 'overflow', enqueuedAt: at(0), queueEnteredAt: at(60) });
    expect(engine.getContact('special-early')).toMatchObject({ queueId: 'backup', enqueuedAt: at(0) });
    engine.login('generalist', at(61));
    expect(serveAll(engine, 'generalist', at(61))).toEqual(['special-early', 'backup-later']);
  });

  it('refuses overflow targets that do not exist or lead back in a cycle', () => {
    const engine = engineWith({ queues: [queueDef('a'), queueDef('b', { overflow: { afterSeconds: 5, targetQueueId: 'a' } })] });
    expect(() => engine.upsertQueue(queueDef('c', { overflow: { afterSeconds: 5, targetQueueId: 'missing' } }), at(1))).toThrow('does not exist');
    expect(() => engine.upsertQueue(queueDef('a', { overflow: { afterSeconds: 5, targetQueueId: 'b' } }), at(1))).toThrow('cycle');
  });

  it('re-sorts waiting contacts when a queue is redefined', () => {
    const engine = engineWith({
      queues: [queueDef('q', { requiredSkills: [{ skill: 'x', minProficiency: 4 }] })],
      agents: [agentProfile('a', { x: 2 })],
    });
    engine.enqueue(contactOf('c', 'q'), at(0));
    const events = engine.upsertQueue(queueDef('q', { requiredSkills: [{ skill: 'x', minProficiency: 2 }] }), at(5));
    expect(offers(events)).toEqual(['c>a']);
    expect(engine.audit({ exhaustive: true })).toEqual([]);
  });

  it('routes after an agent gains a skill', () => {
    const engine = engineWith({ queues: [queueDef('q', { requiredSkills: [{ skill: 'x', minProficiency: 2 }] })], agents: [agentProfile('a', {})] });
    engine.enqueue(contactOf('c', 'q'), at(0));
    expect(offers(engine.upsertAgent(agentProfile('a', { x: 3 }), at(1)))).toEqual(['c>a']);
  });
});

describe('routing engine: capacity per channel', () => {
  const setup = (policy = {}) =>
    engineWith({
      policy,
      queues: [queueDef('q')],
      agents: [agentProfile('a')],
    });

  it('gives an agent up to their chat capacity, one offer at a time', () => {
    const engine = setup();
    for (let i = 1; i <= 4; i++) engine.enqueue(contactOf(`chat${i}`, 'q', { channel: 'chat' }), at(i));
    const agent = () => engine.getAgent('a')!;
    expect(agent().offeredContactId).toBe('chat1');
    engine.acceptOffer('chat1', 'a', at(5));
    expect(agent()).toMatchObject({ state: 'reserved', offeredContactId: 'chat2' });
    engine.acceptOffer('chat2', 'a', at(6));
    engine.acceptOffer('chat3', 'a', at(7));
    expect(agent()).toMatchObject({ state: 'busy', offeredContactId: null, contactIds: ['chat1', 'chat2', 'chat3'], routableChannels: ['email', 'ticket'] });
    expect(engine.getContact('chat4')?.status).toBe('waiting');
    const freed = engine.endContact('chat2', at(8));
    expect(offers(freed)).toEqual(['chat4>a']);
  });

  it('keeps a chatting agent busy yet routable for more chats', () => {
    const engine = setup();
    engine.enqueue(contactOf('chat1', 'q', { channel: 'chat' }), at(1));
    engine.acceptOffer('chat1', 'a', at(2));
    expect(engine.getAgent('a')).toMatchObject({ state: 'busy', routableChannels: ['chat', 'email', 'ticket'] });
    expect(offers(engine.enqueue(contactOf('chat2', 'q', { channel: 'chat' }), at(3)))).toEqual(['chat2>a']);
  });

  it('never offers a call on top of a call, nor anything else during a call by default', () => {
    const engine = setup();
    engine.enqueue(contactOf('call1', 'q'), at(1));
    engine.acceptOffer('call1', 'a', at(2));
    expect(engine.getAgent('a')!.routableChannels).toEqual([]);
    expect(offers(engine.enqueue(contactOf('call2', 'q'), at(3)))).toEqual([]);
    expect(offers(engine.enqueue(contactOf('chat', 'q', { channel: 'chat' }), at(4)))).toEqual([]);
    expect(offers(engine.enqueue(contactOf('mail', 'q', { channel: 'email' }), at(5)))).toEqual([]);
    expect(engine.explain('chat', at(6)).agents[0].reasons).toEqual([{ code: 'channel_blocked', channel: 'chat', byChannel: 'voice' }]);
  });

  it('blocks calls while chatting but not while holding e-mails', () => {
    const engine = setup();
    engine.enqueue(contactOf('mail', 'q', { channel: 'email' }), at(1));
    engine.acceptOffer('mail', 'a', at(2));
    expect(offers(engine.enqueue(contactOf('call', 'q'), at(3)))).toEqual(['call>a']);
    engine.acceptOffer('call', 'a', at(4));
    engine.endContact('call', at(5));
    engine.enqueue(contactOf('chat', 'q', { channel: 'chat' }), at(6));
    engine.acceptOffer('chat', 'a', at(7));
    expect(offers(engine.enqueue(contactOf('call2', 'q'), at(8)))).toEqual([]);
  });

  it('allows chats during a call when the policy says so', () => {
    const engine = setup({ blockedWhileHolding: { voice: [] } });
    engine.enqueue(contactOf('call', 'q'), at(1));
    engine.acceptOffer('call', 'a', at(2));
    expect(offers(engine.enqueue(contactOf('chat', 'q', { channel: 'chat' }), at(3)))).toEqual(['chat>a']);
    // Still never a second call.
    engine.acceptOffer('chat', 'a', at(4));
    expect(offers(engine.enqueue(contactOf('call2', 'q'), at(5)))).toEqual([]);
  });

  it('honours capacity overrides, 0 disabling a channel', () => {
    const engine = engineWith({ queues: [queueDef('q')], agents: [agentProfile('a', {}, { capacity: { chat: 0 } })] });
    expect(offers(engine.enqueue(contactOf('chat', 'q', { channel: 'chat' }), at(1)))).toEqual([]);
    expect(engine.explain('chat', at(1)).agents[0].reasons).toEqual([{ code: 'no_capacity', channel: 'chat', held: 0, capacity: 0 }]);
  });
});

describe('routing engine: assignment strategies (several agents able to take the contact)', () => {
  const four = ['a0', 'a1', 'a2', 'a3'];

  it('longest_idle: the agent free for the longest time', () => {
    const engine = engineWith({ queues: [queueDef('q')], agents: four.map((id) => agentProfile(id)), loggedIn: [] });
    engine.login('a2', at(1));
    engine.login('a0', at(2));
    engine.login('a3', at(3));
    expect(offers(engine.enqueue(contactOf('c1', 'q'), at(4)))).toEqual(['c1>a2']);
    expect(offers(engine.enqueue(contactOf('c2', 'q'), at(5)))).toEqual(['c2>a0']);
    // a2 rejects: c1 goes to the next longest idle (a3), not straight back to a2.
    engine.rejectOffer('c1', 'a2', at(6));
    expect(engine.getContact('c1')?.agentId).toBe('a3');
    expect(offers(engine.enqueue(contactOf('c3', 'q'), at(7)))).toEqual(['c3>a2']);
  });

  it('most_skilled: the highest proficiency summed over the queue skills, optional ones included', () => {
    const engine = engineWith({
      queues: [
        queueDef('q', {
          strategy: 'most_skilled',
          requiredSkills: [{ skill: 'tech', minProficiency: 1 }],
          optionalSkills: [{ skill: 'vip', minProficiency: 1 }],
          relaxation: [{ afterSeconds: 0, dropOptionalSkills: true }],
        }),
      ],
      agents: [
        agentProfile('a0', { tech: 3 }),
        agentProfile('a1', { tech: 2, vip: 4 }),
        agentProfile('a2', { tech: 5 }),
        agentProfile('a3', { tech: 1, other: 5 }),
      ],
    });
    expect(offers(engine.enqueue(contactOf('c1', 'q'), at(1)))).toEqual(['c1>a1']);
    expect(offers(engine.enqueue(contactOf('c2', 'q'), at(2)))).toEqual(['c2>a2']);
    expect(offers(engine.enqueue(contactOf('c3', 'q'), at(3)))).toEqual(['c3>a0']);
  });

  it('least_occupied: the agent with the lightest current load, longest idle on a tie', () => {
    const engine = engineWith({ queues: [queueDef('q', { strategy: 'least_occupied' })], agents: ['a0', 'a1'].map((id) => agentProfile(id)) });
    // Chats alternate between the two (longest idle), then one of a1's ends: a0 holds two, a1 one,
    // and a0 has been idle longer (a1's list position moved when it took its second chat).
    for (let i = 1; i <= 4; i++) {
      const [offer] = eventsOf(engine.enqueue(contactOf(`x${i}`, 'q', { channel: 'chat' }), at(i)), 'contact.offered');
      expect(offer.agentId).toBe(i % 2 === 1 ? 'a0' : 'a1');
      engine.acceptOffer(offer.contactId, offer.agentId, at(i));
    }
    engine.endContact('x4', at(5));
    expect(engine.getAgent('a0')!.contactIds).toEqual(['x1', 'x3']);
    expect(offers(engine.enqueue(contactOf('c', 'q', { channel: 'chat' }), at(6)))).toEqual(['c>a1']);
  });

  it('round_robin: agents in turn, in registration order, wrapping around', () => {
    const engine = engineWith({ queues: [queueDef('q', { strategy: 'round_robin' })], agents: four.map((id) => agentProfile(id)), loggedIn: [] });
    // Logged in in reverse order, so longest idle would start with a3.
    for (const id of [...four].reverse()) engine.login(id, at(0));
    const served: string[] = [];
    for (let i = 0; i < 6; i++) {
      const events = engine.enqueue(contactOf(`c${i}`, 'q'), at(1 + i));
      const [offer] = eventsOf(events, 'contact.offered');
      served.push(offer.agentId);
      engine.acceptOffer(offer.contactId, offer.agentId, at(i));
      engine.endContact(offer.contactId, at(i));
    }
    expect(served).toEqual(['a0', 'a1', 'a2', 'a3', 'a0', 'a1']);
  });

  it('agent side: a freed agent takes the best contact across all its queues, whatever the strategies', () => {
    const engine = engineWith({
      policy: { agingSecondsPerPoint: 0 },
      queues: [queueDef('rr', { strategy: 'round_robin' }), queueDef('vip', { basePriority: 50, strategy: 'most_skilled' })],
      agents: [agentProfile('a')],
      loggedIn: [],
    });
    engine.enqueue(contactOf('rr1', 'rr'), at(1));
    engine.enqueue(contactOf('vip1', 'vip'), at(2));
    engine.login('a', at(3));
    expect(serveAll(engine, 'a', at(3))).toEqual(['vip1', 'rr1']);
  });
});

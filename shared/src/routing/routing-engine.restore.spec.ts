import { RoutingEngine } from './routing-engine';
import type { RoutingSnapshot } from './routing.types';
import { at, contactOf, engineWith, eventsOf, offers, queueDef, agentProfile } from './testing/routing-factories';

describe('routing engine: snapshot and restore', () => {
  it('round-trips through plain JSON', () => {
    const engine = engineWith({
      queues: [queueDef('q', { wrapUpSeconds: 10, strategy: 'round_robin', relaxation: [{ afterSeconds: 5, lowerMinProficiencyBy: 1 }] })],
      agents: [agentProfile('a', { x: 2 }, { languages: ['en'] }), agentProfile('b', {}, { capacity: { chat: 1 } }), agentProfile('c')],
    });
    engine.enqueue(contactOf('c1', 'q'), at(1));
    engine.enqueue(contactOf('c2', 'q', { channel: 'chat', language: 'en' }), at(2));
    engine.acceptOffer('c1', 'a', at(3));
    engine.endContact('c1', at(4));
    engine.enqueue(contactOf('c3', 'q', { preferredAgentId: 'c' }), at(5));
    engine.setNotReady('c', 'break', at(5));
    const snapshot = JSON.parse(JSON.stringify(engine.snapshot())) as RoutingSnapshot;
    const restored = RoutingEngine.restore(snapshot);
    expect(restored.snapshot()).toEqual(engine.snapshot());
    expect(restored.audit()).toEqual([]);
    expect(restored.tick(at(6))).toEqual(engine.tick(at(6)));
  });

  it('rebuilds from persisted facts and catches up on the first tick', () => {
    const snapshot: RoutingSnapshot = {
      queues: [
        { id: 'general', offerTimeoutSeconds: 20, wrapUpSeconds: 30 },
        {
          id: 'billing',
          requiredSkills: [{ skill: 'billing', minProficiency: 4 }],
          relaxation: [{ afterSeconds: 30, lowerMinProficiencyBy: 2 }],
          overflow: { afterSeconds: 300, targetQueueId: 'general' },
        },
      ],
      agents: [
        { id: 'ann', skills: { billing: 2 }, presence: 'available', stateSince: at(0) },
        { id: 'bob', skills: {}, presence: 'available', stateSince: at(0) },
        { id: 'cy', skills: { billing: 5 }, presence: 'not_ready', notReadyReason: 'lunch', stateSince: at(0) },
        { id: 'dee', skills: {}, presence: 'offline' },
      ],
      contacts: [
        { id: 'talking', queueId: 'general', channel: 'voice', enqueuedAt: at(0), status: 'connected', agentId: 'bob', connectedAt: at(5) },
        {
          id: 'ringing',
          queueId: 'general',
          channel: 'voice',
          enqueuedAt: at(10),
          status: 'offered',
          agentId: 'ann',
          offer: { offerId: 'ringing/1', offeredAt: at(40), expiresAt: at(60) },
          offerCount: 1,
        },
        { id: 'old-billing', queueId: 'billing', channel: 'voice', enqueuedAt: at(20), valueTier: 'important' },
      ],
    };
    const engine = RoutingEngine.restore(snapshot);
    expect(engine.audit()).toEqual([]);
    expect(engine.getAgent('bob')).toMatchObject({ state: 'busy', contactIds: ['talking'] });
    expect(engine.getAgent('ann')).toMatchObject({ state: 'reserved', offeredContactId: 'ringing' });
    expect(engine.nextDueAt()).toBe(at(50));

    const events = engine.tick(at(70));
    // Relaxation at 50 s lets ann (billing 2) qualify, but she is ringing; the offer expires at 60 s and she then
    // takes the higher-priority billing contact; 'ringing' waits for the next agent.
    expect(events.map((e) => e.type)).toEqual([
      'contact.relaxed',
      'offer.expired',
      'agent.state_changed',
      'contact.offered',
      'agent.state_changed',
    ]);
    expect(offers(events)).toEqual(['old-billing>ann']);
    expect(eventsOf(events, 'contact.offered')[0].attempt).toBe(1);
    expect(engine.audit({ exhaustive: true })).toEqual([]);
    const bobFree = engine.endContact('talking', at(80));
    expect(bobFree[0]).toMatchObject({ type: 'contact.wrap_up', talkSeconds: 75 });
  });

  it('routes what can be routed on the first tick after loading', () => {
    const engine = RoutingEngine.restore({
      queues: [{ id: 'q' }],
      agents: [{ id: 'a', skills: {}, presence: 'available' }],
      contacts: [{ id: 'c', queueId: 'q', channel: 'chat', enqueuedAt: at(0) }],
      clock: at(1),
    });
    expect(offers(engine.tick(at(2)))).toEqual(['c>a']);
  });

  it('keeps the longest-idle order and the round-robin turn across a restore', () => {
    const engine = engineWith({
      queues: [queueDef('idle'), queueDef('rr', { strategy: 'round_robin' })],
      agents: ['a0', 'a1', 'a2'].map((id) => agentProfile(id)),
      loggedIn: [],
    });
    engine.login('a2', at(1));
    engine.login('a0', at(2));
    engine.login('a1', at(3));
    engine.enqueue(contactOf('r1', 'rr'), at(4));
    engine.acceptOffer('r1', 'a0', at(4));
    engine.endContact('r1', at(5));
    const restored = RoutingEngine.restore(engine.snapshot());
    // Longest idle is a2; round robin continues after a0 with a1.
    expect(offers(restored.enqueue(contactOf('i1', 'idle'), at(6)))).toEqual(['i1>a2']);
    expect(offers(restored.enqueue(contactOf('r2', 'rr'), at(7)))).toEqual(['r2>a1']);
  });

  it.each<[string, Partial<RoutingSnapshot>]>([
    ['a connected contact without a logged-in agent', { contacts: [{ id: 'c', queueId: 'q', channel: 'voice', enqueuedAt: 0, status: 'connected', agentId: 'off', connectedAt: 1 }] }],
    ['a contact in an unknown queue', { contacts: [{ id: 'c', queueId: 'nowhere', channel: 'voice', enqueuedAt: 0 }] }],
    ['the same contact twice', { contacts: [0, 1].map(() => ({ id: 'c', queueId: 'q', channel: 'voice' as const, enqueuedAt: 0 })) }],
    [
      'two offers ringing at one agent',
      {
        contacts: ['c1', 'c2'].map((id) => ({
          id,
          queueId: 'q',
          channel: 'voice' as const,
          enqueuedAt: 0,
          status: 'offered' as const,
          agentId: 'on',
          offer: { offerId: `${id}/1`, offeredAt: 1, expiresAt: 2 },
        })),
      },
    ],
    ['a not-ready agent without a reason', { agents: [{ id: 'x', skills: {}, presence: 'not_ready' }] }],
  ])('refuses inconsistent facts: %s', (_, facts) => {
    const base: RoutingSnapshot = {
      queues: [{ id: 'q' }],
      agents: [
        { id: 'on', skills: {}, presence: 'available' },
        { id: 'off', skills: {}, presence: 'offline' },
      ],
      contacts: [],
    };
    expect(() => RoutingEngine.restore({ ...base, ...facts })).toThrow(expect.objectContaining({ code: 'INVALID_SNAPSHOT' }));
  });
});

describe('routing engine: incremental records', () => {
  it('gives the same record for one agent or contact as the full snapshot, and the engine-wide part', () => {
    const engine = engineWith({
      queues: [queueDef('q', { strategy: 'round_robin', wrapUpSeconds: 5 })],
      agents: ['a0', 'a1', 'a2'].map((id) => agentProfile(id)),
    });
    engine.enqueue(contactOf('c1', 'q'), at(1));
    engine.acceptOffer('c1', 'a0', at(2));
    engine.enqueue(contactOf('c2', 'q', { channel: 'chat' }), at(3));
    engine.logout('a2', at(3));
    engine.removeAgent('a2', at(3));
    const snapshot = engine.snapshot();
    for (const record of snapshot.agents) expect(engine.agentRecordOf(record.id)).toEqual(record);
    for (const record of snapshot.contacts) expect(engine.contactRecordOf(record.id)).toEqual(record);
    expect(engine.contactRecordOf('gone')).toBeUndefined();
    const { roundRobinCursors, counters, clock } = snapshot;
    expect(engine.engineRecord()).toEqual({ roundRobinCursors, counters, clock });
    expect(roundRobinCursors).toEqual({ q: 'a1' });
  });
});

describe('routing engine: restore of agents never routable', () => {
  it('round-trips agents that never logged in', () => {
    const engine = engineWith({ queues: [queueDef('q')], agents: [agentProfile('a'), agentProfile('b')], loggedIn: ['b'] });
    const restored = RoutingEngine.restore(JSON.parse(JSON.stringify(engine.snapshot())));
    expect(restored.snapshot()).toEqual(engine.snapshot());
    expect(restored.login('a', at(1))).toEqual(engine.login('a', at(1)));
    expect(restored.enqueue(contactOf('c', 'q'), at(2))).toEqual(engine.enqueue(contactOf('c', 'q'), at(2)));
  });

  it('withdraws every ringing offer after a restore, closing each before its contact is offered again', () => {
    const engine = engineWith({ queues: [queueDef('q')], agents: [agentProfile('a'), agentProfile('b')] });
    engine.enqueue(contactOf('c1', 'q'), at(1));
    engine.enqueue(contactOf('c2', 'q'), at(2));
    const restored = RoutingEngine.restore(JSON.parse(JSON.stringify(engine.snapshot())) as RoutingSnapshot);
    expect(restored.getContact('c1')).toMatchObject({ status: 'offered', agentId: 'a' });
    expect(restored.getContact('c2')).toMatchObject({ status: 'offered', agentId: 'b' });

    const events = restored.withdrawRingingOffers(at(3));
    const closed = eventsOf(events, 'offer.withdrawn');
    expect(closed.map((event) => [event.contactId, event.offerId, event.reason])).toEqual([
      ['c1', engine.getContact('c1')?.offerId, 'routing_rebuilt'],
      ['c2', engine.getContact('c2')?.offerId, 'routing_rebuilt'],
    ]);
    expect(eventsOf(events, 'contact.offered')).toEqual([]);
    expect(restored.getContact('c1')).toMatchObject({ status: 'waiting', agentId: null });
    expect(restored.getAgent('a')).toMatchObject({ state: 'available', offeredContactId: null });
    // The next command routes them again, in their order, under new offers.
    const offered = eventsOf(restored.tick(at(3)), 'contact.offered');
    expect(offered.map((event) => event.contactId)).toEqual(['c1', 'c2']);
    expect(offered.map((event) => event.offerId)).not.toContain(closed[0].offerId);
    expect(restored.audit()).toEqual([]);
  });
});

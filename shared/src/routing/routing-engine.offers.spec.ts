import { isRoutingError } from './routing.errors';
import { at, contactOf, engineWith, eventsOf, offers, queueDef, agentProfile } from './testing/routing-factories';

describe('routing engine: offers', () => {
  const setup = (policy = {}, agents = ['a', 'b']) =>
    engineWith({ policy, queues: [queueDef('q', { offerTimeoutSeconds: 15 })], agents: agents.map((id) => agentProfile(id)) });

  it('rings one agent with an expiry, and connects on accept', () => {
    const engine = setup();
    const events = engine.enqueue(contactOf('c', 'q'), at(0));
    const [offer] = eventsOf(events, 'contact.offered');
    expect(offer).toMatchObject({ contactId: 'c', agentId: 'a', offerId: 'c/1', expiresAt: at(15), attempt: 1, queueId: 'q', channel: 'voice' });
    expect(engine.getAgent('a')).toMatchObject({ state: 'reserved', offeredContactId: 'c' });
    expect(engine.getAgent('b')).toMatchObject({ state: 'available', offeredContactId: null });

    const accepted = engine.acceptOffer('c', 'a', at(4), 'c/1');
    expect(accepted.map((e) => e.type)).toEqual(['offer.accepted', 'contact.connected', 'agent.state_changed']);
    expect(accepted[1]).toMatchObject({ agentId: 'a', waitSeconds: 4, totalWaitSeconds: 4, enqueuedAt: at(0), serviceLevelThresholdSeconds: 20 });
    expect(accepted[2]).toMatchObject({ from: 'reserved', to: 'busy', by: { kind: 'agent', id: 'a' } });
  });

  it('puts a rejected contact back at its place and offers it to the next agent, not to the one who refused', () => {
    const engine = setup({ agingSecondsPerPoint: 0, reofferCooldownSeconds: 30 }, ['a', 'b']);
    engine.setNotReady('b', 'break', at(0));
    engine.enqueue(contactOf('first', 'q'), at(1));
    engine.enqueue(contactOf('second', 'q'), at(2));
    expect(engine.getContact('first')?.agentId).toBe('a');

    const rejected = engine.rejectOffer('first', 'a', at(3));
    expect(eventsOf(rejected, 'offer.rejected')[0]).toMatchObject({ agentId: 'a', ringSeconds: 2, countsAsMissed: true });
    // 'a' is free again but kept from 'first': it takes the next contact instead.
    expect(offers(rejected)).toEqual(['second>a']);
    expect(engine.explain('first', at(3)).place).toBe(1);

    // Another agent becomes available: 'first' (still ahead of everyone) goes there.
    expect(offers(engine.setAvailable('b', at(4)))).toEqual(['first>b']);
  });

  it('re-offers to the agent who refused once the cooldown has passed', () => {
    const engine = setup({ reofferCooldownSeconds: 10, missedOffersBeforeNotReady: 0 }, ['a']);
    engine.enqueue(contactOf('c', 'q'), at(0));
    expect(offers(engine.rejectOffer('c', 'a', at(1)))).toEqual([]);
    expect(engine.explain('c', at(2)).agents[0].reasons).toEqual([{ code: 'recently_refused', until: at(11) }]);
    expect(engine.nextDueAt()).toBe(at(11));
    expect(offers(engine.tick(at(11)))).toEqual(['c>a']);
  });

  it('expires an unanswered offer on tick, counts it as missed and routes the contact on', () => {
    const engine = setup({ missedOffersBeforeNotReady: 3 });
    engine.enqueue(contactOf('c', 'q'), at(0));
    expect(engine.tick(at(14.999))).toEqual([]);
    const events = engine.tick(at(15));
    expect(events[0]).toMatchObject({ type: 'offer.expired', agentId: 'a', contactId: 'c', ringSeconds: 15, at: at(15) });
    expect(offers(events)).toEqual(['c>b']);
    expect(engine.getAgent('a')).toMatchObject({ state: 'available', missedOffers: 1 });
  });

  it('fires an overdue timer at its own due time', () => {
    const engine = setup();
    engine.enqueue(contactOf('c', 'q'), at(0));
    const events = engine.tick(at(40));
    expect(eventsOf(events, 'offer.expired')[0].at).toBe(at(15));
    expect(eventsOf(events, 'contact.offered')[0]).toMatchObject({ agentId: 'b', at: at(40), expiresAt: at(55) });
  });

  it('puts an agent not ready after N consecutive missed offers (default 2, rejects counted) and tells supervisors', () => {
    const engine = setup({}, ['a']);
    engine.enqueue(contactOf('c1', 'q'), at(0));
    engine.rejectOffer('c1', 'a', at(1));
    engine.enqueue(contactOf('c2', 'q'), at(2));
    expect(engine.getContact('c2')?.agentId).toBe('a');
    const events = engine.tick(at(17));
    expect(events.map((e) => e.type)).toEqual(['offer.expired', 'agent.missed_offers', 'agent.state_changed']);
    expect(events[1]).toMatchObject({ agentId: 'a', count: 2, lastContactId: 'c2' });
    expect(events[2]).toMatchObject({ to: 'not_ready', reason: 'missed_offers', by: { kind: 'system' } });
    // Back to available: the count starts again.
    engine.setAvailable('a', at(20));
    expect(engine.getAgent('a')!.missedOffers).toBe(0);
  });

  it('resets the missed count on accept, and ignores rejects when the policy says so', () => {
    const engine = setup({ rejectCountsAsMissed: false, reofferCooldownSeconds: 0 }, ['a']);
    engine.enqueue(contactOf('c1', 'q'), at(0));
    for (let i = 1; i <= 3; i++) engine.rejectOffer('c1', 'a', at(i));
    expect(engine.getAgent('a')).toMatchObject({ state: 'reserved', missedOffers: 0 });
    engine.tick(at(18));
    expect(engine.getAgent('a')!.missedOffers).toBe(1);
    engine.acceptOffer('c1', 'a', at(19));
    expect(engine.getAgent('a')!.missedOffers).toBe(0);
  });

  it('holds a missed-offers not-ready as pending while the agent still has contacts', () => {
    const engine = setup({ missedOffersBeforeNotReady: 1 }, ['a']);
    engine.enqueue(contactOf('chat1', 'q', { channel: 'chat' }), at(0));
    engine.acceptOffer('chat1', 'a', at(1));
    engine.enqueue(contactOf('chat2', 'q', { channel: 'chat' }), at(2));
    const events = engine.rejectOffer('chat2', 'a', at(3));
    expect(events.map((e) => e.type)).toEqual(['offer.rejected', 'agent.missed_offers', 'agent.not_ready_pending', 'agent.state_changed']);
    expect(engine.getAgent('a')).toMatchObject({ state: 'busy', pendingNotReady: 'missed_offers', routableChannels: [] });
    const end = engine.endContact('chat1', at(4));
    expect(eventsOf(end, 'agent.state_changed').at(-1)).toMatchObject({ to: 'not_ready', reason: 'missed_offers' });
  });

  it('refuses to accept an offer that is not yours, is gone, or has expired', () => {
    const engine = setup();
    engine.enqueue(contactOf('c', 'q'), at(0));
    const codeOf = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        if (isRoutingError(error)) return error.code;
      }
      return 'no error';
    };
    expect(codeOf(() => engine.acceptOffer('c', 'b', at(1)))).toBe('OFFER_NOT_YOURS');
    expect(codeOf(() => engine.acceptOffer('c', 'a', at(1), 'c/7'))).toBe('OFFER_NOT_FOUND');
    expect(codeOf(() => engine.acceptOffer('c', 'a', at(15)))).toBe('OFFER_EXPIRED');
    expect(codeOf(() => engine.rejectOffer('c', 'a', at(15)))).toBe('OFFER_EXPIRED');
    engine.tick(at(15));
    expect(codeOf(() => engine.acceptOffer('c', 'a', at(16), 'c/1'))).toBe('OFFER_NOT_YOURS');
    expect(codeOf(() => engine.acceptOffer('c', 'b', at(16), 'c/1'))).toBe('OFFER_NOT_FOUND');
    expect(codeOf(() => engine.acceptOffer('c', 'b', at(16), 'c/2'))).toBe('no error');
    expect(codeOf(() => engine.acceptOffer('c', 'b', at(17)))).toBe('OFFER_NOT_FOUND');
  });

  it('withdraws a ringing offer when the agent goes not ready, and routes the contact elsewhere', () => {
    const engine = setup();
    engine.enqueue(contactOf('c', 'q'), at(0));
    const events = engine.setNotReady('a', 'break', at(1));
    expect(events.map((e) => e.type)).toEqual(['offer.withdrawn', 'agent.state_changed', 'contact.offered', 'agent.state_changed']);
    expect(events[0]).toMatchObject({ reason: 'agent_not_ready', agentId: 'a' });
    expect(offers(events)).toEqual(['c>b']);
    expect(engine.getAgent('a')!.missedOffers).toBe(0);
  });
});

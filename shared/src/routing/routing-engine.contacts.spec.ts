import { at, contactOf, engineWith, eventsOf, offers, queueDef, agentProfile, serveAll } from './testing/routing-factories';

describe('routing engine: abandons', () => {
  const setup = () => engineWith({ queues: [queueDef('q')], agents: [agentProfile('a')], loggedIn: [] });

  it('records an abandon while waiting with the wait', () => {
    const engine = setup();
    engine.enqueue(contactOf('c', 'q', { channel: 'chat' }), at(0));
    const events = engine.abandon('c', at(12));
    expect(events).toEqual([
      expect.objectContaining({ type: 'contact.abandoned', contactId: 'c', queueId: 'q', channel: 'chat', waitSeconds: 12, totalWaitSeconds: 12, offeredAgentId: null }),
    ]);
    expect(engine.getContact('c')).toBeUndefined();
    expect(engine.waitingCount('q')).toBe(0);
  });

  it('withdraws the ringing offer when the caller hangs up, and frees the agent for the next contact', () => {
    const engine = setup();
    engine.login('a', at(0));
    engine.enqueue(contactOf('c1', 'q'), at(1));
    engine.enqueue(contactOf('c2', 'q'), at(2));
    const events = engine.abandon('c1', at(5));
    expect(events.map((e) => e.type)).toEqual([
      'offer.withdrawn',
      'contact.abandoned',
      'agent.state_changed',
      'contact.offered',
      'agent.state_changed',
    ]);
    expect(events[0]).toMatchObject({ reason: 'abandoned', agentId: 'a', ringSeconds: 4 });
    expect(events[1]).toMatchObject({ offeredAgentId: 'a', waitSeconds: 4 });
    expect(offers(events)).toEqual(['c2>a']);
    expect(engine.getAgent('a')!.missedOffers).toBe(0);
  });
});

describe('routing engine: transfers', () => {
  const setup = () =>
    engineWith({
      policy: { agingSecondsPerPoint: 0, transferToAgentWindowSeconds: 30 },
      queues: [queueDef('sales'), queueDef('care', { requiredSkills: [{ skill: 'care', minProficiency: 1 }] })],
      agents: [agentProfile('seller'), agentProfile('carer', { care: 3 }), agentProfile('senior', { care: 5 })],
      loggedIn: ['seller'],
    });

  it('re-queues a connected contact in the target queue with a fresh place, keeping its total wait, and frees the agent', () => {
    const engine = setup();
    engine.enqueue(contactOf('already-waiting', 'care'), at(0));
    engine.enqueue(contactOf('c', 'sales'), at(10));
    engine.acceptOffer('c', 'seller', at(15));
    const events = engine.transferToQueue('c', 'care', at(75), { kind: 'agent', id: 'seller' });
    expect(events.map((e) => e.type)).toEqual(['contact.transferred', 'contact.queued', 'agent.state_changed']);
    expect(events[0]).toMatchObject({ queueId: 'sales', toQueueId: 'care', fromAgentId: 'seller', toAgentId: null, totalWaitSeconds: 5, talkSeconds: 60 });
    expect(events[1]).toMatchObject({ queueId: 'care', reason: 'transfer', enqueuedAt: at(75) });
    expect(events[2]).toMatchObject({ agentId: 'seller', from: 'busy', to: 'available' });
    // Fresh place: behind the contact already waiting there.
    expect(engine.explain('c', at(80)).place).toBe(2);
    engine.login('carer', at(90));
    expect(serveAll(engine, 'carer', at(90))).toEqual(['already-waiting', 'c']);
  });

  it('carries the total wait over to the next connection', () => {
    const engine = setup();
    engine.enqueue(contactOf('c', 'sales'), at(0));
    engine.acceptOffer('c', 'seller', at(5));
    engine.transferToQueue('c', 'care', at(20));
    engine.login('carer', at(28));
    const connected = eventsOf(engine.acceptOffer('c', 'carer', at(30)), 'contact.connected')[0];
    expect(connected).toMatchObject({ waitSeconds: 10, totalWaitSeconds: 15, firstEnqueuedAt: at(0), enqueuedAt: at(20) });
    // A waiting contact moved on by a supervisor had no talk.
    engine.enqueue(contactOf('w', 'sales'), at(31));
    engine.setNotReady('seller', 'break', at(31));
    expect(engine.transferToQueue('w', 'care', at(40), { kind: 'supervisor', id: 'sophie' })[0]).toMatchObject({ type: 'contact.transferred', fromAgentId: null, talkSeconds: null });
  });

  it('transfers to a specific agent: only that agent during the window, skills not checked, then anyone', () => {
    const engine = setup();
    engine.login('carer', at(0));
    engine.enqueue(contactOf('c', 'care'), at(0));
    engine.acceptOffer('c', 'carer', at(1));
    // The senior is logged in but busy with something else; the carer is free again after the transfer.
    engine.login('senior', at(2), { notReadyReason: 'meeting' });
    const events = engine.transferToAgent('c', 'senior', at(3));
    expect(events[0]).toMatchObject({ type: 'contact.transferred', toAgentId: 'senior', fromAgentId: 'carer' });
    expect(offers(events)).toEqual([]);
    expect(engine.explain('c', at(4))).toMatchObject({
      preferredAgent: { agentId: 'senior', until: at(33) },
      qualifyingAgentIds: [],
    });
    expect(offers(engine.setAvailable('senior', at(10)))).toEqual(['c>senior']);

    // A transfer to the seller, who lacks the 'care' skill, still reaches them.
    engine.acceptOffer('c', 'senior', at(11));
    expect(offers(engine.transferToAgent('c', 'seller', at(12)))).toEqual(['c>seller']);
  });

  it('gives a transferred contact to the queue once the window has passed', () => {
    const engine = setup();
    engine.enqueue(contactOf('c', 'sales'), at(0));
    engine.acceptOffer('c', 'seller', at(1));
    engine.login('senior', at(2), { notReadyReason: 'meeting' });
    engine.login('carer', at(2));
    expect(offers(engine.transferToAgent('c', 'senior', at(3), { queueId: 'care' }))).toEqual([]);
    const events = engine.tick(at(33));
    expect(events[0]).toMatchObject({ type: 'contact.preference_ended', preferredAgentId: 'senior', reason: 'window_elapsed' });
    expect(offers(events)).toEqual(['c>carer']);
  });

  it('refuses a transfer to a logged-out agent or during wrap-up', () => {
    const engine = setup();
    engine.enqueue(contactOf('c', 'sales'), at(0));
    engine.acceptOffer('c', 'seller', at(1));
    expect(() => engine.transferToAgent('c', 'senior', at(2))).toThrow(expect.objectContaining({ code: 'AGENT_NOT_LOGGED_IN' }));
    expect(() => engine.transferToAgent('c', 'seller', at(2))).toThrow(expect.objectContaining({ code: 'INVALID_CONTACT_TRANSITION' }));
    engine.upsertQueue(queueDef('sales', { wrapUpSeconds: 10 }), at(3));
    engine.endContact('c', at(4));
    expect(() => engine.transferToQueue('c', 'care', at(5))).toThrow(expect.objectContaining({ code: 'INVALID_CONTACT_TRANSITION' }));
  });
});

describe('routing engine: preferred agent', () => {
  const setup = () =>
    engineWith({
      policy: { preferredAgentWindowSeconds: 10 },
      queues: [queueDef('q', { requiredSkills: [{ skill: 'x', minProficiency: 1 }] })],
      agents: [agentProfile('usual', { x: 1 }), agentProfile('other', { x: 5 })],
    });

  it('offers the contact to the preferred agent first when they can take it', () => {
    const engine = setup();
    expect(offers(engine.enqueue(contactOf('c', 'q', { preferredAgentId: 'usual' }), at(0)))).toEqual(['c>usual']);
  });

  it('keeps it for the preferred agent alone during the window, then lets anyone take it', () => {
    const engine = setup();
    engine.setNotReady('usual', 'break', at(0));
    expect(offers(engine.enqueue(contactOf('c', 'q', { preferredAgentId: 'usual' }), at(1)))).toEqual([]);
    expect(engine.explain('c', at(2)).agents.find((v) => v.agentId === 'other')!.reasons).toEqual([
      { code: 'preferred_agent_window', preferredAgentId: 'usual', until: at(11) },
    ]);
    const end = engine.tick(at(11));
    expect(end.map((e) => e.type).slice(0, 1)).toEqual(['contact.preference_ended']);
    expect(offers(end)).toEqual(['c>other']);
  });

  it('gives the preferred agent their waiting contact before higher-priority work when they come back in the window', () => {
    const engine = setup();
    engine.setNotReady('usual', 'break', at(0));
    engine.setNotReady('other', 'break', at(0));
    engine.enqueue(contactOf('vip', 'q', { valueTier: 'important' }), at(1));
    engine.enqueue(contactOf('mine', 'q', { preferredAgentId: 'usual', valueTier: 'small' }), at(2));
    expect(offers(engine.setAvailable('usual', at(5)))).toEqual(['mine>usual']);
  });

  it('skips the window when the preferred agent is not logged in, or unknown', () => {
    const engine = setup();
    engine.logout('usual', at(0));
    const events = engine.enqueue(contactOf('c', 'q', { preferredAgentId: 'usual' }), at(1));
    expect(events.map((e) => e.type).slice(0, 2)).toEqual(['contact.queued', 'contact.preference_ended']);
    expect(events[1]).toMatchObject({ reason: 'agent_logged_out' });
    expect(offers(events)).toEqual(['c>other']);
    expect(offers(engine.enqueue(contactOf('d', 'q', { preferredAgentId: 'ghost' }), at(2)))).toEqual([]);
    expect(engine.getContact('d')!.preferredAgentId).toBeNull();
  });

  it('ends the window at once when the preferred agent refuses, or logs out', () => {
    const engine = setup();
    engine.setNotReady('other', 'break', at(0));
    engine.enqueue(contactOf('c', 'q', { preferredAgentId: 'usual' }), at(0));
    const refused = engine.rejectOffer('c', 'usual', at(1));
    expect(eventsOf(refused, 'contact.preference_ended')[0]).toMatchObject({ reason: 'refused' });
    engine.setAvailable('other', at(2));
    expect(engine.getContact('c')!.agentId).toBe('other');

    engine.setNotReady('usual', 'break', at(3));
    engine.enqueue(contactOf('d', 'q', { preferredAgentId: 'usual' }), at(4));
    const logout = engine.logout('usual', at(5));
    expect(eventsOf(logout, 'contact.preference_ended')[0]).toMatchObject({ contactId: 'd', reason: 'agent_logged_out' });
    expect(engine.getContact('d')).toMatchObject({ status: 'waiting', preferredAgentId: null });
  });
});

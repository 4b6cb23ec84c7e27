import { at, contactOf, engineWith, eventsOf, offers, queueDef, agentProfile } from './testing/routing-factories';

describe('routing engine: agent disconnect (missed heartbeat)', () => {
  const setup = () =>
    engineWith({
      policy: { disconnectGraceSeconds: 60, agingSecondsPerPoint: 0 },
      queues: [queueDef('q', { wrapUpSeconds: 20 })],
      agents: [agentProfile('a'), agentProfile('b')],
      loggedIn: ['a'],
    });

  it('withdraws the ringing offer and re-routes it at once; the agent becomes not ready (disconnected)', () => {
    const engine = setup();
    engine.login('b', at(0), { notReadyReason: 'break' });
    engine.enqueue(contactOf('c', 'q'), at(1));
    engine.setAvailable('b', at(1));
    expect(engine.getContact('c')!.agentId).toBe('a');
    const events = engine.disconnect('a', at(2));
    expect(events.map((e) => e.type)).toEqual([
      'offer.withdrawn',
      'agent.disconnected',
      'agent.state_changed',
      'contact.offered',
      'agent.state_changed',
    ]);
    expect(events[0]).toMatchObject({ reason: 'agent_disconnected', agentId: 'a' });
    expect(events[1]).toMatchObject({ agentId: 'a', graceEndsAt: null, heldContactIds: [] });
    expect(events[2]).toMatchObject({ agentId: 'a', from: 'reserved', to: 'not_ready', reason: 'disconnected', by: { kind: 'system' } });
    expect(offers(events)).toEqual(['c>b']);
    expect(engine.disconnect('a', at(3))).toEqual([]);
    expect(() => engine.setAvailable('a', at(3))).toThrow(expect.objectContaining({ code: 'INVALID_AGENT_TRANSITION' }));
  });

  it('answers whether a desktop is lost without building the agent view, as the view says', () => {
    const engine = setup();
    expect([engine.isDisconnected('a'), engine.getAgent('a')!.disconnected]).toEqual([false, false]);
    engine.disconnect('a', at(1));
    expect([engine.isDisconnected('a'), engine.getAgent('a')!.disconnected]).toEqual([true, true]);
    engine.reconnect('a', at(2));
    expect([engine.isDisconnected('a'), engine.getAgent('a')!.disconnected]).toEqual([false, false]);
    expect(engine.isDisconnected('nobody')).toBe(false);
  });

  it('keeps connected contacts through the grace period, flagged, then releases them at their original place', () => {
    const engine = setup();
    engine.enqueue(contactOf('call', 'q'), at(0));
    engine.acceptOffer('call', 'a', at(5));
    engine.enqueue(contactOf('later', 'q'), at(30));
    const events = engine.disconnect('a', at(40));
    expect(events.map((e) => e.type)).toEqual(['agent.disconnected', 'contact.agent_lost', 'agent.state_changed']);
    expect(events[1]).toMatchObject({ contactId: 'call', agentId: 'a', graceEndsAt: at(100) });
    expect(engine.getContact('call')).toMatchObject({ status: 'connected', agentLost: true });
    expect(engine.getAgent('a')).toMatchObject({ state: 'not_ready', notReadyReason: 'disconnected', contactIds: ['call'] });

    const released = engine.tick(at(100));
    expect(released[0]).toMatchObject({ type: 'contact.requeued', contactId: 'call', fromAgentId: 'a', reason: 'agent_disconnected', enqueuedAt: at(0), talkSeconds: 95 });
    expect(engine.getAgent('a')).toMatchObject({ state: 'not_ready', contactIds: [] });
    // Original place: ahead of the contact that arrived while it was being handled.
    expect(engine.explain('call', at(100)).place).toBe(1);
    const next = engine.login('b', at(101));
    expect(offers(next)).toEqual(['call>b']);
  });

  it('restores the agent and keeps the contact when the desktop reconnects within the grace period', () => {
    const engine = setup();
    engine.enqueue(contactOf('call', 'q'), at(0));
    engine.acceptOffer('call', 'a', at(1));
    engine.setNotReady('a', 'lunch', at(2));
    engine.disconnect('a', at(10));
    const events = engine.reconnect('a', at(30));
    expect(events.map((e) => e.type)).toEqual(['agent.reconnected', 'agent.state_changed']);
    expect(events[0]).toMatchObject({ heldContactIds: ['call'] });
    expect(events[1]).toMatchObject({ from: 'not_ready', fromReason: 'disconnected', to: 'busy' });
    expect(engine.getContact('call')).toMatchObject({ status: 'connected', agentLost: false });
    expect(engine.getAgent('a')).toMatchObject({ pendingNotReady: 'lunch' });
    expect(engine.tick(at(200))).toEqual([]);
    expect(engine.reconnect('a', at(201))).toEqual([]);
    // The pending lunch still applies when the call ends.
    engine.endContact('call', at(210));
    const wrapUpOver = engine.tick(at(230));
    expect(eventsOf(wrapUpOver, 'agent.state_changed').at(-1)).toMatchObject({ to: 'not_ready', reason: 'lunch' });
  });

  it('lets after-contact work finish on its timer while disconnected', () => {
    const engine = setup();
    engine.enqueue(contactOf('call', 'q'), at(0));
    engine.acceptOffer('call', 'a', at(1));
    engine.endContact('call', at(10));
    const events = engine.disconnect('a', at(11));
    expect(eventsOf(events, 'agent.disconnected')[0]).toMatchObject({ graceEndsAt: null, heldContactIds: ['call'] });
    expect(eventsOf(events, 'contact.agent_lost')).toEqual([]);
    expect(engine.tick(at(30))[0]).toMatchObject({ type: 'contact.completed', endedBy: 'wrap_up_timer' });
    expect(engine.getAgent('a')).toMatchObject({ state: 'not_ready', notReadyReason: 'disconnected' });
  });

  it('releases contacts waiting for the disconnected agent as preferred agent', () => {
    const engine = setup();
    engine.setNotReady('a', 'break', at(0));
    engine.login('b', at(0), { notReadyReason: 'break' });
    engine.enqueue(contactOf('c', 'q', { preferredAgentId: 'a', preferredWindowSeconds: 60 }), at(1));
    const events = engine.disconnect('a', at(2));
    expect(eventsOf(events, 'contact.preference_ended')[0]).toMatchObject({ contactId: 'c', reason: 'agent_disconnected' });
    expect(offers(engine.setAvailable('b', at(3)))).toEqual(['c>b']);
  });

  it('releases at once with no grace period, and ignores agents who are not logged in', () => {
    const engine = engineWith({ policy: { disconnectGraceSeconds: 0 }, queues: [queueDef('q')], agents: [agentProfile('a'), agentProfile('b')], loggedIn: ['a'] });
    engine.enqueue(contactOf('chat', 'q', { channel: 'chat' }), at(0));
    engine.acceptOffer('chat', 'a', at(1));
    const events = engine.disconnect('a', at(2));
    expect(eventsOf(events, 'contact.requeued')).toHaveLength(1);
    expect(engine.getContact('chat')!.status).toBe('waiting');
    expect(engine.disconnect('b', at(3))).toEqual([]);
  });
});

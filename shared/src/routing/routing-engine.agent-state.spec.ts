import { RoutingError } from './routing.errors';
import { at, contactOf, engineWith, eventsOf, offers, queueDef, agentProfile, stateOf } from './testing/routing-factories';

const supervisor = { kind: 'supervisor', id: 'sup-1' } as const;

describe('routing engine: agent state machine', () => {
  const setup = () =>
    engineWith({ queues: [queueDef('q', { wrapUpSeconds: 30 })], agents: [agentProfile('a'), agentProfile('b')], loggedIn: [] });

  it('logs in and out, every change an event naming who asked, repeated requests changing nothing', () => {
    const engine = setup();
    const login = engine.login('a', at(10));
    expect(login).toEqual([
      {
        type: 'agent.state_changed',
        at: at(10),
        agentId: 'a',
        from: 'offline',
        fromReason: null,
        to: 'available',
        reason: null,
        by: { kind: 'agent', id: 'a' },
        secondsInPrevious: 10,
      },
    ]);
    expect(engine.login('a', at(11))).toEqual([]);
    expect(engine.setAvailable('a', at(12))).toEqual([]);
    expect(engine.setNotReady('a', 'break', at(20), supervisor)).toEqual([
      expect.objectContaining({ from: 'available', to: 'not_ready', reason: 'break', by: supervisor, secondsInPrevious: 10 }),
    ]);
    expect(engine.setNotReady('a', 'break', at(21))).toEqual([]);
    expect(engine.setNotReady('a', 'lunch', at(22))).toEqual([
      expect.objectContaining({ from: 'not_ready', fromReason: 'break', to: 'not_ready', reason: 'lunch' }),
    ]);
    expect(engine.logout('a', at(30))).toEqual([expect.objectContaining({ from: 'not_ready', to: 'offline' })]);
    expect(engine.logout('a', at(31))).toEqual([]);
    expect(engine.getAgent('a')).toMatchObject({ state: 'offline', stateSince: at(30) });
  });

  it('logs in not ready when asked', () => {
    const engine = setup();
    engine.login('a', at(1), { notReadyReason: 'training' });
    expect(engine.getAgent('a')).toMatchObject({ state: 'not_ready', notReadyReason: 'training' });
    engine.enqueue(contactOf('c', 'q'), at(2));
    expect(engine.getContact('c')!.status).toBe('waiting');
  });

  it('holds "not ready after this contact" as pending and applies it when the last contact ends', () => {
    const engine = setup();
    engine.login('a', at(0));
    engine.enqueue(contactOf('call', 'q'), at(1));
    engine.acceptOffer('call', 'a', at(2));
    const request = engine.setNotReady('a', 'lunch', at(3));
    expect(request).toEqual([{ type: 'agent.not_ready_pending', at: at(3), agentId: 'a', reason: 'lunch', by: { kind: 'agent', id: 'a' } }]);
    expect(engine.setNotReady('a', 'lunch', at(4))).toEqual([]);
    expect(engine.getAgent('a')).toMatchObject({ state: 'busy', pendingNotReady: 'lunch' });

    const end = engine.endContact('call', at(60));
    expect(eventsOf(end, 'agent.state_changed')).toEqual([expect.objectContaining({ from: 'busy', to: 'wrap_up' })]);
    const wrapUpOver = engine.tick(at(90));
    expect(wrapUpOver.map((e) => e.type)).toEqual(['contact.completed', 'agent.state_changed']);
    expect(wrapUpOver[1]).toMatchObject({ from: 'wrap_up', to: 'not_ready', reason: 'lunch', by: { kind: 'agent', id: 'a' } });
    // Nothing is routed to them meanwhile.
    expect(offers(engine.enqueue(contactOf('next', 'q'), at(91)))).toEqual([]);
  });

  it('cancels a pending not-ready when the agent asks to stay available', () => {
    const engine = setup();
    engine.login('a', at(0));
    engine.enqueue(contactOf('chat', 'q', { channel: 'chat' }), at(1));
    engine.acceptOffer('chat', 'a', at(2));
    engine.setNotReady('a', 'break', at(3));
    engine.enqueue(contactOf('chat2', 'q', { channel: 'chat' }), at(4));
    expect(engine.getContact('chat2')!.status).toBe('waiting');
    const events = engine.setAvailable('a', at(5));
    expect(events[0]).toEqual({ type: 'agent.not_ready_pending', at: at(5), agentId: 'a', reason: null, by: { kind: 'agent', id: 'a' } });
    expect(offers(events)).toEqual(['chat2>a']);
  });

  it('ends wrap-up on the queue timer or earlier by the agent, then routes the next contact', () => {
    const engine = setup();
    engine.login('a', at(0));
    engine.enqueue(contactOf('c1', 'q'), at(1));
    engine.acceptOffer('c1', 'a', at(2));
    engine.enqueue(contactOf('c2', 'q'), at(3));
    const end = engine.endContact('c1', at(10));
    expect(end[0]).toMatchObject({ type: 'contact.wrap_up', talkSeconds: 8, wrapUpEndsAt: at(40) });
    expect(engine.getAgent('a')!.state).toBe('wrap_up');
    expect(engine.nextDueAt()).toBe(at(40));
    const early = engine.endWrapUp('a', at(25));
    expect(early[0]).toMatchObject({ type: 'contact.completed', endedBy: 'agent', talkSeconds: 8, wrapUpSeconds: 15, handleSeconds: 23 });
    expect(offers(early)).toEqual(['c2>a']);
    expect(engine.endWrapUp('a', at(26))).toEqual([]);

    engine.acceptOffer('c2', 'a', at(27));
    engine.endContact('c2', at(30));
    const timer = engine.tick(at(60));
    expect(timer[0]).toMatchObject({ type: 'contact.completed', endedBy: 'wrap_up_timer', wrapUpSeconds: 30, at: at(60) });
    expect(engine.getAgent('a')!.state).toBe('available');
  });

  it('uses the per-channel wrap-up time, and completes at once without one', () => {
    const engine = engineWith({
      queues: [queueDef('q', { wrapUpSeconds: 20, wrapUpSecondsByChannel: { chat: 0 } })],
      agents: [agentProfile('a')],
    });
    engine.enqueue(contactOf('chat', 'q', { channel: 'chat' }), at(0));
    engine.acceptOffer('chat', 'a', at(1));
    const events = engine.endContact('chat', at(5));
    expect(events[0]).toMatchObject({ type: 'contact.completed', endedBy: 'contact_end', wrapUpSeconds: 0, talkSeconds: 4 });
    expect(engine.getContact('chat')).toBeUndefined();
  });

  it('refuses impossible transitions with the current state, changing nothing', () => {
    const engine = setup();
    const refused = (fn: () => unknown, code: string) => {
      const before = stateOf(engine);
      let caught: unknown;
      try {
        fn();
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(RoutingError);
      expect((caught as RoutingError).code).toBe(code);
      expect(stateOf(engine)).toBe(before);
      return caught as RoutingError;
    };
    expect(refused(() => engine.setAvailable('a', at(1)), 'INVALID_AGENT_TRANSITION').details.agent).toMatchObject({ state: 'offline' });
    refused(() => engine.setNotReady('a', 'break', at(1)), 'INVALID_AGENT_TRANSITION');
    engine.login('a', at(1));
    refused(() => engine.setNotReady('a', 'disconnected', at(2)), 'INVALID_AGENT_TRANSITION');
    refused(() => engine.login('a', at(2), { notReadyReason: 'disconnected' }), 'INVALID_AGENT_TRANSITION');
    engine.enqueue(contactOf('c', 'q'), at(3));
    engine.acceptOffer('c', 'a', at(4));
    expect(refused(() => engine.logout('a', at(5)), 'INVALID_AGENT_TRANSITION').details.agent).toMatchObject({ state: 'busy', contactIds: ['c'] });
    refused(() => engine.removeAgent('a', at(5)), 'INVALID_AGENT_TRANSITION');
  });

  it('refuses to make an agent over capacity available', () => {
    const engine = engineWith({ queues: [queueDef('q')], agents: [agentProfile('a')] });
    for (const id of ['x', 'y']) {
      engine.enqueue(contactOf(id, 'q', { channel: 'chat' }), at(1));
      engine.acceptOffer(id, 'a', at(2));
    }
    engine.setNotReady('a', 'break', at(3));
    // A supervisor lowers the chat capacity below the two chats held.
    engine.upsertAgent(agentProfile('a', {}, { capacity: { chat: 1 } }), at(4));
    const before = stateOf(engine);
    let error: unknown;
    try {
      engine.setAvailable('a', at(5));
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({ code: 'AGENT_OVER_CAPACITY', details: { agent: { state: 'busy', pendingNotReady: 'break', heldByChannel: { chat: 2 } } } });
    expect(stateOf(engine)).toBe(before);
    engine.endContact('x', at(6));
    expect(engine.setAvailable('a', at(7))[0]).toMatchObject({ type: 'agent.not_ready_pending', reason: null });
    expect(engine.getAgent('a')).toMatchObject({ state: 'busy', routableChannels: ['email', 'ticket'] });
  });

  it('lets a supervisor override, and records them as the actor', () => {
    const engine = setup();
    engine.login('a', at(0), { by: supervisor });
    const events = engine.setNotReady('a', 'training', at(1), supervisor);
    expect(events[0]).toMatchObject({ by: supervisor, to: 'not_ready', reason: 'training' });
    expect(engine.setAvailable('a', at(2), supervisor)[0]).toMatchObject({ by: supervisor, to: 'available' });
  });

  it('withdraws a ringing offer on logout and routes it to someone else', () => {
    const engine = setup();
    engine.login('a', at(0));
    engine.login('b', at(0));
    engine.enqueue(contactOf('c', 'q'), at(1));
    const events = engine.logout('a', at(2));
    expect(events[0]).toMatchObject({ type: 'offer.withdrawn', reason: 'agent_logged_out' });
    expect(offers(events)).toEqual(['c>b']);
  });
});

import { RoutingEngine } from './routing-engine';
import { agentProfile, at, contactOf, engineWith, offers, queueDef } from './testing/routing-factories';

describe('routing engine: agents reserved for a consult, and the warm hand-over', () => {
  const setup = () => {
    const engine = engineWith({
      policy: { agingSecondsPerPoint: 0 },
      queues: [queueDef('q', { wrapUpSeconds: 20 })],
      agents: [agentProfile('a'), agentProfile('b')],
      loggedIn: ['a', 'b'],
    });
    engine.enqueue(contactOf('call', 'q'), at(0));
    const ringing = engine.getContact('call')!;
    engine.acceptOffer('call', ringing.agentId!, at(1));
    return { engine, holder: ringing.agentId!, other: ringing.agentId === 'a' ? 'b' : 'a' };
  };

  it('keeps a consulted agent from offers while reserved, and offers them the next call once released', () => {
    const { engine, other } = setup();
    const reserved = engine.reserveAgent(other, 'call', at(2));
    expect(reserved).toEqual([expect.objectContaining({ type: 'agent.state_changed', agentId: other, from: 'available', to: 'reserved' })]);
    expect(engine.getAgent(other)).toMatchObject({ state: 'reserved', reservedFor: 'call', routableChannels: [] });
    expect(engine.reserveAgent(other, 'call', at(3))).toEqual([]);
    expect(offers(engine.enqueue(contactOf('next', 'q'), at(4)))).toEqual([]);
    expect(offers(engine.releaseAgent(other, at(5)))).toEqual([`next>${other}`]);
    expect(engine.releaseAgent(other, at(6))).toEqual([]);
  });

  it('refuses to reserve an agent who is busy, not ready or reserved for another call', () => {
    const { engine, holder, other } = setup();
    expect(() => engine.reserveAgent(holder, 'x', at(2))).toThrow(expect.objectContaining({ code: 'INVALID_AGENT_TRANSITION' }));
    engine.setNotReady(other, 'break', at(2));
    expect(() => engine.reserveAgent(other, 'call', at(3))).toThrow(expect.objectContaining({ code: 'INVALID_AGENT_TRANSITION' }));
    engine.setAvailable(other, at(4));
    engine.reserveAgent(other, 'call', at(5));
    expect(() => engine.reserveAgent(other, 'another', at(6))).toThrow(expect.objectContaining({ code: 'INVALID_AGENT_TRANSITION' }));
  });

  it('hands the call over to the reserved agent, connected at once, with the events of a transfer', () => {
    const { engine, holder, other } = setup();
    engine.reserveAgent(other, 'call', at(2));
    const events = engine.handOver('call', other, at(30));
    const types = events.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['contact.transferred', 'contact.queued', 'contact.offered', 'offer.accepted', 'contact.connected']));
    expect(events.find((e) => e.type === 'contact.transferred')).toMatchObject({ fromAgentId: holder, toAgentId: other, talkSeconds: 29 });
    expect(engine.getContact('call')).toMatchObject({ status: 'connected', agentId: other });
    expect(engine.getAgent(other)).toMatchObject({ state: 'busy', reservedFor: null });
    expect(engine.getAgent(holder)).toMatchObject({ state: 'available', contactIds: [] });
  });

  it('refuses a hand-over to an agent not reserved for the call, changing nothing', () => {
    const { engine, other } = setup();
    expect(() => engine.handOver('call', other, at(3))).toThrow(expect.objectContaining({ code: 'INVALID_AGENT_TRANSITION' }));
    expect(engine.getAgent(other)).toMatchObject({ state: 'available' });
  });

  it('keeps the reservation through a snapshot and a restore', () => {
    const { engine, other } = setup();
    engine.reserveAgent(other, 'call', at(2));
    const restored = RoutingEngine.restore(engine.snapshot());
    expect(restored.getAgent(other)).toMatchObject({ state: 'reserved', reservedFor: 'call' });
    expect(restored.audit()).toEqual([]);
    expect(offers(restored.enqueue(contactOf('next', 'q'), at(4)))).toEqual([]);
  });
});

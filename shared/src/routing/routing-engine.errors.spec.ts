import { RoutingEngine } from './routing-engine';
import { ROUTING_ERROR_CODES, RoutingError, type RoutingErrorCode } from './routing.errors';
import { at, contactOf, engineWith, queueDef, agentProfile, stateOf } from './testing/routing-factories';

/** An engine with a bit of everything: a waiting contact, an offer ringing, a call connected, one in wrap-up. */
function busyEngine(): RoutingEngine {
  const engine = engineWith({
    queues: [queueDef('q', { wrapUpSeconds: 30 }), queueDef('skilled', { requiredSkills: [{ skill: 'rare', minProficiency: 5 }] })],
    agents: ['ringing', 'talking', 'wrapping', 'idle', 'away'].map((id) => agentProfile(id)),
    loggedIn: ['wrapping', 'talking'],
  });
  engine.enqueue(contactOf('done', 'q'), at(0));
  engine.acceptOffer('done', 'wrapping', at(1));
  engine.enqueue(contactOf('talk', 'q'), at(1));
  engine.acceptOffer('talk', 'talking', at(2));
  engine.endContact('done', at(3));
  engine.login('ringing', at(4));
  engine.enqueue(contactOf('ring', 'q'), at(5));
  engine.enqueue(contactOf('wait', 'skilled'), at(6));
  engine.login('idle', at(7), { notReadyReason: 'break' });
  return engine;
}

const cases: [RoutingErrorCode, (engine: RoutingEngine) => unknown][] = [
  ['UNKNOWN_QUEUE', (e) => e.enqueue(contactOf('new', 'nowhere'), at(10))],
  ['UNKNOWN_QUEUE', (e) => e.transferToQueue('talk', 'nowhere', at(10))],
  ['UNKNOWN_AGENT', (e) => e.login('ghost', at(10))],
  ['UNKNOWN_AGENT', (e) => e.acceptOffer('ring', 'ghost', at(10))],
  ['UNKNOWN_CONTACT', (e) => e.abandon('ghost', at(10))],
  ['UNKNOWN_CONTACT', (e) => e.explain('ghost', at(10))],
  ['DUPLICATE_CONTACT', (e) => e.enqueue(contactOf('wait', 'q'), at(10))],
  ['INVALID_QUEUE', (e) => e.upsertQueue(queueDef('q', { overflow: { afterSeconds: 1, targetQueueId: 'nowhere' } }), at(10))],
  ['INVALID_QUEUE', (e) => e.removeQueue('q', at(10))],
  ['INVALID_AGENT', (e) => e.upsertAgent(agentProfile('idle', { x: 9 }), at(10))],
  ['INVALID_CONTACT', (e) => e.enqueue(contactOf('new', 'q', { channel: 'fax' as never }), at(10))],
  ['INVALID_CONTACT', (e) => e.enqueue(contactOf('new', 'q', { enqueuedAt: at(99) }), at(10))],
  ['OFFER_NOT_FOUND', (e) => e.acceptOffer('wait', 'idle', at(10))],
  ['OFFER_NOT_FOUND', (e) => e.rejectOffer('ring', 'ringing', at(10), 'ring/9')],
  ['OFFER_NOT_YOURS', (e) => e.acceptOffer('ring', 'idle', at(10))],
  ['OFFER_EXPIRED', (e) => e.acceptOffer('ring', 'ringing', at(25))],
  ['CONTACT_NOT_YOURS', (e) => e.endWrapUp('talking', at(10), 'done')],
  ['AGENT_NOT_LOGGED_IN', (e) => e.transferToAgent('talk', 'away', at(10))],
  ['INVALID_AGENT_TRANSITION', (e) => e.setAvailable('away', at(10))],
  ['INVALID_AGENT_TRANSITION', (e) => e.logout('talking', at(10))],
  ['INVALID_AGENT_TRANSITION', (e) => e.setNotReady('idle', 'disconnected', at(10))],
  ['INVALID_CONTACT_TRANSITION', (e) => e.endContact('wait', at(10))],
  ['INVALID_CONTACT_TRANSITION', (e) => e.abandon('talk', at(10))],
  ['INVALID_CONTACT_TRANSITION', (e) => e.endWrapUp('talking', at(10), 'talk')],
  ['INVALID_CONTACT_TRANSITION', (e) => e.requestCallback('done', at(10))],
];

describe('routing engine: refused commands', () => {
  it.each(cases)('%s is thrown, carries the current state and changes nothing (%#)', (code, command) => {
    const engine = busyEngine();
    const before = stateOf(engine);
    let error: unknown;
    try {
      command(engine);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(RoutingError);
    expect((error as RoutingError).code).toBe(code);
    expect(stateOf(engine)).toBe(before);
    expect(engine.audit({ exhaustive: true })).toEqual([]);
  });

  it('AGENT_OVER_CAPACITY: accepting after the capacity was lowered under the ringing offer changes nothing', () => {
    const engine = busyEngine();
    engine.upsertAgent(agentProfile('ringing', {}, { capacity: { voice: 0 } }), at(8));
    const before = stateOf(engine);
    expect(() => engine.acceptOffer('ring', 'ringing', at(9))).toThrow(expect.objectContaining({ code: 'AGENT_OVER_CAPACITY' }));
    expect(stateOf(engine)).toBe(before);
    expect(engine.rejectOffer('ring', 'ringing', at(9))[0]).toMatchObject({ type: 'offer.rejected' });
  });

  it('covers every error code in the cases above or in the restore specs', () => {
    const covered = new Set<string>([...cases.map(([code]) => code), 'AGENT_OVER_CAPACITY', 'INVALID_SNAPSHOT']);
    expect(ROUTING_ERROR_CODES.filter((code) => !covered.has(code))).toEqual([]);
  });

  it('tells the caller what the contact and agent look like now', () => {
    const engine = busyEngine();
    let refusal: unknown = 'no refusal';
    try {
      engine.acceptOffer('ring', 'idle', at(10));
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toMatchObject({
      code: 'OFFER_NOT_YOURS',
      details: { contact: { id: 'ring', status: 'offered', agentId: 'ringing' }, agent: { id: 'ringing', state: 'reserved' } },
    });
  });

  it('never lets time run backwards: an older command happens at the latest time seen', () => {
    const engine = busyEngine();
    const events = engine.setAvailable('idle', at(2));
    expect(events[0]).toMatchObject({ type: 'agent.state_changed', at: at(7), secondsInPrevious: 0 });
  });
});

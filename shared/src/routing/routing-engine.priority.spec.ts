import { RoutingEngine } from './routing-engine';
import { agentProfile, at, contactOf, engineWith, queueDef, serveAll } from './testing/routing-factories';

/** A supervisor raises (or lowers) the priority of a waiting contact: its place in line follows at once. */
describe('routing engine: a supervisor changes a contact priority', () => {
  const setup = () =>
    engineWith({
      policy: { agingSecondsPerPoint: 0 },
      queues: [queueDef('q')],
      agents: [agentProfile('a')],
      loggedIn: [],
    });

  it('moves a boosted contact ahead of those who came before it, and says so in an event', () => {
    const engine = setup();
    engine.enqueue(contactOf('first', 'q'), at(1));
    engine.enqueue(contactOf('second', 'q'), at(2));
    engine.enqueue(contactOf('third', 'q'), at(3));
    const events = engine.setPriorityBoost('third', 50, at(4), { kind: 'supervisor', id: 'sophie' });
    expect(events).toEqual([expect.objectContaining({ type: 'contact.reprioritized', contactId: 'third', boost: 50, previousBoost: 0, by: { kind: 'supervisor', id: 'sophie' } })]);
    expect(engine.explain('third', at(4)).priority.boost).toBe(50);
    expect(engine.explain('third', at(4)).place).toBe(1);
    engine.login('a', at(5));
    expect(serveAll(engine, 'a', at(5))).toEqual(['third', 'first', 'second']);
    expect(engine.audit()).toEqual([]);
  });

  it('keeps the new priority across a restore from the snapshot', () => {
    const engine = setup();
    engine.enqueue(contactOf('first', 'q'), at(1));
    engine.enqueue(contactOf('second', 'q'), at(2));
    engine.setPriorityBoost('second', 5, at(3));
    const restored = RoutingEngine.restore(engine.snapshot());
    restored.login('a', at(4));
    expect(serveAll(restored, 'a', at(4))).toEqual(['second', 'first']);
  });

  it('routes a waiting contact at once when the change is made, and does nothing when the points are the same', () => {
    const engine = setup();
    engine.enqueue(contactOf('only', 'q'), at(1));
    expect(engine.setPriorityBoost('only', 0, at(2))).toEqual([]);
    engine.login('a', at(2));
    engine.setAvailable('a', at(2));
    expect(engine.getContact('only')?.status).toBe('offered');
    expect(engine.setPriorityBoost('only', 10, at(3)).map((event) => event.type)).toEqual(['contact.reprioritized']);
  });

  it('refuses a contact that is no longer waiting, changing nothing', () => {
    const engine = setup();
    engine.login('a', at(0));
    engine.setAvailable('a', at(0));
    engine.enqueue(contactOf('c', 'q'), at(1));
    engine.acceptOffer('c', 'a', at(2));
    expect(() => engine.setPriorityBoost('c', 10, at(3))).toThrow(expect.objectContaining({ code: 'INVALID_CONTACT_TRANSITION' }));
  });
});

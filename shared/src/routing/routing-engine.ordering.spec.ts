import { at, contactOf, engineWith, eventsOf, queueDef, agentProfile, serveAll } from './testing/routing-factories';

/** Contacts wait while the only agent is logged out; the order they are then served in is the queue order. */
describe('routing engine: order of waiting contacts', () => {
  const setup = (agingSecondsPerPoint = 0) =>
    engineWith({
      policy: { agingSecondsPerPoint },
      queues: [queueDef('q'), queueDef('low', { basePriority: 0 }), queueDef('high', { basePriority: 15 })],
      agents: [agentProfile('a')],
      loggedIn: [],
    });

  it('serves key customers first, complaints before others of their tier, then by arrival', () => {
    const engine = setup();
    engine.enqueue(contactOf('ordinary-1', 'q', { valueTier: 'ordinary' }), at(1));
    engine.enqueue(contactOf('small', 'q', { valueTier: 'small' }), at(2));
    engine.enqueue(contactOf('important', 'q', { valueTier: 'important' }), at(3));
    engine.enqueue(contactOf('ordinary-2', 'q', { valueTier: 'ordinary' }), at(4));
    engine.enqueue(contactOf('secondary', 'q', { valueTier: 'secondary' }), at(5));
    engine.enqueue(contactOf('important-complaint', 'q', { valueTier: 'important', complaint: true }), at(6));
    engine.enqueue(contactOf('ordinary-complaint', 'q', { valueTier: 'ordinary', complaint: true }), at(7));
    engine.login('a', at(10));
    expect(serveAll(engine, 'a', at(10))).toEqual([
      'important-complaint',
      'important',
      'secondary',
      'ordinary-complaint',
      'ordinary-1',
      'ordinary-2',
      'small',
    ]);
  });

  it('ages waiting contacts so an old ordinary customer overtakes a fresh important one, and no earlier', () => {
    // Default policy: +1 point per 10 s; important is 20 points above ordinary, so 200 s of extra wait.
    const overtaken = setup(10);
    overtaken.enqueue(contactOf('old-ordinary', 'q', { valueTier: 'ordinary' }), at(0));
    overtaken.enqueue(contactOf('fresh-important', 'q', { valueTier: 'important' }), at(210));
    overtaken.login('a', at(211));
    expect(serveAll(overtaken, 'a', at(211))).toEqual(['old-ordinary', 'fresh-important']);

    const notYet = setup(10);
    notYet.enqueue(contactOf('old-ordinary', 'q', { valueTier: 'ordinary' }), at(0));
    notYet.enqueue(contactOf('fresh-important', 'q', { valueTier: 'important' }), at(190));
    notYet.login('a', at(191));
    expect(serveAll(notYet, 'a', at(191))).toEqual(['fresh-important', 'old-ordinary']);
  });

  it('compares queues by effective priority: base priority, then aging', () => {
    const engine = setup(10);
    engine.enqueue(contactOf('low-early', 'low'), at(0));
    engine.enqueue(contactOf('high-late', 'high'), at(100));
    engine.enqueue(contactOf('low-later', 'low'), at(120));
    // At 200 s: low-early has 10 + 20 = 30 points, high-late 25 + 10 = 35, low-later 10 + 8 = 18.
    engine.login('a', at(200));
    expect(serveAll(engine, 'a', at(200))).toEqual(['high-late', 'low-early', 'low-later']);
  });

  it('keeps the place of a contact that asked for a callback and flags its offer', () => {
    const engine = setup();
    engine.enqueue(contactOf('c1', 'q'), at(1));
    engine.enqueue(contactOf('c2', 'q'), at(2));
    engine.enqueue(contactOf('c3', 'q'), at(3));
    const events = engine.requestCallback('c2', at(4));
    expect(events).toEqual([expect.objectContaining({ type: 'contact.callback_requested', contactId: 'c2', waitSeconds: 2 })]);
    expect(engine.requestCallback('c2', at(5))).toEqual([]);
    expect(engine.explain('c2', at(5)).place).toBe(2);
    const login = engine.login('a', at(6));
    expect(eventsOf(login, 'contact.offered')[0]).toMatchObject({ contactId: 'c1', callback: false });
    engine.acceptOffer('c1', 'a', at(6));
    const next = engine.endContact('c1', at(7));
    expect(eventsOf(next, 'contact.offered')[0]).toMatchObject({ contactId: 'c2', callback: true });
    expect(serveAll(engine, 'a', at(8))).toEqual(['c2', 'c3']);
  });

  it('counts the wait from an earlier enqueue time given by the caller (time spent in the IVR)', () => {
    const engine = setup();
    engine.enqueue(contactOf('direct', 'q'), at(10));
    engine.enqueue(contactOf('from-ivr', 'q', { enqueuedAt: at(5) }), at(12));
    engine.login('a', at(20));
    expect(serveAll(engine, 'a', at(20))).toEqual(['from-ivr', 'direct']);
  });

  it('reports the effective priority of a queued contact', () => {
    const engine = setup(10);
    const events = engine.enqueue(contactOf('c', 'high', { valueTier: 'secondary', complaint: true, priorityBoost: 3 }), at(0));
    expect(eventsOf(events, 'contact.queued')[0]).toMatchObject({ priority: 15 + 20 + 10 + 3, reason: 'arrival' });
    expect(engine.explain('c', at(50)).priority).toEqual({ base: 15, valueTier: 20, complaint: 10, boost: 3, aging: 5, effective: 53 });
  });
});

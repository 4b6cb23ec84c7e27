import fc from 'fast-check';
import { SERVICE_LEVEL_FORMULAS } from '../domain/call-centre';
import { RoutingError } from '../routing/routing.errors';
import type { RoutingEvent } from '../routing/routing.events';
import type { ContactRecord, RoutingPolicy } from '../routing/routing.types';
import { RoutingEngine } from '../routing/routing-engine';
import { agentProfile, at, contactOf, engineWith, queueDef, T0 } from '../routing/testing/routing-factories';
import { queueEventOf, waitingSinceOf } from './queue-event-mapper';
import { type QueueFigures, queueFiguresForRange } from './queue-figures';
import { WaitingContacts } from './waiting-contacts';

/**
 * Queue figures of the routing core's own events, mapped as the server maps its journal: what each movement
 * of a contact between queues and agents does to the figures of every queue.
 */

const thresholds = { serviceLevelThresholdSeconds: 20, shortAbandonThresholdSeconds: 5 };
const QUEUES = ['sales', 'care'] as const;

/**
 * Sales overflows to care after 60 s; two agents serve sales, one serves care, nobody logged in; 10 s of
 * wrap-up everywhere; a lost desktop's contacts go back to their queue after 30 s.
 */
function centre(policy: Partial<RoutingPolicy> = {}): { engine: RoutingEngine; journal: RoutingEvent[]; record: (events: RoutingEvent[]) => void } {
  const engine = engineWith({
    policy: { agingSecondsPerPoint: 0, disconnectGraceSeconds: 30, ...policy },
    queues: [
      queueDef('care', { requiredSkills: [{ skill: 'care', minProficiency: 1 }], wrapUpSeconds: 10 }),
      queueDef('sales', { requiredSkills: [{ skill: 'sales', minProficiency: 1 }], overflow: { afterSeconds: 60, targetQueueId: 'care' }, wrapUpSeconds: 10 }),
    ],
    agents: [agentProfile('seller', { sales: 1 }), agentProfile('seller2', { sales: 1 }), agentProfile('carer', { care: 1 })],
    loggedIn: [],
  });
  const journal: RoutingEvent[] = [];
  return { engine, journal, record: (events) => journal.push(...events) };
}

/**
 * One queue's figures over [from, to) from the journal, as the live figures and the history report compute
 * them. `readFrom`: the first moment of the journal read (the history reads from its `from`, a restart from
 * local midnight); by default everything.
 */
function figuresOf(journal: readonly RoutingEvent[], queueId: string, from = T0, to = at(3600), readFrom = Number.NEGATIVE_INFINITY): QueueFigures {
  const events = journal.filter((event) => event.at >= readFrom).flatMap((event) => {
    const mapped = queueEventOf(event);
    return mapped && mapped.queueId === queueId ? [mapped] : [];
  });
  return queueFiguresForRange(events, { queueId, fromInclusive: from, toExclusive: to, thresholds });
}

const arrivals = (journal: readonly RoutingEvent[]) => journal.filter((event) => event.type === 'contact.queued' && event.reason === 'arrival').length;

describe('queue figures of the routing core’s events: contacts moving between queues', () => {
  /**
   * a: answered in sales after 5 s, transferred by the seller to care at 40 s, answered there at 112 s.
   * b: transferred to care by a supervisor while waiting in sales, abandons in care.
   * c: waits in sales until it overflows to care at 70 s, answered there at 85 s.
   */
  function transfersAndOverflow() {
    const { engine, journal, record } = centre();
    record(engine.enqueue(contactOf('a', 'sales'), at(0)));
    record(engine.login('seller', at(0)));
    record(engine.acceptOffer('a', 'seller', at(5)));
    record(engine.enqueue(contactOf('c', 'sales'), at(10)));
    record(engine.enqueue(contactOf('b', 'sales'), at(20)));
    record(engine.transferToQueue('b', 'care', at(25), { kind: 'supervisor', id: 'sophie' }));
    record(engine.abandon('b', at(30)));
    record(engine.setNotReady('seller', 'break', at(35)));
    record(engine.transferToQueue('a', 'care', at(40), { kind: 'agent', id: 'seller' }));
    record(engine.tick(at(70)));
    record(engine.login('carer', at(80)));
    record(engine.acceptOffer('c', 'carer', at(85)));
    record(engine.endContact('c', at(100)));
    record(engine.tick(at(110)));
    record(engine.acceptOffer('a', 'carer', at(112)));
    record(engine.endContact('a', at(130)));
    record(engine.endWrapUp('carer', at(135)));
    return journal;
  }

  it('counts an agent’s transfer as transferred out of the queue it leaves, and each contact once centre-wide', () => {
    const journal = transfersAndOverflow();
    const sales = figuresOf(journal, 'sales');
    const care = figuresOf(journal, 'care');
    expect(sales).toMatchObject({ offered: 3, answered: 1, abandoned: 0, overflowedOut: 2, transferredOut: 1 });
    expect(care).toMatchObject({ offered: 3, answered: 2, abandoned: 1, overflowedOut: 0, transferredOut: 0, completed: 2 });
    const all = QUEUES.map((queueId) => figuresOf(journal, queueId));
    const sum = (key: 'offered' | 'overflowedOut' | 'transferredOut') => all.reduce((total, figures) => total + figures[key], 0);
    expect(sum('offered') - sum('overflowedOut') - sum('transferredOut')).toBe(arrivals(journal));
    expect(arrivals(journal)).toBe(3);
  });

  it('counts a transfer back into the same queue as transferred out and offered again there', () => {
    const { engine, journal, record } = centre();
    record(engine.enqueue(contactOf('a', 'sales'), at(0)));
    record(engine.login('seller', at(0)));
    record(engine.acceptOffer('a', 'seller', at(2)));
    record(engine.transferToQueue('a', 'sales', at(30), { kind: 'agent', id: 'seller' }));
    record(engine.acceptOffer('a', 'seller', at(33)));
    const sales = figuresOf(journal, 'sales');
    expect(sales).toMatchObject({ offered: 2, answered: 2, transferredOut: 1, overflowedOut: 0 });
    expect(sales.offered - sales.overflowedOut - sales.transferredOut).toBe(1);
  });
});

describe('queue figures of the routing core’s events: handle time of each agent', () => {
  it('counts the talk before an agent’s transfer in the queue the contact left, and the rest where it completes', () => {
    const { engine, journal, record } = centre();
    record(engine.enqueue(contactOf('a', 'sales'), at(0)));
    record(engine.login('seller', at(0)));
    record(engine.login('carer', at(0)));
    record(engine.acceptOffer('a', 'seller', at(5)));
    record(engine.transferToQueue('a', 'care', at(40), { kind: 'agent', id: 'seller' }));
    record(engine.acceptOffer('a', 'carer', at(42)));
    record(engine.endContact('a', at(60)));
    record(engine.tick(at(70)));
    // Sales: the seller talked 35 s. Care: the carer talked 18 s and wrapped up 10 s.
    expect(figuresOf(journal, 'sales')).toMatchObject({ handled: 1, completed: 0, transferredOut: 1, ahtSeconds: 35 });
    expect(figuresOf(journal, 'care')).toMatchObject({ handled: 1, completed: 1, ahtSeconds: 28 });
  });

  it('counts the talk before a lost desktop sent the contact back to its queue, and the next agent’s handling', () => {
    const { engine, journal, record } = centre();
    record(engine.enqueue(contactOf('a', 'sales'), at(0)));
    record(engine.login('seller', at(0)));
    record(engine.acceptOffer('a', 'seller', at(2)));
    record(engine.disconnect('seller', at(20)));
    record(engine.tick(at(50)));
    expect(journal.at(-1)).toMatchObject({ type: 'contact.requeued', contactId: 'a', at: at(50) });
    record(engine.login('seller2', at(55)));
    record(engine.acceptOffer('a', 'seller2', at(58)));
    record(engine.endContact('a', at(70)));
    record(engine.tick(at(80)));
    // The seller held it 48 s (through the grace period); seller2 talked 12 s and wrapped up 10 s.
    expect(figuresOf(journal, 'sales')).toMatchObject({ handled: 2, completed: 1, ahtSeconds: (48 + 22) / 2 });
  });

  it('counts each agent’s handling once, in one queue, over all queues', () => {
    const { engine, journal, record } = centre();
    record(engine.enqueue(contactOf('a', 'sales'), at(0)));
    record(engine.enqueue(contactOf('b', 'sales'), at(1)));
    record(engine.login('seller', at(2)));
    record(engine.login('seller2', at(2)));
    record(engine.login('carer', at(2)));
    record(engine.acceptOffer('a', 'seller', at(3)));
    record(engine.acceptOffer('b', 'seller2', at(4)));
    record(engine.disconnect('seller2', at(10)));
    record(engine.transferToQueue('a', 'care', at(30), { kind: 'agent', id: 'seller' }));
    record(engine.acceptOffer('a', 'carer', at(31)));
    record(engine.tick(at(40)));
    record(engine.acceptOffer('b', 'seller', at(41)));
    record(engine.endContact('b', at(50)));
    record(engine.tick(at(60)));
    record(engine.endContact('a', at(80)));
    record(engine.tick(at(90)));
    const handled = QUEUES.reduce((total, queueId) => total + figuresOf(journal, queueId).handled, 0);
    expect(handled).toBe(4);
    const handleSeconds = QUEUES.reduce((total, queueId) => {
      const figures = figuresOf(journal, queueId);
      return total + (figures.ahtSeconds ?? 0) * figures.handled;
    }, 0);
    // a: 27 s with the seller, 49 + 10 s with the carer; b: 36 s with seller2 (lost), 9 + 10 s with the seller.
    expect(handleSeconds).toBeCloseTo(27 + 59 + 36 + 19, 9);
  });
});

describe('queue figures of the routing core’s events: a contact sent back to its queue after a lost desktop', () => {
  /** a: answered by the seller at 2 s; the seller's desktop is lost at 20 s; a goes back to sales at 50 s. */
  function handedBack() {
    const { engine, journal, record } = centre();
    record(engine.enqueue(contactOf('a', 'sales'), at(0)));
    record(engine.login('seller', at(0)));
    record(engine.acceptOffer('a', 'seller', at(2)));
    record(engine.disconnect('seller', at(20)));
    record(engine.tick(at(50)));
    expect(journal.at(-1)).toMatchObject({ type: 'contact.requeued', contactId: 'a', at: at(50) });
    return { engine, journal, record };
  }

  it('offers it again: a caller who then hangs up while waiting is an abandon, their wait counted from the hand-back', () => {
    const { engine, journal, record } = handedBack();
    record(engine.abandon('a', at(53)));
    expect(figuresOf(journal, 'sales')).toMatchObject({
      offered: 2,
      requeued: 1,
      answered: 1,
      abandoned: 1,
      shortAbandoned: 1,
      handled: 1,
      ahtSeconds: 48,
      abandonRate: 0.5,
    });
  });

  it('counts a second answer after the hand-back, its wait counted from the hand-back', () => {
    const { engine, journal, record } = handedBack();
    record(engine.login('seller2', at(55)));
    record(engine.acceptOffer('a', 'seller2', at(58)));
    const sales = figuresOf(journal, 'sales');
    expect(sales).toMatchObject({ offered: 2, requeued: 1, answered: 2, answeredWithinThreshold: 2, abandoned: 0 });
    expect(sales.asaSeconds).toBe((2 + 8) / 2);
  });

  it('counts each contact once centre-wide: Σ offered − Σ requeued − Σ overflowed out − Σ transferred out', () => {
    const { engine, journal, record } = handedBack();
    // Back in sales since 0 s: it overflows to care at 60 s, is answered there and transferred back to sales.
    record(engine.tick(at(60)));
    record(engine.login('carer', at(61)));
    record(engine.acceptOffer('a', 'carer', at(62)));
    record(engine.transferToQueue('a', 'sales', at(70), { kind: 'agent', id: 'carer' }));
    record(engine.abandon('a', at(90)));
    const all = QUEUES.map((queueId) => figuresOf(journal, queueId));
    const sum = (key: 'offered' | 'requeued' | 'overflowedOut' | 'transferredOut') => all.reduce((total, figures) => total + figures[key], 0);
    expect([sum('offered'), sum('requeued'), sum('overflowedOut'), sum('transferredOut')]).toEqual([4, 1, 1, 1]);
    expect(sum('offered') - sum('requeued') - sum('overflowedOut') - sum('transferredOut')).toBe(arrivals(journal));
  });

  it('gives the same figures for a period whatever moment the journal is read from (live, after a restart, history)', () => {
    const { engine, journal, record } = handedBack();
    record(engine.abandon('a', at(53)));
    for (const cut of [at(0), at(1), at(3), at(30), at(51)]) {
      for (const queueId of QUEUES) {
        expect(figuresOf(journal, queueId, cut, at(3600), cut)).toEqual(figuresOf(journal, queueId, cut, at(3600)));
      }
    }
  });
});

/** A random working day of the centre, as steps resolved against the engine's live state. */
type Step =
  | { kind: 'arrive'; queue: number }
  | { kind: 'accept' | 'end' | 'abandon' | 'transfer_waiting' | 'transfer_by_agent'; pick: number; queue: number }
  | { kind: 'end_wrap_up' | 'login' | 'available' | 'break' | 'disconnect' | 'reconnect'; agent: number }
  | { kind: 'wait'; seconds: number };

const AGENTS = ['seller', 'seller2', 'carer'];
const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('arrive' as const), queue: fc.nat(1) }) },
  ...(['accept', 'end', 'abandon', 'transfer_waiting', 'transfer_by_agent'] as const).map((kind) => ({
    weight: kind === 'accept' || kind === 'end' ? 4 : 1,
    arbitrary: fc.record({ kind: fc.constant(kind), pick: fc.nat(20), queue: fc.nat(1) }),
  })),
  ...(['end_wrap_up', 'login', 'available', 'break', 'disconnect', 'reconnect'] as const).map((kind) => ({
    weight: kind === 'disconnect' || kind === 'reconnect' || kind === 'break' ? 1 : 2,
    arbitrary: fc.record({ kind: fc.constant(kind), agent: fc.nat(AGENTS.length - 1) }),
  })),
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('wait' as const), seconds: fc.oneof(fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 90 })) }) },
);

/** Runs the steps from T0 (refused ones change nothing) and ends with a tick; returns the journal. */
function workingDay(steps: readonly Step[]): { engine: RoutingEngine; journal: RoutingEvent[]; end: number } {
  const { engine, journal, record } = centre();
  let now = T0;
  let next = 0;
  const pick = (statuses: readonly string[], n: number) => {
    const live = engine.contactIds().flatMap((id) => engine.getContact(id) ?? []).filter((contact) => statuses.includes(contact.status));
    return live.length === 0 ? undefined : live[n % live.length];
  };
  for (const step of steps) {
    try {
      switch (step.kind) {
        case 'wait':
          now += step.seconds * 1000;
          record(engine.tick(now));
          break;
        case 'arrive':
          record(engine.enqueue(contactOf(`c${next++}`, QUEUES[step.queue]), now));
          break;
        case 'accept': {
          const contact = pick(['offered'], step.pick);
          if (contact) record(engine.acceptOffer(contact.id, contact.agentId as string, now));
          break;
        }
        case 'end': {
          const contact = pick(['connected'], step.pick);
          if (contact) record(engine.endContact(contact.id, now));
          break;
        }
        case 'abandon': {
          const contact = pick(['waiting', 'offered'], step.pick);
          if (contact) record(engine.abandon(contact.id, now));
          break;
        }
        case 'transfer_waiting': {
          const contact = pick(['waiting', 'offered'], step.pick);
          if (contact) record(engine.transferToQueue(contact.id, QUEUES[step.queue], now, { kind: 'supervisor', id: 'sophie' }));
          break;
        }
        case 'transfer_by_agent': {
          const contact = pick(['connected'], step.pick);
          if (contact) record(engine.transferToQueue(contact.id, QUEUES[step.queue], now, { kind: 'agent', id: contact.agentId as string }));
          break;
        }
        case 'end_wrap_up':
          record(engine.endWrapUp(AGENTS[step.agent], now));
          break;
        case 'login':
          record(engine.login(AGENTS[step.agent], now));
          break;
        case 'available':
          record(engine.setAvailable(AGENTS[step.agent], now));
          break;
        case 'break':
          record(engine.setNotReady(AGENTS[step.agent], 'break', now));
          break;
        case 'disconnect':
          record(engine.disconnect(AGENTS[step.agent], now));
          break;
        case 'reconnect':
          record(engine.reconnect(AGENTS[step.agent], now));
          break;
      }
    } catch (error) {
      if (!(error instanceof RoutingError)) throw error;
    }
  }
  now += 1000;
  record(engine.tick(now));
  return { engine, journal, end: now + 1 };
}

describe('queue figures of random working days', () => {
  const day = fc.array(stepArbitrary, { minLength: 20, maxLength: 150 });

  it('keeps every share between 0 and 1 and every average at 0 or above, over any period', () => {
    fc.assert(
      fc.property(day, fc.nat(1000), fc.nat(1000), (steps, a, b) => {
        const { journal, end } = workingDay(steps);
        const span = end - T0;
        const from = T0 + Math.floor((Math.min(a, b) / 1000) * span);
        const to = T0 + Math.ceil((Math.max(a, b) / 1000) * span) + 1;
        for (const queueId of QUEUES) {
          const figures = figuresOf(journal, queueId, from, to);
          const shares = [...SERVICE_LEVEL_FORMULAS.map((formula) => figures.serviceLevel[formula]), figures.abandonRate, figures.abandonRateExcludingShortAbandons];
          for (const share of shares.filter((value) => value !== null)) {
            expect(share).toBeGreaterThanOrEqual(0);
            expect(share).toBeLessThanOrEqual(1);
          }
          for (const average of [figures.asaSeconds, figures.ahtSeconds].filter((value) => value !== null)) expect(average).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('accounts for every offer and every handling, counts each contact once, and does not depend on where the journal is read from', () => {
    fc.assert(
      fc.property(day, fc.nat(1000), (steps, c) => {
        const { engine, journal, end } = workingDay(steps);
        const all = QUEUES.map((queueId) => figuresOf(journal, queueId, T0, end));
        const sum = (key: 'offered' | 'requeued' | 'overflowedOut' | 'transferredOut') => all.reduce((total, figures) => total + figures[key], 0);
        expect(sum('offered') - sum('requeued') - sum('overflowedOut') - sum('transferredOut')).toBe(arrivals(journal));
        QUEUES.forEach((queueId, i) => {
          const figures = all[i];
          // Each offer ends once (answered, abandoned or overflowed out) or still waits.
          const waiting = engine.contactIds().flatMap((id) => engine.getContact(id) ?? []).filter((contact) => contact.queueId === queueId && (contact.status === 'waiting' || contact.status === 'offered'));
          expect(figures.offered - figures.answered - figures.abandoned - figures.overflowedOut).toBe(waiting.length);
          // Each agent's handling ends once: completed, transferred by the agent, or handed back.
          expect(figures.handled).toBe(figures.completed + figures.transferredOut + figures.requeued);
          const cut = T0 + Math.floor((c / 1000) * (end - T0));
          expect(figuresOf(journal, queueId, cut, end, cut)).toEqual(figuresOf(journal, queueId, cut, end));
        });
      }),
      { numRuns: 150 },
    );
  });
});

describe('the longest wait of the contacts waiting now, from the journal and from the routing core’s stored records', () => {
  /** A stored record as the server reads it back (the core always stores `enqueuedAt`). */
  const sinceOf = (record: ContactRecord | undefined) => waitingSinceOf({ enqueuedAt: Number.NaN, ...record });
  /** Where the live figures start each waiting contact's wait: the journal, in order. */
  function liveWaitingSince(journal: readonly RoutingEvent[]): Map<string, number> {
    const waiting = new WaitingContacts();
    for (const event of journal) waiting.apply(event);
    const since = new Map<string, number>();
    for (const event of journal) {
      const contact = 'contactId' in event ? waiting.get(event.contactId) : undefined;
      if (contact && 'contactId' in event) since.set(event.contactId, contact.since);
    }
    return since;
  }

  it('counts a contact handed back after a lost desktop from the hand-back, before and after a restart, as the live figures do', () => {
    const { engine, journal, record } = centre();
    record(engine.enqueue(contactOf('a', 'sales'), at(0)));
    record(engine.login('seller', at(0)));
    record(engine.acceptOffer('a', 'seller', at(2)));
    record(engine.disconnect('seller', at(20)));
    record(engine.tick(at(50)));
    expect(engine.getContact('a')).toMatchObject({ status: 'waiting', queueId: 'sales' });
    const stored = engine.contactRecordOf('a');
    expect(sinceOf(stored)).toBe(at(50));
    const restarted = RoutingEngine.restore(engine.snapshot());
    expect(sinceOf(restarted.contactRecordOf('a'))).toBe(at(50));
    expect(liveWaitingSince(journal).get('a')).toBe(at(50));
  });

  it('counts an overflowed contact from its arrival, as routing’s explanation does, and a transferred one from the transfer', () => {
    const { engine, journal, record } = centre();
    record(engine.enqueue(contactOf('o', 'sales'), at(0)));
    record(engine.enqueue(contactOf('t', 'sales'), at(5)));
    record(engine.tick(at(30)));
    record(engine.transferToQueue('t', 'care', at(30), { kind: 'supervisor', id: 'sophie' }));
    record(engine.tick(at(61)));
    record(engine.tick(at(440)));
    expect(engine.getContact('o')).toMatchObject({ status: 'waiting', queueId: 'care' });
    const live = liveWaitingSince(journal);
    for (const [id, since] of [['o', at(0)], ['t', at(30)]] as const) {
      expect(sinceOf(engine.contactRecordOf(id))).toBe(since);
      expect(sinceOf(RoutingEngine.restore(engine.snapshot()).contactRecordOf(id))).toBe(since);
      expect(live.get(id)).toBe(since);
      expect(engine.explain(id, at(440)).waitSeconds).toBe((at(440) - since) / 1000);
    }
    // Seven minutes and twenty seconds for the caller of `o`, in care since its overflow at 60 s.
    const waiting = new WaitingContacts();
    for (const event of journal) waiting.apply(event);
    expect(waiting.sinceByQueue().get('care')).toEqual(expect.arrayContaining([at(0), at(30)]));
    expect(waiting.countIn('care')).toBe(2);
    expect(waiting.countIn('sales')).toBe(0);
    // One queue's waits, read without the others'.
    expect(waiting.sinceIn('care').sort((a, b) => a - b)).toEqual([at(0), at(30)]);
    expect(waiting.sinceIn('sales')).toEqual([]);
  });

  it('counts the wait of a contact answered or abandoned after an overflow from its arrival, for ASA, the service level and short abandons', () => {
    const { engine, journal, record } = centre();
    record(engine.enqueue(contactOf('answered', 'sales'), at(0)));
    record(engine.enqueue(contactOf('gone', 'sales'), at(1)));
    record(engine.tick(at(61)));
    record(engine.login('carer', at(62)));
    record(engine.acceptOffer('answered', 'carer', at(64)));
    record(engine.abandon('gone', at(63)));
    const care = figuresOf(journal, 'care');
    // In care for 4 s and 2 s; the callers waited 64 s and 62 s.
    expect(care).toMatchObject({ answered: 1, answeredWithinThreshold: 0, abandoned: 1, shortAbandoned: 0, asaSeconds: 64 });
    expect(figuresOf(journal, 'sales')).toMatchObject({ answered: 0, abandoned: 0, overflowedOut: 2, asaSeconds: null });
  });

  it('reads records stored before the core kept the start of the current wait', () => {
    expect(waitingSinceOf({ enqueuedAt: at(0) })).toBe(at(0));
    expect(waitingSinceOf({ enqueuedAt: at(0), waitStartedAt: at(50) })).toBe(at(50));
  });
});

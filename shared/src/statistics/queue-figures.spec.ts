import fc from 'fast-check';
import { SERVICE_LEVEL_FORMULAS } from '../domain/call-centre';
import {
  CALL_TIME_FIGURE_DEFINITIONS,
  CALL_TIME_FIGURE_KEYS,
  FIGURE_DEFINITIONS,
  QUEUE_FIGURE_KEYS,
  type QueueFigures,
  QueueStatisticsInputError,
  type ContactOutcomeRecord,
  type QueueContactEvent,
  eventsFromOutcome,
  figureValue,
  queueFiguresForRange,
  serviceLevelFigureKey,
} from './index';

const T0 = Date.UTC(2026, 2, 2, 9, 0, 0); // 09:00 UTC
const s = (seconds: number) => T0 + seconds * 1000;
const thresholds = { serviceLevelThresholdSeconds: 20, shortAbandonThresholdSeconds: 5 };
/** Waits of exactly the service-level and short-abandon thresholds, and one millisecond either side. */
const thresholdWaits = fc.constantFrom(
  ...[thresholds.serviceLevelThresholdSeconds, thresholds.shortAbandonThresholdSeconds].flatMap((seconds) => [seconds * 1000 - 1, seconds * 1000, seconds * 1000 + 1]),
);

/** A contact row in queue q1, times in seconds after T0. */
function contact(id: string, fields: Partial<Record<'queued' | 'answered' | 'abandoned' | 'overflowed' | 'completed', number>> & {
  talk?: number;
  hold?: number;
  acw?: number;
}): ContactOutcomeRecord {
  const at = (seconds: number | undefined) => (seconds === undefined ? undefined : s(seconds));
  return {
    contactId: id,
    queueId: 'q1',
    channel: 'voice',
    enqueuedAt: s(fields.queued ?? 0),
    answeredAt: at(fields.answered),
    abandonedAt: at(fields.abandoned),
    overflowedAt: at(fields.overflowed),
    completedAt: at(fields.completed),
    talkSeconds: fields.talk,
    holdSeconds: fields.hold,
    afterCallWorkSeconds: fields.acw,
  };
}

/**
 * The worked example (T = 20 s, short abandon = 5 s):
 * c1 waits 10 s, answered (met), handled 120 + 30 + 40 = 190 s
 * c2 waits 40 s, answered (missed), handled 200 + 0 + 50 = 250 s
 * c3 waits 20 s, answered (met: the threshold itself counts)
 * c4 waits 21 s, answered (missed), still in wrap-up
 * c5 abandons after 3 s (short), c6 after 5 s (short: the threshold itself counts), c7 after 60 s
 * c8 overflows out after 30 s; c9 is still waiting at 120 s (entered at 60 s)
 */
const worked: ContactOutcomeRecord[] = [
  contact('c1', { queued: 0, answered: 10, completed: 200, talk: 120, hold: 30, acw: 40 }),
  contact('c2', { queued: 5, answered: 45, completed: 300, talk: 200, acw: 50 }),
  contact('c3', { queued: 10, answered: 30 }),
  contact('c4', { queued: 12, answered: 33 }),
  contact('c5', { queued: 20, abandoned: 23 }),
  contact('c6', { queued: 30, abandoned: 35 }),
  contact('c7', { queued: 40, abandoned: 100 }),
  contact('c8', { queued: 50, overflowed: 80 }),
  contact('c9', { queued: 60 }),
];
const workedEvents = worked.flatMap(eventsFromOutcome);

describe('queue figures of the worked example', () => {
  const figures = queueFiguresForRange(workedEvents, {
    queueId: 'q1',
    fromInclusive: T0,
    toExclusive: s(3600),
    thresholds,
    waiting: { now: s(120), waitingEnqueuedAt: [s(60)] },
  });

  it('counts every contact where its decisive event says', () => {
    expect(figures).toMatchObject({
      windowStartsAt: T0,
      windowEndsAt: s(3600),
      offered: 9,
      answered: 4,
      answeredWithinThreshold: 2,
      abandoned: 3,
      shortAbandoned: 2,
      overflowedOut: 1,
      transferredOut: 0,
      requeued: 0,
      completed: 2,
      handled: 2,
      waitingCount: 1,
      longestCurrentWaitSeconds: 60,
    });
  });

  it('gives each service-level formula its own answer', () => {
    // answered_only: 2 / 4
    expect(figures.serviceLevel.answered_only).toBe(0.5);
    // abandons_in_denominator: 2 / (4 + 3 - 2)
    expect(figures.serviceLevel.abandons_in_denominator).toBe(0.4);
    // short_abandons_met: (2 + 2) / (4 + 3)
    expect(figures.serviceLevel.short_abandons_met).toBe(4 / 7);
  });

  it('takes true means and plain rates', () => {
    expect(figures.asaSeconds).toBe((10 + 40 + 20 + 21) / 4);
    expect(figures.ahtSeconds).toBe((190 + 250) / 2);
    // Over the 8 contacts whose wait ended (c9 still waits): 4 answered + 3 abandoned + 1 overflowed out.
    expect(figures.abandonRate).toBe(3 / 8);
    // Short abandons (c5, c6) out of both sides.
    expect(figures.abandonRateExcludingShortAbandons).toBe(1 / 6);
  });

  it('averages handle time over every agent’s handling that ended: completed, transferred by the agent, handed back after a lost desktop', () => {
    const base = { queueId: 'q1', channel: 'voice' as const };
    const handlings: QueueContactEvent[] = [
      ...workedEvents,
      { ...base, contactId: 't1', type: 'contact.transferred', at: s(400), handleSeconds: 60 },
      { ...base, contactId: 'r1', type: 'contact.requeued', at: s(500), handleSeconds: 20 },
      // Handle time not known (written before it was recorded): transferred out, but not in AHT.
      { ...base, contactId: 't2', type: 'contact.transferred', at: s(600), handleSeconds: null },
    ];
    const f = queueFiguresForRange(handlings, { queueId: 'q1', fromInclusive: T0, toExclusive: s(3600), thresholds });
    // The hand-back is a new offer here.
    expect(f).toMatchObject({ offered: 10, requeued: 1, completed: 2, transferredOut: 2, handled: 4 });
    expect(f.ahtSeconds).toBe((190 + 250 + 60 + 20) / 4);
    expect(() =>
      queueFiguresForRange([{ ...base, contactId: 'x', type: 'contact.requeued', at: s(1), handleSeconds: -1 }], {
        queueId: 'q1',
        fromInclusive: T0,
        toExclusive: s(60),
        thresholds,
      }),
    ).toThrow(/handleSeconds/);
  });

  it('counts only events inside the range', () => {
    // [09:00:30, 09:01:40): queued c6..c9 (4); answered c3 at 30 s (met), c4 at 33 s and c2 at 45 s (missed);
    // abandoned c6 at 35 s (short), while c7's abandon at 100 s is outside; overflowed c8 at 80 s.
    const part = queueFiguresForRange(workedEvents, { queueId: 'q1', fromInclusive: s(30), toExclusive: s(100), thresholds });
    expect(part).toMatchObject({
      offered: 4,
      answered: 3,
      answeredWithinThreshold: 1,
      abandoned: 1,
      shortAbandoned: 1,
      overflowedOut: 1,
      completed: 0,
      ahtSeconds: null,
      waitingCount: 0,
      longestCurrentWaitSeconds: null,
    });
    expect(part.serviceLevel).toEqual({ answered_only: 1 / 3, abandons_in_denominator: 1 / 3, short_abandons_met: 2 / 4 });
  });

  it('counts the abandon rates over the contacts whose wait ended in the period, so callers who entered before it cannot push them out of 0..1', () => {
    // [09:00:35, 09:01:40): c6 abandons (short, entered at 30 s), c8 overflows out; nothing enters but c7..c9.
    const part = queueFiguresForRange(workedEvents, { queueId: 'q1', fromInclusive: s(35), toExclusive: s(100), thresholds });
    expect(part).toMatchObject({ offered: 3, answered: 1, abandoned: 1, shortAbandoned: 1, overflowedOut: 1 });
    expect(part.abandonRate).toBe(1 / 3);
    expect(part.abandonRateExcludingShortAbandons).toBe(0);
    // Callers who all entered before the period [2 s, 60 s): more short abandons than offers in it.
    const early = [contact('x', { queued: 0, abandoned: 3 }), contact('y', { queued: 1, abandoned: 4 }), contact('z', { queued: 0, abandoned: 30 })].flatMap(eventsFromOutcome);
    const quiet = queueFiguresForRange(early, { queueId: 'q1', fromInclusive: s(2), toExclusive: s(60), thresholds });
    expect(quiet).toMatchObject({ offered: 0, abandoned: 3, shortAbandoned: 2, abandonRate: 1, abandonRateExcludingShortAbandons: 1 });
    // Only short abandons: no figure excluding them, never 0 or below.
    const shortOnly = queueFiguresForRange(early, { queueId: 'q1', fromInclusive: s(2), toExclusive: s(10), thresholds });
    expect(shortOnly).toMatchObject({ offered: 0, abandoned: 2, shortAbandoned: 2, abandonRate: 1, abandonRateExcludingShortAbandons: null });
  });

  it('reports figures with nothing to divide by as empty', () => {
    const empty = queueFiguresForRange([], { queueId: 'q1', fromInclusive: T0, toExclusive: T0, thresholds });
    expect(empty.serviceLevel).toEqual({ answered_only: null, abandons_in_denominator: null, short_abandons_met: null });
    expect(empty).toMatchObject({ asaSeconds: null, ahtSeconds: null, abandonRate: null, abandonRateExcludingShortAbandons: null });
    // Only short abandons: the abandons_in_denominator divisor is 0, short_abandons_met is 100%.
    const shortOnly = queueFiguresForRange(eventsFromOutcome(contact('x', { queued: 0, abandoned: 2 })), {
      queueId: 'q1',
      fromInclusive: T0,
      toExclusive: s(60),
      thresholds,
    });
    expect(shortOnly.serviceLevel).toEqual({ answered_only: null, abandons_in_denominator: null, short_abandons_met: 1 });
    expect(shortOnly.abandonRateExcludingShortAbandons).toBeNull();
  });

  it('never reports a negative wait for a contact stamped after now', () => {
    const f = queueFiguresForRange([], {
      queueId: 'q1',
      fromInclusive: T0,
      toExclusive: s(60),
      thresholds,
      waiting: { now: s(10), waitingEnqueuedAt: [s(11), s(12)] },
    });
    expect(f).toMatchObject({ waitingCount: 2, longestCurrentWaitSeconds: 0 });
  });
});

describe('eventsFromOutcome', () => {
  it('turns a contact row into its events', () => {
    expect(eventsFromOutcome(contact('c1', { queued: 0, answered: 10, completed: 200, talk: 120, hold: 30, acw: 40 }))).toEqual([
      { contactId: 'c1', queueId: 'q1', channel: 'voice', type: 'contact.queued', at: s(0) },
      { contactId: 'c1', queueId: 'q1', channel: 'voice', type: 'contact.answered', at: s(10), enqueuedAt: s(0) },
      {
        contactId: 'c1',
        queueId: 'q1',
        channel: 'voice',
        type: 'contact.completed',
        at: s(200),
        talkSeconds: 120,
        holdSeconds: 30,
        afterCallWorkSeconds: 40,
      },
    ]);
    expect(eventsFromOutcome(contact('c9', { queued: 60 })).map((e) => e.type)).toEqual(['contact.queued']);
  });

  it('rejects contradictory rows', () => {
    expect(() => eventsFromOutcome(contact('x', { queued: 0, answered: 5, abandoned: 6 }))).toThrow(QueueStatisticsInputError);
    expect(() => eventsFromOutcome(contact('x', { queued: 0, abandoned: 6, completed: 9 }))).toThrow(/completedAt/);
    expect(() => eventsFromOutcome(contact('x', { queued: 0, answered: 6, completed: 5 }))).toThrow(/completedAt/);
    expect(() => eventsFromOutcome(contact('x', { queued: 10, answered: 5 }))).toThrow(/enqueuedAt/);
    expect(() => eventsFromOutcome(contact('x', { queued: 0, answered: 5, completed: 9, talk: -1 }))).toThrow(/talkSeconds/);
    expect(() => eventsFromOutcome({ ...contact('x', { queued: 0 }), enqueuedAt: 1.5 })).toThrow(/epoch milliseconds/);
    expect(() => eventsFromOutcome({ ...contact('x', { queued: 0 }), channel: 'fax' as never })).toThrow(/channel/);
  });

  it('keeps reports to one queue', () => {
    const other: QueueContactEvent = { contactId: 'z', queueId: 'q2', channel: 'chat', type: 'contact.queued', at: T0 };
    expect(() =>
      queueFiguresForRange([...workedEvents, other], { queueId: 'q1', fromInclusive: T0, toExclusive: s(60), thresholds }),
    ).toThrow(/queueId/);
  });
});

describe('FIGURE_DEFINITIONS', () => {
  it('defines every figure, with English and Simplified Chinese labels', () => {
    expect(Object.keys(FIGURE_DEFINITIONS).sort()).toEqual([...QUEUE_FIGURE_KEYS].sort());
    for (const key of QUEUE_FIGURE_KEYS) {
      const d = FIGURE_DEFINITIONS[key];
      expect(d.label.en.length).toBeGreaterThan(0);
      expect(d.label['zh-Hans']).toMatch(/[\u4e00-\u9fff]/);
      expect(d.definition.length).toBeGreaterThan(20);
    }
    for (const formula of SERVICE_LEVEL_FORMULAS) expect(FIGURE_DEFINITIONS[serviceLevelFigureKey(formula)]).toBeDefined();
  });

  it('defines talk and hold, counted apart by the call workspace, in both languages', () => {
    expect(Object.keys(CALL_TIME_FIGURE_DEFINITIONS).sort()).toEqual([...CALL_TIME_FIGURE_KEYS].sort());
    for (const key of CALL_TIME_FIGURE_KEYS) {
      const d = CALL_TIME_FIGURE_DEFINITIONS[key];
      expect(d.unit).toBe('seconds');
      expect(d.label.en).toMatch(/^Avg [a-z]+$/);
      expect(d.label['zh-Hans']).toMatch(/[\u4e00-\u9fff]/);
      expect(d.definition).toMatch(/ended in the window|same calls/);
    }
  });

  it('names every figure of the result by a key', () => {
    const figures = queueFiguresForRange(workedEvents, {
      queueId: 'q1',
      fromInclusive: T0,
      toExclusive: s(3600),
      thresholds,
      waiting: { now: s(120), waitingEnqueuedAt: [s(60)] },
    });
    expect(figureValue(figures, 'offered')).toBe(9);
    expect(figureValue(figures, 'serviceLevel.abandons_in_denominator')).toBe(0.4);
    expect(figureValue(figures, 'longestCurrentWaitSeconds')).toBe(60);
    for (const key of QUEUE_FIGURE_KEYS) expect(figureValue(figures, key)).not.toBeUndefined();
  });
});

/** Every share of the figures: the service level under each formula and both abandon rates. */
function sharesOf(figures: QueueFigures): Array<number | null> {
  return [...SERVICE_LEVEL_FORMULAS.map((formula) => figures.serviceLevel[formula]), figures.abandonRate, figures.abandonRateExcludingShortAbandons];
}

describe('figures of any events over any period', () => {
  const seconds = fc.integer({ min: 0, max: 600 });
  /** Any valid event, times within an hour after T0; nothing ties the events of one contact together. */
  const eventArbitrary: fc.Arbitrary<QueueContactEvent> = fc
    .record({
      type: fc.constantFrom(
        'contact.queued',
        'contact.answered',
        'contact.abandoned',
        'contact.overflowed',
        'contact.transferred',
        'contact.requeued',
        'contact.completed',
      ),
      contact: fc.nat(30),
      at: fc.integer({ min: 0, max: 3_600_000 }),
      waitMillis: fc.oneof(thresholdWaits, fc.integer({ min: 0, max: 8_000 }), fc.integer({ min: 0, max: 600_000 })),
      handle: fc.option(fc.double({ min: 0, max: 900, noNaN: true }), { nil: null }),
      talk: seconds,
      hold: seconds,
      acw: seconds,
    })
    .map(({ type, contact, at, waitMillis, handle, talk, hold, acw }): QueueContactEvent => {
      const base = { contactId: `c${contact}`, queueId: 'q1', channel: 'voice' as const, at: T0 + at };
      switch (type) {
        case 'contact.queued':
          return { ...base, type };
        case 'contact.answered':
        case 'contact.abandoned':
        case 'contact.overflowed':
          return { ...base, type, enqueuedAt: Math.max(0, base.at - waitMillis) };
        case 'contact.transferred':
        case 'contact.requeued':
          return { ...base, type, handleSeconds: handle };
        case 'contact.completed':
          return { ...base, type, talkSeconds: talk, holdSeconds: hold, afterCallWorkSeconds: acw };
      }
    });

  it('keeps every share between 0 and 1 and every average at 0 or above, whatever the events and the period', () => {
    fc.assert(
      fc.property(
        fc.array(eventArbitrary, { maxLength: 60 }),
        fc.integer({ min: 0, max: 3_600_000 }),
        fc.integer({ min: 0, max: 3_600_000 }),
        (events, a, b) => {
          const figures = queueFiguresForRange(events, { queueId: 'q1', fromInclusive: T0 + Math.min(a, b), toExclusive: T0 + Math.max(a, b) + 1, thresholds });
          for (const share of sharesOf(figures).filter((value) => value !== null)) {
            expect(share).toBeGreaterThanOrEqual(0);
            expect(share).toBeLessThanOrEqual(1);
          }
          for (const average of [figures.asaSeconds, figures.ahtSeconds].filter((value) => value !== null)) expect(average).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('counts a wait of exactly the threshold as met (and a short abandon), and one a millisecond longer as not', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ answered: fc.boolean(), waitMillis: fc.oneof(thresholdWaits, fc.integer({ min: 0, max: 30_000 })) }), { maxLength: 40 }),
        (waits) => {
          const events: QueueContactEvent[] = waits.map(({ answered, waitMillis }, i) => ({
            contactId: `c${i}`,
            queueId: 'q1',
            channel: 'voice',
            type: answered ? 'contact.answered' : 'contact.abandoned',
            at: s(60),
            enqueuedAt: s(60) - waitMillis,
          }));
          const figures = queueFiguresForRange(events, { queueId: 'q1', fromInclusive: s(0), toExclusive: s(120), thresholds });
          const count = (answered: boolean, limitSeconds: number) => waits.filter((w) => w.answered === answered && w.waitMillis <= limitSeconds * 1000).length;
          expect({ met: figures.answeredWithinThreshold, short: figures.shortAbandoned }).toEqual({
            met: count(true, thresholds.serviceLevelThresholdSeconds),
            short: count(false, thresholds.shortAbandonThresholdSeconds),
          });
        },
      ),
      { numRuns: 100 },
    );
  });
});

import fc from 'fast-check';
import { thrownError } from '../testing/thrown';
import {
  type EpochMillis,
  type QueueContactEvent,
  QueueStatisticsInputError,
  QueueStatisticsWindow,
  type QueueFigures,
} from './index';

const MINUTE = 60_000;
const thresholds = { serviceLevelThresholdSeconds: 20, shortAbandonThresholdSeconds: 5 };
const window = (timeZone = 'UTC', maxRollingMinutes = 60) =>
  new QueueStatisticsWindow({ queueId: 'q1', timeZone, maxRollingMinutes, ...thresholds });

const queued = (at: EpochMillis, id = `c${at}`): QueueContactEvent => ({
  contactId: id,
  queueId: 'q1',
  channel: 'voice',
  type: 'contact.queued',
  at,
});
const answered = (enqueuedAt: EpochMillis, at: EpochMillis, id = `c${enqueuedAt}`): QueueContactEvent => ({
  contactId: id,
  queueId: 'q1',
  channel: 'voice',
  type: 'contact.answered',
  enqueuedAt,
  at,
});

const T = Date.UTC(2026, 4, 20, 10, 0, 0); // 10:00:00 UTC

describe('QueueStatisticsWindow rolling windows', () => {
  it('covers now’s minute and the minutes before it, whole', () => {
    const w = window();
    w.record(queued(T - 60 * MINUTE + 59_999)); // 09:00:59.999, the minute just outside a 60-minute window at 10:00:30
    w.record(queued(T - 59 * MINUTE)); // 09:01:00, the first minute inside it
    w.record(queued(T + 10_000)); // 10:00:10
    w.record(queued(T + 50_000)); // 10:00:50, later in now's minute: counts
    const f = w.rolling(T + 30_000, 60);
    expect(f.offered).toBe(3);
    expect(f.windowStartsAt).toBe(T - 59 * MINUTE);
    expect(f.windowEndsAt).toBe(T + MINUTE);
    expect(w.rolling(T + 30_000, 1).offered).toBe(2);
    expect(w.rolling(T + 30_000, 15).offered).toBe(2);
    // A minute later the 09:01 contact has left the 60-minute window.
    expect(w.rolling(T + MINUTE, 60).offered).toBe(2);
  });

  it('counts an answer in the minute it happened, with the wait since entry', () => {
    const w = window();
    w.record(queued(T - 30 * MINUTE, 'a'));
    w.record(answered(T - 30 * MINUTE, T - 5 * MINUTE, 'a'));
    const last15 = w.rolling(T, 15);
    expect(last15).toMatchObject({ offered: 0, answered: 1, answeredWithinThreshold: 0, asaSeconds: 25 * 60 });
    expect(last15.serviceLevel.answered_only).toBe(0);
  });

  it('reports the live waiting figures', () => {
    const f = window().rolling(T, 15, [T - 90_000, T - 30_000]);
    expect(f).toMatchObject({ waitingCount: 2, longestCurrentWaitSeconds: 90 });
  });

  it('rejects events of another queue, malformed events and windows longer than kept', () => {
    const w = window();
    expect(() => w.record({ ...queued(T), queueId: 'q2' })).toThrow(QueueStatisticsInputError);
    expect(() => w.record({ ...queued(T), at: Number.NaN })).toThrow(/at must be/);
    expect(() => w.rolling(T, 61)).toThrow(/minutes/);
    expect(() => w.rolling(T, 0)).toThrow(/minutes/);
    expect(() => window('Nowhere/Special')).toThrow(/timeZone/);
    expect(() => new QueueStatisticsWindow({ queueId: 'q1', timeZone: 'UTC', serviceLevelThresholdSeconds: -1, shortAbandonThresholdSeconds: 5 })).toThrow(
      /serviceLevelThresholdSeconds/,
    );
  });
});

describe('QueueStatisticsWindow eviction', () => {
  it('drops buckets no window can reach and refuses events older than them', () => {
    const w = window('UTC', 60);
    for (let minute = 0; minute < 180; minute++) w.record(queued(T + minute * MINUTE));
    // Latest 12:59 UTC: kept from the start of the day (00:00), so nothing is dropped yet.
    expect(w.bucketCount).toBe(180);
    expect(w.sinceMidnight(T + 179 * MINUTE).offered).toBe(180);

    // Next day 00:30: kept from 23:31 the day before (60-minute window), everything older goes.
    const nextDay = Date.UTC(2026, 4, 21, 0, 30, 0);
    expect(w.record(queued(nextDay))).toBe(true);
    expect(w.bucketCount).toBe(1);
    expect(w.record(queued(Date.UTC(2026, 4, 20, 23, 30, 59)))).toBe(false);
    expect(w.record(queued(Date.UTC(2026, 4, 20, 23, 31, 0)))).toBe(true);
    expect(w.rolling(nextDay, 60).offered).toBe(2);
    expect(w.sinceMidnight(nextDay).offered).toBe(1);
    // A query that would need dropped data refuses to answer short.
    expect(() => w.rolling(T + 179 * MINUTE, 60)).toThrow(/kept data/);
  });

  it('can be told the time to let a quiet queue forget', () => {
    const w = window('UTC', 15);
    w.record(queued(T));
    w.evict(T + 20 * MINUTE);
    expect(w.bucketCount).toBe(1); // still today: since midnight needs it
    w.evict(Date.UTC(2026, 4, 21, 1, 0, 0));
    expect(w.bucketCount).toBe(0);
    expect(w.sinceMidnight(Date.UTC(2026, 4, 21, 1, 0, 0)).offered).toBe(0);
  });
});

describe('QueueStatisticsWindow since midnight', () => {
  it('rolls over at local midnight in Shanghai (16:00 UTC)', () => {
    const w = window('Asia/Shanghai');
    w.record(queued(Date.UTC(2026, 0, 1, 15, 59, 30))); // 23:59:30 on 1 January in Shanghai
    const before = w.sinceMidnight(Date.UTC(2026, 0, 1, 15, 59, 45));
    expect(before.offered).toBe(1);
    expect(before.windowStartsAt).toBe(Date.UTC(2025, 11, 31, 16, 0, 0));
    w.record(queued(Date.UTC(2026, 0, 1, 16, 0, 0))); // 00:00:00 on 2 January
    w.record(queued(Date.UTC(2026, 0, 1, 16, 4, 0)));
    const after = w.sinceMidnight(Date.UTC(2026, 0, 1, 16, 5, 0));
    expect(after.offered).toBe(2);
    expect(after.windowStartsAt).toBe(Date.UTC(2026, 0, 1, 16, 0, 0));
    expect(w.rolling(Date.UTC(2026, 0, 1, 16, 5, 0), 60).offered).toBe(3);
  });

  it('counts the 25 hours of the day New York falls back', () => {
    const w = window('America/New_York');
    w.record(queued(Date.UTC(2026, 10, 1, 3, 59, 0))); // 23:59 EDT on 31 October
    w.record(queued(Date.UTC(2026, 10, 1, 4, 10, 0))); // 00:10 EDT on 1 November
    w.record(queued(Date.UTC(2026, 10, 2, 4, 30, 0))); // 23:30 EST on 1 November, 24.3 hours later
    const f = w.sinceMidnight(Date.UTC(2026, 10, 2, 4, 45, 0));
    expect(f.offered).toBe(2);
    expect(f.windowStartsAt).toBe(Date.UTC(2026, 10, 1, 4, 0, 0));
  });
});

/** Time zones whose offset did not change in 2025-2026, so the reference can compute midnight itself. */
const FIXED_ZONES: ReadonlyArray<[string, number]> = [
  ['UTC', 0],
  ['Asia/Shanghai', 8 * 60],
  ['Asia/Kolkata', 5 * 60 + 30],
  ['Asia/Kathmandu', 5 * 60 + 45],
  ['America/Sao_Paulo', -3 * 60],
];
const DAY = 24 * 60 * MINUTE;

/** Reference: the figures recomputed from the raw events in the window's whole minutes, no buckets. */
function bruteForce(events: readonly QueueContactEvent[], fromInclusive: number, toExclusive: number) {
  const inWindow = events.filter((e) => e.at >= fromInclusive && e.at < toExclusive);
  const waits = (type: QueueContactEvent['type']) =>
    inWindow.filter((e) => e.type === type).map((e) => ('enqueuedAt' in e ? (e.at - e.enqueuedAt) / 1000 : 0));
  const answeredWaits = waits('contact.answered');
  const abandonedWaits = waits('contact.abandoned');
  const handle = inWindow.flatMap((e) => {
    if (e.type === 'contact.completed') return [e.talkSeconds + e.holdSeconds + e.afterCallWorkSeconds];
    if ((e.type === 'contact.transferred' || e.type === 'contact.requeued') && e.handleSeconds !== null) return [e.handleSeconds];
    return [];
  });
  const met = answeredWaits.filter((w) => w <= 20).length;
  const short = abandonedWaits.filter((w) => w <= 5).length;
  const offered = inWindow.filter((e) => e.type === 'contact.queued' || e.type === 'contact.requeued').length;
  const divide = (a: number, b: number) => (b === 0 ? null : a / b);
  const overflowedOut = inWindow.filter((e) => e.type === 'contact.overflowed').length;
  const waitsEnded = answeredWaits.length + abandonedWaits.length + overflowedOut;
  return {
    offered,
    answered: answeredWaits.length,
    answeredWithinThreshold: met,
    abandoned: abandonedWaits.length,
    shortAbandoned: short,
    overflowedOut,
    transferredOut: inWindow.filter((e) => e.type === 'contact.transferred').length,
    requeued: inWindow.filter((e) => e.type === 'contact.requeued').length,
    completed: inWindow.filter((e) => e.type === 'contact.completed').length,
    handled: handle.length,
    serviceLevel: {
      answered_only: divide(met, answeredWaits.length),
      abandons_in_denominator: divide(met, answeredWaits.length + abandonedWaits.length - short),
      short_abandons_met: divide(met + short, answeredWaits.length + abandonedWaits.length),
    },
    asaSeconds: divide(answeredWaits.reduce((a, b) => a + b, 0), answeredWaits.length),
    ahtSeconds: divide(handle.reduce((a, b) => a + b, 0), handle.length),
    abandonRate: divide(abandonedWaits.length, waitsEnded),
    abandonRateExcludingShortAbandons: divide(abandonedWaits.length - short, waitsEnded - short),
  };
}

function expectSameFigures(actual: QueueFigures, expected: ReturnType<typeof bruteForce>) {
  const { asaSeconds, ahtSeconds, ...exact } = expected;
  expect(actual).toMatchObject(exact);
  for (const [value, reference] of [
    [actual.asaSeconds, asaSeconds],
    [actual.ahtSeconds, ahtSeconds],
  ]) {
    if (reference === null) expect(value).toBeNull();
    else expect(Math.abs((value as number) - reference)).toBeLessThanOrEqual(1e-9 * Math.max(1, reference));
  }
}

interface ContactStory {
  enqueuedAt: number;
  waitMillis: number;
  outcome: 'answered' | 'abandoned' | 'overflowed' | 'waiting';
  /**
   * What an answered contact's handling became: completed, transferred by the agent (its handle time
   * unknown unless `completes`), handed back after a lost desktop (then abandoned 2 s later), or still going.
   */
  completes: boolean;
  transferred: boolean;
  handedBack: boolean;
  talkSeconds: number;
  holdSeconds: number;
  afterCallWorkSeconds: number;
}

/**
 * Random contacts over two days: each enters, then maybe is answered (and completed or transferred by its
 * agent), abandons or overflows.
 */
/** Waits of exactly the service-level and short-abandon thresholds, and one millisecond either side. */
const thresholdWaits = fc.constantFrom(
  ...[thresholds.serviceLevelThresholdSeconds, thresholds.shortAbandonThresholdSeconds].flatMap((seconds) => [seconds * 1000 - 1, seconds * 1000, seconds * 1000 + 1]),
);

const contactsArbitrary: fc.Arbitrary<ContactStory[]> = fc.array(
  fc.record({
    enqueuedAt: fc.integer({ min: 0, max: 2 * DAY }),
    waitMillis: fc.oneof(thresholdWaits, fc.integer({ min: 0, max: 30_000 }), fc.integer({ min: 0, max: 900_000 })),
    outcome: fc.constantFrom('answered', 'abandoned', 'overflowed', 'waiting'),
    completes: fc.boolean(),
    transferred: fc.boolean(),
    handedBack: fc.boolean(),
    talkSeconds: fc.double({ min: 0, max: 1200, noNaN: true }),
    holdSeconds: fc.integer({ min: 0, max: 300 }),
    afterCallWorkSeconds: fc.double({ min: 0, max: 300, noNaN: true }),
  }),
  { maxLength: 250 },
);

function eventsOf(contacts: readonly ContactStory[], origin: number): QueueContactEvent[] {
  const events: QueueContactEvent[] = [];
  contacts.forEach((c, i) => {
    const base = { contactId: `c${i}`, queueId: 'q1', channel: 'voice' as const };
    const enqueuedAt = origin + c.enqueuedAt;
    const at = enqueuedAt + c.waitMillis;
    events.push({ ...base, type: 'contact.queued', at: enqueuedAt });
    if (c.outcome === 'answered') {
      events.push({ ...base, type: 'contact.answered', at, enqueuedAt });
      if (c.transferred) {
        const handleSeconds = c.completes ? c.talkSeconds + c.holdSeconds : null;
        events.push({ ...base, type: 'contact.transferred', at: at + Math.round(c.talkSeconds * 1000), handleSeconds });
      } else if (c.handedBack) {
        const handedBackAt = at + Math.round(c.talkSeconds * 1000);
        events.push({ ...base, type: 'contact.requeued', at: handedBackAt, handleSeconds: c.talkSeconds });
        events.push({ ...base, type: 'contact.abandoned', at: handedBackAt + 2000, enqueuedAt: handedBackAt });
      } else if (c.completes) {
        const handle = c.talkSeconds + c.holdSeconds + c.afterCallWorkSeconds;
        events.push({
          ...base,
          type: 'contact.completed',
          at: at + Math.round(handle * 1000),
          talkSeconds: c.talkSeconds,
          holdSeconds: c.holdSeconds,
          afterCallWorkSeconds: c.afterCallWorkSeconds,
        });
      }
    }
    if (c.outcome === 'abandoned') events.push({ ...base, type: 'contact.abandoned', at, enqueuedAt });
    if (c.outcome === 'overflowed') events.push({ ...base, type: 'contact.overflowed', at, enqueuedAt });
  });
  return events.sort((a, b) => a.at - b.at);
}

describe('QueueStatisticsWindow against a recomputation from raw events', () => {
  const origin = Date.UTC(2025, 5, 1, 7, 13, 0);

  it('gives the same figures for every window at every moment', () => {
    fc.assert(
      fc.property(
        contactsArbitrary,
        fc.constantFrom(...FIXED_ZONES),
        fc.array(fc.integer({ min: 0, max: 2 * DAY + 40 * MINUTE }), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 60 }),
        (contacts, [timeZone, offsetMinutes], queryOffsets, minutes) => {
          const events = eventsOf(contacts, origin);
          const w = new QueueStatisticsWindow({ queueId: 'q1', timeZone, maxRollingMinutes: 60, ...thresholds });
          let fed = 0;
          for (const now of queryOffsets.map((q) => origin + q).sort((a, b) => a - b)) {
            while (fed < events.length && events[fed].at <= now) {
              expect(w.record(events[fed])).toBe(true);
              fed += 1;
            }
            const seen = events.slice(0, fed);
            const nowMinuteEnd = (Math.floor(now / MINUTE) + 1) * MINUTE;
            const rollingStart = nowMinuteEnd - minutes * MINUTE;
            expectSameFigures(w.rolling(now, minutes), bruteForce(seen, rollingStart, nowMinuteEnd));

            const offset = offsetMinutes * MINUTE;
            const midnight = Math.floor((now + offset) / DAY) * DAY - offset;
            const sinceMidnight = w.sinceMidnight(now);
            expect(sinceMidnight.windowStartsAt).toBe(midnight);
            expectSameFigures(sinceMidnight, bruteForce(seen, midnight, nowMinuteEnd));
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('does not depend on the order events arrive in', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            enqueuedAt: fc.integer({ min: 0, max: 40 * MINUTE }),
            waitMillis: fc.oneof(thresholdWaits, fc.integer({ min: 0, max: 60_000 })),
            outcome: fc.constantFrom('answered', 'abandoned', 'overflowed', 'waiting'),
            completes: fc.boolean(),
            transferred: fc.boolean(),
            handedBack: fc.boolean(),
            talkSeconds: fc.integer({ min: 0, max: 600 }),
            holdSeconds: fc.integer({ min: 0, max: 60 }),
            afterCallWorkSeconds: fc.integer({ min: 0, max: 120 }),
          }),
          { maxLength: 100 },
        ),
        fc.integer(),
        (contacts, seed) => {
          const events = eventsOf(contacts, origin);
          const shuffled = fc.sample(fc.shuffledSubarray(events, { minLength: events.length }), { seed, numRuns: 1 })[0] ?? [];
          const inOrder = window('Asia/Shanghai');
          const outOfOrder = window('Asia/Shanghai');
          events.forEach((e) => inOrder.record(e));
          shuffled.forEach((e) => expect(outOfOrder.record(e)).toBe(true));
          const now = origin + 59 * MINUTE;
          expect(outOfOrder.rolling(now, 60)).toEqual(inOrder.rolling(now, 60));
          expect(outOfOrder.sinceMidnight(now)).toEqual(inOrder.sinceMidnight(now));
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('QueueStatisticsWindow inputs and sparse windows', () => {
  const errorOf = (run: () => unknown): QueueStatisticsInputError => thrownError(run, QueueStatisticsInputError);

  it('takes a longest rolling window of one whole minute or more', () => {
    for (const maxRollingMinutes of [0, -5, 1.5, Number.NaN]) {
      const error = errorOf(() => window('UTC', maxRollingMinutes));
      expect([error.field, error.expected, error.received]).toEqual(['maxRollingMinutes', 'a whole number >= 1', maxRollingMinutes]);
    }
    const oneMinute = window('UTC', 1);
    oneMinute.record(queued(T));
    expect(oneMinute.rolling(T, 1).offered).toBe(1);
    expect(errorOf(() => oneMinute.rolling(T, 2)).message).toBe('minutes must be a whole number from 1 to 1 (received 2)');
  });

  it('names the field of every bad input', () => {
    const w = window();
    expect(errorOf(() => new QueueStatisticsWindow({ queueId: '', timeZone: 'UTC', ...thresholds })).field).toBe('queueId');
    const otherQueue = errorOf(() => w.record({ ...queued(T), queueId: 'q2' }));
    expect(otherQueue.message).toBe("queueId must be this window's queue q1 (received q2)");
    expect(errorOf(() => w.evict(T + 0.5)).field).toBe('now');
    expect(errorOf(() => w.rolling(Number.NaN, 15)).field).toBe('now');
    expect(errorOf(() => w.sinceMidnight(T + 0.5)).field).toBe('now');
  });

  it('says from when data is kept when a window reaches before it', () => {
    const w = window('UTC', 60);
    w.record(queued(Date.UTC(2026, 4, 21, 0, 30, 0)));
    const error = errorOf(() => w.rolling(Date.UTC(2026, 4, 20, 23, 0, 0), 60));
    expect([error.field, error.expected, error.received]).toEqual([
      'now',
      'late enough that the window starts on kept data (from 2026-05-20T23:31:00.000Z)',
      '2026-05-20T23:00:00.000Z',
    ]);
  });

  it('leaves out minutes after now’s minute when fewer minutes hold events than the window spans', () => {
    const w = window();
    w.record(queued(T - 50 * MINUTE)); // before a 15-minute window at 10:00
    w.record(queued(T + 10_000));
    w.record(queued(T + 5 * MINUTE)); // a later minute: recorded before the query asks about 10:00
    w.record(queued(T + 20 * MINUTE));
    expect(w.rolling(T + 30_000, 15).offered).toBe(1);
    expect(w.rolling(T + 5 * MINUTE, 15).offered).toBe(2);
    expect(w.sinceMidnight(T + 30_000).offered).toBe(2);
  });
});

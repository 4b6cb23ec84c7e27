import fc from 'fast-check';
import { TimerQueue, type TimerEntry } from './timer-queue';

interface Timer extends TimerEntry {
  seq: number;
}

const timer = (at: number, rank: number, seq: number): Timer => ({ heapIndex: -1, at, rank, seq, lane: null, prev: null, next: null });
const before = (a: Timer, b: Timer) => a.at < b.at || (a.at === b.at && (a.rank < b.rank || (a.rank === b.rank && a.seq < b.seq)));
const firstOf = (timers: Timer[]) => timers.reduce<Timer | undefined>((best, t) => (best === undefined || before(t, best) ? t : best), undefined);

/** Commands: push at a time (lane or none), remove the n-th live timer, or pop. */
const commands = fc.array(
  fc.oneof(
    fc.record({ kind: fc.constant('push' as const), at: fc.integer({ min: 0, max: 40 }), rank: fc.integer({ min: 0, max: 1 }), lane: fc.option(fc.integer({ min: 0, max: 3 })) }),
    fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }),
    fc.record({ kind: fc.constant('pop' as const) }),
  ),
  { maxLength: 200 },
);

describe('TimerQueue', () => {
  it('always yields the first timer by (at, rank, seq), whatever lanes they were given', () => {
    fc.assert(
      fc.property(commands, (script) => {
        const queue = new TimerQueue<Timer>();
        let live: Timer[] = [];
        let seq = 0;
        for (const command of script) {
          if (command.kind === 'push') {
            const t = timer(command.at, command.rank, seq++);
            queue.push(t, command.lane ?? undefined);
            live.push(t);
          } else if (command.kind === 'remove') {
            if (live.length === 0) continue;
            const t = live[command.pick % live.length];
            queue.remove(t);
            expect(queue.has(t)).toBe(false);
            live = live.filter((other) => other !== t);
          } else {
            const expected = firstOf(live);
            expect(queue.pop()).toBe(expected);
            live = live.filter((other) => other !== expected);
          }
          expect(queue.audit()).toEqual([]);
          expect(queue.size).toBe(live.length);
          expect(queue.peek()).toBe(firstOf(live));
        }
        const drained: Timer[] = [];
        for (let t = queue.pop(); t !== undefined; t = queue.pop()) drained.push(t);
        expect(drained).toEqual([...live].sort((a, b) => (before(a, b) ? -1 : 1)));
      }),
    );
  });

  it('keeps timers set in time order in their lane, and the others in the general heap', () => {
    const queue = new TimerQueue<Timer>();
    const inOrder = Array.from({ length: 100 }, (_, i) => timer(1000 + i, 1, i));
    inOrder.forEach((t) => queue.push(t, 7));
    expect(inOrder.every((t) => t.lane !== null)).toBe(true);
    // Far out of order (more than a few places back): the general heap takes it, the order stays exact.
    const early = timer(500, 1, 100);
    queue.push(early, 7);
    expect(early.lane).toBeNull();
    expect(queue.has(early)).toBe(true);
    expect(queue.audit()).toEqual([]);
    expect(queue.pop()).toBe(early);
    expect(queue.pop()).toBe(inOrder[0]);
  });

  it('refuses a timer that is already queued', () => {
    const queue = new TimerQueue<Timer>();
    const t = timer(1, 0, 0);
    queue.push(t, 0);
    expect(() => queue.push(t, 0)).toThrow();
  });
});

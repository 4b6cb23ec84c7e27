import fc from 'fast-check';
import { RunQueue, type RunNode } from './run-queue';

interface Timer extends RunNode {
  readonly at: number;
  readonly rank: number;
  readonly seq: number;
}

const timer = (at: number, rank: number, seq: number): Timer => ({ heapIndex: -1, run: null, prev: null, next: null, k1: 0, k2: 0, k3: 0, at, rank, seq });
const push = (queue: RunQueue<Timer>, t: Timer, run?: number) => queue.push(t, run, t.at, t.rank, t.seq);
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

describe('RunQueue', () => {
  it('always yields the first timer by (at, rank, seq), whatever runs they were given', () => {
    fc.assert(
      fc.property(commands, (script) => {
        const queue = new RunQueue<Timer>();
        let live: Timer[] = [];
        let seq = 0;
        for (const command of script) {
          // What a remove or a pop must have done, checked after the command.
          let removed: Timer | undefined;
          let popped: [actual: Timer | undefined, expected: Timer | undefined] = [undefined, undefined];
          if (command.kind === 'push') {
            const t = timer(command.at, command.rank, seq++);
            push(queue, t, command.lane ?? undefined);
            live.push(t);
          } else if (command.kind === 'remove') {
            if (live.length === 0) continue;
            const t = live[command.pick % live.length];
            queue.remove(t);
            removed = t;
            live = live.filter((other) => other !== t);
          } else {
            const expected = firstOf(live);
            popped = [queue.pop(), expected];
            live = live.filter((other) => other !== expected);
          }
          expect(removed !== undefined && queue.has(removed)).toBe(false);
          expect(popped[0]).toBe(popped[1]);
          expect(queue.audit()).toEqual([]);
          expect(queue.size).toBe(live.length);
          expect(queue.peek()).toBe(firstOf(live));
          const accept = (t: Timer) => t.seq % 3 === 0;
          expect(queue.findFirst(accept)).toBe(firstOf(live.filter(accept)));
        }
        const drained: Timer[] = [];
        for (let t = queue.pop(); t !== undefined; t = queue.pop()) drained.push(t);
        expect(drained).toEqual([...live].sort((a, b) => (before(a, b) ? -1 : 1)));
      }),
    );
  });

  it('keeps items pushed in order in their run, and the others in the general heap', () => {
    const queue = new RunQueue<Timer>();
    const inOrder = Array.from({ length: 100 }, (_, i) => timer(1000 + i, 1, i));
    inOrder.forEach((t) => push(queue, t, 7));
    expect(inOrder.every((t) => t.run !== null)).toBe(true);
    // Far out of order (more than a few places back): the general heap takes it, the order stays exact.
    const early = timer(500, 1, 100);
    push(queue, early, 7);
    expect(early.run).toBeNull();
    expect(queue.has(early)).toBe(true);
    expect(queue.audit()).toEqual([]);
    expect(queue.pop()).toBe(early);
    expect(queue.pop()).toBe(inOrder[0]);
  });

  it('refuses a timer that is already queued', () => {
    const queue = new RunQueue<Timer>();
    const t = timer(1, 0, 0);
    push(queue, t, 0);
    expect(() => push(queue, t, 0)).toThrow();
  });

  it('refuses a timer already in the general heap, and removing one never queued, with their messages', () => {
    const queue = new RunQueue<Timer>();
    const t = timer(1, 0, 0);
    expect(() => queue.remove(t)).toThrow(new Error('RunQueue.remove: item is not queued'));
    push(queue, t);
    expect(t.run).toBeNull();
    expect(() => push(queue, t)).toThrow(new Error('RunQueue.push: item already queued'));
    expect(() => push(queue, t, 3)).toThrow(new Error('RunQueue.push: item already queued'));
    expect(queue.size).toBe(1);
    expect(queue.audit()).toEqual([]);
  });

  it('places a timer a few places out of order inside its run', () => {
    const queue = new RunQueue<Timer>();
    const inOrder = Array.from({ length: 10 }, (_, i) => timer(10 + i, 0, i));
    inOrder.forEach((t) => push(queue, t, 2));
    const twoBack = timer(17.5, 0, 10);
    const threeBack = timer(16.5, 0, 11);
    push(queue, twoBack, 2);
    push(queue, threeBack, 2);
    expect(twoBack.run).not.toBeNull();
    expect(threeBack.run).not.toBeNull();
    expect(queue.audit()).toEqual([]);
    const drained: number[] = [];
    for (let t = queue.pop(); t !== undefined; t = queue.pop()) drained.push(t.at);
    expect(drained).toEqual([10, 11, 12, 13, 14, 15, 16, 16.5, 17, 17.5, 18, 19]);
  });
});

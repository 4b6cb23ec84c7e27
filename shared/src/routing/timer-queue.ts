import { IndexedHeap, type HeapNode } from './indexed-heap';

/**
 * A timer the {@link TimerQueue} can hold: ordered by (at, rank, seq), which callers keep distinct per timer.
 * The queue owns `heapIndex`, `lane`, `prev` and `next`; `at`, `rank` and `seq` must not change while queued.
 */
export interface TimerEntry extends HeapNode {
  at: number;
  readonly rank: number;
  readonly seq: number;
  lane: TimerLane | null;
  prev: TimerEntry | null;
  next: TimerEntry | null;
}

/** Timers sharing a lane key, in firing order (a doubly linked list). */
export interface TimerLane extends HeapNode {
  readonly key: number;
  head: TimerEntry | null;
  tail: TimerEntry | null;
  size: number;
}

/** How far back from a lane's tail an out-of-order timer is placed before it goes to the general heap instead. */
const MAX_WALK = 8;

function before(a: TimerEntry, b: TimerEntry): boolean {
  if (a.at !== b.at) return a.at < b.at;
  if (a.rank !== b.rank) return a.rank < b.rank;
  return a.seq < b.seq;
}

/**
 * Timers in firing order (at, then rank, then seq), built for timers that mostly come with a fixed delay.
 *
 * The caller names a lane for each timer: timers of one lane are set a constant time after something that only
 * moves forward (an offer timeout after now, a relaxation step after entering the queue), so each new timer
 * normally belongs at the end of its lane. A lane is a sorted linked list: appending, removing any timer and
 * finding the next are O(1). A small heap orders the lanes by their first timer, and a general heap takes the
 * timers that have no lane or arrive more than a few places out of order, so the order stays exact whatever the
 * input. With L non-empty lanes and g timers in the general heap:
 * - push: O(1) at a lane's end (O(log L) when the lane's first timer changes), else O(log g);
 * - remove: O(1) inside a lane, O(log L) for a lane's first timer, O(log g) in the general heap;
 * - peek O(1), pop = peek + remove.
 */
export class TimerQueue<T extends TimerEntry> {
  private readonly lanes = new Map<number, TimerLane>();
  /** Non-empty lanes by the keys of their first timer. */
  private readonly heads = new IndexedHeap<TimerLane>();
  /** Timers without a lane or placed too far out of order. */
  private readonly general = new IndexedHeap<T>();
  private count = 0;

  /** O(1). */
  get size(): number {
    return this.count;
  }

  /** O(1). */
  has(timer: T): boolean {
    return timer.lane !== null || this.general.has(timer);
  }

  /** The next timer to fire. O(1). */
  peek(): T | undefined {
    const lane = this.heads.peek();
    const fromLane = lane === undefined ? undefined : (lane.head as T);
    const fromHeap = this.general.peek();
    if (fromLane === undefined) return fromHeap;
    if (fromHeap === undefined) return fromLane;
    return before(fromHeap, fromLane) ? fromHeap : fromLane;
  }

  /** Removes and returns the next timer to fire. */
  pop(): T | undefined {
    const timer = this.peek();
    if (timer !== undefined) this.remove(timer);
    return timer;
  }

  /** Queues a timer that is not queued, in lane `laneKey` when given (see the class comment). */
  push(timer: T, laneKey?: number): void {
    if (this.has(timer)) throw new Error('TimerQueue.push: timer already queued');
    this.count++;
    if (laneKey === undefined) {
      this.general.push(timer, timer.at, timer.rank, timer.seq);
      return;
    }
    let lane = this.lanes.get(laneKey);
    if (lane === undefined) {
      lane = { heapIndex: -1, key: laneKey, head: null, tail: null, size: 0 };
      this.lanes.set(laneKey, lane);
    }
    // The timer goes after the last one that fires before it, found from the tail.
    let after = lane.tail;
    for (let walked = 0; after !== null && before(timer, after); walked++) {
      if (walked === MAX_WALK) {
        this.general.push(timer, timer.at, timer.rank, timer.seq);
        return;
      }
      after = after.prev;
    }
    timer.lane = lane;
    timer.prev = after;
    lane.size++;
    if (after === null) {
      timer.next = lane.head;
      if (lane.head !== null) lane.head.prev = timer;
      else lane.tail = timer;
      lane.head = timer;
      if (lane.size === 1) this.heads.push(lane, timer.at, timer.rank, timer.seq);
      else this.heads.update(lane, timer.at, timer.rank, timer.seq);
    } else {
      timer.next = after.next;
      if (after.next !== null) after.next.prev = timer;
      else lane.tail = timer;
      after.next = timer;
    }
  }

  /** Takes a queued timer out. */
  remove(timer: T): void {
    const lane = timer.lane;
    if (lane === null) {
      this.general.remove(timer);
      this.count--;
      return;
    }
    const prev = timer.prev;
    const next = timer.next;
    if (prev !== null) prev.next = next;
    else lane.head = next;
    if (next !== null) next.prev = prev;
    else lane.tail = prev;
    timer.lane = null;
    timer.prev = null;
    timer.next = null;
    lane.size--;
    this.count--;
    if (prev === null) {
      if (next === null) this.heads.remove(lane);
      else this.heads.update(lane, next.at, next.rank, next.seq);
    }
  }

  /** O(n): every queued timer, in no particular order (diagnostics). */
  toArray(): T[] {
    const all: T[] = [...this.general.toArray()];
    for (const lane of this.lanes.values()) for (let t = lane.head; t !== null; t = t.next) all.push(t as T);
    return all;
  }

  /** O(n): checks links, order, counts and both heaps; returns the problems found. */
  audit(): string[] {
    const problems: string[] = [...this.general.audit(), ...this.heads.audit().map((p) => `lane heads: ${p}`)];
    let total = this.general.size;
    for (const timer of this.general.toArray()) {
      const [at, rank, seq] = this.general.keysOf(timer);
      if (at !== timer.at || rank !== timer.rank || seq !== timer.seq) problems.push('general heap keys are stale');
      if (timer.lane !== null) problems.push('a timer in the general heap claims a lane');
    }
    let nonEmpty = 0;
    for (const [key, lane] of this.lanes) {
      if (lane.key !== key) problems.push(`lane ${key} filed under the wrong key`);
      let size = 0;
      let previous: TimerEntry | null = null;
      for (let t = lane.head; t !== null; t = t.next) {
        size++;
        if (t.lane !== (lane)) problems.push(`lane ${key}: a timer points to another lane`);
        if (t.prev !== previous) problems.push(`lane ${key}: links broken`);
        if (previous !== null && !before(previous, t)) problems.push(`lane ${key}: out of order`);
        if (this.general.has(t as T)) problems.push(`lane ${key}: a timer is also in the general heap`);
        previous = t;
      }
      if (lane.tail !== previous) problems.push(`lane ${key}: tail wrong`);
      if (size !== lane.size) problems.push(`lane ${key}: ${lane.size} counted, ${size} found`);
      total += size;
      if (lane.head === null) {
        if (this.heads.has(lane)) problems.push(`lane ${key}: empty but among the heads`);
        continue;
      }
      nonEmpty++;
      if (!this.heads.has(lane)) {
        problems.push(`lane ${key}: missing from the heads`);
        continue;
      }
      const [at, rank, seq] = this.heads.keysOf(lane);
      if (at !== lane.head.at || rank !== lane.head.rank || seq !== lane.head.seq) problems.push(`lane ${key}: head keys are stale`);
    }
    if (nonEmpty !== this.heads.size) problems.push(`${this.heads.size} lane heads for ${nonEmpty} non-empty lanes`);
    if (total !== this.count) problems.push(`${this.count} timers counted, ${total} found`);
    return problems;
  }
}

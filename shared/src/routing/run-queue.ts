import { IndexedHeap, type HeapNode } from './indexed-heap';

/**
 * An item a {@link RunQueue} can hold, ordered by three numeric keys (k1, then k2, then k3) that callers keep
 * distinct per item. The queue owns these fields while the item is queued (the keys are those it was queued with).
 */
export interface RunNode extends HeapNode {
  run: Run | null;
  prev: RunNode | null;
  next: RunNode | null;
  k1: number;
  k2: number;
  k3: number;
}

/** Items sharing a run key, in key order (a doubly linked list). */
export interface Run extends HeapNode {
  /** The queue the run belongs to. */
  readonly owner: object;
  readonly key: number;
  head: RunNode | null;
  tail: RunNode | null;
  /** The tail's keys, so an append is placed without reading the tail (often long untouched). */
  tailK1: number;
  tailK2: number;
  tailK3: number;
  size: number;
}

/** How far back from a run's tail an out-of-order item is placed before it goes to the general heap instead. */
const MAX_WALK = 8;

/** Run keys below this (non-negative integers) are found by index. */
const SMALL_RUN_KEYS = 256;

function keysBefore(a1: number, a2: number, a3: number, b1: number, b2: number, b3: number): boolean {
  if (a1 !== b1) return a1 < b1;
  if (a2 !== b2) return a2 < b2;
  return a3 < b3;
}

/**
 * A priority queue by (k1, k2, k3) for items that mostly arrive in order within a few families (runs).
 *
 * The caller names a run for each item: a family whose new members normally come last, such as timers set a
 * fixed delay after the present, or contacts of one static priority (ordered by arrival). A run is a sorted
 * linked list: appending, removing any item and reading the first are O(1). A small heap orders the runs by
 * their first item, and a general heap takes items without a run or arriving more than a few places out of
 * order, so the order stays exact whatever the input. With L non-empty runs and g items in the general heap:
 * - push: O(1) at a run's end (O(log L) when the run's first item changes), else O(log g);
 * - remove: O(1) inside a run, O(log L) for a run's first item, O(log g) in the general heap;
 * - peek O(1), pop = peek + remove.
 */
export class RunQueue<T extends RunNode> {
  /** Runs by key: `smallRuns` for small non-negative integer keys (the usual case), `runs` for the others. */
  private readonly smallRuns: (Run | undefined)[] = [];
  private readonly runs = new Map<number, Run>();
  /** Non-empty runs by the keys of their first item. */
  private readonly heads = new IndexedHeap<Run>();
  /** Items without a run or placed too far out of order; made on first use. */
  private general: IndexedHeap<T> | null = null;
  private count = 0;
  /** The first item, kept so reading it touches nothing else. */
  private first: T | null = null;
  /** The first item's keys (Infinity when empty), so callers can compare queues without touching their items. */
  firstK1 = Number.POSITIVE_INFINITY;
  firstK2 = Number.POSITIVE_INFINITY;
  firstK3 = Number.POSITIVE_INFINITY;


  /** O(1). */
  get size(): number {
    return this.count;
  }

  /** O(1). */
  has(item: T): boolean {
    if (item.run !== null) return item.run.owner === this;
    return this.general !== null && this.general.has(item);
  }

  /** The first item. O(1). */
  peek(): T | undefined {
    return this.first ?? undefined;
  }

  /** Removes and returns the first item. */
  pop(): T | undefined {
    const item = this.peek();
    if (item !== undefined) this.remove(item);
    return item;
  }

  /**
   * Queues an item that is not queued, with its keys, in run `runKey` when given (see the class comment).
   */
  push(item: T, runKey: number | undefined, k1: number, k2: number, k3: number): void {
    if (item.run !== null || item.heapIndex >= 0) throw new Error('RunQueue.push: item already queued');
    item.k1 = k1;
    item.k2 = k2;
    item.k3 = k3;
    this.count++;
    if (this.first === null || keysBefore(k1, k2, k3, this.firstK1, this.firstK2, this.firstK3)) {
      this.first = item;
      this.firstK1 = k1;
      this.firstK2 = k2;
      this.firstK3 = k3;
    }
    if (runKey === undefined) {
      this.pushGeneral(item, k1, k2, k3);
      return;
    }
    const run = this.runOf(runKey);
    // The item goes between the last one ordered before it (`after`) and the first ordered after it (`next`),
    // found from the tail; appending reads nothing but the run.
    let after = run.tail;
    let next: RunNode | null = null;
    if (after !== null && keysBefore(k1, k2, k3, run.tailK1, run.tailK2, run.tailK3)) {
      next = after;
      after = after.prev;
      for (let walked = 1; after !== null && keysBefore(k1, k2, k3, after.k1, after.k2, after.k3); walked++) {
        if (walked === MAX_WALK) {
          this.pushGeneral(item, k1, k2, k3);
          return;
        }
        next = after;
        after = after.prev;
      }
    }
    item.run = run;
    item.prev = after;
    item.next = next;
    run.size++;
    if (next !== null) {
      next.prev = item;
    } else {
      run.tail = item;
      run.tailK1 = k1;
      run.tailK2 = k2;
      run.tailK3 = k3;
    }
    if (after !== null) {
      after.next = item;
    } else {
      run.head = item;
      if (run.size === 1) this.heads.push(run, k1, k2, k3);
      else this.heads.update(run, k1, k2, k3);
    }
  }

  /** Takes a queued item out. */
  remove(item: T): void {
    const run = item.run;
    if (run === null) {
      if (this.general === null) throw new Error('RunQueue.remove: item is not queued');
      this.general.remove(item);
      this.count--;
      if (item === this.first) this.refreshFirst();
      return;
    }
    const prev = item.prev;
    const next = item.next;
    if (prev !== null) prev.next = next;
    else run.head = next;
    if (next !== null) {
      next.prev = prev;
    } else {
      run.tail = prev;
      if (prev !== null) {
        run.tailK1 = prev.k1;
        run.tailK2 = prev.k2;
        run.tailK3 = prev.k3;
      }
    }
    item.run = null;
    item.prev = null;
    item.next = null;
    run.size--;
    this.count--;
    if (prev === null) {
      if (next === null) this.heads.remove(run);
      else this.heads.update(run, next.k1, next.k2, next.k3);
    }
    if (item === this.first) this.refreshFirst();
  }

  /**
   * The first item, in order, that `accept`s, without changing the queue: the first accepted item of each run
   * and of the general heap, the best of them. O(k + L + k' log k') for k items rejected in runs and k' in the heap.
   */
  findFirst(accept: (item: T) => boolean): T | undefined {
    let best: T | undefined = this.general === null ? undefined : this.general.findFirst(accept);
    for (let i = 0; i < this.heads.size; i++) {
      for (let node = this.heads.at(i).head; node !== null; node = node.next) {
        if (best !== undefined && this.before(best, node as T)) break;
        if (accept(node as T)) {
          best = node as T;
          break;
        }
      }
    }
    return best;
  }

  /** The keys an item was queued with. */
  keysOf(item: T): [number, number, number] {
    return item.run === null && this.general !== null ? this.general.keysOf(item) : this.keys(item);
  }

  /** O(n): every queued item, in no particular order (diagnostics). */
  toArray(): T[] {
    const all: T[] = this.general === null ? [] : [...this.general.toArray()];
    for (const run of this.allRuns()) for (let node = run.head; node !== null; node = node.next) all.push(node as T);
    return all;
  }

  /** O(n): checks links, order, counts and both heaps; returns the problems found. */
  audit(): string[] {
    const problems: string[] = this.heads.audit().map((p) => `run heads: ${p}`);
    let total = 0;
    if (this.general !== null) {
      problems.push(...this.general.audit());
      total += this.general.size;
      for (const item of this.general.toArray()) {
        const [k1, k2, k3] = this.general.keysOf(item);
        const [i1, i2, i3] = this.keys(item);
        if (k1 !== i1 || k2 !== i2 || k3 !== i3) problems.push('general heap keys disagree with the item');
        if (item.run !== null) problems.push('an item in the general heap claims a run');
      }
    }
    let nonEmpty = 0;
    for (const run of this.allRuns()) {
      const key = run.key;
      if (this.runOf(key) !== run) problems.push(`run ${key} filed under the wrong key`);
      let size = 0;
      let previous: RunNode | null = null;
      for (let node = run.head; node !== null; node = node.next) {
        size++;
        if (node.run !== run || run.owner !== this) problems.push(`run ${key}: an item points to another run`);
        if (node.prev !== previous) problems.push(`run ${key}: links broken`);
        if (previous !== null && !this.before(previous as T, node as T)) problems.push(`run ${key}: out of order`);
        if (node.heapIndex >= 0) problems.push(`run ${key}: an item also claims a heap place`);
        previous = node;
      }
      if (run.tail !== previous) problems.push(`run ${key}: tail wrong`);
      const tail = previous === null ? null : this.keys(previous as T);
      if (tail !== null && (run.tailK1 !== tail[0] || run.tailK2 !== tail[1] || run.tailK3 !== tail[2])) problems.push(`run ${key}: tail keys are stale`);
      if (size !== run.size) problems.push(`run ${key}: ${run.size} counted, ${size} found`);
      total += size;
      if (run.head === null) {
        if (this.heads.has(run)) problems.push(`run ${key}: empty but among the heads`);
        continue;
      }
      nonEmpty++;
      if (!this.heads.has(run)) {
        problems.push(`run ${key}: missing from the heads`);
        continue;
      }
      const [k1, k2, k3] = this.heads.keysOf(run);
      const [h1, h2, h3] = this.keys(run.head as T);
      if (k1 !== h1 || k2 !== h2 || k3 !== h3) problems.push(`run ${key}: head keys are stale`);
    }
    const first = this.findFirstItem();
    if (this.first !== first) problems.push('the first item is stale');
    const keys = first === null ? [Infinity, Infinity, Infinity] : this.keys(first);
    if (this.firstK1 !== keys[0] || this.firstK2 !== keys[1] || this.firstK3 !== keys[2]) problems.push('the first keys are stale');
    if (nonEmpty !== this.heads.size) problems.push(`${this.heads.size} run heads for ${nonEmpty} non-empty runs`);
    if (total !== this.count) problems.push(`${this.count} items counted, ${total} found`);
    return problems;
  }

  /** Recomputes the first item: the earlier of the first run's head and the general heap's top. */
  private findFirstItem(): T | null {
    const run = this.heads.peek();
    const fromRun = run === undefined ? undefined : (run.head as T);
    const fromHeap = this.general === null ? undefined : this.general.peek();
    if (fromRun === undefined) return fromHeap ?? null;
    if (fromHeap === undefined) return fromRun;
    return this.before(fromHeap, fromRun) ? fromHeap : fromRun;
  }

  /** After the first item left: the earlier of the first run's head and the general heap's top, by the heaps' keys. */
  private refreshFirst(): void {
    const heads = this.heads;
    const general = this.general;
    const inRuns = heads.size > 0;
    const inHeap = general !== null && general.size > 0;
    if (inRuns && (!inHeap || keysBefore(heads.peekK1(), heads.peekK2(), heads.peekK3(), general.peekK1(), general.peekK2(), general.peekK3()))) {
      this.first = (heads.peek() as Run).head as T;
      this.firstK1 = heads.peekK1();
      this.firstK2 = heads.peekK2();
      this.firstK3 = heads.peekK3();
    } else if (inHeap) {
      this.first = general.peek() as T;
      this.firstK1 = general.peekK1();
      this.firstK2 = general.peekK2();
      this.firstK3 = general.peekK3();
    } else {
      this.first = null;
      this.firstK1 = this.firstK2 = this.firstK3 = Number.POSITIVE_INFINITY;
    }
  }

  /** The run of a key, made on first use: small non-negative integers index an array, other keys a map. */
  private runOf(key: number): Run {
    const small = key >= 0 && key < SMALL_RUN_KEYS && (key | 0) === key;
    let run = small ? this.smallRuns[key] : this.runs.get(key);
    if (run === undefined) {
      run = { heapIndex: -1, owner: this, key, head: null, tail: null, tailK1: 0, tailK2: 0, tailK3: 0, size: 0 };
      if (small) this.smallRuns[key] = run;
      else this.runs.set(key, run);
    }
    return run;
  }

  private allRuns(): Run[] {
    return [...this.smallRuns.filter((run) => run !== undefined), ...this.runs.values()];
  }

  private pushGeneral(item: T, k1: number, k2: number, k3: number): void {
    this.general ??= new IndexedHeap<T>();
    this.general.push(item, k1, k2, k3);
  }

  private keys(item: RunNode): [number, number, number] {
    return [item.k1, item.k2, item.k3];
  }

  private before(a: RunNode, b: RunNode): boolean {
    return keysBefore(a.k1, a.k2, a.k3, b.k1, b.k2, b.k3);
  }
}

/** An item that can sit in one {@link IndexedHeap} at a time; the heap keeps `heapIndex` up to date (-1 when out). */
export interface HeapNode {
  heapIndex: number;
}

/**
 * Binary min-heap ordered by three numeric keys (k1, then k2, then k3), whose items know their own position,
 * so any item can be removed or re-keyed in O(log n) without searching.
 *
 * The keys live in typed arrays beside the items: a comparison reads two doubles from compact memory instead of
 * two objects scattered on the heap, which is what makes the engine's timer and contact heaps fast. Callers must
 * give every item a distinct key triple so the order is total and the engine stays deterministic.
 */
export class IndexedHeap<T extends HeapNode> {
  private items: T[] = [];
  private k1 = new Float64Array(16);
  private k2 = new Float64Array(16);
  private k3 = new Float64Array(16);

  /** O(1). */
  get size(): number {
    return this.items.length;
  }

  /** O(1). */
  peek(): T | undefined {
    return this.items[0];
  }

  /** The item at a position of the heap's array (0 is the first; the rest in no particular order). O(1). */
  at(index: number): T {
    return this.items[index];
  }

  /** The first item's keys (meaningless when empty). O(1). */
  peekK1(): number {
    return this.k1[0];
  }

  peekK2(): number {
    return this.k2[0];
  }

  peekK3(): number {
    return this.k3[0];
  }

  /** O(1). */
  has(item: T): boolean {
    return item.heapIndex >= 0 && this.items[item.heapIndex] === item;
  }

  /** O(log n). */
  push(item: T, k1: number, k2 = 0, k3 = 0): void {
    const index = this.items.length;
    if (index === this.k1.length) this.grow();
    this.items.push(item);
    this.k1[index] = k1;
    this.k2[index] = k2;
    this.k3[index] = k3;
    item.heapIndex = index;
    this.up(index);
  }

  /** O(log n). */
  pop(): T | undefined {
    const top = this.items[0];
    if (top !== undefined) this.removeAt(0);
    return top;
  }

  /** O(log n). The item must be in this heap. */
  remove(item: T): void {
    if (!this.has(item)) throw new Error('IndexedHeap.remove: item is not in this heap');
    this.removeAt(item.heapIndex);
  }

  /** O(log n): gives an item new keys and restores the order. */
  update(item: T, k1: number, k2 = 0, k3 = 0): void {
    if (!this.has(item)) throw new Error('IndexedHeap.update: item is not in this heap');
    const index = item.heapIndex;
    this.k1[index] = k1;
    this.k2[index] = k2;
    this.k3[index] = k3;
    this.down(this.up(index));
  }

  /**
   * The first item in heap order that `accept`s, without changing the heap: a best-first walk of the tree
   * that only opens the children of rejected nodes. O(k log k) where k is the number of rejected items
   * ranked before the answer (the engine keeps k tiny: only recently refused contacts are rejected).
   */
  findFirst(accept: (item: T) => boolean): T | undefined {
    const items = this.items;
    const n = items.length;
    if (n === 0) return undefined;
    if (accept(items[0])) return items[0];
    const frontier: number[] = [];
    if (1 < n) frontier.push(1);
    if (2 < n) frontier.push(2);
    while (frontier.length > 0) {
      let bestAt = 0;
      for (let i = 1; i < frontier.length; i++) {
        if (this.less(frontier[i], frontier[bestAt])) bestAt = i;
      }
      const index = frontier[bestAt];
      frontier[bestAt] = frontier[frontier.length - 1];
      frontier.pop();
      if (accept(items[index])) return items[index];
      const left = 2 * index + 1;
      if (left < n) frontier.push(left);
      if (left + 1 < n) frontier.push(left + 1);
    }
    return undefined;
  }

  /** O(n): the items in no particular order (diagnostics and snapshots). */
  toArray(): readonly T[] {
    return this.items.slice();
  }

  /** O(n): checks the heap property and the stored positions; returns the problems found. */
  audit(): string[] {
    const problems: string[] = [];
    this.items.forEach((item, i) => {
      if (item.heapIndex !== i) problems.push(`heap item at ${i} believes it is at ${item.heapIndex}`);
      if (i > 0 && this.less(i, (i - 1) >> 1)) problems.push(`heap order broken at ${i}`);
    });
    return problems;
  }

  /** The keys an item was given, for audits. */
  keysOf(item: T): [number, number, number] {
    const i = item.heapIndex;
    return [this.k1[i], this.k2[i], this.k3[i]];
  }

  private less(i: number, j: number): boolean {
    const k1 = this.k1;
    if (k1[i] !== k1[j]) return k1[i] < k1[j];
    const k2 = this.k2;
    if (k2[i] !== k2[j]) return k2[i] < k2[j];
    return this.k3[i] < this.k3[j];
  }

  private grow(): void {
    const size = this.k1.length * 2;
    const copy = (from: Float64Array) => {
      const to = new Float64Array(size);
      to.set(from);
      return to;
    };
    this.k1 = copy(this.k1);
    this.k2 = copy(this.k2);
    this.k3 = copy(this.k3);
  }

  private move(from: number, to: number): void {
    const item = this.items[from];
    this.items[to] = item;
    item.heapIndex = to;
    this.k1[to] = this.k1[from];
    this.k2[to] = this.k2[from];
    this.k3[to] = this.k3[from];
  }

  private removeAt(index: number): void {
    const items = this.items;
    const removed = items[index];
    removed.heapIndex = -1;
    const last = items.length - 1;
    if (index !== last) {
      this.move(last, index);
      items.pop();
      this.down(this.up(index));
    } else {
      items.pop();
    }
  }

  /** Sifts the entry at `index` up; returns where it ends. */
  private up(index: number): number {
    const items = this.items;
    const k1 = this.k1;
    const k2 = this.k2;
    const k3 = this.k3;
    const item = items[index];
    const a = k1[index];
    const b = k2[index];
    const c = k3[index];
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const p1 = k1[parent];
      if (a > p1 || (a === p1 && (b > k2[parent] || (b === k2[parent] && c >= k3[parent])))) break;
      this.move(parent, index);
      index = parent;
    }
    items[index] = item;
    item.heapIndex = index;
    k1[index] = a;
    k2[index] = b;
    k3[index] = c;
    return index;
  }

  /** Sifts the entry at `index` down; returns where it ends. */
  private down(index: number): number {
    const items = this.items;
    const k1 = this.k1;
    const k2 = this.k2;
    const k3 = this.k3;
    const n = items.length;
    const item = items[index];
    const a = k1[index];
    const b = k2[index];
    const c = k3[index];
    for (;;) {
      const left = 2 * index + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && this.less(right, left) ? right : left;
      const c1 = k1[child];
      if (c1 > a || (c1 === a && (k2[child] > b || (k2[child] === b && k3[child] >= c)))) break;
      this.move(child, index);
      index = child;
    }
    items[index] = item;
    item.heapIndex = index;
    k1[index] = a;
    k2[index] = b;
    k3[index] = c;
    return index;
  }
}

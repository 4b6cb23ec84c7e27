import fc from 'fast-check';
import { IndexedHeap } from './indexed-heap';

interface Item {
  heapIndex: number;
  value: number;
  tie: number;
  id: number;
}

const before = (a: Item, b: Item) => a.value < b.value || (a.value === b.value && (a.tie < b.tie || (a.tie === b.tie && a.id < b.id)));
const sorted = (items: Item[]) => [...items].sort((a, b) => (before(a, b) ? -1 : 1));
const items = (values: [number, number][]) => values.map(([value, tie], id) => ({ heapIndex: -1, value, tie, id }));
const push = (heap: IndexedHeap<Item>, item: Item) => heap.push(item, item.value, item.tie, item.id);
const entries = fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 3 })));

describe('IndexedHeap', () => {
  it('pops in key order: first key, then second, then third', () => {
    fc.assert(
      fc.property(entries, (values) => {
        const heap = new IndexedHeap<Item>();
        const all = items(values);
        all.forEach((item) => push(heap, item));
        const out: Item[] = [];
        for (let item = heap.pop(); item; item = heap.pop()) out.push(item);
        expect(out).toEqual(sorted(all));
        expect(all.every((item) => item.heapIndex === -1)).toBe(true);
      }),
    );
  });

  it('removes and re-keys any item in place, keeping positions right', () => {
    fc.assert(
      fc.property(
        entries.filter((values) => values.length > 0),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: -10, max: 60 }), fc.boolean())),
        (values, edits) => {
          const heap = new IndexedHeap<Item>();
          let live = items(values);
          live.forEach((item) => push(heap, item));
          for (const [pick, value, remove] of edits) {
            if (live.length === 0) break;
            const item = live[pick % live.length];
            if (remove) {
              heap.remove(item);
              live = live.filter((other) => other !== item);
            } else {
              item.value = value;
              heap.update(item, item.value, item.tie, item.id);
            }
            // Removed: gone; re-keyed: in the heap under its new keys.
            expect(heap.has(item) ? heap.keysOf(item) : 'gone').toEqual(remove ? 'gone' : [item.value, item.tie, item.id]);
            expect(heap.audit()).toEqual([]);
            expect(heap.peek()).toBe(sorted(live)[0]);
          }
          expect(heap.size).toBe(live.length);
        },
      ),
    );
  });

  it('findFirst returns the first accepted item in heap order without changing the heap', () => {
    fc.assert(
      fc.property(entries, fc.integer({ min: 1, max: 5 }), (values, modulo) => {
        const heap = new IndexedHeap<Item>();
        const all = items(values);
        all.forEach((item) => push(heap, item));
        const accept = (item: Item) => item.id % modulo === 0;
        expect(heap.findFirst(accept)).toBe(sorted(all).find(accept));
        expect(heap.size).toBe(all.length);
        expect(heap.audit()).toEqual([]);
      }),
    );
  });

  it('grows past its initial capacity', () => {
    const heap = new IndexedHeap<Item>();
    const all = items(Array.from({ length: 1000 }, (_, i) => [(i * 7919) % 1000, 0] as [number, number]));
    all.forEach((item) => push(heap, item));
    expect(heap.size).toBe(1000);
    expect(heap.audit()).toEqual([]);
    expect(heap.peek()?.value).toBe(0);
  });

  it('refuses to remove or re-key an item it does not hold, even one at the same place in another heap', () => {
    const heap = new IndexedHeap<Item>();
    const other = new IndexedHeap<Item>();
    const [mine, theirs] = items([
      [1, 0],
      [2, 0],
    ]);
    push(heap, mine);
    push(other, theirs);
    expect(theirs.heapIndex).toBe(0);
    expect(heap.has(theirs)).toBe(false);
    expect(() => heap.remove(theirs)).toThrow(new Error('IndexedHeap.remove: item is not in this heap'));
    expect(() => heap.update(theirs, 0)).toThrow(new Error('IndexedHeap.update: item is not in this heap'));
    expect(heap.toArray()).toEqual([mine]);
    expect(other.peek()).toBe(theirs);
  });

  it('orders by the third key when the first two tie, whatever order the items come in', () => {
    const heap = new IndexedHeap<Item>();
    const [late, early] = [
      { heapIndex: -1, value: 1, tie: 0, id: 5 },
      { heapIndex: -1, value: 1, tie: 0, id: 3 },
    ];
    push(heap, late);
    push(heap, early);
    expect(heap.peek()).toBe(early);
    expect(heap.audit()).toEqual([]);
  });

  it('gives a copy of its items, which the caller may change', () => {
    const heap = new IndexedHeap<Item>();
    items([
      [1, 0],
      [2, 0],
    ]).forEach((item) => push(heap, item));
    const copy = heap.toArray() as Item[];
    copy.pop();
    expect(heap.size).toBe(2);
    expect(heap.toArray()).toHaveLength(2);
  });

  it('reports a stored position that is wrong and an order that is broken', () => {
    const heap = new IndexedHeap<Item>();
    const all = items([
      [1, 0],
      [2, 0],
      [3, 0],
    ]);
    all.forEach((item) => push(heap, item));
    all[2].heapIndex = 7;
    expect(heap.audit()).toEqual(['heap item at 2 believes it is at 7']);
    all[2].heapIndex = 2;
    // Memory overwritten behind the heap's back: the keys of the first place now rank after its children.
    (heap as unknown as { k1: Float64Array }).k1[0] = 9;
    expect(heap.audit()).toEqual(['heap order broken at 1', 'heap order broken at 2']);
  });
});

import { RandomStreams, Xoshiro128, hash32, splitmix32 } from './random';

describe('Xoshiro128 (xoshiro128**)', () => {
  it('produces the reference sequence for the state 1, 2, 3, 4', () => {
    // The first outputs of the authors' C reference implementation from s = {1, 2, 3, 4}.
    const generator = Xoshiro128.fromState(1, 2, 3, 4);
    expect(Array.from({ length: 6 }, () => generator.nextUint32())).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
  });

  it('is the same sequence for the same seed and another for another seed', () => {
    const a = new Xoshiro128(42);
    const b = new Xoshiro128(42);
    const c = new Xoshiro128(43);
    const first = Array.from({ length: 100 }, () => a.next());
    expect(Array.from({ length: 100 }, () => b.next())).toEqual(first);
    expect(Array.from({ length: 100 }, () => c.next())).not.toEqual(first);
    // Seed 0 still gives a working generator (splitmix32 fills the state).
    const zero = new Xoshiro128(0);
    expect(new Set(Array.from({ length: 10 }, () => zero.nextUint32())).size).toBe(10);
  });

  it('gives uniform doubles in [0, 1) and exponentials and normals with the right moments', () => {
    const generator = new Xoshiro128(7);
    const n = 200_000;
    let sum = 0;
    let min = 1;
    let max = 0;
    let expSum = 0;
    let normalSum = 0;
    let normalSquares = 0;
    for (let i = 0; i < n; i++) {
      const u = generator.next();
      sum += u;
      min = Math.min(min, u);
      max = Math.max(max, u);
      expSum += generator.exponential(3);
      const z = generator.normal();
      normalSum += z;
      normalSquares += z * z;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    // Standard errors: uniform mean 0.29/√n ≈ 0.0006, exponential mean 3/√n ≈ 0.007, normal 1/√n ≈ 0.002.
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(0.003);
    expect(Math.abs(expSum / n - 3)).toBeLessThan(0.03);
    expect(Math.abs(normalSum / n)).toBeLessThan(0.01);
    expect(Math.abs(normalSquares / n - 1)).toBeLessThan(0.015);
  });
});

describe('RandomStreams', () => {
  it('keeps one stream per name, independent of the order streams are first used', () => {
    const one = new RandomStreams(5);
    const two = new RandomStreams(5);
    const a1 = one.stream('arrivals:sales').next();
    one.stream('talk:sales').next();
    two.stream('talk:sales').next();
    two.stream('other').next();
    expect(two.stream('arrivals:sales').next()).toBe(a1);
    expect(one.stream('arrivals:sales')).toBe(one.stream('arrivals:sales'));
  });

  it('derives seeds with splitmix32 and FNV-1a', () => {
    expect(hash32('')).toBe(0x811c9dc5);
    expect(hash32('a')).toBe(0xe40c292c);
    const next = splitmix32(0);
    expect(next()).not.toBe(next());
  });
});

import { partOf } from './crm-import.service';

describe('partOf: the part of a file an external id is merged in', () => {
  it('is FNV-1a of the id, the same on every run (an import resumed later shares the rows out alike)', () => {
    // FNV-1a's published values: "" 0x811c9dc5, "a" 0xe40c292c, "foobar" 0xbf9cf968.
    expect([partOf('', 1000), partOf('a', 1000), partOf('foobar', 1000)]).toEqual([0x811c9dc5 % 1000, 0xe40c292c % 1000, 0xbf9cf968 % 1000]);
    expect([partOf('T000000001', 2), partOf('T000000002', 2)]).toEqual([0, 1]);
    expect(partOf('anything', 1)).toBe(0);
  });

  it('shares ids out about evenly between the parts', () => {
    const counts = [0, 0];
    for (let index = 0; index < 10_000; index += 1) counts[partOf(`T${String(index).padStart(9, '0')}`, 2)] += 1;
    expect(Math.min(...counts)).toBeGreaterThan(4_500);
    expect(counts[0] + counts[1]).toBe(10_000);
  });
});

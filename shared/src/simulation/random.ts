/**
 * Seeded pseudo-random numbers for the simulator.
 *
 * Generator: xoshiro128** (Blackman and Vigna, "Scrambled linear pseudorandom number generators", 2018):
 * 128 bits of state, period 2^128 - 1, 32-bit outputs that pass BigCrush. Its four state words are filled by
 * splitmix32 (the 32-bit variant of Steele, Lea and Flood's SplitMix, as the xoshiro authors recommend for
 * seeding), so any 32-bit seed, 0 included, gives a good state.
 *
 * Streams: `RandomStreams` derives one independent generator per purpose (a queue's arrivals, its talk times,
 * its patience, the agents' answer delays) from the run's seed. Each purpose draws from its own sequence, so
 * adding a queue or an agent does not shift the arrivals of another queue (common random numbers when two
 * staffing plans are compared on the same seed).
 */

/** splitmix32: a tiny generator used only to expand seeds. */
export function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** xoshiro128**: uniform 32-bit integers and doubles in [0, 1). */
export class Xoshiro128 {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  /** Second normal of the last Box-Muller pair, or NaN. */
  private spareNormal = Number.NaN;

  constructor(seed: number) {
    const next = splitmix32(seed);
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    if ((this.a | this.b | this.c | this.d) === 0) this.d = 1;
  }

  /** A generator with the given state words (for the reference test vectors); not all zero. */
  static fromState(a: number, b: number, c: number, d: number): Xoshiro128 {
    const generator = new Xoshiro128(0);
    generator.a = a >>> 0;
    generator.b = b >>> 0;
    generator.c = c >>> 0;
    generator.d = d >>> 0;
    return generator;
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** A uniform double in [0, 1) with 32 random bits. */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Exponential with the given mean: -mean·ln(1 - U), U in [0, 1) so the logarithm is finite. */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  /** Standard normal by the Box-Muller transform (the pair's second value is kept for the next call). */
  normal(): number {
    if (!Number.isNaN(this.spareNormal)) {
      const spare = this.spareNormal;
      this.spareNormal = Number.NaN;
      return spare;
    }
    const u1 = 1 - this.next();
    const u2 = this.next();
    const radius = Math.sqrt(-2 * Math.log(u1));
    this.spareNormal = radius * Math.sin(2 * Math.PI * u2);
    return radius * Math.cos(2 * Math.PI * u2);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** Independent generators by name, all derived from one seed (see the file comment). */
export class RandomStreams {
  private readonly streams = new Map<string, Xoshiro128>();

  constructor(readonly seed: number) {}

  stream(name: string): Xoshiro128 {
    let stream = this.streams.get(name);
    if (!stream) {
      stream = new Xoshiro128((this.seed ^ hash32(name)) >>> 0);
      this.streams.set(name, stream);
    }
    return stream;
  }
}

/** FNV-1a, 32 bits: turns a stream name into seed bits. */
export function hash32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

import fc from 'fast-check';
import {
  type ErlangAFigures,
  WorkforceInputError,
  erlangAAgentsNeeded,
  erlangAFigures,
  erlangCAgentsNeeded,
  erlangCFigures,
} from './index';

/** Seeded uniform generator (mulberry32), so the simulation below is the same on every run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  const { imul } = Math;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Independent reference: a discrete-event simulation of the M/M/N+M queue, first come first
 * served, each caller with its own exponential patience. The first 5% of callers warm it up.
 */
function simulate(options: {
  ratePerSecond: number;
  ahtSeconds: number;
  patienceSeconds: number;
  agents: number;
  thresholdSeconds: number;
  callers: number;
  seed: number;
}) {
  const random = seededRandom(options.seed);
  const { log } = Math;
  const exponential = (mean: number) => -mean * log(1 - random());
  const idle = Number.NEGATIVE_INFINITY;
  const busyUntil: number[] = new Array<number>(options.agents).fill(idle);
  const queue: Array<{ arrival: number; deadline: number; counted: boolean }> = [];
  let head = 0;
  const warmUp = Math.floor(options.callers * 0.05);
  const tally = { offered: 0, waited: 0, abandoned: 0, answered: 0, answeredWithin: 0, answeredWaitSum: 0 };
  const answer = (wait: number, counted: boolean) => {
    if (!counted) return;
    tally.answered += 1;
    tally.answeredWaitSum += wait;
    if (wait <= options.thresholdSeconds) tally.answeredWithin += 1;
  };
  let now = 0;
  for (let caller = 0; caller < options.callers; caller++) {
    now += exponential(1 / options.ratePerSecond);
    // Agents finishing before this arrival take the next caller still waiting.
    for (;;) {
      let agent = -1;
      for (let a = 0; a < busyUntil.length; a++) {
        if (busyUntil[a] !== idle && (agent < 0 || busyUntil[a] < busyUntil[agent])) agent = a;
      }
      if (agent < 0 || busyUntil[agent] > now) break;
      const free = busyUntil[agent];
      while (head < queue.length && queue[head].deadline <= free) {
        if (queue[head].counted) tally.abandoned += 1;
        head += 1;
      }
      if (head < queue.length) {
        const next = queue[head++];
        answer(free - next.arrival, next.counted);
        busyUntil[agent] = free + exponential(options.ahtSeconds);
      } else {
        busyUntil[agent] = idle;
      }
    }
    const counted = caller >= warmUp;
    if (counted) tally.offered += 1;
    const freeAgent = busyUntil.indexOf(idle);
    if (freeAgent >= 0) {
      answer(0, counted);
      busyUntil[freeAgent] = now + exponential(options.ahtSeconds);
    } else {
      if (counted) tally.waited += 1;
      queue.push({ arrival: now, deadline: now + exponential(options.patienceSeconds), counted });
    }
  }
  return {
    probabilityOfWaiting: tally.waited / tally.offered,
    abandonRate: tally.abandoned / tally.offered,
    serviceLevelOfOffered: tally.answeredWithin / tally.offered,
    serviceLevelOfAnswered: tally.answeredWithin / tally.answered,
    asaSeconds: tally.answeredWaitSum / tally.answered,
  };
}

/** x·∫₀¹ s^(x-1)·e^(y(1-s)) ds by Simpson's rule: the Mandelbaum-Zeltyn A(x, y) = x·e^y·y^(-x)·γ(x, y). */
function mandelbaumZeltynA(x: number, y: number): number {
  const intervals = 20_000;
  const h = 1 / intervals;
  const f = (s: number) => (s === 0 ? (x === 1 ? Math.exp(y) : 0) : Math.pow(s, x - 1) * Math.exp(y * (1 - s)));
  let sum = f(0) + f(1);
  for (let i = 1; i < intervals; i++) sum += f(i * h) * (i % 2 === 1 ? 4 : 2);
  return (x * sum * h) / 3;
}

/** Erlang B by its defining sum, for small N. */
function erlangBBySum(agents: number, traffic: number): number {
  let term = 1;
  let total = 1;
  for (let n = 1; n <= agents; n++) {
    term *= traffic / n;
    total += term;
  }
  return term / total;
}

const figures = (agents: number, patienceSeconds: number, threshold = 20, ratePerSecond = 0.1, aht = 100): ErlangAFigures =>
  erlangAFigures({ arrivalRatePerSecond: ratePerSecond, ahtSeconds: aht, agents, patienceSeconds, serviceLevelThresholdSeconds: threshold });

describe('erlangAFigures', () => {
  it('is Erlang C when patience is infinite', () => {
    for (const agents of [8, 10, 11, 14]) {
      const a = figures(agents, Number.POSITIVE_INFINITY);
      const c = erlangCFigures({ arrivalRatePerSecond: 0.1, ahtSeconds: 100, agents, serviceLevelThresholdSeconds: 20 });
      expect(a).toMatchObject({
        stable: c.stable,
        probabilityOfWaiting: c.probabilityOfWaiting,
        abandonRate: 0,
        serviceLevelOfOffered: c.serviceLevel,
        serviceLevelOfAnswered: c.serviceLevel,
        asaSeconds: c.asaSeconds,
        occupancy: c.occupancy,
      });
    }
  });

  it('converges to Erlang C as patience grows', () => {
    const c = erlangCFigures({ arrivalRatePerSecond: 0.1, ahtSeconds: 100, agents: 11, serviceLevelThresholdSeconds: 20 });
    let previousGap = Number.POSITIVE_INFINITY;
    for (const patience of [1e3, 1e4, 1e5, 1e6, 1e7, 1e8]) {
      const a = figures(11, patience);
      const gap = Math.max(
        Math.abs(a.probabilityOfWaiting - c.probabilityOfWaiting),
        Math.abs(a.serviceLevelOfOffered - c.serviceLevel),
        Math.abs(a.serviceLevelOfAnswered - c.serviceLevel),
        Math.abs(a.asaSeconds - c.asaSeconds) / c.asaSeconds,
        a.abandonRate,
      );
      expect(gap).toBeLessThan(previousGap);
      previousGap = gap;
    }
    expect(previousGap).toBeLessThan(1e-4);
  });

  it('agrees with the Mandelbaum-Zeltyn closed forms for P(wait) and P(abandon)', () => {
    for (const [agents, patience, rate, aht] of [
      [10, 60, 0.1, 100],
      [8, 200, 0.1, 100],
      [3, 30, 0.05, 60],
      [20, 45, 0.25, 90],
    ]) {
      const mu = 1 / aht;
      const theta = 1 / patience;
      const traffic = rate * aht;
      const blocking = erlangBBySum(agents, traffic);
      const a = mandelbaumZeltynA((agents * mu) / theta, rate / theta);
      const probabilityOfWaiting = (a * blocking) / (1 + (a - 1) * blocking);
      const rho = rate / (agents * mu);
      const abandonIfWaiting = 1 / (rho * a) + 1 - 1 / rho;
      const f = figures(agents, patience, 20, rate, aht);
      expect(f.probabilityOfWaiting).toBeCloseTo(probabilityOfWaiting, 7);
      expect(f.abandonRate).toBeCloseTo(probabilityOfWaiting * abandonIfWaiting, 7);
    }
  });

  it('agrees with a simulation of the queue', () => {
    for (const [agents, patience, seed] of [
      [10, 60, 7],
      [12, 180, 11],
      [9, 120, 23],
    ]) {
      const f = figures(agents, patience);
      const s = simulate({
        ratePerSecond: 0.1,
        ahtSeconds: 100,
        patienceSeconds: patience,
        agents,
        thresholdSeconds: 20,
        callers: 300_000,
        seed,
      });
      expect(Math.abs(f.probabilityOfWaiting - s.probabilityOfWaiting)).toBeLessThan(0.006);
      expect(Math.abs(f.abandonRate - s.abandonRate)).toBeLessThan(0.003);
      expect(Math.abs(f.serviceLevelOfOffered - s.serviceLevelOfOffered)).toBeLessThan(0.006);
      expect(Math.abs(f.serviceLevelOfAnswered - s.serviceLevelOfAnswered)).toBeLessThan(0.006);
      expect(Math.abs(f.asaSeconds - s.asaSeconds) / s.asaSeconds).toBeLessThan(0.02);
    }
  });

  it('keeps the flow identities of the model', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 }),
        fc.double({ min: 0.01, max: 2, noNaN: true }),
        fc.double({ min: 20, max: 600, noNaN: true }),
        fc.double({ min: 5, max: 900, noNaN: true }),
        fc.integer({ min: 0, max: 120 }),
        (agents, rate, aht, patience, threshold) => {
          const f = figures(agents, patience, threshold, rate, aht);
          const answered = 1 - f.abandonRate;
          // Abandonment flow: λ·P(abandon) = θ·E[queue length] = θ·λ·E[time in queue].
          expect(f.abandonRate).toBeCloseTo(f.meanTimeInQueueSeconds / patience, 9);
          // Busy agents: N·occupancy = A·P(answered).
          expect(agents > 0 ? f.occupancy * agents - f.trafficErlangs * answered : 0).toBeCloseTo(0, 7);
          expect(f.serviceLevelOfOffered).toBeLessThanOrEqual(answered + 1e-12);
          expect(f.serviceLevelOfOffered).toBeLessThanOrEqual(f.serviceLevelOfAnswered + 1e-12);
          expect(f.serviceLevelOfOffered).toBeGreaterThanOrEqual(1 - f.probabilityOfWaiting - 1e-12);
          expect(agents > 0 ? f.serviceLevelOfAnswered - f.serviceLevelOfOffered / answered : 0).toBeCloseTo(0, 9);
          for (const share of [f.probabilityOfWaiting, f.abandonRate, f.serviceLevelOfOffered, f.occupancy]) {
            expect(share).toBeGreaterThanOrEqual(0);
            expect(share).toBeLessThanOrEqual(1);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('improves as agents are added', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        fc.double({ min: 10, max: 600, noNaN: true }),
        (agents, rate, patience) => {
          const fewer = figures(agents, patience, 20, rate, 120);
          const more = figures(agents + 1, patience, 20, rate, 120);
          expect(more.probabilityOfWaiting).toBeLessThanOrEqual(fewer.probabilityOfWaiting + 1e-12);
          expect(more.abandonRate).toBeLessThanOrEqual(fewer.abandonRate + 1e-12);
          expect(more.serviceLevelOfOffered).toBeGreaterThanOrEqual(fewer.serviceLevelOfOffered - 1e-12);
          expect(more.meanTimeInQueueSeconds).toBeLessThanOrEqual(fewer.meanTimeInQueueSeconds + 1e-12);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('computes exactly for a hand-checkable case (one agent, patience equal to AHT)', () => {
    // With θ = μ the chain is M/M/1 with death rate n·μ in every state: π(n) = e^(-A)·A^n/n!.
    // One agent, A = 1: P(wait) = 1 - e^(-1); answered share m/(m+j+1) with m = 1.
    const f = erlangAFigures({ arrivalRatePerSecond: 0.01, ahtSeconds: 100, agents: 1, patienceSeconds: 100, serviceLevelThresholdSeconds: 0 });
    expect(f.probabilityOfWaiting).toBeCloseTo(1 - Math.exp(-1), 12);
    let abandon = 0;
    let factorial = 1;
    for (let j = 0; j < 40; j++) {
      if (j > 0) factorial *= j;
      const pi = Math.exp(-1) / (factorial * (j + 1)); // π(1 + j) = e^-1 / (j+1)!
      abandon += pi * ((j + 1) / (j + 2));
    }
    expect(f.abandonRate).toBeCloseTo(abandon, 12);
    // T = 0: only contacts answered at once are within the threshold.
    expect(f.serviceLevelOfOffered).toBeCloseTo(Math.exp(-1), 12);
  });

  it('handles no agents, no traffic and thousands of agents', () => {
    const none = figures(0, 60);
    expect(none).toMatchObject({
      probabilityOfWaiting: 1,
      abandonRate: 1,
      serviceLevelOfOffered: 0,
      serviceLevelOfAnswered: 0,
      asaSeconds: Number.POSITIVE_INFINITY,
      occupancy: 0,
    });
    expect(none.meanTimeInQueueSeconds).toBeCloseTo(60, 9);
    const idle = erlangAFigures({ arrivalRatePerHour: 0, ahtSeconds: 100, agents: 3, patienceSeconds: 60, serviceLevelThresholdSeconds: 20 });
    expect(idle).toMatchObject({ probabilityOfWaiting: 0, abandonRate: 0, serviceLevelOfOffered: 1, asaSeconds: 0, occupancy: 0 });

    for (const agents of [1900, 2000, 2100]) {
      const big = erlangAFigures({ arrivalRatePerSecond: 2000 / 300, ahtSeconds: 300, agents, patienceSeconds: 180, serviceLevelThresholdSeconds: 20 });
      for (const value of Object.values(big).filter((entry) => typeof entry === 'number')) expect(Number.isFinite(value)).toBe(true);
      expect(big.abandonRate).toBeCloseTo(big.meanTimeInQueueSeconds / 180, 9);
      expect(big.serviceLevelOfOffered).toBeGreaterThan(0);
      expect(big.serviceLevelOfOffered).toBeLessThanOrEqual(1);
    }
  });

  it('is stable with a finite patience however few the agents, which Erlang C is not', () => {
    // 10 Erlangs offered: abandonment keeps the queue finite with 0 or 5 agents; without it the queue grows.
    for (const agents of [0, 5, 10, 12]) expect(figures(agents, 60).stable).toBe(true);
    expect(figures(5, Number.POSITIVE_INFINITY).stable).toBe(false);
    expect(figures(12, Number.POSITIVE_INFINITY).stable).toBe(true);
  });

  it('rejects bad input with a named field', () => {
    const ok = { arrivalRatePerHour: 100, ahtSeconds: 180, agents: 10, patienceSeconds: 60, serviceLevelThresholdSeconds: 20 };
    for (const [input, field] of [
      [{ ...ok, patienceSeconds: 0 }, 'patienceSeconds'],
      [{ ...ok, patienceSeconds: -3 }, 'patienceSeconds'],
      [{ ...ok, patienceSeconds: Number.NaN }, 'patienceSeconds'],
      [{ ...ok, arrivalRatePerHour: -1 }, 'arrivalRatePerHour'],
      [{ ...ok, ahtSeconds: 0 }, 'ahtSeconds'],
      [{ ...ok, agents: 1.5 }, 'agents'],
    ] as const) {
      expect(() => erlangAFigures(input)).toThrow(WorkforceInputError);
      expect(() => erlangAFigures(input)).toThrow(expect.objectContaining({ field }));
    }
  });
});

describe('erlangAAgentsNeeded', () => {
  const base = {
    arrivalRatePerHour: 360,
    ahtSeconds: 100,
    patienceSeconds: 60,
    targetServiceLevel: 0.8,
    serviceLevelThresholdSeconds: 20,
  };

  it('is the smallest count that meets every target', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1500 }),
        fc.integer({ min: 60, max: 400 }),
        fc.integer({ min: 10, max: 400 }),
        fc.double({ min: 0.3, max: 0.95, noNaN: true }),
        fc.constantFrom('offered' as const, 'answered' as const),
        fc.option(fc.double({ min: 0.01, max: 0.2, noNaN: true }), { nil: undefined }),
        (ratePerHour, aht, patience, target, basis, maxAbandonRate) => {
          const targets = {
            arrivalRatePerHour: ratePerHour,
            ahtSeconds: aht,
            patienceSeconds: patience,
            targetServiceLevel: target,
            serviceLevelThresholdSeconds: 20,
            serviceLevelBasis: basis,
            maxAbandonRate,
          };
          const result = erlangAAgentsNeeded(targets);
          const meets = (f: ErlangAFigures) =>
            (basis === 'offered' ? f.serviceLevelOfOffered : f.serviceLevelOfAnswered) >= target - 1e-9 &&
            (maxAbandonRate === undefined || f.abandonRate <= maxAbandonRate + 1e-9);
          expect(meets(result)).toBe(true);
          for (let agents = 0; agents < result.agents; agents++) {
            const f = erlangAFigures({ ...targets, agents });
            expect(meets(f)).toBe(false);
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  it('staffs 80/20 for a 10-Erlang queue whose callers wait a minute on average', () => {
    const result = erlangAAgentsNeeded(base);
    expect(result.agents).toBe(11);
    expect(result.serviceLevelOfOffered).toBeCloseTo(0.817, 3);
    expect(figures(10, 60).serviceLevelOfOffered).toBeLessThan(0.8);
    const answeredBasis = erlangAAgentsNeeded({ ...base, serviceLevelBasis: 'answered' });
    expect(answeredBasis.agents).toBeLessThanOrEqual(result.agents);
    const capped = erlangAAgentsNeeded({ ...base, maxAbandonRate: 0.02 });
    expect(capped.abandonRate).toBeLessThanOrEqual(0.02);
    expect(figures(capped.agents - 1, 60).abandonRate).toBeGreaterThan(0.02);
  });

  it('gives Erlang C staffing with infinite patience and none without traffic', () => {
    const a = erlangAAgentsNeeded({ ...base, patienceSeconds: Number.POSITIVE_INFINITY });
    const c = erlangCAgentsNeeded({ ...base });
    expect(a.agents).toBe(c.agents);
    expect(a.abandonRate).toBe(0);
    expect(erlangAAgentsNeeded({ ...base, arrivalRatePerHour: 0 }).agents).toBe(0);
  });

  it('copes with thousands of agents', () => {
    const result = erlangAAgentsNeeded({ ...base, arrivalRatePerHour: 60_000, ahtSeconds: 300, patienceSeconds: 120 });
    expect(result.agents).toBeGreaterThan(4000);
    expect(result.serviceLevelOfOffered).toBeGreaterThanOrEqual(0.8);
    const fewer = erlangAFigures({ ...base, arrivalRatePerHour: 60_000, ahtSeconds: 300, patienceSeconds: 120, agents: result.agents - 1 });
    expect(fewer.serviceLevelOfOffered).toBeLessThan(0.8);
  });

  it('rejects bad targets', () => {
    expect(() => erlangAAgentsNeeded({ ...base, maxAbandonRate: 0 })).toThrow(/maxAbandonRate/);
    expect(() => erlangAAgentsNeeded({ ...base, serviceLevelBasis: 'everyone' as never })).toThrow(/serviceLevelBasis/);
    expect(() => erlangAAgentsNeeded({ ...base, patienceSeconds: 0 })).toThrow(/patienceSeconds/);
    expect(() => erlangAAgentsNeeded({ ...base, targetServiceLevel: 1.2 })).toThrow(/targetServiceLevel/);
  });
});

import fc from 'fast-check';
import {
  erlangB,
  erlangC,
  erlangCAgentsNeeded,
  erlangCFigures,
  logErlangB,
  WorkforceInputError,
} from './index';
import { logAddExp, meetsErlangCTargets, searchLimit, TARGET_TOLERANCE } from './erlang-c';

/**
 * Independent reference: the M/M/N birth-death chain solved directly (log-space products of
 * λ / death rate, truncated where the geometric tail is below 1e-20), no Erlang B involved.
 * P(W > T) = Σ_j π(N+j) · P(Poisson(Nμ·T) <= j): with j callers ahead, a caller waits for j + 1
 * completions at rate Nμ.
 */
function bruteForceMMN(agents: number, traffic: number, ahtSeconds: number, thresholdSeconds: number) {
  const logTraffic = Math.log(traffic);
  const logs: number[] = [0];
  for (let n = 1; n <= agents; n++) logs.push(logs[n - 1] + logTraffic - Math.log(n));
  const peak = Math.max(...logs);
  for (let n = agents + 1; logs[n - 1] > peak - 60; n++) logs.push(logs[n - 1] + logTraffic - Math.log(agents));
  const top = Math.max(...logs);
  const weights = logs.map((l) => Math.exp(l - top));
  const total = weights.reduce((a, b) => a + b, 0);
  const pi = weights.map((w) => w / total);
  const serviceRate = agents / ahtSeconds;
  let waiting = 0;
  let late = 0;
  let meanWait = 0;
  let poissonLogTerm = -serviceRate * thresholdSeconds;
  let poissonCdf = 0;
  for (let j = 0; agents + j < pi.length; j++) {
    poissonCdf += Math.exp(poissonLogTerm);
    poissonLogTerm += Math.log(serviceRate * thresholdSeconds) - Math.log(j + 1);
    const p = pi[agents + j];
    waiting += p;
    late += p * Math.min(1, poissonCdf);
    meanWait += (p * (j + 1)) / serviceRate;
  }
  return { probabilityOfWaiting: waiting, serviceLevel: 1 - late, asaSeconds: meanWait };
}

describe('Erlang B and C', () => {
  it('matches the published value C(N=11, A=10) = 0.6821', () => {
    expect(erlangC(11, 10)).toBeCloseTo(0.6821, 4);
  });

  it('matches exact small cases', () => {
    expect(erlangB(1, 3)).toBeCloseTo(3 / 4, 14);
    // B(2, 1) = (1/2) / (1 + 1 + 1/2)
    expect(erlangB(2, 1)).toBeCloseTo(0.2, 14);
    // C(3, 2) = (8/6 · 3) / (1 + 2 + 2 + 8/6 · 3) = 4/9
    expect(erlangC(3, 2)).toBeCloseTo(4 / 9, 14);
    expect(erlangB(0, 5)).toBe(1);
    expect(erlangC(5, 0)).toBe(0);
  });

  it('stays finite and exact for thousands of agents', () => {
    const c = erlangC(5100, 5000);
    expect(Number.isFinite(c)).toBe(true);
    expect(c).toBeGreaterThan(0);
    expect(c).toBeLessThan(1);
    expect(erlangB(5000, 1)).toBe(0);
    expect(logErlangB(5000, 1)).toBeLessThan(-30_000);
    expect(Number.isFinite(logErlangB(5000, 1))).toBe(true);
    const reference = bruteForceMMN(1050, 1000, 300, 20);
    const figures = erlangCFigures({ arrivalRatePerSecond: 1000 / 300, ahtSeconds: 300, agents: 1050, serviceLevelThresholdSeconds: 20 });
    expect(figures.probabilityOfWaiting).toBeCloseTo(reference.probabilityOfWaiting, 10);
    expect(figures.serviceLevel).toBeCloseTo(reference.serviceLevel, 10);
    expect(figures.asaSeconds).toBeCloseTo(reference.asaSeconds, 8);
  });

  it('agrees with the birth-death chain solved directly', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 120, noNaN: true }),
        fc.integer({ min: 1, max: 25 }),
        fc.double({ min: 10, max: 900, noNaN: true }),
        fc.integer({ min: 0, max: 120 }),
        (traffic, extraAgents, ahtSeconds, threshold) => {
          // At least half an agent spare, so the reference chain's tail stays short.
          const agents = Math.ceil(traffic + 0.5) + extraAgents - 1;
          const figures = erlangCFigures({
            arrivalRatePerSecond: traffic / ahtSeconds,
            ahtSeconds,
            agents,
            serviceLevelThresholdSeconds: threshold,
          });
          const reference = bruteForceMMN(agents, traffic, ahtSeconds, threshold);
          expect(figures.probabilityOfWaiting).toBeCloseTo(reference.probabilityOfWaiting, 9);
          expect(figures.serviceLevel).toBeCloseTo(reference.serviceLevel, 9);
          expect(Math.abs(figures.asaSeconds - reference.asaSeconds)).toBeLessThan(1e-8 * (1 + reference.asaSeconds));
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('erlangCFigures', () => {
  it('gives the figures of a 10-Erlang queue with 11 agents', () => {
    const f = erlangCFigures({ arrivalRatePerHour: 360, ahtSeconds: 100, agents: 11, serviceLevelThresholdSeconds: 20 });
    expect(f.arrivalRatePerSecond).toBeCloseTo(0.1, 15);
    expect(f.trafficErlangs).toBeCloseTo(10, 12);
    expect(f.stable).toBe(true);
    expect(f.probabilityOfWaiting).toBeCloseTo(0.682118, 6);
    // 1 - C·e^(-(11-10)·20/100)
    expect(f.serviceLevel).toBeCloseTo(1 - 0.6821182046893326 * Math.exp(-0.2), 12);
    // C·AHT / (N - A)
    expect(f.asaSeconds).toBeCloseTo(68.21182, 4);
    expect(f.occupancy).toBeCloseTo(10 / 11, 12);
  });

  it('accepts the rate per second or per hour alike', () => {
    const perHour = erlangCFigures({ arrivalRatePerHour: 720, ahtSeconds: 240, agents: 52, serviceLevelThresholdSeconds: 15 });
    const perSecond = erlangCFigures({ arrivalRatePerSecond: 0.2, ahtSeconds: 240, agents: 52, serviceLevelThresholdSeconds: 15 });
    expect(perHour).toEqual(perSecond);
  });

  it('reports an unstable queue (N <= A) with clear limit values', () => {
    for (const agents of [0, 5, 10]) {
      const f = erlangCFigures({ arrivalRatePerSecond: 0.1, ahtSeconds: 100, agents, serviceLevelThresholdSeconds: 20 });
      expect(f.stable).toBe(false);
      expect(f.probabilityOfWaiting).toBe(1);
      expect(f.serviceLevel).toBe(0);
      expect(f.asaSeconds).toBe(Number.POSITIVE_INFINITY);
      expect(f.occupancy).toBe(agents === 0 ? 0 : 1);
    }
  });

  it('reports a queue without traffic as never waiting', () => {
    const f = erlangCFigures({ arrivalRatePerHour: 0, ahtSeconds: 100, agents: 0, serviceLevelThresholdSeconds: 20 });
    expect(f).toMatchObject({ stable: true, probabilityOfWaiting: 0, serviceLevel: 1, asaSeconds: 0, occupancy: 0 });
  });

  it('improves every figure as agents are added', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.5, max: 400, noNaN: true }), fc.integer({ min: 0, max: 60 }), (traffic, k) => {
        const at = (agents: number) =>
          erlangCFigures({ arrivalRatePerSecond: traffic / 180, ahtSeconds: 180, agents, serviceLevelThresholdSeconds: 20 });
        const fewer = at(Math.floor(traffic) + 1 + k);
        const more = at(Math.floor(traffic) + 2 + k);
        expect(more.probabilityOfWaiting).toBeLessThanOrEqual(fewer.probabilityOfWaiting);
        expect(more.serviceLevel).toBeGreaterThanOrEqual(fewer.serviceLevel);
        expect(more.asaSeconds).toBeLessThanOrEqual(fewer.asaSeconds);
        expect(more.occupancy).toBeLessThan(fewer.occupancy);
        expect(fewer.probabilityOfWaiting).toBeGreaterThanOrEqual(erlangB(fewer.agents, traffic) - 1e-15);
      }),
      { numRuns: 100 },
    );
  });

  it('rejects bad input with a named field', () => {
    const ok = { arrivalRatePerHour: 100, ahtSeconds: 180, agents: 10, serviceLevelThresholdSeconds: 20 };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...ok, arrivalRatePerHour: -1 }, 'arrivalRatePerHour'],
      [{ ...ok, arrivalRatePerHour: Number.NaN }, 'arrivalRatePerHour'],
      [{ ...ok, arrivalRatePerSecond: 1 }, 'arrivalRate'],
      [{ ahtSeconds: 180, agents: 10, serviceLevelThresholdSeconds: 20 }, 'arrivalRate'],
      [{ ...ok, ahtSeconds: 0 }, 'ahtSeconds'],
      [{ ...ok, ahtSeconds: Number.POSITIVE_INFINITY }, 'ahtSeconds'],
      [{ ...ok, agents: 2.5 }, 'agents'],
      [{ ...ok, agents: -1 }, 'agents'],
      [{ ...ok, serviceLevelThresholdSeconds: -5 }, 'serviceLevelThresholdSeconds'],
    ];
    for (const [input, field] of cases) {
      expect(() => erlangCFigures(input as never)).toThrow(WorkforceInputError);
      expect(() => erlangCFigures(input as never)).toThrow(expect.objectContaining({ field }));
    }
    expect(() => erlangCFigures({ ...ok, ahtSeconds: 0 })).toThrow('ahtSeconds must be a finite number > 0 (received 0)');
  });
});

describe('erlangCAgentsNeeded', () => {
  /** The smallest N found by evaluating each count from scratch. */
  function scan(ratePerHour: number, aht: number, meets: (f: ReturnType<typeof erlangCFigures>) => boolean): number {
    for (let agents = 0; ; agents++) {
      const f = erlangCFigures({ arrivalRatePerHour: ratePerHour, ahtSeconds: aht, agents, serviceLevelThresholdSeconds: 20 });
      if (meets(f)) return agents;
    }
  }

  it('finds the smallest count for 80/20', () => {
    const result = erlangCAgentsNeeded({
      arrivalRatePerHour: 360,
      ahtSeconds: 180,
      targetServiceLevel: 0.8,
      serviceLevelThresholdSeconds: 20,
    });
    expect(result.agents).toBe(22);
    expect(result.serviceLevel).toBeGreaterThanOrEqual(0.8);
    expect(scan(360, 180, (f) => f.serviceLevel >= 0.8)).toBe(22);
    const oneFewer = erlangCFigures({ arrivalRatePerHour: 360, ahtSeconds: 180, agents: 21, serviceLevelThresholdSeconds: 20 });
    expect(oneFewer.serviceLevel).toBeLessThan(0.8);
  });

  it('is the minimum that meets every target, for random forecasts', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2000 }),
        fc.integer({ min: 30, max: 600 }),
        fc.double({ min: 0.3, max: 0.98, noNaN: true }),
        fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined }),
        fc.option(fc.double({ min: 0.5, max: 1, noNaN: true }), { nil: undefined }),
        (ratePerHour, aht, target, maxAsaSeconds, maxOccupancy) => {
          const result = erlangCAgentsNeeded({
            arrivalRatePerHour: ratePerHour,
            ahtSeconds: aht,
            targetServiceLevel: target,
            serviceLevelThresholdSeconds: 20,
            maxAsaSeconds,
            maxOccupancy,
          });
          const meets = (f: ReturnType<typeof erlangCFigures>) =>
            f.serviceLevel >= target - 1e-9 &&
            (maxAsaSeconds === undefined || f.asaSeconds <= maxAsaSeconds + 1e-9) &&
            (maxOccupancy === undefined || f.occupancy <= maxOccupancy + 1e-9);
          expect(result.agents).toBe(scan(ratePerHour, aht, meets));
        },
      ),
      { numRuns: 40 },
    );
  });

  it('adds agents for an occupancy or ASA ceiling', () => {
    const base = { arrivalRatePerHour: 360, ahtSeconds: 180, targetServiceLevel: 0.8, serviceLevelThresholdSeconds: 20 };
    expect(erlangCAgentsNeeded({ ...base, maxOccupancy: 0.75 }).agents).toBe(24);
    const asa = erlangCAgentsNeeded({ ...base, maxAsaSeconds: 5 });
    expect(asa.agents).toBe(24);
    expect(asa.asaSeconds).toBeLessThanOrEqual(5);
  });

  it('needs no agents without traffic, and copes with thousands', () => {
    expect(
      erlangCAgentsNeeded({ arrivalRatePerHour: 0, ahtSeconds: 180, targetServiceLevel: 0.8, serviceLevelThresholdSeconds: 20 }).agents,
    ).toBe(0);
    const large = erlangCAgentsNeeded({
      arrivalRatePerHour: 60_000,
      ahtSeconds: 300,
      targetServiceLevel: 0.8,
      serviceLevelThresholdSeconds: 20,
    });
    expect(large.agents).toBeGreaterThan(5000);
    expect(large.agents).toBeLessThan(5100);
    expect(large.serviceLevel).toBeGreaterThanOrEqual(0.8);
    const fewer = erlangCFigures({ arrivalRatePerHour: 60_000, ahtSeconds: 300, agents: large.agents - 1, serviceLevelThresholdSeconds: 20 });
    expect(fewer.serviceLevel).toBeLessThan(0.8);
  });

  it('rejects targets that cannot be met or make no sense', () => {
    const base = { arrivalRatePerHour: 360, ahtSeconds: 180, targetServiceLevel: 0.8, serviceLevelThresholdSeconds: 20 };
    expect(() => erlangCAgentsNeeded({ ...base, targetServiceLevel: 1 })).toThrow(/targetServiceLevel/);
    expect(() => erlangCAgentsNeeded({ ...base, targetServiceLevel: 0 })).toThrow(/targetServiceLevel/);
    expect(() => erlangCAgentsNeeded({ ...base, maxOccupancy: 0 })).toThrow(/maxOccupancy/);
    expect(() => erlangCAgentsNeeded({ ...base, maxOccupancy: 1.2 })).toThrow(/maxOccupancy/);
    expect(() => erlangCAgentsNeeded({ ...base, maxAsaSeconds: 0 })).toThrow(/maxAsaSeconds/);
    expect(() => erlangCAgentsNeeded({ ...base, arrivalRatePerHour: -360 })).toThrow(WorkforceInputError);
  });
});

describe('Erlang C at its edges', () => {
  const figuresAt = (serviceLevel: number, asaSeconds: number, occupancy: number) =>
    ({ ...erlangCFigures({ arrivalRatePerHour: 100, ahtSeconds: 180, agents: 10, serviceLevelThresholdSeconds: 20 }), serviceLevel, asaSeconds, occupancy });
  const targets = { ahtSeconds: 180, targetServiceLevel: 0.8, serviceLevelThresholdSeconds: 20, maxAsaSeconds: 30, maxOccupancy: 0.85 };

  it('adds log-probabilities of zero exactly', () => {
    expect(logAddExp(Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY)).toBe(Number.NEGATIVE_INFINITY);
    expect(logAddExp(Number.NEGATIVE_INFINITY, Math.log(0.25))).toBeCloseTo(Math.log(0.25), 15);
    expect(logAddExp(Math.log(0.25), Math.log(0.5))).toBeCloseTo(Math.log(0.75), 15);
  });

  it('blocks nobody and keeps nobody waiting without traffic, whatever the agent count', () => {
    expect(erlangB(0, 0)).toBe(1);
    expect(erlangB(3, 0)).toBe(0);
    expect(erlangC(0, 0)).toBe(0);
    expect(erlangC(3, 0)).toBe(0);
  });

  it('makes everyone wait when the agents cannot keep up', () => {
    expect(erlangC(2, 5)).toBe(1);
    expect(erlangC(5, 5)).toBe(1);
  });

  it('names the field of a bad agent count or traffic', () => {
    const fieldOf = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return (error as WorkforceInputError).field;
      }
      return null;
    };
    expect(fieldOf(() => logErlangB(-1, 1))).toBe('agents');
    expect(fieldOf(() => logErlangB(1, -1))).toBe('trafficErlangs');
    expect(fieldOf(() => erlangCAgentsNeeded({ arrivalRatePerHour: 100, ...targets, serviceLevelThresholdSeconds: -1 }))).toBe('serviceLevelThresholdSeconds');
  });

  it('counts a target met within the tolerance, and missed just beyond it', () => {
    expect(meetsErlangCTargets(figuresAt(0.8, 30, 0.85), targets)).toBe(true);
    expect(meetsErlangCTargets(figuresAt(0.8 - TARGET_TOLERANCE / 2, 30 + TARGET_TOLERANCE / 2, 0.85 + TARGET_TOLERANCE / 2), targets)).toBe(true);
    expect(meetsErlangCTargets(figuresAt(0.8 - TARGET_TOLERANCE, 30 + TARGET_TOLERANCE, 0.85 + TARGET_TOLERANCE), targets)).toBe(true);
    expect(meetsErlangCTargets(figuresAt(0.8 - 2 * TARGET_TOLERANCE, 30, 0.85), targets)).toBe(false);
    expect(meetsErlangCTargets(figuresAt(0.8, 30 + 2 * TARGET_TOLERANCE, 0.85), targets)).toBe(false);
    expect(meetsErlangCTargets(figuresAt(0.8, 30, 0.85 + 2 * TARGET_TOLERANCE), targets)).toBe(false);
  });

  it('searches far enough past the traffic, and past the occupancy ceiling', () => {
    expect(searchLimit(100)).toBe(Math.ceil(100 + 100 * Math.sqrt(101) + 1000));
    expect(searchLimit(100, 0.5)).toBe(Math.ceil(200 + 100 * Math.sqrt(101) + 1000));
    expect(searchLimit(100, 1)).toBe(searchLimit(100));
  });
});

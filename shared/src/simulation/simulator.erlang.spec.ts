/**
 * The simulator against queueing theory. For the M/M/N model (Poisson arrivals, exponential handle time, first
 * come first served, no wrap-up, offers answered at once) the simulated service level and ASA must agree with
 * Erlang C, and with exponential patience, abandon rate, service level and ASA with Erlang A.
 *
 * Tolerance, by the method of batch means: the run after a warm-up of 50 handle times (the queue forgets its
 * empty start within a few busy periods, each a few handle times long) is cut into K = 20 batches of equal
 * simulated time, 7,500 contacts each. Waits of contacts far apart are practically independent, so with
 * batches hundreds of handle times long the K batch figures are close to independent, normally distributed
 * estimates of the figure; their standard error is sd/√K. The test asks the simulated figure of the whole run to
 * be within 4 standard errors of the formula (Student's t with 19 degrees of freedom puts 99.9% inside ±3.9), and
 * asks the standard error itself to be small (under 1 point of service level, under 4% of ASA), so a loose
 * tolerance cannot hide a wrong simulator. Occupancy (handling over staffed time of the whole run) is a ratio
 * of sums over n ≈ 150,000 contacts whose count and handle times each vary by about 1/√n, so it must be within
 * 4·√(2/n) of the formula, relative.
 *
 * The seeds are fixed, so the test is deterministic; the statistical argument says why these runs pass and why
 * a simulator that routed, timed or counted differently would not.
 */
import { erlangAFigures, erlangCFigures } from '../workforce';
import type { RoutingEvent } from '../routing/routing.events';
import { parseScenario, type Scenario } from './scenario';
import { runSimulation, type SimulationReport } from './simulator';

const RATE_PER_SECOND = 0.2;
const BATCHES = 20;
const CONTACTS = 150_000;
/** Largest standard error of ASA the runs may have, relative: waits are mostly 0 with a long tail, so ASA varies more than SL. */
const MAX_ASA_RELATIVE_ERROR = 0.06;

interface Model {
  agents: number;
  ahtSeconds: number;
  thresholdSeconds: number;
  patienceSeconds: number | null;
  seed: number;
}

function mmnScenario({ agents, ahtSeconds, thresholdSeconds, patienceSeconds, seed }: Model): Scenario {
  const warmUpSeconds = 50 * ahtSeconds;
  return {
    name: `M/M/${agents}${patienceSeconds === null ? '' : '+M'}`,
    duration: warmUpSeconds + CONTACTS / RATE_PER_SECOND,
    warmUp: warmUpSeconds,
    seed,
    queues: [
      {
        id: 'q',
        requiredSkills: [{ skill: 'general', minProficiency: 1 }],
        serviceLevel: { percent: 80, withinSeconds: thresholdSeconds },
        wrapUpSeconds: 0,
        shortAbandonSeconds: 0,
        arrivals: { perHour: RATE_PER_SECOND * 3600 },
        talkTime: { type: 'exponential', meanSeconds: ahtSeconds },
        patience: patienceSeconds === null ? { type: 'none' } : { type: 'exponential', meanSeconds: patienceSeconds },
      },
    ],
    agents: [{ id: 'agent', count: agents, skills: { general: 1 } }],
  };
}

interface Batch {
  answered: number;
  within: number;
  waitMs: number;
  abandoned: number;
}

interface Estimate {
  mean: number;
  standardError: number;
}

function estimate(values: number[]): Estimate {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (values.length - 1);
  return { mean, standardError: Math.sqrt(variance / values.length) };
}

function simulateInBatches(model: Model): { report: SimulationReport; batches: Batch[] } {
  const resolved = parseScenario(mmnScenario(model));
  const from = resolved.startsAt + resolved.warmUpMs;
  const batchMs = (resolved.durationMs - resolved.warmUpMs) / BATCHES;
  const batches: Batch[] = Array.from({ length: BATCHES }, () => ({ answered: 0, within: 0, waitMs: 0, abandoned: 0 }));
  const onEvent = (event: RoutingEvent) => {
    if (event.at < from) return;
    const batch = batches[Math.min(BATCHES - 1, Math.floor((event.at - from) / batchMs))];
    if (event.type === 'contact.connected') {
      const waitMs = event.at - event.queueEnteredAt;
      batch.answered += 1;
      batch.waitMs += waitMs;
      if (waitMs <= model.thresholdSeconds * 1000) batch.within += 1;
    } else if (event.type === 'contact.abandoned') {
      batch.abandoned += 1;
    }
  };
  return { report: runSimulation(resolved, { onEvent }), batches };
}

function expectWithin(simulated: number, expected: number, batchEstimate: Estimate, maxStandardError: number): void {
  if (process.env.SIM_TRACE) console.log({ simulated, expected, se: batchEstimate.standardError, maxStandardError });
  expect(batchEstimate.standardError).toBeLessThan(maxStandardError);
  expect(Math.abs(simulated - expected)).toBeLessThan(4 * batchEstimate.standardError);
}

describe('simulator against Erlang C (M/M/N)', () => {
  it.each([
    { agents: 10, ahtSeconds: 40, thresholdSeconds: 10, seed: 11 },
    { agents: 7, ahtSeconds: 25, thresholdSeconds: 10, seed: 12 },
  ])('matches service level, ASA and occupancy with $agents agents and $ahtSeconds s AHT', ({ agents, ahtSeconds, thresholdSeconds, seed }) => {
    const theory = erlangCFigures({ arrivalRatePerSecond: RATE_PER_SECOND, ahtSeconds, agents, serviceLevelThresholdSeconds: thresholdSeconds });
    const { report, batches } = simulateInBatches({ agents, ahtSeconds, thresholdSeconds, patienceSeconds: null, seed });
    const [queue] = report.queues;
    expect(report.refusedCommands).toBe(0);
    expect(queue.abandoned).toBe(0);
    expect(queue.answered).toBeGreaterThan(0.97 * CONTACTS);

    const serviceLevel = estimate(batches.map((b) => b.within / b.answered));
    const asa = estimate(batches.map((b) => b.waitMs / 1000 / b.answered));
    expectWithin(queue.serviceLevelByFormula.answered_only as number, theory.serviceLevel, serviceLevel, 0.01);
    expectWithin(queue.asaSeconds as number, theory.asaSeconds, asa, MAX_ASA_RELATIVE_ERROR * theory.asaSeconds);
    const occupancyTolerance = 4 * Math.sqrt(2 / queue.answered) * theory.occupancy;
    expect(Math.abs((queue.occupancy as number) - theory.occupancy)).toBeLessThan(occupancyTolerance);
    expect(Math.abs((queue.ahtSeconds as number) - ahtSeconds)).toBeLessThan(4 * (ahtSeconds / Math.sqrt(queue.completed)));
  });
});

describe('simulator against Erlang A (M/M/N+M)', () => {
  it.each([
    { agents: 9, patienceSeconds: 60, seed: 21 },
    { agents: 10, patienceSeconds: 60, seed: 22 },
  ])('matches abandon rate, service level and ASA with $agents agents and $patienceSeconds s mean patience', ({ agents, patienceSeconds, seed }) => {
    const model = { agents, ahtSeconds: 50, thresholdSeconds: 20, patienceSeconds, seed };
    const theory = erlangAFigures({
      arrivalRatePerSecond: RATE_PER_SECOND,
      ahtSeconds: model.ahtSeconds,
      agents,
      patienceSeconds,
      serviceLevelThresholdSeconds: model.thresholdSeconds,
    });
    const { report, batches } = simulateInBatches(model);
    const [queue] = report.queues;
    expect(report.refusedCommands).toBe(0);

    const abandonRate = estimate(batches.map((b) => b.abandoned / (b.answered + b.abandoned)));
    const serviceLevel = estimate(batches.map((b) => b.within / (b.answered + b.abandoned)));
    const asa = estimate(batches.map((b) => b.waitMs / 1000 / b.answered));
    expectWithin(queue.abandonRate as number, theory.abandonRate, abandonRate, 0.01);
    // Short abandons are those of 0 s, so this service level is "answered within T over answered + abandoned".
    expectWithin(queue.serviceLevelByFormula.abandons_in_denominator as number, theory.serviceLevelOfOffered, serviceLevel, 0.01);
    expectWithin(queue.asaSeconds as number, theory.asaSeconds, asa, MAX_ASA_RELATIVE_ERROR * theory.asaSeconds);
    const occupancyTolerance = 4 * Math.sqrt(2 / queue.answered) * theory.occupancy;
    expect(Math.abs((queue.occupancy as number) - theory.occupancy)).toBeLessThan(occupancyTolerance);
  });
});

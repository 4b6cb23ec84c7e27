/**
 * Erlang C: the M/M/N queue (Poisson arrivals, exponential handle times, N agents, callers who
 * never hang up). Workforce planners use it to predict the probability of waiting, the service
 * level and the ASA for a given agent count, and to find the agent count for a target (domain rule).
 *
 * Numerics: the Erlang B blocking probability is computed by its recursion
 * B(0) = 1, B(n) = A·B(n-1) / (n + A·B(n-1)), carried in log space, and Erlang C is derived from
 * it as C = N·B / (N - A·(1 - B)). No factorial or power of A is ever formed, so the figures stay
 * exact to rounding for thousands of agents and thousands of Erlangs. Cost: O(N) per evaluation;
 * the agent search reuses the recursion and is O(N) in total.
 */
import {
  type ArrivalRate,
  arrivalRatePerSecondOf,
  requireAgentCount,
  requireNonNegative,
  requireOpenShare,
  requirePositive,
  requireShare,
} from './workforce.errors';

/** Local bindings: the hot loops below call these for every state of the chain. */
const { exp, log, log1p } = Math;

/**
 * Targets are compared with this absolute tolerance, so rounding in the inputs (96 calls an hour
 * of 300 s is 8.000000000000002 Erlangs) cannot add an agent.
 */
export const TARGET_TOLERANCE = 1e-9;

/** Figures of an M/M/N queue at one agent count. */
export interface ErlangCFigures {
  readonly agents: number;
  readonly arrivalRatePerSecond: number;
  readonly ahtSeconds: number;
  /** Offered traffic A = arrival rate per second × AHT seconds, in Erlangs (agents' worth of work). */
  readonly trafficErlangs: number;
  /**
   * Whether the queue is stable: N > A (or there is no traffic at all). When it is not, the queue
   * grows without bound and the figures below are the limits: probabilityOfWaiting 1,
   * serviceLevel 0, asaSeconds Infinity (serialised by JSON.stringify as null), occupancy 1.
   */
  readonly stable: boolean;
  /** P(W > 0): share of contacts that find every agent busy and wait at all (the Erlang C formula). */
  readonly probabilityOfWaiting: number;
  readonly serviceLevelThresholdSeconds: number;
  /**
   * P(W <= T): share of contacts answered within T seconds = 1 - C·e^(-(N-A)·T/AHT). Nobody
   * abandons in this model, so answered and offered are the same contacts.
   */
  readonly serviceLevel: number;
  /** ASA: mean wait over all contacts, those answered at once included = C·AHT / (N - A). */
  readonly asaSeconds: number;
  /** Share of agents' time spent handling contacts = A / N, at most 1; 0 when there are no agents. */
  readonly occupancy: number;
}

export interface ErlangCInput {
  readonly ahtSeconds: number;
  readonly agents: number;
  readonly serviceLevelThresholdSeconds: number;
}

export interface ErlangCTargets {
  readonly ahtSeconds: number;
  /** Share of contacts to answer within the threshold, strictly between 0 and 1 (0.8 for 80/20). */
  readonly targetServiceLevel: number;
  readonly serviceLevelThresholdSeconds: number;
  /** Optional ceiling on ASA, seconds. */
  readonly maxAsaSeconds?: number;
  /** Optional ceiling on occupancy, above 0 and at most 1 (e.g. 0.85 to leave agents breathing room). */
  readonly maxOccupancy?: number;
}

/** log(e^a + e^b), exact for infinite arguments. */
export function logAddExp(a: number, b: number): number {
  if (a === Number.NEGATIVE_INFINITY) return b;
  if (b === Number.NEGATIVE_INFINITY) return a;
  const high = Math.max(a, b);
  return high + log1p(exp(-Math.abs(a - b)));
}

/** One step of the Erlang B recursion in log space: log B(n) from log B(n-1). */
export function nextLogErlangB(previousLogB: number, n: number, logTraffic: number): number {
  const logAB = logTraffic + previousLogB;
  return logAB - logAddExp(log(n), logAB);
}

/** Natural log of the Erlang B blocking probability for `agents` servers and `trafficErlangs` offered. */
export function logErlangB(agents: number, trafficErlangs: number): number {
  requireAgentCount('agents', agents);
  requireNonNegative('trafficErlangs', trafficErlangs);
  if (trafficErlangs === 0) return agents === 0 ? 0 : Number.NEGATIVE_INFINITY;
  const logTraffic = log(trafficErlangs);
  let logB = 0;
  for (let n = 1; n <= agents; n++) logB = nextLogErlangB(logB, n, logTraffic);
  return logB;
}

/** Erlang B: probability that an arrival finds all `agents` busy in a loss system (no queue). */
export function erlangB(agents: number, trafficErlangs: number): number {
  return exp(logErlangB(agents, trafficErlangs));
}

/** Erlang C from Erlang B; 1 when the queue is unstable (N <= A), 0 without traffic. */
function probabilityOfWaitingFromB(agents: number, trafficErlangs: number, blocking: number): number {
  if (trafficErlangs === 0) return 0;
  if (agents <= trafficErlangs) return 1;
  const c = (agents * blocking) / (agents - trafficErlangs * (1 - blocking));
  return Math.min(1, c);
}

/**
 * Erlang C: P(W > 0), the probability that a contact waits at all, for `agents` agents and
 * `trafficErlangs` of offered traffic. 1 when N <= A (unstable queue), 0 when A = 0.
 */
export function erlangC(agents: number, trafficErlangs: number): number {
  return probabilityOfWaitingFromB(agents, trafficErlangs, erlangB(agents, trafficErlangs));
}

/** Figures from an already computed Erlang B value (the agent search feeds its recursion here). */
export function erlangCFiguresFromBlocking(
  agents: number,
  arrivalRatePerSecond: number,
  ahtSeconds: number,
  serviceLevelThresholdSeconds: number,
  blocking: number,
): ErlangCFigures {
  const traffic = arrivalRatePerSecond * ahtSeconds;
  const base = { agents, arrivalRatePerSecond, ahtSeconds, trafficErlangs: traffic, serviceLevelThresholdSeconds };
  if (traffic === 0) {
    return { ...base, stable: true, probabilityOfWaiting: 0, serviceLevel: 1, asaSeconds: 0, occupancy: 0 };
  }
  if (agents <= traffic) {
    return {
      ...base,
      stable: false,
      probabilityOfWaiting: 1,
      serviceLevel: 0,
      asaSeconds: Number.POSITIVE_INFINITY,
      occupancy: agents === 0 ? 0 : 1,
    };
  }
  const c = probabilityOfWaitingFromB(agents, traffic, blocking);
  const spare = agents - traffic;
  return {
    ...base,
    stable: true,
    probabilityOfWaiting: c,
    serviceLevel: clampShare(1 - c * exp((-spare * serviceLevelThresholdSeconds) / ahtSeconds)),
    asaSeconds: (c * ahtSeconds) / spare,
    occupancy: traffic / agents,
  };
}

/** Erlang C figures for a given arrival rate, AHT and agent count. */
export function erlangCFigures(input: ArrivalRate & ErlangCInput): ErlangCFigures {
  const rate = arrivalRatePerSecondOf(input);
  const aht = requirePositive('ahtSeconds', input.ahtSeconds);
  const agents = requireAgentCount('agents', input.agents);
  const threshold = requireNonNegative('serviceLevelThresholdSeconds', input.serviceLevelThresholdSeconds);
  return erlangCFiguresFromBlocking(agents, rate, aht, threshold, erlangB(agents, rate * aht));
}

/** Whether Erlang C figures meet every target given (with TARGET_TOLERANCE). */
export function meetsErlangCTargets(figures: ErlangCFigures, targets: ErlangCTargets): boolean {
  if (figures.serviceLevel < targets.targetServiceLevel - TARGET_TOLERANCE) return false;
  if (targets.maxAsaSeconds !== undefined && figures.asaSeconds > targets.maxAsaSeconds + TARGET_TOLERANCE) {
    return false;
  }
  if (targets.maxOccupancy !== undefined && figures.occupancy > targets.maxOccupancy + TARGET_TOLERANCE) return false;
  return true;
}

export function validateErlangCTargets(targets: ErlangCTargets): void {
  requirePositive('ahtSeconds', targets.ahtSeconds);
  requireOpenShare('targetServiceLevel', targets.targetServiceLevel);
  requireNonNegative('serviceLevelThresholdSeconds', targets.serviceLevelThresholdSeconds);
  if (targets.maxAsaSeconds !== undefined) requirePositive('maxAsaSeconds', targets.maxAsaSeconds);
  if (targets.maxOccupancy !== undefined) requireShare('maxOccupancy', targets.maxOccupancy);
}

/**
 * The smallest agent count whose Erlang C figures meet the service-level target and, when given,
 * the ASA and occupancy ceilings; returns the figures at that count (its `agents` is the answer).
 * With no traffic the answer is 0 agents. Every figure improves as agents are added, so the first
 * count that meets all targets is the answer; the scan starts at the first stable count.
 */
export function erlangCAgentsNeeded(input: ArrivalRate & ErlangCTargets): ErlangCFigures {
  const rate = arrivalRatePerSecondOf(input);
  validateErlangCTargets(input);
  const { ahtSeconds, serviceLevelThresholdSeconds } = input;
  const traffic = rate * ahtSeconds;
  if (traffic === 0) return erlangCFiguresFromBlocking(0, rate, ahtSeconds, serviceLevelThresholdSeconds, 1);

  const logTraffic = log(traffic);
  const firstStable = Math.floor(traffic) + 1;
  const limit = searchLimit(traffic, input.maxOccupancy);
  let logB = 0;
  for (let n = 1; n <= limit; n++) {
    logB = nextLogErlangB(logB, n, logTraffic);
    if (n < firstStable) continue;
    const figures = erlangCFiguresFromBlocking(n, rate, ahtSeconds, serviceLevelThresholdSeconds, exp(logB));
    if (meetsErlangCTargets(figures, input)) return figures;
  }
  throw new RangeError(`no agent count up to ${limit} meets the targets`);
}

/**
 * A generous bound for the agent searches: every target is met well before it (the probability of
 * waiting falls faster than e^(-k²/2) once N = A + k·√A), so reaching it means the inputs are absurd.
 */
export function searchLimit(trafficErlangs: number, maxOccupancy?: number): number {
  const occupancyBound = maxOccupancy === undefined ? 0 : trafficErlangs / maxOccupancy;
  return Math.ceil(Math.max(trafficErlangs, occupancyBound) + 100 * Math.sqrt(trafficErlangs + 1) + 1000);
}

export function clampShare(value: number): number {
  return Math.min(1, Math.max(0, value));
}

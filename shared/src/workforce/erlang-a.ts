/**
 * Erlang A: the M/M/N+M queue (Palm's model). Like Erlang C, but every waiting caller has an
 * exponentially distributed patience with mean `patienceSeconds` and hangs up when it runs out
 * before an agent answers. Served first come, first served.
 *
 * Method: the exact stationary distribution of the birth-death chain (birth rate λ in every state;
 * death rate n·μ for n <= N and N·μ + (n-N)·θ above N, with μ = 1/AHT and θ = 1/patience), in log
 * space. The states up to N are summarised by the Erlang B recursion (π(n<N) / π(N) = (1-B)/B), the
 * queue states N+j are summed until their remaining tail is below 1e-17 of the total. That sum is
 * the series of the incomplete gamma function in the Mandelbaum-Zeltyn closed forms, so the two agree.
 *
 * Waiting times, for an arrival that finds all N agents busy and j callers ahead of it (PASTA: it
 * sees the stationary distribution). It moves up at rate N·μ + i·θ while i callers are ahead of it
 * (an answer or an abandonment ahead) and leaves itself at rate θ; the sojourn in each position is
 * independent of how it ends, so:
 * - P(answered | j ahead) = Π (Nμ + iθ) / (Nμ + (i+1)θ), i = 0..j, which telescopes to m / (m + j + 1)
 *   with m = Nμ/θ;
 * - given answered, its wait is a sum of independent exponentials with rates θ·(m + 1 + i), i = 0..j,
 *   so P(wait > T | answered, j ahead) = P(X <= j) for X negative binomial with size m + 1 and
 *   success probability 1 - e^(-θT) (the order-statistics argument of exponential clocks), whose
 *   terms are summed in log space;
 * - E(wait | answered, j ahead) = Σ 1 / (Nμ + (i+1)θ), i = 0..j.
 * Cost: O(N + K) per evaluation, K the number of queue states that matter.
 */
import {
  type ErlangCFigures,
  type ErlangCTargets,
  TARGET_TOLERANCE,
  clampShare,
  erlangCAgentsNeeded,
  erlangCFiguresFromBlocking,
  logAddExp,
  logErlangB,
  nextLogErlangB,
  searchLimit,
  validateErlangCTargets,
} from './erlang-c';
import {
  type ArrivalRate,
  WorkforceInputError,
  arrivalRatePerSecondOf,
  requireAgentCount,
  requireNonNegative,
  requirePositive,
  requirePositiveOrInfinite,
  requireShare,
} from './workforce.errors';

/** Local bindings: the hot loops below call these for every state of the chain. */
const { exp, expm1, log, log1p, min } = Math;

/**
 * Which contacts a model service level is a share of:
 * - `offered`: answered within T over all offered contacts; every abandoned contact counts as missed,
 *   however soon it hung up (the `abandons_in_denominator` formula with no short-abandon allowance);
 * - `answered`: answered within T over answered contacts (the `answered_only` formula).
 */
export const SERVICE_LEVEL_BASES = ['offered', 'answered'] as const;
export type ServiceLevelBasis = (typeof SERVICE_LEVEL_BASES)[number];

/** Figures of an M/M/N+M queue at one agent count. All shares are of offered contacts unless named otherwise. */
export interface ErlangAFigures {
  readonly agents: number;
  readonly arrivalRatePerSecond: number;
  readonly ahtSeconds: number;
  /** Mean patience of a waiting caller, seconds; Infinity means nobody abandons (Erlang C). */
  readonly patienceSeconds: number;
  /** Offered traffic A = arrival rate per second × AHT seconds, in Erlangs. */
  readonly trafficErlangs: number;
  /**
   * Always true with a finite patience (abandonment keeps the queue finite). With infinite patience
   * and N <= A it is false and the figures are Erlang C's limits (see ErlangCFigures.stable).
   */
  readonly stable: boolean;
  /** P(W > 0): share of offered contacts that find every agent busy. */
  readonly probabilityOfWaiting: number;
  /** Abandon rate: share of offered contacts whose caller hangs up before being answered. */
  readonly abandonRate: number;
  readonly serviceLevelThresholdSeconds: number;
  /** Answered within T seconds over offered (basis `offered`); abandons count as missed. */
  readonly serviceLevelOfOffered: number;
  /** Answered within T seconds over answered (basis `answered`); 0 when nobody is answered (no agents). */
  readonly serviceLevelOfAnswered: number;
  /** ASA: mean wait of answered contacts, those answered at once included; Infinity when nobody is answered. */
  readonly asaSeconds: number;
  /** Mean time in queue over all offered contacts: answered waits and abandoned callers' time before hanging up. */
  readonly meanTimeInQueueSeconds: number;
  /** Share of agents' time spent handling contacts = A × P(answered) / N; 0 when there are no agents. */
  readonly occupancy: number;
}

export interface ErlangAInput {
  readonly ahtSeconds: number;
  readonly agents: number;
  readonly patienceSeconds: number;
  readonly serviceLevelThresholdSeconds: number;
}

export interface ErlangATargets extends ErlangCTargets {
  readonly patienceSeconds: number;
  /** Which service level the target applies to; `offered` (the stricter) unless given. */
  readonly serviceLevelBasis?: ServiceLevelBasis;
  /** Optional ceiling on the abandon rate, above 0 and at most 1. */
  readonly maxAbandonRate?: number;
}

/** Queue states whose remaining tail is below this share of the total are dropped. */
const TAIL_TOLERANCE = 1e-17;
const LOG_TAIL_TOLERANCE = log(TAIL_TOLERANCE);
/** Guard against a chain that would not fit in memory (only reachable with absurd inputs). */
const MAX_QUEUE_STATES = 20_000_000;

function fromErlangC(c: ErlangCFigures, patienceSeconds: number): ErlangAFigures {
  return {
    agents: c.agents,
    arrivalRatePerSecond: c.arrivalRatePerSecond,
    ahtSeconds: c.ahtSeconds,
    patienceSeconds,
    trafficErlangs: c.trafficErlangs,
    stable: c.stable,
    probabilityOfWaiting: c.probabilityOfWaiting,
    abandonRate: 0,
    serviceLevelThresholdSeconds: c.serviceLevelThresholdSeconds,
    serviceLevelOfOffered: c.serviceLevel,
    serviceLevelOfAnswered: c.serviceLevel,
    asaSeconds: c.asaSeconds,
    meanTimeInQueueSeconds: c.asaSeconds,
    occupancy: c.occupancy,
  };
}

/**
 * Erlang A figures from the log of the Erlang B value for the same agents and traffic (the agent
 * search feeds its recursion here).
 */
export function erlangAFiguresFromLogBlocking(
  agents: number,
  arrivalRatePerSecond: number,
  ahtSeconds: number,
  patienceSeconds: number,
  serviceLevelThresholdSeconds: number,
  logBlocking: number,
): ErlangAFigures {
  if (patienceSeconds === Number.POSITIVE_INFINITY) {
    const c = erlangCFiguresFromBlocking(
      agents,
      arrivalRatePerSecond,
      ahtSeconds,
      serviceLevelThresholdSeconds,
      exp(logBlocking),
    );
    return fromErlangC(c, patienceSeconds);
  }
  const lambda = arrivalRatePerSecond;
  const traffic = lambda * ahtSeconds;
  const base = {
    agents,
    arrivalRatePerSecond,
    ahtSeconds,
    patienceSeconds,
    trafficErlangs: traffic,
    stable: true,
    serviceLevelThresholdSeconds,
  };
  if (traffic === 0) {
    return {
      ...base,
      probabilityOfWaiting: 0,
      abandonRate: 0,
      serviceLevelOfOffered: 1,
      serviceLevelOfAnswered: 1,
      asaSeconds: 0,
      meanTimeInQueueSeconds: 0,
      occupancy: 0,
    };
  }

  const theta = 1 / patienceSeconds;
  const serviceRate = agents / ahtSeconds; // N·μ
  const m = serviceRate / theta;
  const logLambda = log(lambda);

  // Weights relative to π(N): states below N together weigh (1 - B) / B; queue state N + j weighs q(j).
  const logBelow = agents === 0 ? Number.NEGATIVE_INFINITY : log1p(-exp(logBlocking)) - logBlocking;
  const logQueue: number[] = [0];
  let logTotal = logAddExp(logBelow, 0);
  for (let j = 1; ; j++) {
    const death = serviceRate + j * theta;
    const logRatio = logLambda - log(death);
    const logQ = logQueue[j - 1] + logRatio;
    logQueue.push(logQ);
    logTotal = logAddExp(logTotal, logQ);
    if (logRatio < 0) {
      // Ratios only fall from here, so the tail is at most q(j)·r/(1 - r).
      const ratio = exp(logRatio);
      const logTailBound = logQ + log(ratio / (1 - ratio));
      if (logTailBound < logTotal + LOG_TAIL_TOLERANCE) break;
    }
    if (j >= MAX_QUEUE_STATES) throw new RangeError('Erlang A queue too long to evaluate: check patience and rate');
  }

  const threshold = serviceLevelThresholdSeconds;
  // Negative binomial (size m + 1, success 1 - e^(-θT)) in log space, for P(wait > T | answered, j ahead).
  const logSuccess = log(-expm1(-theta * threshold));
  const size = m + 1;
  let logTerm = -(serviceRate + theta) * threshold;
  let cumulative = 0;
  let meanWaitIfAnswered = 0;

  const probabilityAnsweredAtOnce = exp(logBelow - logTotal);
  let answeredAfterWaiting = 0;
  let answeredLate = 0;
  let abandoned = 0;
  let meanQueueLength = 0;
  let answeredWaitSum = 0;
  for (let j = 0; j < logQueue.length; j++) {
    const p = exp(logQueue[j] - logTotal);
    cumulative = min(1, cumulative + exp(logTerm));
    logTerm += logSuccess + log(j + size) - log(j + 1);
    meanWaitIfAnswered += 1 / (serviceRate + (j + 1) * theta);
    if (p === 0) continue;
    const answered = m / (m + j + 1);
    answeredAfterWaiting += p * answered;
    answeredLate += p * answered * cumulative;
    abandoned += p * ((j + 1) / (m + j + 1));
    meanQueueLength += p * j;
    answeredWaitSum += p * answered * meanWaitIfAnswered;
  }

  const answeredShare = probabilityAnsweredAtOnce + answeredAfterWaiting;
  const serviceLevelOfOffered = clampShare(answeredShare - answeredLate);
  return {
    ...base,
    // Everyone not answered at once waits: the complement is exact, the sum over queue states is truncated.
    probabilityOfWaiting: clampShare(1 - probabilityAnsweredAtOnce),
    abandonRate: clampShare(abandoned),
    serviceLevelOfOffered,
    serviceLevelOfAnswered: answeredShare > 0 ? clampShare(serviceLevelOfOffered / answeredShare) : 0,
    asaSeconds: answeredShare > 0 ? answeredWaitSum / answeredShare : Number.POSITIVE_INFINITY,
    meanTimeInQueueSeconds: meanQueueLength / lambda,
    occupancy: agents === 0 ? 0 : clampShare((traffic * answeredShare) / agents),
  };
}

/** Erlang A figures for a given arrival rate, AHT, mean patience and agent count. */
export function erlangAFigures(input: ArrivalRate & ErlangAInput): ErlangAFigures {
  const rate = arrivalRatePerSecondOf(input);
  const aht = requirePositive('ahtSeconds', input.ahtSeconds);
  const agents = requireAgentCount('agents', input.agents);
  const patience = requirePositiveOrInfinite('patienceSeconds', input.patienceSeconds);
  const threshold = requireNonNegative('serviceLevelThresholdSeconds', input.serviceLevelThresholdSeconds);
  const logBlocking = logErlangB(agents, rate * aht);
  return erlangAFiguresFromLogBlocking(agents, rate, aht, patience, threshold, logBlocking);
}

/** The service level on the given basis. */
export function serviceLevelOn(figures: ErlangAFigures, basis: ServiceLevelBasis): number {
  return basis === 'offered' ? figures.serviceLevelOfOffered : figures.serviceLevelOfAnswered;
}

/** Whether Erlang A figures meet every target given (with TARGET_TOLERANCE). */
export function meetsErlangATargets(figures: ErlangAFigures, targets: ErlangATargets): boolean {
  const basis = targets.serviceLevelBasis ?? 'offered';
  if (serviceLevelOn(figures, basis) < targets.targetServiceLevel - TARGET_TOLERANCE) return false;
  if (targets.maxAsaSeconds !== undefined && figures.asaSeconds > targets.maxAsaSeconds + TARGET_TOLERANCE) {
    return false;
  }
  if (targets.maxOccupancy !== undefined && figures.occupancy > targets.maxOccupancy + TARGET_TOLERANCE) return false;
  if (targets.maxAbandonRate !== undefined && figures.abandonRate > targets.maxAbandonRate + TARGET_TOLERANCE) {
    return false;
  }
  return true;
}

export function validateErlangATargets(targets: ErlangATargets): void {
  validateErlangCTargets(targets);
  requirePositiveOrInfinite('patienceSeconds', targets.patienceSeconds);
  const basis: unknown = targets.serviceLevelBasis;
  if (basis !== undefined && !(SERVICE_LEVEL_BASES as readonly unknown[]).includes(basis)) {
    throw new WorkforceInputError('serviceLevelBasis', `one of ${SERVICE_LEVEL_BASES.join(', ')}`, basis);
  }
  if (targets.maxAbandonRate !== undefined) requireShare('maxAbandonRate', targets.maxAbandonRate);
}

/**
 * The smallest agent count whose Erlang A figures meet the service-level target (on
 * `serviceLevelBasis`, `offered` by default) and, when given, the ASA, occupancy and abandon-rate
 * ceilings; returns the figures at that count. With no traffic the answer is 0 agents.
 *
 * The scan starts at a proven lower bound (busy agents = A × P(answered) <= N, so the `offered`
 * service level and 1 - abandon rate are both at most N / A) and checks every count from there,
 * so the result is the true minimum. A target on the `answered` basis alone can be met by very
 * few agents when most callers give up; pair it with maxAbandonRate.
 */
export function erlangAAgentsNeeded(input: ArrivalRate & ErlangATargets): ErlangAFigures {
  const rate = arrivalRatePerSecondOf(input);
  validateErlangATargets(input);
  const { ahtSeconds, patienceSeconds, serviceLevelThresholdSeconds } = input;
  if (patienceSeconds === Number.POSITIVE_INFINITY) {
    return fromErlangC(erlangCAgentsNeeded({ ...input, arrivalRatePerSecond: rate, arrivalRatePerHour: undefined }), patienceSeconds);
  }
  const traffic = rate * ahtSeconds;
  if (traffic === 0) return erlangAFiguresFromLogBlocking(0, rate, ahtSeconds, patienceSeconds, serviceLevelThresholdSeconds, 0);

  const bounds = [0];
  if ((input.serviceLevelBasis ?? 'offered') === 'offered') bounds.push(input.targetServiceLevel * traffic);
  if (input.maxAbandonRate !== undefined) bounds.push((1 - input.maxAbandonRate) * traffic);
  const start = Math.max(0, Math.floor(Math.max(...bounds)) - 1);
  const limit = searchLimit(traffic, input.maxOccupancy);

  const logTraffic = log(traffic);
  let logB = 0;
  for (let n = 0; n <= limit; n++) {
    if (n > 0) logB = nextLogErlangB(logB, n, logTraffic);
    if (n < start) continue;
    const figures = erlangAFiguresFromLogBlocking(n, rate, ahtSeconds, patienceSeconds, serviceLevelThresholdSeconds, logB);
    if (meetsErlangATargets(figures, input)) return figures;
  }
  throw new RangeError(`no agent count up to ${limit} meets the targets`);
}

/**
 * The "how many agents for 80/20 at this forecast?" panel: the required agent count and a small
 * table around it. Erlang C when no patience is given, Erlang A (abandonment) when it is.
 */
import { type ErlangAFigures, type ServiceLevelBasis, erlangAAgentsNeeded, erlangAFigures, meetsErlangATargets } from './erlang-a';
import { requireAgentCount } from './workforce.errors';

export interface StaffingForecast {
  /** Forecast arrivals per hour for the interval being staffed. */
  readonly arrivalRatePerHour: number;
  readonly ahtSeconds: number;
  /** Share to answer within the threshold, strictly between 0 and 1 (0.8 for 80/20). */
  readonly targetServiceLevel: number;
  readonly serviceLevelThresholdSeconds: number;
  /** Mean caller patience, seconds. Omitted (or Infinity): Erlang C, nobody abandons. */
  readonly patienceSeconds?: number;
  /** Erlang A only: which service level the target applies to; `offered` unless given. */
  readonly serviceLevelBasis?: ServiceLevelBasis;
  readonly maxAsaSeconds?: number;
  readonly maxOccupancy?: number;
  /** Erlang A only (Erlang C predicts no abandons). */
  readonly maxAbandonRate?: number;
}

export const STAFFING_MODELS = ['erlang_c', 'erlang_a'] as const;
export type StaffingModel = (typeof STAFFING_MODELS)[number];

/** One line of the staffing table. */
export interface StaffingRow {
  readonly agents: number;
  /** Service level on the recommendation's basis (see StaffingRecommendation.serviceLevelBasis). */
  readonly serviceLevel: number;
  readonly probabilityOfWaiting: number;
  /** Mean wait of answered contacts; Infinity for an unstable Erlang C queue. */
  readonly asaSeconds: number;
  readonly occupancy: number;
  /** Always 0 under Erlang C. */
  readonly abandonRate: number;
  /** Whether this agent count meets every target of the forecast. */
  readonly meetsTargets: boolean;
}

export interface StaffingRecommendation {
  readonly model: StaffingModel;
  /** Erlang C answers every contact, so its two bases coincide; reported as `offered`. */
  readonly serviceLevelBasis: ServiceLevelBasis;
  readonly trafficErlangs: number;
  /** The smallest agent count that meets every target. */
  readonly requiredAgents: number;
  readonly atRequired: StaffingRow;
  /** Rows for requiredAgents - 2 .. requiredAgents + 3, counts below 0 left out. */
  readonly rows: readonly StaffingRow[];
}

function modelOf(forecast: StaffingForecast): StaffingModel {
  const patience = forecast.patienceSeconds;
  return patience === undefined || patience === Number.POSITIVE_INFINITY ? 'erlang_c' : 'erlang_a';
}

function targetsOf(forecast: StaffingForecast) {
  return {
    ...forecast,
    patienceSeconds: forecast.patienceSeconds ?? Number.POSITIVE_INFINITY,
    serviceLevelBasis: modelOf(forecast) === 'erlang_c' ? 'offered' : (forecast.serviceLevelBasis ?? 'offered'),
  } as const;
}

function rowOf(figures: ErlangAFigures, forecast: StaffingForecast): StaffingRow {
  const targets = targetsOf(forecast);
  return {
    agents: figures.agents,
    serviceLevel:
      targets.serviceLevelBasis === 'offered' ? figures.serviceLevelOfOffered : figures.serviceLevelOfAnswered,
    probabilityOfWaiting: figures.probabilityOfWaiting,
    asaSeconds: figures.asaSeconds,
    occupancy: figures.occupancy,
    abandonRate: figures.abandonRate,
    meetsTargets: meetsErlangATargets(figures, targets),
  };
}

/** The staffing figures of a forecast at each of the given agent counts. */
export function staffingTable(forecast: StaffingForecast, agentCounts: readonly number[]): StaffingRow[] {
  const targets = targetsOf(forecast);
  return agentCounts.map((agents) => {
    requireAgentCount('agents', agents);
    return rowOf(erlangAFigures({ ...targets, arrivalRatePerHour: forecast.arrivalRatePerHour, agents }), forecast);
  });
}

/** Required agents for a forecast, with the figures there and at N-2 .. N+3. Throws WorkforceInputError on bad input. */
export function recommendStaffing(forecast: StaffingForecast): StaffingRecommendation {
  const targets = targetsOf(forecast);
  const required = erlangAAgentsNeeded({ ...targets, arrivalRatePerHour: forecast.arrivalRatePerHour });
  const n = required.agents;
  const counts: number[] = [];
  for (let agents = n - 2; agents <= n + 3; agents++) if (agents >= 0) counts.push(agents);
  return {
    model: modelOf(forecast),
    serviceLevelBasis: targets.serviceLevelBasis,
    trafficErlangs: required.trafficErlangs,
    requiredAgents: n,
    atRequired: rowOf(required, forecast),
    rows: staffingTable(forecast, counts),
  };
}

import type { StaffingModel } from '../workforce/staffing';

/** One staffing level, as `GET /api/staffing` reports it. Shares are 0-1. */
export interface StaffingLevel {
  agents: number;
  /** Share of offered contacts answered within the threshold. */
  serviceLevel: number;
  /** Share of contacts that wait at all. */
  probabilityOfWaiting: number;
  /** Average speed of answer, seconds; null when the queue would grow without bound at this count. */
  asaSeconds: number | null;
  /** Share of agents' time spent handling contacts. */
  occupancy: number;
  /** Share of contacts abandoned (0 under Erlang C). */
  abandonRate: number;
  /** This many agents meet the target. */
  meetsTarget: boolean;
}

/** The forecast the answer was computed from, and where its two measured inputs came from. */
export interface StaffingForecastUsed {
  arrivalsPerHour: number;
  ahtSeconds: number;
  targetPercent: number;
  thresholdSeconds: number;
  patienceSeconds: number | null;
  arrivalsSource: 'request' | 'live';
  ahtSource: 'request' | 'live';
}

/** What a queue's last hour measured, when the request named a queue. */
export interface StaffingLiveWindow {
  queueId: string;
  queueName: string;
  windowMinutes: number;
  /** Start of the window, ISO 8601. */
  from: string;
  /** End of the window (now), ISO 8601. */
  to: string;
  /** The queue's offered figure in the window: contacts that entered its line (arrivals, overflow and transfers in, hand-backs). */
  offered: number;
  /** Contacts of the queue completed in the window. */
  completed: number;
  /** Average handle time of the handlings that ended in the window (completed, transferred, handed back), as the live statistics count it; null when none ended. */
  ahtSeconds: number | null;
}

/** `GET /api/staffing`. */
export interface StaffingAnswer {
  model: StaffingModel;
  forecast: StaffingForecastUsed;
  live: StaffingLiveWindow | null;
  /** Offered load: arrivals per second × AHT. */
  trafficErlangs: number;
  /** Fewest agents (logged in and available for contacts) that meet the target. */
  requiredAgents: number;
  /** Figures at requiredAgents. */
  atRequired: StaffingLevel;
  /** Figures from two agents fewer to three more. */
  table: StaffingLevel[];
}

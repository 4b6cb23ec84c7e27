import type { NotReadyReason } from '../domain/call-centre';

/** Report interval lengths: 15, 30 or 60 minutes of the centre's local clock, or a local day (23 to 25 hours). */
export const REPORT_INTERVALS = ['15m', '30m', '60m', 'day'] as const;
export type ReportInterval = (typeof REPORT_INTERVALS)[number];
export const REPORT_FORMATS = ['json', 'csv', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
/** Longest range of a report by 15, 30 or 60 minutes, and by day. */
export const REPORT_MAX_DAYS_BY_INTERVAL = 92;
export const REPORT_MAX_DAYS_BY_DAY = 400;

/**
 * One queue over one interval, from its closed interval records: the figures of docs/statistics.md over the
 * interval. Shares 0..1 and times in seconds, `null` when there is nothing to divide by.
 */
export interface QueueReportRow {
  readonly queueId: string;
  readonly queueCode: string;
  readonly queueName: string;
  /** First instant of the interval (ISO 8601, UTC). */
  readonly start: string;
  /** First instant after it. */
  readonly end: string;
  /** The interval's start on the centre's clock: `YYYY-MM-DD HH:mm` (`YYYY-MM-DD` by day). */
  readonly local: string;
  readonly offered: number;
  readonly answered: number;
  readonly answeredWithinThreshold: number;
  readonly abandoned: number;
  readonly shortAbandoned: number;
  readonly longAbandoned: number;
  readonly overflowedOut: number;
  readonly transferredOut: number;
  readonly requeued: number;
  readonly completed: number;
  readonly handled: number;
  readonly serviceLevelAnsweredOnly: number | null;
  readonly serviceLevelAbandonsInDenominator: number | null;
  readonly serviceLevelShortAbandonsMet: number | null;
  readonly asaSeconds: number | null;
  readonly ahtSeconds: number | null;
  readonly abandonRate: number | null;
  readonly complaintsOpened: number;
  readonly complaintsClosed: number;
  readonly complaintsClosedWithinDeadline: number;
  /** Mean satisfaction (experience − expectation, −4..4) of the surveys answered in the interval. */
  readonly satisfaction: number | null;
  readonly surveysAnswered: number;
  /** E-mails first replied to in the interval. */
  readonly emailsReplied: number;
  /** Share of them replied to by their promised time. */
  readonly emailsWithinPromise: number | null;
  /** Voice calls whose conversation ended in the interval in this queue (answered, then hung up or finished): the divisor of the talk and hold averages. */
  readonly callsEnded: number;
  /** Their talk: first answer to the end of the conversation minus hold, seconds (as `GET /api/calls/times`). */
  readonly talkSeconds: number;
  /** Their hold as the call workspace recorded it, seconds. */
  readonly holdSeconds: number;
  readonly averageTalkSeconds: number | null;
  readonly averageHoldSeconds: number | null;
  /** Of those calls, the ones put on hold at least once. */
  readonly callsWithHold: number;
}

/** One agent over one interval: contacts, handle time, time by state and occupancy. */
export interface AgentReportRow {
  readonly agentId: string;
  readonly agentName: string;
  /** The name of the agent's team when the report is asked (not when the figures were made); null outside any team. */
  readonly teamName: string | null;
  readonly start: string;
  readonly end: string;
  readonly local: string;
  readonly answered: number;
  readonly handled: number;
  readonly transferredOut: number;
  readonly ahtSeconds: number | null;
  /** Signed in and not offline: available, reserved (an offer ringing), busy, wrap-up and not ready. */
  readonly signedInSeconds: number;
  readonly availableSeconds: number;
  readonly reservedSeconds: number;
  readonly busySeconds: number;
  readonly wrapUpSeconds: number;
  readonly notReadySeconds: number;
  /** (busy + wrap-up) / (available + reserved + busy + wrap-up); not-ready time is left out of both sides. */
  readonly occupancy: number | null;
  readonly notReadyByReason: Readonly<Partial<Record<NotReadyReason | 'unknown', number>>>;
  /** Mean satisfaction of the surveys about this agent's contacts answered in the interval. */
  readonly satisfaction: number | null;
  readonly surveysAnswered: number;
  /** Voice calls whose conversation ended in the interval with this agent (answered, then hung up or finished): the divisor of the talk and hold averages. */
  readonly callsEnded: number;
  /** Their talk: first answer to the end of the conversation minus hold, seconds (as `GET /api/calls/times`). */
  readonly talkSeconds: number;
  /** Their hold as the call workspace recorded it, seconds. */
  readonly holdSeconds: number;
  readonly averageTalkSeconds: number | null;
  readonly averageHoldSeconds: number | null;
  /** Of those calls, the ones put on hold at least once. */
  readonly callsWithHold: number;
}

export interface ReportMeta {
  readonly timeZone: string;
  readonly interval: ReportInterval;
  readonly from: string;
  readonly to: string;
  /** Intervals are in the report once closed; this is the end of the last closed one. */
  readonly closedUntil: string | null;
}

export interface QueueReportResponse extends ReportMeta {
  readonly rows: readonly QueueReportRow[];
}

export interface AgentReportResponse extends ReportMeta {
  readonly rows: readonly AgentReportRow[];
}

/** Figures a KPI band can watch, per queue and closed interval. */
export const KPI_KEYS = ['offered', 'serviceLevel', 'asaSeconds', 'ahtSeconds', 'abandonRate'] as const;
export type KpiKey = (typeof KPI_KEYS)[number];

export interface KpiBandSetting {
  readonly queueId: string;
  readonly kpi: KpiKey;
  /** How many past weeks of the same weekday and interval the band is learned from. */
  readonly weeks: number;
  /** Band = mean ± k standard deviations. */
  readonly k: number;
  readonly hardMin: number | null;
  readonly hardMax: number | null;
  readonly enabled: boolean;
}

export interface KpiPoint {
  readonly start: string;
  readonly local: string;
  readonly value: number | null;
  /** Null when fewer than two past weeks had a figure. */
  readonly low: number | null;
  readonly high: number | null;
  readonly mean: number | null;
  readonly outside: 'below' | 'above' | null;
}

export interface KpiSeriesResponse {
  readonly queueId: string;
  readonly kpi: KpiKey;
  readonly interval: '15m' | '30m' | '60m';
  readonly timeZone: string;
  readonly setting: KpiBandSetting;
  readonly points: readonly KpiPoint[];
}

/** One interval of a forecast, with the staffing it needs and, once it passed, what happened. */
export interface ForecastInterval {
  readonly start: string;
  readonly local: string;
  readonly dayType: string;
  readonly forecastOffered: number;
  readonly forecastAhtSeconds: number | null;
  readonly requiredAgents: number;
  /** Agents signed in (not offline) during the interval, for a past or current one; null for the future. */
  readonly agentsAvailable: number | null;
  /** agentsAvailable − requiredAgents; null when unknown. */
  readonly gap: number | null;
  /**
   * Agents scheduled in the interval who serve the queue (meet its required skills): each shift counts for the share
   * of the interval it covers, so two agents on for half of it count 1.
   */
  readonly agentsScheduled: number;
  /** agentsScheduled − requiredAgents: the staffing gap of the plan, for any day, future days included. */
  readonly scheduledGap: number;
  readonly actualOffered: number | null;
  readonly actualAhtSeconds: number | null;
}

export interface ForecastResponse {
  readonly queueId: string;
  readonly timeZone: string;
  readonly interval: '15m' | '30m' | '60m';
  readonly method: string;
  readonly target: { readonly percent: number; readonly seconds: number; readonly patienceSeconds: number };
  readonly intervals: readonly ForecastInterval[];
  /** Mean absolute percentage error of offered over the passed intervals with contacts; null before any. */
  readonly mapeOffered: number | null;
  readonly mapeAht: number | null;
}

import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  type AgentReportRow,
  localToEpoch,
  NOT_READY_REASONS,
  parsePlainDate,
  type QueueReportRow,
  REPORT_MAX_DAYS_BY_DAY,
  REPORT_MAX_DAYS_BY_INTERVAL,
  type ReportInterval,
  type ReportMeta,
  serviceLevelOf,
  startOfLocalDay,
  type QueueTotals,
} from '@callcentre/shared';
import { type AuthenticatedUser, hasRole } from '../../common/auth';
import { AppConfig } from '../../common/config/app-config';
import { APP_CONFIG } from '../../common/config/config.tokens';
import { reportErrors } from './reports.errors';
import { type AgentSums, type CallTimeCount, type QueueName, type QueueSums, RECORD_SECONDS, type ReportTextFormat, ReportsRepository } from './reports.repository';

const DAY_MS = 86_400_000;
/** An interval is closed this long after it ends, so the journal rows of its last moments are committed. */
export const CLOSE_GRACE_MS = 60_000;
/** A catch-up closes at most this much of the journal per transaction. */
const CLOSE_CHUNK_MS = DAY_MS;

export const INTERVAL_SECONDS: Record<Exclude<ReportInterval, 'day'>, number> = { '15m': 900, '30m': 1800, '60m': 3600 };

export interface ReportRange {
  from: number;
  to: number;
  interval: ReportInterval;
}

const ratio = (numerator: number, denominator: number): number | null => (denominator <= 0 ? null : numerator / denominator);

/** Talk and hold of the calls that ended in a report interval (docs/statistics.md). */
function callTimesOf(sums: Record<CallTimeCount, number>) {
  return {
    callsEnded: sums.calls_ended,
    talkSeconds: sums.talk_seconds,
    holdSeconds: sums.hold_seconds,
    averageTalkSeconds: ratio(sums.talk_seconds, sums.calls_ended),
    averageHoldSeconds: ratio(sums.hold_seconds, sums.calls_ended),
    callsWithHold: sums.calls_with_hold,
  };
}
const iso = (ms: number) => new Date(ms).toISOString();

/** The statistics' totals of one report row (stored sums), for the shared service-level arithmetic. */
export function totalsOf(sums: QueueSums): QueueTotals {
  return {
    offered: sums.offered,
    answered: sums.answered,
    answeredWithinThreshold: sums.answered_within,
    answeredWaitMillis: sums.answered_wait_ms,
    abandoned: sums.abandoned,
    shortAbandoned: sums.short_abandoned,
    overflowedOut: sums.overflowed_out,
    transferredOut: sums.transferred_out,
    requeued: sums.requeued,
    completed: sums.completed,
    handled: sums.handled,
    handleSeconds: sums.handle_seconds,
  };
}

/** A report interval's start and end as ISO text. */
export type IntervalBounds = (start: number) => { start: string; end: string };

/** The bounds of each report interval, made once per interval: every queue's or agent's row of it shares them. */
export function boundsOf(endOf: (start: number) => number): IntervalBounds {
  const made = new Map<number, { start: string; end: string }>();
  return (start) => {
    let bounds = made.get(start);
    if (!bounds) made.set(start, (bounds = { start: iso(start), end: iso(endOf(start)) }));
    return bounds;
  };
}

const NOT_READY_FIELDS = [...NOT_READY_REASONS, 'unknown' as const].map((reason) => [reason, `not_ready_${reason}` as const] as const);

export function queueRowOf(sums: QueueSums, queue: QueueName, bounds: IntervalBounds): QueueReportRow {
  const totals = totalsOf(sums);
  const when = bounds(sums.bucket);
  const ended = totals.answered + totals.abandoned + totals.overflowedOut;
  return {
    queueId: queue.id,
    queueCode: queue.code,
    queueName: queue.name,
    start: when.start,
    end: when.end,
    local: sums.local,
    offered: totals.offered,
    answered: totals.answered,
    answeredWithinThreshold: totals.answeredWithinThreshold,
    abandoned: totals.abandoned,
    shortAbandoned: totals.shortAbandoned,
    longAbandoned: totals.abandoned - totals.shortAbandoned,
    overflowedOut: totals.overflowedOut,
    transferredOut: totals.transferredOut,
    requeued: totals.requeued,
    completed: totals.completed,
    handled: totals.handled,
    serviceLevelAnsweredOnly: serviceLevelOf(totals, 'answered_only'),
    serviceLevelAbandonsInDenominator: serviceLevelOf(totals, 'abandons_in_denominator'),
    serviceLevelShortAbandonsMet: serviceLevelOf(totals, 'short_abandons_met'),
    asaSeconds: totals.answered === 0 ? null : totals.answeredWaitMillis / totals.answered / 1000,
    ahtSeconds: ratio(totals.handleSeconds, totals.handled),
    abandonRate: ratio(totals.abandoned, ended),
    complaintsOpened: sums.complaints_opened,
    complaintsClosed: sums.complaints_closed,
    complaintsClosedWithinDeadline: sums.complaints_closed_in_time,
    satisfaction: ratio(sums.satisfaction_sum, sums.surveys_answered),
    surveysAnswered: sums.surveys_answered,
    emailsReplied: sums.emails_replied,
    emailsWithinPromise: ratio(sums.emails_replied_in_promise, sums.emails_replied),
    ...callTimesOf(sums),
  };
}

export function agentRowOf(sums: AgentSums, agent: { id: string; name: string; teamName: string | null }, bounds: IntervalBounds): AgentReportRow {
  const when = bounds(sums.bucket);
  const working = sums.busy_seconds + sums.wrap_up_seconds;
  const notReadyByReason: Record<string, number> = {};
  for (const [reason, field] of NOT_READY_FIELDS) {
    const seconds = sums[field];
    if (seconds > 0) notReadyByReason[reason] = seconds;
  }
  return {
    agentId: agent.id,
    agentName: agent.name,
    teamName: agent.teamName,
    start: when.start,
    end: when.end,
    local: sums.local,
    answered: sums.answered,
    handled: sums.handled,
    transferredOut: sums.transferred_out,
    ahtSeconds: ratio(sums.handle_seconds, sums.handled),
    signedInSeconds: sums.available_seconds + sums.reserved_seconds + working + sums.not_ready_seconds,
    availableSeconds: sums.available_seconds,
    reservedSeconds: sums.reserved_seconds,
    busySeconds: sums.busy_seconds,
    wrapUpSeconds: sums.wrap_up_seconds,
    notReadySeconds: sums.not_ready_seconds,
    occupancy: ratio(working, working + sums.available_seconds + sums.reserved_seconds),
    notReadyByReason,
    satisfaction: ratio(sums.satisfaction_sum, sums.surveys_answered),
    surveysAnswered: sums.surveys_answered,
    ...callTimesOf(sums),
  };
}

/**
 * Historical reports: closes 15-minute interval records from the routing journal (the closing job calls
 * `closeIntervals`), and answers queue and agent reports by 15, 30 or 60 minutes of the centre's clock or by
 * local day, summed from the closed records.
 */
@Injectable()
export class ReportsService {
  private readonly log = new Logger('Reports');
  /** Clock; injectable for tests. */
  now: () => number = () => Date.now();

  constructor(
    private readonly repository: ReportsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get timeZone(): string {
    return this.config.CENTRE_TIME_ZONE;
  }

  /** The end of the last interval that may be closed now. */
  closableUntil(now = this.now()): number {
    const step = RECORD_SECONDS * 1000;
    return Math.floor((now - CLOSE_GRACE_MS) / step) * step;
  }

  /**
   * Closes every interval that ended (with its grace) since the last close, one day of journal per transaction, so a
   * restart after a long stop catches up. The first close starts at the journal's first event. When the centre's
   * zone changed, every local day is derived again. Returns the end of the closed intervals.
   */
  async closeIntervals(until = this.closableUntil()): Promise<number | null> {
    const step = RECORD_SECONDS * 1000;
    for (;;) {
      const done = await this.repository.transaction(async (manager) => {
        const state = await this.repository.lockCloseState(manager);
        let from: number;
        if (state) {
          from = state.closedUntil.getTime();
          if (state.timeZone !== this.timeZone) {
            await this.repository.rederiveAllDays(manager, this.timeZone);
            await this.repository.saveCloseState(manager, from, this.timeZone);
          }
        } else {
          const first = await this.repository.journalStart();
          if (!first) {
            await this.repository.saveCloseState(manager, until, this.timeZone);
            return { end: until, more: false };
          }
          from = Math.floor(first.getTime() / step) * step;
        }
        if (from >= until) return { end: from, more: false };
        const to = Math.min(until, from + CLOSE_CHUNK_MS);
        await this.repository.closeRange(manager, from, to, this.timeZone);
        await this.repository.saveCloseState(manager, to, this.timeZone);
        return { end: to, more: to < until };
      });
      if (!done.more) return done.end;
      this.log.log(`intervals closed up to ${iso(done.end)}; catching up`);
    }
  }

  /** Computes the records of [from, to) again (for instance after the journal of a past period was imported). */
  async recloseRange(from: number, to: number): Promise<void> {
    const step = RECORD_SECONDS * 1000;
    await this.repository.transaction((manager) => this.repository.closeRange(manager, Math.floor(from / step) * step, Math.ceil(to / step) * step, this.timeZone));
  }

  /** A report's range in epoch ms: dates are the centre's local days; `day` reports cover whole local days. */
  range(query: { from?: string; to?: string; interval?: ReportInterval }): ReportRange {
    const interval = query.interval ?? '60m';
    const zone = this.timeZone;
    const instant = (text: string): number => {
      if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return startOfLocalDay(localToEpoch(zone, parsePlainDate(text), 12 * 3_600_000), zone);
      const value = Date.parse(text);
      if (Number.isNaN(value)) throw reportErrors.badRange(`'${text}' is not a date`, { value: text });
      return value;
    };
    const nextDay = (at: number) => startOfLocalDay(at + 36 * 3_600_000, zone);
    let from = query.from !== undefined ? instant(query.from) : startOfLocalDay(this.now(), zone);
    let to = query.to !== undefined ? instant(query.to) : nextDay(from);
    if (interval === 'day') {
      from = startOfLocalDay(from, zone);
      if (startOfLocalDay(to, zone) !== to) to = nextDay(to);
    } else {
      const step = INTERVAL_SECONDS[interval] * 1000;
      // Whole stored intervals; the local 30- and 60-minute boundaries are whole 15-minute ones in every zone.
      from = Math.floor(from / (RECORD_SECONDS * 1000)) * RECORD_SECONDS * 1000;
      to = Math.ceil(to / (RECORD_SECONDS * 1000)) * RECORD_SECONDS * 1000;
      if (step <= 0) throw reportErrors.badRange('bad interval', { interval });
    }
    if (to <= from) throw reportErrors.badRange('to must be after from', { from: iso(from), to: iso(to) });
    const maxDays = interval === 'day' ? REPORT_MAX_DAYS_BY_DAY : REPORT_MAX_DAYS_BY_INTERVAL;
    if (to - from > (maxDays + 1) * DAY_MS) throw reportErrors.badRange(`a report by ${interval} covers at most ${maxDays} days`, { maxDays, interval });
    return { from, to, interval };
  }

  /** Where each report interval ends, given its start. */
  endOf(interval: ReportInterval): (start: number) => number {
    if (interval === 'day') return (start) => startOfLocalDay(start + 36 * 3_600_000, this.timeZone);
    const step = INTERVAL_SECONDS[interval] * 1000;
    return (start) => start + step;
  }

  private async meta(range: ReportRange): Promise<ReportMeta> {
    const state = await this.repository.closeState();
    return { timeZone: this.timeZone, interval: range.interval, from: iso(range.from), to: iso(range.to), closedUntil: state ? iso(state.closedUntil.getTime()) : null };
  }

  /** A queue report's range and queues (one or all), checked. */
  private async queueScope(query: { from?: string; to?: string; interval?: ReportInterval; queue?: string }) {
    const range = this.range(query);
    const queues = await this.repository.queues(query.queue ? [query.queue] : undefined);
    if (query.queue && queues.length === 0) throw reportErrors.unknownQueue(query.queue);
    const sums = { from: range.from, to: range.to, size: range.interval === 'day' ? ('day' as const) : INTERVAL_SECONDS[range.interval], timeZone: this.timeZone, queueIds: queues.map((queue) => queue.id) };
    return { range, queues, sums };
  }

  /** Queue report rows over a range, with the report's description; one queue or all. */
  async queueReport(query: { from?: string; to?: string; interval?: ReportInterval; queue?: string }): Promise<{ meta: ReportMeta; rows: QueueReportRow[] }> {
    const { range, queues, sums: scope } = await this.queueScope(query);
    const byId = new Map(queues.map((queue) => [queue.id, queue]));
    const sums = await this.repository.queueSums(scope);
    const bounds = boundsOf(this.endOf(range.interval));
    return { meta: await this.meta(range), rows: sums.map((row) => queueRowOf(row, byId.get(row.queue_id) as QueueName, bounds)) };
  }

  /**
   * The same report as `queueReport`, its rows written by PostgreSQL as JSON objects, CSV lines or sheet rows
   * (`csvColumns`) and streamed as they come: the same text `JSON.stringify` or the CSV export gives the rows.
   */
  async queueReportText(
    query: { from?: string; to?: string; interval?: ReportInterval; queue?: string },
    format: ReportTextFormat,
    csvColumns: readonly string[],
  ): Promise<{ meta: ReportMeta; rows: AsyncIterable<Buffer> }> {
    const { range, sums } = await this.queueScope(query);
    return { meta: await this.meta(range), rows: this.repository.queueReportText(sums, format, csvColumns) };
  }

  /**
   * An agent report's range and agents. Supervisors and administrators see every agent; a team lead sees the agents
   * of their own team (and themself), and asking for another agent is answered as not found.
   */
  private async agentScope(query: { from?: string; to?: string; interval?: ReportInterval; agent?: string }, user: AuthenticatedUser) {
    const range = this.range(query);
    const wholeCentre = hasRole(user, 'supervisor') || hasRole(user, 'admin');
    let agents = await this.repository.agents({ agentId: query.agent, teamLeadId: wholeCentre ? undefined : user.id });
    if (!wholeCentre && (query.agent === undefined || query.agent === user.id)) {
      const own = await this.repository.agents({ agentId: user.id });
      agents = [...agents.filter((agent) => agent.id !== user.id), ...own];
    }
    if (query.agent && agents.length === 0) throw reportErrors.unknownAgent(query.agent);
    const sums = {
      from: range.from,
      to: range.to,
      size: range.interval === 'day' ? ('day' as const) : INTERVAL_SECONDS[range.interval],
      timeZone: this.timeZone,
      agentIds: wholeCentre && !query.agent ? null : agents.map((agent) => agent.id),
    };
    return { range, agents, sums };
  }

  /** Agent report rows (the agents `agentScope` lets the user see). */
  async agentReport(query: { from?: string; to?: string; interval?: ReportInterval; agent?: string }, user: AuthenticatedUser): Promise<{ meta: ReportMeta; rows: AgentReportRow[] }> {
    const { range, agents, sums: scope } = await this.agentScope(query, user);
    const byId = new Map(agents.map((agent) => [agent.id, agent]));
    const sums = await this.repository.agentSums(scope);
    const bounds = boundsOf(this.endOf(range.interval));
    const rows = sums.filter((row) => byId.has(row.agent_id)).map((row) => agentRowOf(row, byId.get(row.agent_id) as { id: string; name: string; teamName: string | null }, bounds));
    return { meta: await this.meta(range), rows };
  }

  /** The same report as `agentReport`, its rows written by PostgreSQL (as `queueReportText`). */
  async agentReportText(
    query: { from?: string; to?: string; interval?: ReportInterval; agent?: string },
    user: AuthenticatedUser,
    format: ReportTextFormat,
    csvColumns: readonly string[],
  ): Promise<{ meta: ReportMeta; rows: AsyncIterable<Buffer> }> {
    const { range, sums } = await this.agentScope(query, user);
    return { meta: await this.meta(range), rows: this.repository.agentReportText(sums, format, csvColumns) };
  }
}

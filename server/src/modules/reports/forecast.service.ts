import { Inject, Injectable } from '@nestjs/common';
import {
  addLocalDays,
  dayTypeOf,
  erlangAAgentsNeeded,
  FORECAST_METHOD,
  type ForecastHistoryDay,
  type ForecastInterval,
  type ForecastResponse,
  forecastDay,
  localIntervalStarts,
  localLabelOf,
  localToEpoch,
  meanAbsolutePercentageError,
  parsePlainDate,
  scheduledPerInterval,
  startOfLocalDay,
} from '@callcentre/shared';
import { AppConfig } from '../../common/config/app-config';
import { APP_CONFIG } from '../../common/config/config.tokens';
import { CalendarsService } from '../calendars';
import { reportErrors } from './reports.errors';
import { type QueueSums, ReportsRepository } from './reports.repository';
import { INTERVAL_SECONDS } from './reports.service';

/** Days of history the forecast reads before its first day. */
export const FORECAST_HISTORY_DAYS = 56;
export const FORECAST_MAX_DAYS = 14;
export const DEFAULT_PATIENCE_SECONDS = 180;

export interface ForecastQuery {
  queueId: string;
  /** First local date forecast (default: today). */
  from?: string;
  days?: number;
  interval?: '15m' | '30m' | '60m';
  patienceSeconds?: number;
}

/**
 * Forecast to staffing: arrivals and AHT per interval for the coming days from the queue's closed interval records
 * (FORECAST_METHOD, shared/src/reports/forecast.ts), the agents Erlang A needs for the queue's service-level target
 * in each interval, the gap against the agents signed in, and against the agents scheduled (shifts of agents who meet
 * the queue's required skills, each counting for the share of the interval it covers) for any day; for days that passed, the actual figures and the
 * forecast's MAPE. Each day is forecast from the history before it, so a past day shows the forecast it had.
 */
@Injectable()
export class ForecastService {
  now: () => number = () => Date.now();

  constructor(
    private readonly repository: ReportsRepository,
    private readonly calendars: CalendarsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async forecast(query: ForecastQuery): Promise<ForecastResponse> {
    const [queue] = await this.repository.queues([query.queueId]);
    if (!queue) throw reportErrors.unknownQueue(query.queueId);
    const timeZone = this.config.CENTRE_TIME_ZONE;
    const interval = query.interval ?? '60m';
    const size = INTERVAL_SECONDS[interval];
    const days = Math.min(query.days ?? 1, FORECAST_MAX_DAYS);
    const patienceSeconds = query.patienceSeconds ?? DEFAULT_PATIENCE_SECONDS;
    const now = this.now();
    const firstDate = query.from ?? localLabelOf(now, timeZone).slice(0, 10);
    const dayStart = (date: string) => startOfLocalDay(localToEpoch(timeZone, parsePlainDate(date), 12 * 3_600_000), timeZone);
    const historyStart = dayStart(addLocalDays(firstDate, -FORECAST_HISTORY_DAYS));
    const end = dayStart(addLocalDays(firstDate, days));
    const calendar = (await this.calendars.current()).view.config;

    const rows = await this.repository.queueSums({ from: historyStart, to: end, size, timeZone, queueIds: [queue.id] });
    const byStart = new Map<number, QueueSums>(rows.map((row) => [new Date(row.bucket).getTime(), row]));
    const state = await this.repository.closeState();
    const closedUntil = state ? state.closedUntil.getTime() : 0;

    // Every closed local day of the history, with its intervals (none with no contact count as 0).
    const history: ForecastHistoryDay[] = [];
    for (let date = addLocalDays(firstDate, -FORECAST_HISTORY_DAYS); date < addLocalDays(firstDate, days); date = addLocalDays(date, 1)) {
      const from = dayStart(date);
      const to = dayStart(addLocalDays(date, 1));
      if (to > closedUntil) break;
      const slots = localIntervalStarts(from, to, size * 1000, timeZone).map((start) => {
        const row = byStart.get(start);
        return { slot: localLabelOf(start, timeZone).slice(11), offered: row?.offered ?? 0, handled: row?.handled ?? 0, handleSeconds: row?.handle_seconds ?? 0 };
      });
      history.push({ date, dayType: dayTypeOf(date, calendar), slots });
    }

    const signedIn = new Map((await this.repository.signedInAgents(queue.id, dayStart(firstDate), end, size, timeZone)).map((row) => [new Date(row.bucket).getTime(), Number(row.agents)]));
    const signedInNow = await this.repository.signedInNow(queue.id);
    const starts = localIntervalStarts(dayStart(firstDate), end, size * 1000, timeZone);
    const shifts = (await this.repository.scheduledShifts(queue.id, dayStart(firstDate), end)).map((row) => ({ start: new Date(row.starts_at).getTime(), end: new Date(row.ends_at).getTime() }));
    const scheduled = new Map(scheduledPerInterval(shifts, starts, size * 1000).map((agents, index) => [starts[index], agents]));
    const targetShare = Math.min(0.999, Math.max(0.01, queue.serviceLevelPercent / 100));
    const intervals: ForecastInterval[] = [];
    const offeredPairs: Array<{ forecast: number; actual: number }> = [];
    const ahtPairs: Array<{ forecast: number; actual: number }> = [];
    for (let index = 0; index < days; index++) {
      const date = addLocalDays(firstDate, index);
      const dayType = dayTypeOf(date, calendar);
      const forecast = forecastDay(history.filter((day) => day.date < date), dayType);
      for (const start of localIntervalStarts(dayStart(date), dayStart(addLocalDays(date, 1)), size * 1000, timeZone)) {
        const local = localLabelOf(start, timeZone);
        const slot = forecast.slots.get(local.slice(11));
        const forecastOffered = slot?.offered ?? 0;
        const forecastAht = slot?.ahtSeconds ?? null;
        const requiredAgents =
          forecastOffered > 0 && forecastAht !== null && forecastAht > 0
            ? erlangAAgentsNeeded({
                arrivalRatePerHour: (forecastOffered * 3600) / size,
                ahtSeconds: forecastAht,
                targetServiceLevel: targetShare,
                serviceLevelThresholdSeconds: queue.serviceLevelSeconds,
                patienceSeconds,
              }).agents
            : 0;
        const passed = start + size * 1000 <= closedUntil;
        const current = !passed && start <= now;
        const upcomingToday = start > now && local.slice(0, 10) === localLabelOf(now, timeZone).slice(0, 10);
        const agentsAvailable = passed ? (signedIn.get(start) ?? 0) : current || upcomingToday ? signedInNow : null;
        const row = byStart.get(start);
        const actualOffered = passed ? (row?.offered ?? 0) : null;
        const actualAht = passed && row && row.handled > 0 ? row.handle_seconds / row.handled : null;
        if (actualOffered !== null) offeredPairs.push({ forecast: forecastOffered, actual: actualOffered });
        if (actualAht !== null && forecastAht !== null) ahtPairs.push({ forecast: forecastAht, actual: actualAht });
        intervals.push({
          start: new Date(start).toISOString(),
          local,
          dayType,
          forecastOffered,
          forecastAhtSeconds: forecastAht,
          requiredAgents,
          agentsAvailable,
          gap: agentsAvailable === null ? null : agentsAvailable - requiredAgents,
          agentsScheduled: scheduled.get(start) ?? 0,
          scheduledGap: Math.round(((scheduled.get(start) ?? 0) - requiredAgents) * 100) / 100,
          actualOffered,
          actualAhtSeconds: actualAht,
        });
      }
    }
    return {
      queueId: queue.id,
      timeZone,
      interval,
      method: FORECAST_METHOD,
      target: { percent: queue.serviceLevelPercent, seconds: queue.serviceLevelSeconds, patienceSeconds },
      intervals,
      mapeOffered: meanAbsolutePercentageError(offeredPairs),
      mapeAht: meanAbsolutePercentageError(ahtPairs),
    };
  }
}

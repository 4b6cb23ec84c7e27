import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import {
  addLocalDays,
  KPI_KEYS,
  type KpiBandSetting,
  type KpiKey,
  type KpiPoint,
  type KpiSeriesResponse,
  kpiBand,
  kpiOutside,
  kpiValueOf,
  localIntervalStarts,
  localLabelOf,
  type RealtimeAlert,
  SERVICE_LEVEL_FORMULAS,
  type ServiceLevelFormula,
  emptyQueueTotals,
} from '@callcentre/shared';
import type { AuthenticatedUser } from '../../common/auth';
import { AppConfig } from '../../common/config/app-config';
import { APP_CONFIG } from '../../common/config/config.tokens';
import { AlertsService } from '../alerts';
import type { StoredAlert } from '../alerts';
import { AuditService } from '../audit';
import { reportErrors } from './reports.errors';
import { type QueueName, type QueueSums, RECORD_SECONDS, ReportsRepository } from './reports.repository';
import { INTERVAL_SECONDS, totalsOf } from './reports.service';

export const KPI_ALERT_KIND = 'kpi_out_of_band';
/** Domain event, emitted after a KPI alert was stored, for the live feed to push. */
export const KPI_ALERT_RAISED = 'kpi.alert_raised';
export const DEFAULT_KPI_WEEKS = 6;
export const DEFAULT_KPI_K = 2;
/**
 * A share or a mean over fewer contacts than this (answers and abandons; handlings for AHT) raises no alert: one
 * abandon out of two contacts is not news. Offered alerts at any volume.
 */
export const MIN_ALERT_VOLUME = 5;
/** A catch-up checks at most this many of the latest closed intervals (a day); older ones are history, not news. */
const MAX_CHECKED_INTERVALS = 96;
const DAY_MS = 86_400_000;

const KPI_NAMES: Record<KpiKey, string> = { offered: 'Offered', serviceLevel: 'Service level', asaSeconds: 'ASA', ahtSeconds: 'AHT', abandonRate: 'Abandon rate' };

function formatKpi(kpi: KpiKey, value: number): string {
  if (kpi === 'serviceLevel' || kpi === 'abandonRate') return `${Math.round(value * 100)}%`;
  if (kpi === 'offered') return value.toFixed(value % 1 === 0 ? 0 : 1);
  return `${Math.round(value)} s`;
}

const formulaOf = (queue: QueueName): ServiceLevelFormula =>
  (SERVICE_LEVEL_FORMULAS as readonly string[]).includes(queue.serviceLevelFormula) ? (queue.serviceLevelFormula as ServiceLevelFormula) : 'abandons_in_denominator';

/**
 * KPI bands: each KPI of each queue has a normal band learned from its closed history (the same local weekday and
 * interval over the last `weeks` weeks, mean ± k sample standard deviations) and optional hard limits. The closing
 * job checks every newly closed 15-minute interval against them and raises an alert for each KPI outside.
 */
@Injectable()
export class KpiBandsService {
  private readonly log = new Logger('KpiBands');

  constructor(
    private readonly repository: ReportsRepository,
    private readonly alerts: AlertsService,
    private readonly audit: AuditService,
    private readonly events: EventEmitter2,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Stored settings, with the defaults (every KPI watched, 6 weeks, k = 2, no hard limits) for the rest. */
  async settings(queueId?: string): Promise<KpiBandSetting[]> {
    const queues = await this.repository.queues(queueId ? [queueId] : undefined);
    if (queueId && queues.length === 0) throw reportErrors.unknownQueue(queueId);
    const stored = new Map((await this.repository.kpiSettings(queueId)).map((row) => [`${row.queue_id}/${row.kpi}`, row]));
    return queues.flatMap((queue) =>
      KPI_KEYS.map((kpi) => {
        const row = stored.get(`${queue.id}/${kpi}`);
        return row
          ? { queueId: queue.id, kpi, weeks: Number(row.weeks), k: Number(row.k), hardMin: row.hard_min === null ? null : Number(row.hard_min), hardMax: row.hard_max === null ? null : Number(row.hard_max), enabled: Boolean(row.enabled) }
          : { queueId: queue.id, kpi, weeks: DEFAULT_KPI_WEEKS, k: DEFAULT_KPI_K, hardMin: null, hardMax: null, enabled: true };
      }),
    );
  }

  async save(setting: KpiBandSetting, user: AuthenticatedUser): Promise<KpiBandSetting> {
    const [queue] = await this.repository.queues([setting.queueId]);
    if (!queue) throw reportErrors.unknownQueue(setting.queueId);
    if (setting.hardMin !== null && setting.hardMax !== null && setting.hardMin > setting.hardMax) {
      throw reportErrors.badRange('hardMin must be at most hardMax', { hardMin: setting.hardMin, hardMax: setting.hardMax });
    }
    await this.repository.transaction(async (manager) => {
      await this.repository.saveKpiSetting(manager, setting, user.id);
      await this.audit.record({ actor: user, action: 'kpi_band.updated', target: { type: 'queue', id: setting.queueId }, details: { ...setting } }, manager);
    });
    return setting;
  }

  /**
   * A KPI's values per interval over [from, to) with the band of each interval behind it. Intervals with no contact
   * count as 0 offered (and empty for the other KPIs) once closed.
   */
  async series(query: { queueId: string; kpi: KpiKey; from: number; to: number; interval: '15m' | '30m' | '60m' }): Promise<KpiSeriesResponse> {
    const [queue] = await this.repository.queues([query.queueId]);
    if (!queue) throw reportErrors.unknownQueue(query.queueId);
    const setting = (await this.settings(queue.id)).find((candidate) => candidate.kpi === query.kpi) as KpiBandSetting;
    const size = INTERVAL_SECONDS[query.interval];
    const timeZone = this.config.CENTRE_TIME_ZONE;
    const state = await this.repository.closeState();
    const closedUntil = state ? state.closedUntil.getTime() : 0;
    const historyFrom = query.from - (setting.weeks * 7 + 1) * DAY_MS;
    const values = await this.valuesByLocal(queue, query.kpi, historyFrom, query.to, size, timeZone, closedUntil);
    const points: KpiPoint[] = localIntervalStarts(query.from, query.to, size * 1000, timeZone).map((start) => {
      const local = localLabelOf(start, timeZone);
      const value = start + size * 1000 <= closedUntil ? (values.get(local) ?? null) : null;
      const band = kpiBand(this.pastValues(values, local, setting.weeks), setting.k, query.kpi);
      return {
        start: new Date(start).toISOString(),
        local,
        value,
        low: band?.low ?? null,
        high: band?.high ?? null,
        mean: band?.mean ?? null,
        outside: kpiOutside(value, band, setting),
      };
    });
    return { queueId: queue.id, kpi: query.kpi, interval: query.interval, timeZone, setting, points };
  }

  /** The same local weekday and time in each of the `weeks` weeks before. */
  private pastValues(values: ReadonlyMap<string, number | null>, local: string, weeks: number): Array<number | null> {
    const date = local.slice(0, 10);
    const time = local.slice(11);
    const past: Array<number | null> = [];
    for (let week = 1; week <= weeks; week++) {
      const key = `${addLocalDays(date, -7 * week)} ${time}`;
      if (values.has(key)) past.push(values.get(key) ?? null);
    }
    return past;
  }

  /** KPI values by local label over [from, to): every closed interval, 0 offered where nothing happened. */
  private async valuesByLocal(
    queue: QueueName,
    kpi: KpiKey,
    from: number,
    to: number,
    size: number,
    timeZone: string,
    closedUntil: number,
    read: () => Promise<QueueSums[]> = () => this.repository.queueSums({ from, to, size, timeZone, queueIds: [queue.id] }),
    volumes?: Map<string, number>,
  ): Promise<Map<string, number | null>> {
    const rows = await read();
    const byStart = new Map<number, QueueSums>(rows.map((row) => [new Date(row.bucket).getTime(), row]));
    const values = new Map<string, number | null>();
    for (const start of localIntervalStarts(from, to, size * 1000, timeZone)) {
      if (start + size * 1000 > closedUntil) break;
      const row = byStart.get(start);
      const totals = row ? totalsOf(row) : emptyQueueTotals();
      const local = localLabelOf(start, timeZone);
      values.set(local, kpiValueOf(totals, kpi, formulaOf(queue)));
      volumes?.set(local, kpi === 'ahtSeconds' ? totals.handled : totals.answered + totals.abandoned + totals.overflowedOut);
    }
    return values;
  }

  /**
   * Checks the 15-minute intervals closed since the last check (at most the last day of them) against each queue's
   * enabled KPI bands and hard limits; stores an alert for each KPI outside, then announces it. Returns how many.
   */
  async checkClosed(closedUntil: number): Promise<number> {
    const step = RECORD_SECONDS * 1000;
    const timeZone = this.config.CENTRE_TIME_ZONE;
    const raised: StoredAlert[] = [];
    await this.repository.transaction(async (manager) => {
      const checked = await this.repository.lockKpiChecks(manager);
      const from = Math.max(checked ? checked.getTime() : closedUntil - step, closedUntil - MAX_CHECKED_INTERVALS * step);
      if (from >= closedUntil) return;
      const settings = (await this.settings()).filter((setting) => setting.enabled);
      const queues = new Map((await this.repository.queues()).map((queue) => [queue.id, queue]));
      // One read per queue and history length, shared by its KPIs.
      const reads = new Map<string, Promise<QueueSums[]>>();
      for (const setting of settings) {
        const queue = queues.get(setting.queueId);
        if (!queue) continue;
        const historyFrom = from - (setting.weeks * 7 + 1) * DAY_MS;
        const key = `${queue.id}/${setting.weeks}`;
        if (!reads.has(key)) reads.set(key, this.repository.queueSums({ from: historyFrom, to: closedUntil, size: RECORD_SECONDS, timeZone, queueIds: [queue.id] }));
        const volumes = new Map<string, number>();
        const values = await this.valuesByLocal(queue, setting.kpi, historyFrom, closedUntil, RECORD_SECONDS, timeZone, closedUntil, () => reads.get(key) as Promise<QueueSums[]>, volumes);
        for (let start = from; start < closedUntil; start += step) {
          const local = localLabelOf(start, timeZone);
          const value = values.get(local) ?? null;
          if (setting.kpi !== 'offered' && (volumes.get(local) ?? 0) < MIN_ALERT_VOLUME) continue;
          const band = kpiBand(this.pastValues(values, local, setting.weeks), setting.k, setting.kpi);
          const outside = kpiOutside(value, band, setting);
          if (outside === null || value === null) continue;
          const stored = this.alertOf(queue, setting, { start, end: start + step, local, value, band, outside });
          await this.alerts.store(manager, stored);
          raised.push(stored);
        }
      }
      await this.repository.saveKpiChecks(manager, closedUntil);
    });
    for (const stored of raised) {
      try {
        this.events.emit(KPI_ALERT_RAISED, stored);
      } catch (error) {
        this.log.error(`${KPI_ALERT_RAISED} listener failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return raised.length;
  }

  private alertOf(
    queue: QueueName,
    setting: KpiBandSetting,
    found: { start: number; end: number; local: string; value: number; band: { low: number; high: number; mean: number } | null; outside: 'below' | 'above' },
  ): StoredAlert {
    const { band } = found;
    const range = band ? `its normal band ${formatKpi(setting.kpi, band.low)}–${formatKpi(setting.kpi, band.high)}` : 'its hard limits';
    const alert: RealtimeAlert = {
      id: randomUUID(),
      kind: KPI_ALERT_KIND,
      severity: 'warning',
      at: found.end,
      message: `${KPI_NAMES[setting.kpi]} of ${queue.name} was ${formatKpi(setting.kpi, found.value)} at ${found.local}, ${found.outside} ${range}`,
      queueId: queue.id,
      details: {
        queueName: queue.name,
        kpi: setting.kpi,
        value: found.value,
        outside: found.outside,
        low: band?.low ?? null,
        high: band?.high ?? null,
        mean: band?.mean ?? null,
        hardMin: setting.hardMin,
        hardMax: setting.hardMax,
        intervalStart: new Date(found.start).toISOString(),
        intervalEnd: new Date(found.end).toISOString(),
        local: found.local,
      },
      acknowledged: null,
    };
    return { alert, audience: { users: [], roles: ['supervisor', 'team_lead'] } };
  }
}

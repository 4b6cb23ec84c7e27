import type { AgentReportResponse, ForecastResponse, KpiBandSetting, KpiKey, KpiSeriesResponse, QueueReportResponse, ReportInterval } from '@callcentre/shared';
import { http } from '../../../api/http';

export interface ReportFilters {
  from: string;
  to: string;
  interval: ReportInterval;
  queue?: string;
  agent?: string;
}

export interface QueueOption {
  id: string;
  code: string;
  name: string;
}

function query(values: Readonly<Record<string, string | number | undefined>>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value !== undefined && value !== '') params.set(key, String(value));
  return `?${params.toString()}`;
}

export const queueReportUrl = (filters: ReportFilters, format: 'json' | 'csv' | 'xlsx' = 'json') =>
  `/api/reports/queues${query({ from: filters.from, to: filters.to, interval: filters.interval, queue: filters.queue, format })}`;
export const agentReportUrl = (filters: ReportFilters, format: 'json' | 'csv' | 'xlsx' = 'json') =>
  `/api/reports/agents${query({ from: filters.from, to: filters.to, interval: filters.interval, agent: filters.agent, format })}`;

export function fetchQueueReport(filters: ReportFilters, signal?: AbortSignal): Promise<QueueReportResponse> {
  return http.get<QueueReportResponse>(queueReportUrl(filters), { signal });
}

export function fetchAgentReport(filters: ReportFilters, signal?: AbortSignal): Promise<AgentReportResponse> {
  return http.get<AgentReportResponse>(agentReportUrl(filters), { signal });
}

export function fetchQueues(signal?: AbortSignal): Promise<QueueOption[]> {
  return http.get<QueueOption[]>('/api/queues', { signal });
}

export function fetchKpiSeries(filters: { queue: string; kpi: KpiKey; from: string; to: string; interval: '15m' | '30m' | '60m' }, signal?: AbortSignal): Promise<KpiSeriesResponse> {
  return http.get<KpiSeriesResponse>(`/api/reports/kpi${query(filters)}`, { signal });
}

export function saveKpiSetting(setting: KpiBandSetting): Promise<KpiBandSetting> {
  return http.put<KpiBandSetting>('/api/reports/kpi/settings', setting);
}

export const forecastUrl = (filters: { queue: string; from: string; days: number; interval: '15m' | '30m' | '60m' }, format: 'json' | 'csv' = 'json') =>
  `/api/reports/forecast${query({ ...filters, format: format === 'json' ? undefined : format })}`;

export function fetchForecast(filters: { queue: string; from: string; days: number; interval: '15m' | '30m' | '60m' }, signal?: AbortSignal): Promise<ForecastResponse> {
  return http.get<ForecastResponse>(forecastUrl(filters), { signal });
}

import { http } from '../../../api/http';

/** What the panel asks: a forecast, a queue (whose last hour fills what the forecast leaves out), or both. */
export interface StaffingRequest {
  arrivalsPerHour?: number;
  ahtSeconds?: number;
  targetPercent?: number;
  thresholdSeconds?: number;
  patienceSeconds?: number;
  queueId?: string;
}

/** One staffing level, as `GET /api/staffing` reports it. Shares are 0-1. */
export interface StaffingRow {
  agents: number;
  serviceLevel: number;
  probabilityOfWaiting: number;
  /** Null when the queue would grow without bound at this count. */
  asaSeconds: number | null;
  occupancy: number;
  abandonRate: number;
  meetsTarget: boolean;
}

/** `GET /api/staffing` (see the server's StaffingResponseDto). */
export interface StaffingAnswer {
  model: 'erlang_c' | 'erlang_a';
  forecast: {
    arrivalsPerHour: number;
    ahtSeconds: number;
    targetPercent: number;
    thresholdSeconds: number;
    patienceSeconds: number | null;
    arrivalsSource: 'request' | 'live';
    ahtSource: 'request' | 'live';
  };
  live: {
    queueId: string;
    queueName: string;
    windowMinutes: number;
    from: string;
    to: string;
    offered: number;
    completed: number;
    ahtSeconds: number | null;
  } | null;
  trafficErlangs: number;
  requiredAgents: number;
  atRequired: StaffingRow;
  table: StaffingRow[];
}

export function fetchStaffing(request: StaffingRequest, signal?: AbortSignal): Promise<StaffingAnswer> {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(request)) if (value !== undefined && value !== '') query.set(key, String(value));
  return http.get<StaffingAnswer>(`/api/staffing?${query.toString()}`, { signal });
}

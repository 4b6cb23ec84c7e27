import type { StaffingAnswer } from '@callcentre/shared';
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

export function fetchStaffing(request: StaffingRequest, signal?: AbortSignal): Promise<StaffingAnswer> {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(request)) if (value !== undefined && value !== '') query.set(key, String(value));
  return http.get<StaffingAnswer>(`/api/staffing?${query.toString()}`, { signal });
}

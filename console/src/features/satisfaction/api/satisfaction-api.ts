import type { SatisfactionLiveResponse } from '@callcentre/shared';
import { http } from '../../../api/http';

/** Satisfaction since the centre's midnight, by agent, queue, value tier and RFM cell. */
export function fetchLiveSatisfaction(signal?: AbortSignal): Promise<SatisfactionLiveResponse> {
  return http.get<SatisfactionLiveResponse>('/api/satisfaction/live', { signal });
}

import type { Queue } from '@callcentre/shared';
import { http } from '../../../api/http';

export type { Queue };

export function fetchQueues(signal?: AbortSignal): Promise<Queue[]> {
  return http.get<Queue[]>('/api/queues', { signal });
}

import type { AssignmentStrategy, ServiceLevelFormula } from '@callcentre/shared';
import { http } from '../../../api/http';

/** A queue as `GET /api/queues` returns it (the fields the console reads). */
export interface Queue {
  id: string;
  code: string;
  name: string;
  /** Higher is served first when agents are scarce. */
  basePriority: number;
  serviceLevelPercent: number;
  serviceLevelSeconds: number;
  serviceLevelFormula: ServiceLevelFormula;
  wrapUpSeconds: number;
  /** Longest a contact waits here before it overflows; null for no limit. */
  maxWaitSeconds: number | null;
  overflowQueueId: string | null;
  strategy: AssignmentStrategy;
}

export function fetchQueues(signal?: AbortSignal): Promise<Queue[]> {
  return http.get<Queue[]>('/api/queues', { signal });
}

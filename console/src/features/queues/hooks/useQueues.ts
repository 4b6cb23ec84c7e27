import { useMemo } from 'react';
import { useResource, type ResourceState } from '../../../api/use-resource';
import { fetchQueues, type Queue } from '../api/queues-api';
import { byPriorityThenName } from '../service-level';

/** Queue settings change rarely; a wall display refreshes them on this interval. */
export const QUEUES_REFRESH_MS = 60_000;

/** Every queue, highest priority first, refreshed now and then for unattended wall displays. */
export function useQueues(): ResourceState<Queue[]> {
  const resource = useResource(fetchQueues, { refreshIntervalMs: QUEUES_REFRESH_MS });
  const sorted = useMemo(() => (resource.data ? byPriorityThenName(resource.data) : undefined), [resource.data]);
  return { ...resource, data: sorted };
}

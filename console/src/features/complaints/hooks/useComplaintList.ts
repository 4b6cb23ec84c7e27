import type { ComplaintPage, ComplaintQuery } from '@callcentre/shared';
import { useCallback } from 'react';
import { useResource, type ResourceState } from '../../../api/use-resource';
import { useRealtime } from '../../realtime';
import { listComplaints } from '../api/complaints-api';

/**
 * A list of complaints, reloaded whenever a live `complaint:update` arrives (the update carries only the
 * headline, so the list asks again), and every minute for deadlines that moved without an event.
 */
export function useComplaintList(query: ComplaintQuery | null): ResourceState<ComplaintPage> {
  const serial = useRealtime((state) => state.complaintSerial);
  const key = query ? JSON.stringify(query) : null;
  const load = useCallback(
    (signal: AbortSignal) => (key ? listComplaints(JSON.parse(key) as ComplaintQuery, signal) : Promise.resolve({ items: [], total: 0, limit: 0, offset: 0 })),
    // The serial is a reload trigger: a new value starts a new load.
    [key, serial],
  );
  return useResource(load, { refreshIntervalMs: 60_000 });
}

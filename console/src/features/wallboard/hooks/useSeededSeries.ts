import { useEffect, useRef } from 'react';
import { useRealtimeStore } from '../../realtime';
import { fetchQueueHistory } from '../api/wallboard-api';

/**
 * Seeds each queue's chart series with the last hour from the history endpoint (5-minute intervals, each with the
 * contacts waiting at its end), once per queue; live `queue:stats` samples then accumulate on top. A failed seed
 * leaves the live samples alone.
 */
export function useSeededSeries(queueIds: readonly string[], now: number, enabled: boolean): void {
  const store = useRealtimeStore();
  const seeded = useRef(new Set<string>());
  const key = queueIds.join(',');
  useEffect(() => {
    if (!enabled) return undefined;
    const controller = new AbortController();
    for (const queueId of key ? key.split(',') : []) {
      if (seeded.current.has(queueId)) continue;
      seeded.current.add(queueId);
      fetchQueueHistory(queueId, now, controller.signal).then(
        (history) =>
          store.seedSeries(
            queueId,
            history.intervals.map((interval) => ({ at: interval.endsAt, serviceLevel: interval.serviceLevel, waiting: interval.waitingAtEnd })),
          ),
        () => seeded.current.delete(queueId),
      );
    }
    return () => controller.abort();
    // `now` only matters for the first load of a queue.
  }, [key, enabled, store]);
}

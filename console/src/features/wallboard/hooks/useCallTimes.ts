import type { QueueCallTimes, QueueLiveStatistics } from '@callcentre/shared';
import { useEffect, useState } from 'react';
import { fetchCallTimes } from '../api/wallboard-api';

/** A queue's talk and hold over the tile's two periods; null until read, or when the read failed. */
export interface TileCallTimes {
  readonly rolling: QueueCallTimes | null;
  readonly today: QueueCallTimes | null;
}

/**
 * Talk and hold per queue for the wallboard's tiles, over the same two periods as their other figures (the rolling
 * window and since midnight). They are counted by the call workspace, not carried by `queue:stats`, so they are read
 * again whenever the window moves, once a minute: not at every call's end, which on a large floor would ask the
 * server for a day of calls several times a minute per wallboard.
 */
export function useCallTimes(tiles: readonly QueueLiveStatistics[], enabled: boolean): ReadonlyMap<string, TileCallTimes> {
  const rollingFrom = tiles[0]?.rolling.startsAt ?? null;
  const todayFrom = tiles[0]?.sinceMidnight.startsAt ?? null;
  const [read, setRead] = useState<{ rolling: readonly QueueCallTimes[]; today: readonly QueueCallTimes[] } | null>(null);

  useEffect(() => {
    if (!enabled || rollingFrom === null || todayFrom === null) return undefined;
    const controller = new AbortController();
    Promise.all([fetchCallTimes(rollingFrom, controller.signal), fetchCallTimes(todayFrom, controller.signal)]).then(
      ([rolling, today]) => setRead({ rolling: rolling.queues, today: today.queues }),
      () => {
        if (!controller.signal.aborted) setRead(null);
      },
    );
    return () => controller.abort();
  }, [enabled, rollingFrom, todayFrom]);

  const byQueue = new Map<string, TileCallTimes>();
  for (const tile of tiles) {
    const find = (rows: readonly QueueCallTimes[]) => rows.find((row) => row.queueId === tile.queueId) ?? null;
    // A queue with no call ended in a period read successfully has no talk or hold there (shown empty).
    byQueue.set(tile.queueId, read ? { rolling: find(read.rolling), today: find(read.today) } : { rolling: null, today: null });
  }
  return byQueue;
}

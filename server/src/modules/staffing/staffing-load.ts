import { queueEventOf, queueFiguresForRange, type RoutingEvent } from '@callcentre/shared';

/** What staffing reads from a queue's recent journal. */
export interface LiveQueueLoad {
  /** The queue's offered figure: contacts that entered its line (arrivals, overflow and transfers in, hand-backs). */
  offered: number;
  /** Contacts of the queue completed in the window. */
  completed: number;
  /** Average handle time of the handlings that ended in the window; null when none did. */
  ahtSeconds: number | null;
}

/**
 * A queue's load over [from, to) from its journal events, by the live statistics' own mapping (`queueEventOf`)
 * and arithmetic (`queueFiguresForRange`): the offered figure and the AHT are the wallboard's for that window.
 */
export function liveQueueLoad(
  events: readonly RoutingEvent[],
  queue: { id: string; serviceLevelSeconds: number; shortAbandonSeconds: number },
  from: number,
  to: number,
): LiveQueueLoad {
  const queueEvents = events.flatMap((event) => {
    const mapped = queueEventOf(event);
    return mapped && mapped.queueId === queue.id ? [mapped] : [];
  });
  const figures = queueFiguresForRange(queueEvents, {
    queueId: queue.id,
    fromInclusive: from,
    toExclusive: to,
    thresholds: { serviceLevelThresholdSeconds: queue.serviceLevelSeconds, shortAbandonThresholdSeconds: queue.shortAbandonSeconds },
  });
  return { offered: figures.offered, completed: figures.completed, ahtSeconds: figures.ahtSeconds };
}

import type { QueueLiveStatistics } from '@callcentre/shared';
import { SERIES_MIN_SPACING_MS, SERIES_WINDOW_MS, type QueueSample } from '../realtime-state';

/** The sample a queue's statistics give: rolling service level and contacts waiting. */
export function sampleOf(queue: QueueLiveStatistics): QueueSample {
  return { at: queue.at, serviceLevel: queue.rolling.serviceLevel, waiting: queue.waitingCount };
}

/**
 * Adds a sample to a series kept in time order: a sample closer than SERIES_MIN_SPACING_MS to the last one
 * replaces it (the latest figures win), and samples older than the window fall off.
 */
export function appendSample(series: readonly QueueSample[] | undefined, sample: QueueSample): QueueSample[] {
  const list = series ? [...series] : [];
  const last = list[list.length - 1];
  if (last && sample.at < last.at) return list; // out of order: older than what we have
  if (last && !last.fromHistory && sample.at - last.at < SERIES_MIN_SPACING_MS) list[list.length - 1] = sample;
  else list.push(sample);
  const cutoff = sample.at - SERIES_WINDOW_MS;
  let first = 0;
  while (first < list.length && list[first].at < cutoff) first += 1;
  return first > 0 ? list.slice(first) : list;
}

/** Puts history points before the live ones (the history endpoint seeds the chart; live samples win). */
export function seedSeries(series: readonly QueueSample[] | undefined, history: readonly QueueSample[]): QueueSample[] {
  const live = (series ?? []).filter((sample) => !sample.fromHistory);
  const firstLive = live[0]?.at ?? Number.POSITIVE_INFINITY;
  const seeded = history.filter((sample) => sample.at < firstLive).map((sample) => ({ ...sample, fromHistory: true }));
  return [...seeded, ...live].sort((a, b) => a.at - b.at);
}

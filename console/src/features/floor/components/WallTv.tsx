import type { QueueLiveStatistics } from '@callcentre/shared';
import { useEffect, useState } from 'react';
import { useFormatters } from '../../../i18n/formatters';
import { serviceLevelTone } from '../../queues';
import { waitTone, type FloorSummary } from '../floor-figures';
import { useFloorTranslation } from '../i18n';
import { FloorSummaryBar } from './FloorSummaryBar';

/** How long each queue stays on the wall before the next. */
export const WALL_CYCLE_MS = 8_000;
/** Queues shown at once. */
const PER_SCREEN = 4;

const clock = (seconds: number | null) => (seconds === null ? '—' : `${Math.floor(seconds / 60)}:${String(Math.floor(seconds % 60)).padStart(2, '0')}`);

/** A TV on the wall: the floor's figures in large type and the queues a few at a time, changing by themselves; no controls. */
export function WallTv({ summary, queues, now }: { summary: FloorSummary; queues: readonly QueueLiveStatistics[]; now: number }) {
  const { t } = useFloorTranslation();
  const format = useFormatters();
  const [page, setPage] = useState(0);
  const pages = Math.max(1, Math.ceil(queues.length / PER_SCREEN));
  useEffect(() => {
    const timer = setInterval(() => setPage((current) => (current + 1) % pages), WALL_CYCLE_MS);
    return () => clearInterval(timer);
  }, [pages]);
  const shown = queues.slice((page % pages) * PER_SCREEN, (page % pages) * PER_SCREEN + PER_SCREEN);
  return (
    <div className="cc-wall-tv" data-testid="wall-tv">
      <header className="cc-wall-tv__head">
        <h1>{t('wall.title')}</h1>
        <span className="cc-wall-tv__clock">{format.time(now)}</span>
      </header>
      <FloorSummaryBar summary={summary} large />
      <ul className="cc-wall-tv__queues" aria-live="polite">
        {shown.map((queue) => {
          const sl = queue.rolling.serviceLevel === null ? null : queue.rolling.serviceLevel * 100;
          const slTone = serviceLevelTone(sl, queue.serviceLevel.targetPercent);
          const tone = waitTone(queue.longestWaitSeconds, queue.serviceLevel.thresholdSeconds);
          return (
            <li key={queue.queueId} className="cc-wall-tv__queue" data-testid={`wall-queue-${queue.code}`}>
              <h2>{queue.name}</h2>
              <div className="cc-wall-tv__figures">
                <span><small>{t('summary.waiting')}</small><strong>{format.number(queue.waitingCount)}</strong></span>
                <span className={`cc-wall-tv--${tone}`}><small>{t('summary.oldest')}</small><strong>{clock(queue.longestWaitSeconds)}</strong></span>
                <span className={`cc-wall-tv--${slTone}`}><small>{t('summary.serviceLevel')}</small><strong>{sl === null ? '—' : `${Math.round(sl)}%`}</strong></span>
                <span><small>{t('wall.available')}</small><strong>{format.number(queue.agents.available)}</strong></span>
              </div>
            </li>
          );
        })}
      </ul>
      {pages > 1 ? <p className="cc-wall-tv__page">{t('wall.page', { page: (page % pages) + 1, pages })}</p> : null}
    </div>
  );
}

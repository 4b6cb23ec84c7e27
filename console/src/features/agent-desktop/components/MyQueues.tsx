import type { QueueLiveStatistics } from '@callcentre/shared';
import { useTranslation } from 'react-i18next';
import { Badge, type Tone } from '../../../design-system';
import { formatDuration } from '../../../i18n/formatters';
import { useServerNow } from '../../realtime';
import './MyQueues.css';

/** Waiting beyond the service-level threshold is red, waiting within it amber, nobody waiting neutral. */
function loadTone(queue: QueueLiveStatistics, longestSeconds: number | null): Tone {
  if (queue.waitingCount === 0) return 'neutral';
  return longestSeconds !== null && longestSeconds > queue.serviceLevel.thresholdSeconds ? 'critical' : 'warning';
}

/**
 * The load of the queues the agent serves, from the live feed: contacts waiting and the longest wait (kept
 * moving between updates on the server's clock), so the agent sees when their queues are busy.
 */
export function MyQueues({ queues }: { queues: readonly QueueLiveStatistics[] }) {
  const { t } = useTranslation();
  const now = useServerNow();
  if (queues.length === 0) return null;
  return (
    <section className="cc-my-queues" aria-label={t('agent.queuesTitle')} data-testid="my-queues">
      <h2 className="cc-my-queues__title">{t('agent.queuesTitle')}</h2>
      <ul className="cc-my-queues__list">
        {queues.map((queue) => {
          const longest = queue.waitingCount > 0 && queue.longestWaitSeconds !== null ? queue.longestWaitSeconds + Math.max(0, now - queue.at) / 1000 : null;
          const tone = loadTone(queue, longest);
          return (
            <li key={queue.queueId} className={`cc-my-queues__queue cc-my-queues__queue--${tone}`} data-testid={`my-queue-${queue.code}`}>
              <span className="cc-my-queues__name">{queue.name}</span>
              <Badge tone={tone}>{t('agent.queueWaiting', { count: queue.waitingCount })}</Badge>
              {longest !== null ? <span className="cc-my-queues__longest">{t('agent.queueLongest', { duration: formatDuration(longest) })}</span> : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

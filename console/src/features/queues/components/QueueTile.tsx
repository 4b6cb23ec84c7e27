import { useTranslation } from 'react-i18next';
import { Badge, Tile } from '../../../design-system';
import { useFormatters } from '../../../i18n/formatters';
import type { Queue } from '../api/queues-api';
import { serviceLevelTone } from '../service-level';
import './QueueTile.css';

export interface QueueTileProps {
  queue: Queue;
  /** Name of the queue that takes this queue's overflow, when there is one. */
  overflowQueueName?: string;
  /** Service level achieved so far, in percent; absent until live figures are available. */
  measuredServiceLevel?: number | null;
}

export function QueueTile({ queue, overflowQueueName, measuredServiceLevel }: QueueTileProps) {
  const { t } = useTranslation();
  const format = useFormatters();
  const tone = serviceLevelTone(measuredServiceLevel, queue.serviceLevelPercent);
  const measured = measuredServiceLevel !== null && measuredServiceLevel !== undefined;
  const target = t('queue.targetValue', { percent: queue.serviceLevelPercent, seconds: queue.serviceLevelSeconds });

  return (
    <Tile
      title={queue.name}
      tone={tone}
      className="cc-queue-tile"
      data-testid={`queue-tile-${queue.code}`}
      aside={
        <Badge code title={t('queue.code')}>
          {queue.code}
        </Badge>
      }
      footer={
        <span className="cc-queue-tile__status">
          <Badge tone={tone} dot>
            {t(`queue.status.${tone}`)}
          </Badge>
        </span>
      }
    >
      {measured ? (
        <div className="cc-queue-tile__headline">
          <span className="cc-queue-tile__label">{t('queue.serviceLevel')}</span>
          <span className="cc-queue-tile__figure">{format.number(Math.round(measuredServiceLevel))}%</span>
          <span className="cc-queue-tile__sub">{t('queue.targetShort', { target })}</span>
        </div>
      ) : (
        <div className="cc-queue-tile__headline">
          <span className="cc-queue-tile__label">{t('queue.target')}</span>
          <span className="cc-queue-tile__figure cc-queue-tile__figure--target">{target}</span>
        </div>
      )}
      <dl className="cc-queue-tile__facts">
        <div>
          <dt>{t('queue.strategy')}</dt>
          <dd>{t(`strategies.${queue.strategy}`)}</dd>
        </div>
        <div>
          <dt>{t('queue.priority')}</dt>
          <dd className="cc-queue-tile__number">{queue.basePriority}</dd>
        </div>
        <div>
          <dt>{t('queue.wrapUp')}</dt>
          <dd className="cc-queue-tile__number">{t('units.seconds', { count: queue.wrapUpSeconds })}</dd>
        </div>
        <div>
          <dt>{t('queue.overflow')}</dt>
          <dd>
            {queue.maxWaitSeconds === null
              ? t('queue.noOverflow')
              : overflowQueueName
                ? t('queue.overflowTo', { seconds: queue.maxWaitSeconds, queue: overflowQueueName })
                : t('queue.leavesAfter', { seconds: queue.maxWaitSeconds })}
          </dd>
        </div>
      </dl>
    </Tile>
  );
}

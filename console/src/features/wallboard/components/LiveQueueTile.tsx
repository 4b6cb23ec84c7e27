import type { QueueLiveStatistics } from '@callcentre/shared';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge, Tile } from '../../../design-system';
import { formatDuration, useFormatters } from '../../../i18n/formatters';
import { serviceLevelTone } from '../../queues';
import './LiveQueueTile.css';

export interface LiveQueueTileProps {
  stats: QueueLiveStatistics;
  /** Server time now, to keep the longest wait moving between updates. */
  now: number;
}

/**
 * One queue, live: service level over the last hour against its target (colour and words), the exact
 * formula it is counted by, contacts waiting and the longest wait, ASA, abandon rate, and its agents.
 */
export function LiveQueueTile({ stats, now }: LiveQueueTileProps) {
  const { t, i18n } = useTranslation();
  const format = useFormatters();
  const definitionId = useId();
  const [showFormula, setShowFormula] = useState(false);
  const rolling = stats.rolling;
  const target = stats.serviceLevel.targetPercent;
  const measured = rolling.serviceLevel === null ? null : rolling.serviceLevel * 100;
  const tone = serviceLevelTone(measured, target);
  const longest = stats.longestWaitSeconds === null ? null : stats.longestWaitSeconds + Math.max(0, now - stats.at) / 1000;
  const label = i18n.language.startsWith('zh') ? stats.serviceLevel.label['zh-Hans'] : stats.serviceLevel.label.en;
  const agents = stats.agents;

  return (
    <Tile
      title={stats.name}
      tone={tone}
      className="cc-live-tile"
      data-testid={`queue-tile-${stats.code}`}
      aside={
        <Badge code title={t('queue.code')}>
          {stats.code}
        </Badge>
      }
      footer={
        <span className="cc-live-tile__status">
          <Badge tone={tone} dot>
            {measured === null ? t('liveQueue.noAnswers') : t(`queue.status.${tone}`)}
          </Badge>
        </span>
      }
    >
      <div className="cc-live-tile__headline">
        <div>
          <span className="cc-live-tile__label" title={t('liveQueue.window', { minutes: rolling.minutes })}>
            {t('liveQueue.serviceLevelWindow', { minutes: rolling.minutes })}
          </span>
          <span className={`cc-live-tile__figure cc-live-tile__figure--${tone}`} data-testid="service-level">
            {measured === null ? '—' : `${format.number(Math.round(measured))}%`}
          </span>
          <span className="cc-live-tile__sub">{t('liveQueue.target', { percent: target, seconds: stats.serviceLevel.thresholdSeconds })}</span>
        </div>
        <div className="cc-live-tile__waiting">
          <span className="cc-live-tile__label">{t('liveQueue.waiting')}</span>
          <span className={`cc-live-tile__figure${stats.waitingCount > 0 ? ' cc-live-tile__figure--busy' : ''}`} data-testid="waiting">
            {format.number(stats.waitingCount)}
          </span>
          {longest === null ? (
            <span className="cc-visually-hidden">{t('liveQueue.nobodyWaiting')}</span>
          ) : (
            <span className="cc-live-tile__sub cc-live-tile__longest">{t('liveQueue.longest', { time: formatDuration(longest) })}</span>
          )}
        </div>
      </div>
      <button
        type="button"
        className="cc-live-tile__formula"
        aria-expanded={showFormula}
        aria-controls={definitionId}
        onClick={() => setShowFormula((open) => !open)}
      >
        {label}
      </button>
      {showFormula ? (
        <p id={definitionId} className="cc-live-tile__definition">
          {t(`serviceLevelFormulas.${stats.serviceLevel.formula}`)}{' '}
          {t('liveQueue.shortAbandon', { seconds: stats.serviceLevel.shortAbandonThresholdSeconds })}
        </p>
      ) : null}
      <dl className="cc-live-tile__facts">
        <div>
          <dt title={t('liveQueue.asaHint')}>{t('liveQueue.asa')}</dt>
          <dd>{rolling.asaSeconds === null ? '—' : t('units.seconds', { count: Math.round(rolling.asaSeconds) })}</dd>
        </div>
        <div>
          <dt title={t('liveQueue.abandonHint')}>{t('liveQueue.abandonRate')}</dt>
          <dd>{rolling.abandonRate === null ? '—' : format.percent(rolling.abandonRate)}</dd>
        </div>
        <div>
          <dt>{t('liveQueue.answered')}</dt>
          <dd>{t('liveQueue.answeredOf', { answered: format.number(rolling.answered), offered: format.number(rolling.offered) })}</dd>
        </div>
      </dl>
      <ul className="cc-live-tile__agents" aria-label={t('liveQueue.agentsLabel')}>
        <li className="cc-live-tile__agent cc-live-tile__agent--available">
          <span>{format.number(agents.available)}</span> {t('liveQueue.available')}
        </li>
        <li className="cc-live-tile__agent cc-live-tile__agent--busy">
          <span>{format.number(agents.busy + agents.reserved)}</span> {t('liveQueue.busy')}
        </li>
        <li className="cc-live-tile__agent cc-live-tile__agent--wrap">
          <span>{format.number(agents.wrap_up)}</span> {t('liveQueue.wrapUp')}
        </li>
        <li className="cc-live-tile__agent cc-live-tile__agent--not-ready">
          <span>{format.number(agents.not_ready)}</span> {t('liveQueue.notReady')}
        </li>
      </ul>
    </Tile>
  );
}

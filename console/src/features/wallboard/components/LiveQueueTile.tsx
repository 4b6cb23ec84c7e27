import { CALL_TIME_FIGURE_DEFINITIONS, type CallTimeFigureKey, type QueueCallTimes, type QueueLiveStatistics, type QueueWindowFigures } from '@callcentre/shared';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge, Tile } from '../../../design-system';
import { formatDuration, useFormatters, type Formatters } from '../../../i18n/formatters';
import { serviceLevelTone } from '../../queues';
import type { TileCallTimes } from '../hooks/useCallTimes';
import './LiveQueueTile.css';

export interface LiveQueueTileProps {
  stats: QueueLiveStatistics;
  /** Server time now, to keep the longest wait moving between updates. */
  now: number;
  /** Talk and hold of the calls that ended in each period (read apart from the other figures); empty when absent. */
  callTimes?: TileCallTimes;
}

/** Talk and hold, shown beside AHT: counted by the call workspace over the calls that ended in the period. */
const CALL_TIME_ROWS: ReadonlyArray<{ row: 'talk' | 'hold'; figure: CallTimeFigureKey; value: (times: QueueCallTimes) => number | null }> = [
  { row: 'talk', figure: 'averageTalkSeconds', value: (times) => times.averageTalkSeconds },
  { row: 'hold', figure: 'averageHoldSeconds', value: (times) => times.averageHoldSeconds },
];

/** The figures counted per period, in the order the tile lists them (service level leads the tile on its own). */
const PERIOD_FIGURES = ['offered', 'answered', 'abandoned', 'abandonRate', 'asa', 'aht'] as const;
type PeriodFigure = (typeof PERIOD_FIGURES)[number];

const EMPTY = '—';

type Tone = ReturnType<typeof serviceLevelTone>;
const SEVERITY: Readonly<Record<Tone, number>> = { neutral: 0, info: 0, good: 1, warning: 2, critical: 3 };
const worse = (a: Tone, b: Tone): Tone => (SEVERITY[b] > SEVERITY[a] ? b : a);

function periodValue(figure: PeriodFigure, period: QueueWindowFigures, format: Formatters, seconds: (value: number) => string): string {
  switch (figure) {
    case 'offered':
      return format.number(period.offered);
    case 'answered':
      return format.number(period.answered);
    case 'abandoned':
      return format.number(period.abandoned);
    case 'abandonRate':
      return period.abandonRate === null ? EMPTY : format.percent(period.abandonRate);
    case 'asa':
      return period.asaSeconds === null ? EMPTY : seconds(period.asaSeconds);
    case 'aht':
      return period.ahtSeconds === null ? EMPTY : formatDuration(period.ahtSeconds);
  }
}

/**
 * One queue, live, for the last `rolling.minutes` minutes and since midnight in the centre's time zone:
 * service level against its target (colour and words) with the formula it is counted by always beside
 * it, contacts waiting and the longest wait against the threshold (a caller waiting past it turns the tile
 * at least amber, whatever the service level so far), offered, answered, abandoned, abandon rate, ASA and AHT for
 * both periods with the average talk and hold of the calls that ended beside AHT, and the queue's agents by state.
 */
export function LiveQueueTile({ stats, now, callTimes }: LiveQueueTileProps) {
  const { t, i18n } = useTranslation();
  const format = useFormatters();
  const definitionId = useId();
  const captionId = useId();
  const [showFormula, setShowFormula] = useState(false);
  const { rolling, sinceMidnight: today, serviceLevel } = stats;
  const target = serviceLevel.targetPercent;
  const measured = rolling.serviceLevel === null ? null : rolling.serviceLevel * 100;
  const longest = stats.longestWaitSeconds === null ? null : stats.longestWaitSeconds + Math.max(0, now - stats.at) / 1000;
  // A caller waiting past the threshold now is a miss to come, whatever the contacts already counted say.
  const overdue = longest !== null && longest > serviceLevel.thresholdSeconds;
  const tone = overdue ? worse(serviceLevelTone(measured, target), 'warning') : serviceLevelTone(measured, target);
  const status = overdue
    ? t('liveQueue.waitingPastThreshold', { seconds: serviceLevel.thresholdSeconds })
    : measured !== null
      ? t(`queue.status.${tone}`)
      : rolling.offered > 0 || stats.waitingCount > 0
        ? t('liveQueue.noAnswers')
        : t('liveQueue.noContacts');
  const chinese = i18n.language.startsWith('zh');
  const label = chinese ? serviceLevel.label['zh-Hans'] : serviceLevel.label.en;
  const timed = (times: QueueCallTimes | null | undefined, value: (times: QueueCallTimes) => number | null) => {
    const seconds = times ? value(times) : null;
    return seconds === null ? EMPTY : formatDuration(seconds);
  };
  const seconds = (value: number) => t('units.seconds', { count: Math.round(value) });
  const share = (value: number | null) => (value === null ? EMPTY : `${format.number(Math.round(value * 100))}%`);
  const formulaShort = t('liveQueue.formulaShort', {
    percent: target,
    seconds: serviceLevel.thresholdSeconds,
    variant: t(`serviceLevelVariants.${serviceLevel.formula}`),
  });
  const formulaFull = [
    `${label}: ${t(`serviceLevelFormulas.${serviceLevel.formula}`)}`,
    t('liveQueue.targetSentence', { percent: target, seconds: serviceLevel.thresholdSeconds }),
    t('liveQueue.shortAbandon', { seconds: serviceLevel.shortAbandonThresholdSeconds }),
  ].join(' ');
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
            {status}
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
            {share(rolling.serviceLevel)}
          </span>
          <span className="cc-live-tile__sub" data-testid="service-level-today" title={t('liveQueue.todayHint', { timeZone: today.timeZone })}>
            {t('liveQueue.serviceLevelToday', { value: share(today.serviceLevel) })}
          </span>
        </div>
        <div className="cc-live-tile__waiting">
          <span className="cc-live-tile__label">{t('liveQueue.waiting')}</span>
          <span className={`cc-live-tile__figure${stats.waitingCount > 0 ? ' cc-live-tile__figure--busy' : ''}`} data-testid="waiting">
            {format.number(stats.waitingCount)}
          </span>
          {longest === null ? (
            <span className="cc-visually-hidden">{t('liveQueue.nobodyWaiting')}</span>
          ) : (
            <span
              className={`cc-live-tile__sub cc-live-tile__longest cc-live-tile__longest--${overdue ? 'critical' : 'good'}`}
              data-testid="longest-wait"
              title={t('liveQueue.longestHint', { seconds: serviceLevel.thresholdSeconds })}
            >
              {t('liveQueue.longestAgainst', { time: formatDuration(longest), seconds: serviceLevel.thresholdSeconds })}
            </span>
          )}
        </div>
      </div>
      <button
        type="button"
        className="cc-live-tile__formula"
        title={formulaFull}
        aria-expanded={showFormula}
        aria-controls={definitionId}
        data-testid="service-level-formula"
        onClick={() => setShowFormula((open) => !open)}
      >
        {formulaShort}
      </button>
      {showFormula ? (
        <p id={definitionId} className="cc-live-tile__definition">
          {formulaFull}
        </p>
      ) : null}
      <table className="cc-live-tile__periods" aria-labelledby={captionId}>
        <caption id={captionId} className="cc-visually-hidden">
          {t('liveQueue.periodsCaption', { minutes: rolling.minutes, timeZone: today.timeZone })}
        </caption>
        <thead>
          <tr>
            <td />
            <th scope="col" title={t('liveQueue.window', { minutes: rolling.minutes })}>
              {t('liveQueue.rollingColumn', { minutes: rolling.minutes })}
            </th>
            <th scope="col" title={t('liveQueue.todayHint', { timeZone: today.timeZone })}>
              {t('liveQueue.todayColumn')}
            </th>
          </tr>
        </thead>
        <tbody>
          {PERIOD_FIGURES.map((figure) => (
            <tr key={figure} data-testid={`figure-${figure}`}>
              <th scope="row" title={t(`liveQueue.hints.${figure}`)}>
                {t(`liveQueue.figures.${figure}`)}
              </th>
              <td>{periodValue(figure, rolling, format, seconds)}</td>
              <td>{periodValue(figure, today, format, seconds)}</td>
            </tr>
          ))}
          {CALL_TIME_ROWS.map(({ row, figure, value }) => (
            <tr key={row} data-testid={`figure-${row}`}>
              <th scope="row" title={t(`liveQueue.hints.${row}`)}>
                {chinese ? CALL_TIME_FIGURE_DEFINITIONS[figure].label['zh-Hans'] : CALL_TIME_FIGURE_DEFINITIONS[figure].label.en}
              </th>
              <td>{timed(callTimes?.rolling, value)}</td>
              <td>{timed(callTimes?.today, value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
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

import { AGENT_STATES } from '@callcentre/shared';
import { useTranslation } from 'react-i18next';
import { useFormatters } from '../../../i18n/formatters';
import { serviceLevelTone } from '../../queues';
import { waitTone, type FloorSummary } from '../floor-figures';
import { useFloorTranslation } from '../i18n';

const clock = (seconds: number) => `${Math.floor(seconds / 60)}:${String(Math.floor(seconds % 60)).padStart(2, '0')}`;

/** Contacts waiting, the oldest wait against its threshold (coloured), agents by state, service level now. */
export function FloorSummaryBar({ summary, large = false }: { summary: FloorSummary; large?: boolean }) {
  const { t } = useFloorTranslation();
  const common = useTranslation();
  const format = useFormatters();
  const tone = summary.oldest ? waitTone(summary.oldest.seconds, summary.oldest.thresholdSeconds) : 'neutral';
  const slPercent = summary.serviceLevel === null ? null : summary.serviceLevel * 100;
  const slTone = summary.targetPercent === null ? 'neutral' : serviceLevelTone(slPercent, summary.targetPercent);
  return (
    <section className={large ? 'cc-floor-summary cc-floor-summary--large' : 'cc-floor-summary'} aria-label={t('summary.label')} data-testid="floor-summary">
      <div className="cc-floor-figure">
        <span className="cc-floor-figure__label">{t('summary.waiting')}</span>
        <span className="cc-floor-figure__value" data-testid="floor-waiting">{format.number(summary.waiting)}</span>
      </div>
      <div className={`cc-floor-figure cc-floor-figure--${tone}`} data-tone={tone} data-testid="floor-oldest">
        <span className="cc-floor-figure__label">{t('summary.oldest')}</span>
        <span className="cc-floor-figure__value">{summary.oldest ? clock(summary.oldest.seconds) : '—'}</span>
        {summary.oldest ? <span className="cc-floor-figure__note">{t('summary.against', { threshold: summary.oldest.thresholdSeconds, queue: summary.oldest.queueName })}</span> : null}
      </div>
      <div className={`cc-floor-figure cc-floor-figure--${slTone}`} data-tone={slTone}>
        <span className="cc-floor-figure__label">{t('summary.serviceLevel')}</span>
        <span className="cc-floor-figure__value">{slPercent === null ? '—' : `${format.number(Math.round(slPercent))}%`}</span>
        {summary.targetPercent !== null ? <span className="cc-floor-figure__note">{t('summary.target', { target: Math.round(summary.targetPercent) })}</span> : null}
      </div>
      <div className="cc-floor-figure cc-floor-figure--states">
        <span className="cc-floor-figure__label">{t('summary.agents')}</span>
        <ul className="cc-floor-states">
          {AGENT_STATES.filter((state) => state !== 'offline').map((state) => (
            <li key={state} data-state={state}>
              <strong>{format.number(summary.agentsByState[state])}</strong> {common.t(`agentState.${state}`, { defaultValue: state })}
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}

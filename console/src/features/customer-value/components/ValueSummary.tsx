import type { ChurnRiskView, CustomerValueView } from '@callcentre/shared';
import { useTranslation } from 'react-i18next';
import { Badge, UserText, type Tone } from '../../../design-system';
import { useFormatters } from '../../../i18n/formatters';
import { ValueTierBadge } from '../../agent-desktop/components/ValueTierBadge';
import { churnLevel, useValueExplanation, type ChurnLevel } from '../explanation';
import './ValueSummary.css';

const CHURN_TONES: Record<ChurnLevel, Tone> = { none: 'good', low: 'neutral', medium: 'warning', high: 'critical' };

/** The tier, marked when someone set it by hand (their reason and until when in its title). */
export function TierWithSource({ value }: { value: CustomerValueView }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const override = value.tierSource === 'override' ? value.override : null;
  return (
    <span className="cc-value__tier">
      <ValueTierBadge tier={value.valueTier} />
      {override ? (
        <Badge tone="info" title={t('customerValue.override.title', { reason: override.reason, until: format.date(new Date(override.expiresAt)) })}>
          {t('customerValue.override.badge')}
        </Badge>
      ) : null}
    </span>
  );
}

/** The churn score with its band in words, and the reasons behind it. */
export function ChurnRisk({ churn, compact = false }: { churn: ChurnRiskView; compact?: boolean }) {
  const { t, i18n } = useTranslation();
  const level = churnLevel(churn);
  // The server words each reason's detail in English; other readers get the reason's name alone.
  const showDetail = i18n.language.startsWith('en');
  return (
    <div className="cc-value__churn">
      <Badge tone={CHURN_TONES[level]} dot={level === 'high'}>
        {t('customerValue.churn.score', { score: churn.score, level: t(`customerValue.churn.levels.${level}`) })}
      </Badge>
      {churn.reasons.length > 0 ? (
        <ul className={compact ? 'cc-value__reasons cc-value__reasons--compact' : 'cc-value__reasons'} aria-label={t('customerValue.churn.reasonsLabel')}>
          {churn.reasons.map(({ reason, detail }) => (
            <li key={reason}>
              {t(`customerValue.churn.reasons.${reason}`)}
              {showDetail && detail && !compact ? (
                <span className="cc-value__muted">
                  {' — '}
                  <UserText>{detail}</UserText>
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export interface ValueSummaryProps {
  value: CustomerValueView | null;
  /** The agent's desk: the cell with its one-line explanation and churn risk only when there is some. */
  compact?: boolean;
}

/** A customer's value: tier (and how it was set), RFM cell, explanation in the reader's words, rank and churn risk. */
export function ValueSummary({ value, compact = false }: ValueSummaryProps) {
  const { t } = useTranslation();
  const format = useFormatters();
  const explanation = useValueExplanation(value);
  if (!value || !explanation) return <p className="cc-value__muted">{t('customerValue.notComputed')}</p>;
  const segment = value.rfm?.segment ?? null;
  if (compact) {
    return (
      <div className="cc-value cc-value--compact" data-testid="value-summary">
        <p className="cc-value__cell">
          <strong>{segment ? t(`rfm.${segment}`) : t('customerValue.inactive')}</strong>
          {explanation.brief ? <span className="cc-value__brief">{explanation.brief}</span> : null}
        </p>
        {value.churn.score > 0 ? <ChurnRisk churn={value.churn} compact /> : null}
      </div>
    );
  }
  const override = value.tierSource === 'override' ? value.override : null;
  return (
    <div className="cc-value" data-testid="value-summary">
      <dl className="cc-value__facts">
        <div>
          <dt>{t('customerValue.tier')}</dt>
          <dd>
            <TierWithSource value={value} />
          </dd>
        </div>
        <div>
          <dt>{t('customerValue.cell')}</dt>
          <dd>{segment ? <span title={t(`rfm.hint.${segment}`)}>{t(`rfm.${segment}`)}</span> : t('customerValue.inactive')}</dd>
        </div>
        <div>
          <dt>{t('customerValue.rank')}</dt>
          <dd className="cc-value__number">{t('customerValue.rankOf', { rank: format.number(value.rank), customers: format.number(value.customers) })}</dd>
        </div>
        <div>
          <dt>{t('customerValue.asOf')}</dt>
          <dd className="cc-value__number">{format.date(new Date(value.asOf))}</dd>
        </div>
      </dl>
      {override ? (
        <p className="cc-value__override">
          {t('customerValue.override.detail', {
            tier: t(`valueTiers.${value.valueTier}`),
            computed: t(`valueTiers.${value.computedTier}`),
            until: format.date(new Date(override.expiresAt)),
          })}{' '}
          <UserText>{override.reason}</UserText>
        </p>
      ) : null}
      <p className="cc-value__explanation">{explanation.full}</p>
      {segment ? <p className="cc-value__advice">{t(`rfm.hint.${segment}`)}</p> : null}
      <ChurnRisk churn={value.churn} />
    </div>
  );
}

import type { ChurnRiskView, CustomerValueView, RfmLevel } from '@callcentre/shared';
import type { TFunction } from 'i18next';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormatters, type Formatters } from '../../i18n/formatters';

/** A customer's value in the reader's words, composed from the facts (the server's sentence is English only). */
export interface ValueExplanation {
  /** One line for the agent's desk: the cell's three levels with their figures; null without a cell. */
  readonly brief: string | null;
  /** The whole story: the facts against the averages, the cell, the rank and tier, and a tier set by hand. */
  readonly full: string;
}

/** Share of customers ranked above or at this one, e.g. "top 1.2 %". */
function topShare(rank: number, customers: number, language: string): string {
  const share = customers > 0 ? rank / customers : 1;
  return new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: share < 0.1 ? 1 : 0 }).format(share);
}

const levelKey = (part: 'recency' | 'frequency' | 'monetary', level: RfmLevel) => `customerValue.explain.levels.${part}.${level}`;

export function explainValue(value: CustomerValueView, t: TFunction, format: Formatters, language: string): ValueExplanation {
  const sentences: string[] = [];
  let brief: string | null = null;
  const rfm = value.rfm;
  if (rfm) {
    const averages = value.averages;
    const money = (amount: string) => format.money(Number(amount));
    sentences.push(
      t('customerValue.explain.facts', {
        days: t('customerValue.explain.days', { count: rfm.recencyDays }),
        averageDays: averages ? t('customerValue.explain.days', { count: Math.round(averages.recencyDays) }) : '—',
        purchases: t('customerValue.explain.purchases', { count: rfm.frequency }),
        averageFrequency: averages ? format.oneDecimal(averages.frequency) : '—',
        amount: money(rfm.monetary),
        averageAmount: averages ? money(averages.monetary) : '—',
      }),
    );
    sentences.push(
      t('customerValue.explain.cell', {
        recency: t(levelKey('recency', rfm.recency)),
        frequency: t(levelKey('frequency', rfm.frequencyLevel)),
        monetary: t(levelKey('monetary', rfm.monetaryLevel)),
        segment: t(`rfm.${rfm.segment}`),
      }),
    );
    brief = [
      t(`customerValue.explain.brief.recency.${rfm.recency}`, { days: format.number(rfm.recencyDays) }),
      t(`customerValue.explain.brief.frequency.${rfm.frequencyLevel}`, { times: format.number(rfm.frequency) }),
      t(`customerValue.explain.brief.monetary.${rfm.monetaryLevel}`, { amount: money(rfm.monetary) }),
    ].join(' · ');
  } else {
    sentences.push(t('customerValue.explain.inactive'));
  }
  sentences.push(
    t('customerValue.explain.rank', {
      rank: format.number(value.rank),
      customers: format.number(value.customers),
      share: topShare(value.rank, value.customers, language),
      tier: t(`valueTiers.${value.computedTier}`),
    }),
  );
  if (value.tierSource === 'override' && value.override) {
    sentences.push(
      t('customerValue.explain.override', {
        tier: t(`valueTiers.${value.valueTier}`),
        until: format.date(new Date(value.override.expiresAt)),
      }),
    );
  }
  // Chinese sentences follow each other without a space.
  return { brief, full: sentences.join(language.startsWith('zh') ? '' : ' ') };
}

/** The explanation of `value` in the reader's language, recomposed when the language changes. */
export function useValueExplanation(value: CustomerValueView | null): ValueExplanation | null {
  const { t, i18n } = useTranslation();
  const format = useFormatters();
  return useMemo(() => (value ? explainValue(value, t, format, i18n.language) : null), [value, t, format, i18n.language]);
}

export type ChurnLevel = 'none' | 'low' | 'medium' | 'high';

/** How worrying a churn score is: the bands the badge's colour and word follow. */
export function churnLevel(churn: Pick<ChurnRiskView, 'score'>): ChurnLevel {
  if (churn.score >= 60) return 'high';
  if (churn.score >= 30) return 'medium';
  return churn.score > 0 ? 'low' : 'none';
}

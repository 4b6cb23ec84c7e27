import { type SatisfactionGroup, type SatisfactionGrouping } from '@callcentre/shared';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useResource } from '../../../api/use-resource';
import { Button, ErrorState, Panel, Spinner, Table, UserText, type TableColumn } from '../../../design-system';
import { useRealtime } from '../../realtime';
import { fetchLiveSatisfaction } from '../api/satisfaction-api';
import './SatisfactionPanel.css';

/** Reloaded whenever a survey is answered (`satisfaction:answered`), and this often besides (the day rolls over). */
const REFRESH_MS = 60_000;
const GROUPINGS: readonly SatisfactionGrouping[] = ['agent', 'queue', 'tier', 'cell'];

const signed = (value: number | null) => (value === null ? '–' : value > 0 ? `+${value}` : String(value));
const plain = (value: number | null) => (value === null ? '–' : String(value));

/**
 * Satisfaction (experience − expectation) of today's ended contacts, by agent, queue, value tier or RFM cell:
 * answered surveys, averages and poor answers, on the wallboard with the other live figures.
 */
export function SatisfactionPanel() {
  const { t } = useTranslation();
  const live = useResource(fetchLiveSatisfaction, { refreshIntervalMs: REFRESH_MS });
  const [grouping, setGrouping] = useState<SatisfactionGrouping>('agent');
  const answered = useRealtime((state) => state.satisfactionSerial);
  const { reload } = live;
  useEffect(() => {
    if (answered > 0) reload();
  }, [answered, reload]);

  const label = (group: SatisfactionGroup): string => {
    if (group.key === null) return t(`satisfaction.none.${grouping}`);
    if (grouping === 'tier') return t(`valueTiers.${group.key}`, { defaultValue: group.key });
    if (grouping === 'cell') return t(`rfm.${group.key}`, { defaultValue: group.key });
    return group.label ?? group.key;
  };

  const columns: Array<TableColumn<SatisfactionGroup>> = [
    { key: 'group', header: t(`satisfaction.groupings.${grouping}`), render: (group) => <UserText>{label(group)}</UserText> },
    { key: 'answered', header: t('satisfaction.answered'), numeric: true, render: (group) => `${group.answered} / ${group.surveys}` },
    { key: 'experience', header: t('satisfaction.experience'), numeric: true, render: (group) => plain(group.averageExperience) },
    { key: 'expectation', header: t('satisfaction.expectation'), numeric: true, render: (group) => plain(group.averageExpectation) },
    { key: 'satisfaction', header: t('satisfaction.satisfaction'), numeric: true, render: (group) => <strong>{signed(group.averageSatisfaction)}</strong> },
    { key: 'poor', header: t('satisfaction.poor'), numeric: true, render: (group) => group.poor },
  ];

  const data = live.data;
  const rows = data ? { agent: data.byAgent, queue: data.byQueue, tier: data.byTier, cell: data.byCell }[grouping] : [];

  return (
    <Panel
      title={t('satisfaction.title')}
      description={data ? t('satisfaction.summary', { satisfaction: signed(data.total.averageSatisfaction), answered: data.total.answered, surveys: data.total.surveys, poor: data.total.poor }) : t('satisfaction.definition')}
      actions={
        <div className="cc-satisfaction__groupings" role="group" aria-label={t('satisfaction.groupBy')}>
          {GROUPINGS.map((option) => (
            <Button key={option} size="sm" variant={option === grouping ? 'primary' : 'secondary'} aria-pressed={option === grouping} onClick={() => setGrouping(option)}>
              {t(`satisfaction.groupings.${option}`)}
            </Button>
          ))}
        </div>
      }
      className="cc-satisfaction"
    >
      {live.status === 'loading' && !data ? <Spinner label={t('common.loading')} /> : null}
      {live.status === 'error' && !data ? <ErrorState title={t('satisfaction.failed')} message={live.error?.message ?? ''} onRetry={live.reload} /> : null}
      {data ? (
        <Table caption={t('satisfaction.caption', { grouping: t(`satisfaction.groupings.${grouping}`) })} columns={columns} rows={[...rows]} rowKey={(group) => group.key ?? 'none'} empty={t('satisfaction.empty')} stackOnPhone />
      ) : null}
      <p className="cc-satisfaction__definition">{t('satisfaction.definition')}</p>
    </Panel>
  );
}

import { KEY_VALUE_TIERS, type PyramidView } from '@callcentre/shared';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useResource } from '../../../api/use-resource';
import { Table, type TableColumn } from '../../../design-system';
import { useFormatters } from '../../../i18n/formatters';
import { ValueTierBadge } from '../../agent-desktop/components/ValueTierBadge';
import { fetchPyramid, reportCsvUrl } from '../api/customer-value-api';
import { Loadable } from './Loadable';
import { ReportPanel } from './ReportPanel';

type TierRow = PyramidView['tiers'][number];

/** How far the key customers' share of value may sit from 80 % and still count as "about 80 %". */
const PARETO_TOLERANCE = 0.1;

/** "Does the top 20 % bring about 80 %?": the key tiers' share of customers and of value, and the verdict. */
export function paretoAnswer(pyramid: PyramidView): { customersShare: number; valueShare: number; verdict: 'about' | 'more' | 'less' } | null {
  const total = pyramid.tiers.reduce((sum, tier) => sum + tier.customers, 0);
  if (total === 0) return null;
  const key = pyramid.tiers.filter((tier) => KEY_VALUE_TIERS.includes(tier.tier));
  const customersShare = key.reduce((sum, tier) => sum + tier.customers, 0) / total;
  const valueShare = key.reduce((sum, tier) => sum + tier.valueShare, 0);
  const verdict = Math.abs(valueShare - 0.8) <= PARETO_TOLERANCE ? 'about' : valueShare > 0.8 ? 'more' : 'less';
  return { customersShare, valueShare, verdict };
}

function Bar({ share, label }: { share: number; label: string }) {
  return (
    <span className="cc-cv-bar" role="img" aria-label={label}>
      <span className="cc-cv-bar__fill" style={{ width: `${Math.max(0, Math.min(1, share)) * 100}%` }} />
    </span>
  );
}

export function PyramidPanel() {
  const { t } = useTranslation();
  const format = useFormatters();
  const pyramid = useResource(useCallback((signal: AbortSignal) => fetchPyramid(signal), []));
  return (
    <ReportPanel title={t('valueReports.pyramid.title')} description={t('valueReports.pyramid.description')} csvUrl={reportCsvUrl('pyramid')}>
      <div className="cc-cv-section">
      <Loadable resource={pyramid} errorTitle={t('valueReports.error')} unavailable={t('valueReports.noRun')}>
        {(data) => {
          const total = data.tiers.reduce((sum, tier) => sum + tier.customers, 0);
          const answer = paretoAnswer(data);
          const columns: Array<TableColumn<TierRow>> = [
            { key: 'tier', header: t('customerValue.tier'), render: (row) => <ValueTierBadge tier={row.tier} /> },
            { key: 'customers', header: t('valueReports.customers'), numeric: true, render: (row) => format.number(row.customers) },
            { key: 'customersShare', header: t('valueReports.customersShare'), numeric: true, render: (row) => format.percent(total ? row.customers / total : 0) },
            { key: 'value', header: t('valueReports.value'), numeric: true, render: (row) => format.money(Number(row.value)) },
            {
              key: 'valueShare',
              header: t('valueReports.valueShare'),
              numeric: true,
              render: (row) => (
                <>
                  {format.percent(row.valueShare)}
                  <Bar share={row.valueShare} label={t('valueReports.pyramid.barLabel', { share: format.percent(row.valueShare) })} />
                </>
              ),
            },
          ];
          return (
            <div className="cc-cv-stack">
              {answer ? (
                <p className={`cc-cv-answer cc-cv-answer--${answer.verdict === 'less' ? 'no' : 'yes'}`} data-testid="pareto-answer">
                  {t(`valueReports.pyramid.answer.${answer.verdict}`, { customers: format.percent(answer.customersShare), value: format.percent(answer.valueShare), rule: format.percent(0.8) })}
                </p>
              ) : (
                <p className="cc-cv-muted">{t('valueReports.pyramid.empty')}</p>
              )}
              <Table stackOnPhone caption={t('valueReports.pyramid.caption', { date: format.date(new Date(data.asOf)) })} showCaption columns={columns} rows={[...data.tiers]} rowKey={(row) => row.tier} />
            </div>
          );
        }}
      </Loadable>
      </div>
    </ReportPanel>
  );
}

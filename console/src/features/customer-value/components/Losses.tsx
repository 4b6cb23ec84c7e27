import type { LossReportView } from '@callcentre/shared';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useResource } from '../../../api/use-resource';
import { Table, type TableColumn } from '../../../design-system';
import { useFormatters } from '../../../i18n/formatters';
import { fetchLosses, reportCsvUrl } from '../api/customer-value-api';
import { Loadable } from './Loadable';
import { ReportPanel } from './ReportPanel';

type CauseRow = LossReportView['causes'][number];

/** Lost customers by cause; our own fault is the preventable share (domain rule). */
export function LossesPanel() {
  const { t } = useTranslation();
  const format = useFormatters();
  const losses = useResource(useCallback((signal: AbortSignal) => fetchLosses(signal), []));
  return (
    <ReportPanel title={t('valueReports.losses.title')} description={t('valueReports.losses.description')} csvUrl={reportCsvUrl('losses')}>
      <div className="cc-cv-section">
      <Loadable resource={losses} errorTitle={t('valueReports.error')}>
        {(data) => {
          const columns: Array<TableColumn<CauseRow>> = [
            {
              key: 'cause',
              header: t('valueReports.losses.cause'),
              render: (row) => (
                <>
                  {t(`customerValue.lossCauses.${row.cause}`)}
                  {row.cause === 'fault' ? <span className="cc-cv-muted"> · {t('valueReports.losses.preventable')}</span> : null}
                </>
              ),
            },
            { key: 'customers', header: t('valueReports.customers'), numeric: true, render: (row) => format.number(row.customers) },
            {
              key: 'share',
              header: t('valueReports.losses.share'),
              numeric: true,
              render: (row) => format.percent(data.total ? row.customers / data.total : 0),
            },
          ];
          return (
            <div className="cc-cv-stack">
              <div className="cc-cv-headline">
                <span>
                  <strong>{format.number(data.total)}</strong>
                  {t('valueReports.losses.total')}
                </span>
                <span>
                  <strong className={data.preventableShare > 0 ? 'cc-cv-change--down' : undefined}>{format.percent(data.preventableShare)}</strong>
                  {t('valueReports.losses.preventableShare')}
                </span>
              </div>
              <Table stackOnPhone caption={t('valueReports.losses.caption')} columns={columns} rows={data.total > 0 ? [...data.causes] : []} rowKey={(row) => row.cause} empty={t('valueReports.losses.empty')} />
            </div>
          );
        }}
      </Loadable>
      </div>
    </ReportPanel>
  );
}

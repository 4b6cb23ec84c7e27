import { useCallback, useState } from 'react';
import type { QueueReportRow } from '@callcentre/shared';
import { useResource } from '../../../api/use-resource';
import { EmptyState, ErrorState, Panel, Spinner, Table, type TableColumn } from '../../../design-system';
import { fetchQueueReport, queueReportUrl, type QueueOption, type ReportFilters } from '../api/reports-api';
import { count, duration, percent } from '../format';
import { useReportsTranslation } from '../i18n';
import { ExportLinks, ReportFiltersForm } from './ReportFilters';
import { TimeChart } from './TimeChart';

/** The queue report: filters, a chart of offered, answered and abandoned, the table and its exports. */
export function QueueReportPanel({ queues, initial }: { queues: readonly QueueOption[]; initial: ReportFilters }) {
  const { t, i18n } = useReportsTranslation();
  const [filters, setFilters] = useState(initial);
  const load = useCallback((signal: AbortSignal) => fetchQueueReport(filters, signal), [filters]);
  const report = useResource(load);
  const rows = report.data?.rows ?? [];
  const single = filters.queue !== undefined || new Set(rows.map((row) => row.queueId)).size <= 1;
  // The chart adds the queues up per interval.
  const byInterval = new Map<string, { local: string; offered: number; answered: number; abandoned: number }>();
  for (const row of rows) {
    const point = byInterval.get(row.start) ?? { local: row.local, offered: 0, answered: 0, abandoned: 0 };
    point.offered += row.offered;
    point.answered += row.answered;
    point.abandoned += row.abandoned;
    byInterval.set(row.start, point);
  }
  const points = [...byInterval.values()];
  const columns: Array<TableColumn<QueueReportRow>> = [
    ...(single ? [] : [{ key: 'queue', header: t('queues.queue'), render: (row: QueueReportRow) => row.queueName }]),
    { key: 'local', header: t('queues.interval'), render: (row) => row.local },
    { key: 'offered', header: t('queues.offered'), numeric: true, render: (row) => row.offered },
    { key: 'answered', header: t('queues.answered'), numeric: true, render: (row) => row.answered },
    { key: 'abandoned', header: t('queues.abandoned'), numeric: true, render: (row) => `${row.abandoned} (${row.shortAbandoned} / ${row.longAbandoned})` },
    { key: 'moved', header: `${t('queues.overflowedOut')} / ${t('queues.transferredOut')}`, numeric: true, render: (row) => `${row.overflowedOut} / ${row.transferredOut}` },
    { key: 'handled', header: t('queues.handled'), numeric: true, render: (row) => row.handled },
    { key: 'sl', header: t('queues.serviceLevel'), numeric: true, render: (row) => percent(row.serviceLevelAbandonsInDenominator) },
    { key: 'asa', header: t('queues.asa'), numeric: true, render: (row) => duration(row.asaSeconds) },
    { key: 'aht', header: t('queues.aht'), numeric: true, render: (row) => duration(row.ahtSeconds) },
    { key: 'talk', header: t('queues.averageTalk'), numeric: true, render: (row) => duration(row.averageTalkSeconds) },
    { key: 'hold', header: t('queues.averageHold'), numeric: true, render: (row) => duration(row.averageHoldSeconds) },
    { key: 'abandonRate', header: t('queues.abandonRate'), numeric: true, render: (row) => percent(row.abandonRate) },
    { key: 'complaints', header: t('queues.complaints'), numeric: true, render: (row) => `${row.complaintsOpened} / ${row.complaintsClosed} / ${row.complaintsClosedWithinDeadline}` },
  ];
  return (
    <Panel
      title={t('queues.title')}
      description={t('queues.description')}
      actions={<ExportLinks name={t('queues.title')} csv={queueReportUrl(filters, 'csv')} xlsx={queueReportUrl(filters, 'xlsx')} />}
    >
      <ReportFiltersForm value={filters} onChange={setFilters} queues={queues} />
      {report.status === 'loading' && !report.data ? <Spinner label={t('loading')} /> : null}
      {report.status === 'error' && report.error ? <ErrorState title={report.error.code} message={report.error.message} onRetry={report.reload} retryLabel={t('filters.apply')} /> : null}
      {report.data ? (
        <>
          <p className="cc-rep-summary">
            <span>{t('timeZone', { timeZone: report.data.timeZone })}</span>
            <span>{report.data.closedUntil ? t('closedUntil', { at: new Date(report.data.closedUntil).toLocaleString(i18n.language, { timeZone: report.data.timeZone }) }) : t('notClosed')}</span>
          </p>
          {points.length > 0 ? (
            <TimeChart
              label={t('queues.chart')}
              labels={points.map((point) => point.local)}
              format={(value) => count(value)}
              series={[
                { name: t('queues.offered'), kind: 'bar', color: 'var(--cc-color-neutral-strong)', values: points.map((point) => point.offered) },
                { name: t('queues.answered'), kind: 'line', color: 'var(--cc-color-good-strong)', values: points.map((point) => point.answered) },
                { name: t('queues.abandoned'), kind: 'line', color: 'var(--cc-color-critical-strong)', values: points.map((point) => point.abandoned) },
              ]}
            />
          ) : null}
          <Table caption={t('queues.title')} columns={columns} rows={[...rows]} rowKey={(row) => `${row.queueId}/${row.start}`} empty={<EmptyState title={t('empty')} />} stackOnPhone />
        </>
      ) : null}
    </Panel>
  );
}

import { useCallback, useState } from 'react';
import { type AgentReportRow, NOT_READY_REASONS } from '@callcentre/shared';
import { useResource } from '../../../api/use-resource';
import { EmptyState, ErrorState, Panel, Spinner, Table, type TableColumn } from '../../../design-system';
import { agentReportUrl, fetchAgentReport, type ReportFilters } from '../api/reports-api';
import { duration, percent } from '../format';
import { useReportsTranslation } from '../i18n';
import { ExportLinks, ReportFiltersForm } from './ReportFilters';

/** The agent report: answers, handle time, talk and hold, time by state and occupancy; team leads see their team. */
export function AgentReportPanel({ initial }: { initial: ReportFilters }) {
  const { t } = useReportsTranslation();
  const [filters, setFilters] = useState(initial);
  const load = useCallback((signal: AbortSignal) => fetchAgentReport(filters, signal), [filters]);
  const report = useResource(load);
  const reasons = (row: AgentReportRow) =>
    [...NOT_READY_REASONS, 'unknown' as const]
      .filter((reason) => (row.notReadyByReason[reason] ?? 0) > 0)
      .map((reason) => `${t(`reasons.${reason}`)} ${duration(row.notReadyByReason[reason])}`)
      .join(', ') || '—';
  const columns: Array<TableColumn<AgentReportRow>> = [
    { key: 'agent', header: t('agents.agent'), render: (row) => row.agentName },
    { key: 'team', header: t('agents.team'), render: (row) => row.teamName ?? '—' },
    // An interval's local date and time on one line: the team beside the name leaves the column narrow.
    { key: 'local', header: t('queues.interval'), render: (row) => <span className="cc-rep-nowrap">{row.local}</span> },
    { key: 'answered', header: t('agents.answered'), numeric: true, render: (row) => row.answered },
    { key: 'handled', header: t('agents.handled'), numeric: true, render: (row) => row.handled },
    { key: 'aht', header: t('agents.aht'), numeric: true, render: (row) => duration(row.ahtSeconds) },
    { key: 'talk', header: t('agents.averageTalk'), numeric: true, render: (row) => duration(row.averageTalkSeconds) },
    { key: 'hold', header: t('agents.averageHold'), numeric: true, render: (row) => duration(row.averageHoldSeconds) },
    { key: 'occupancy', header: t('agents.occupancy'), numeric: true, render: (row) => percent(row.occupancy) },
    { key: 'signedIn', header: t('agents.signedIn'), numeric: true, render: (row) => duration(row.signedInSeconds) },
    { key: 'notReady', header: t('agents.notReady'), numeric: true, render: (row) => duration(row.notReadySeconds) },
    { key: 'reasons', header: t('agents.notReadyReasons'), render: reasons },
  ];
  return (
    <Panel
      title={t('agents.title')}
      description={t('agents.description')}
      actions={<ExportLinks name={t('agents.title')} csv={agentReportUrl(filters, 'csv')} xlsx={agentReportUrl(filters, 'xlsx')} />}
    >
      <ReportFiltersForm value={filters} onChange={setFilters} queues={[]} withQueue={false} />
      {report.status === 'loading' && !report.data ? <Spinner label={t('loading')} /> : null}
      {report.status === 'error' && report.error ? <ErrorState title={report.error.code} message={report.error.message} onRetry={report.reload} retryLabel={t('filters.apply')} /> : null}
      {report.data ? <p className="cc-rep-summary">{t('timeZone', { timeZone: report.data.timeZone })}</p> : null}
      {report.data ? (
        <Table caption={t('agents.title')} columns={columns} rows={[...report.data.rows]} rowKey={(row) => `${row.agentId}/${row.start}`} empty={<EmptyState title={t('empty')} />} stackOnPhone />
      ) : null}
    </Panel>
  );
}

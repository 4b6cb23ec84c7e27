import type { ValueRunView } from '@callcentre/shared';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useResource } from '../../../api/use-resource';
import { Badge, Button, RefreshIcon, Table, type TableColumn } from '../../../design-system';
import { useFormatters } from '../../../i18n/formatters';
import { useActionErrorMessage } from '../../../i18n/use-error-message';
import { fetchRuns, recompute } from '../api/customer-value-api';
import { Loadable } from './Loadable';
import { ReportPanel } from './ReportPanel';

/** While a run is going, the list is asked again this often. */
export const RUNS_POLL_MS = 3_000;

/** The value runs, newest first, and "recompute now" for those allowed to start one. */
export function RunsPanel({ mayRecompute, onCompleted }: { mayRecompute: boolean; onCompleted?(): void }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const describe = useActionErrorMessage();
  const [polling, setPolling] = useState(false);
  const load = useCallback(
    async (signal: AbortSignal) => {
      const runs = await fetchRuns(signal);
      const running = runs.some((run) => run.status === 'running');
      setPolling((was) => {
        if (was && !running) onCompleted?.();
        return running;
      });
      return runs;
    },
    [onCompleted],
  );
  const runs = useResource(load, { refreshIntervalMs: polling ? RUNS_POLL_MS : undefined });
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const start = async () => {
    setBusy(true);
    setFailure(null);
    try {
      await recompute();
      runs.reload();
    } catch (error) {
      setFailure(describe(error));
    } finally {
      setBusy(false);
    }
  };

  const columns: Array<TableColumn<ValueRunView>> = [
    { key: 'asOf', header: t('valueReports.runs.asOf'), render: (run) => format.date(new Date(run.asOf)) },
    {
      key: 'status',
      header: t('valueReports.runs.status'),
      render: (run) => (
        <Badge tone={run.status === 'completed' ? 'good' : run.status === 'failed' ? 'critical' : 'info'} title={run.error ?? undefined}>
          {t(`valueReports.runs.statuses.${run.status}`)}
        </Badge>
      ),
    },
    { key: 'started', header: t('valueReports.runs.started'), render: (run) => format.dateTime(new Date(run.startedAt)) },
    {
      key: 'duration',
      header: t('valueReports.runs.duration'),
      numeric: true,
      render: (run) => (run.durationMs !== null ? t('valueReports.runs.seconds', { seconds: format.oneDecimal(run.durationMs / 1000) }) : '—'),
    },
    {
      key: 'customers',
      header: t('valueReports.customers'),
      numeric: true,
      render: (run) => (typeof run.counts?.customers === 'number' ? format.number(run.counts.customers) : '—'),
    },
  ];

  return (
    <ReportPanel
      title={t('valueReports.runs.title')}
      description={t('valueReports.runs.description')}
      actions={
        mayRecompute ? (
          <Button size="sm" variant="primary" icon={<RefreshIcon />} busy={busy || polling} onClick={() => void start()}>
            {polling ? t('valueReports.runs.running') : t('valueReports.runs.recompute')}
          </Button>
        ) : null
      }
    >
      <div className="cc-cv-section">
        {failure ? (
          <p className="cc-cv-error" role="alert">
            {failure}
          </p>
        ) : null}
        <Loadable resource={runs} errorTitle={t('valueReports.error')}>
          {(data) => <Table stackOnPhone caption={t('valueReports.runs.caption')} columns={columns} rows={[...data]} rowKey={(run) => String(run.id)} empty={t('valueReports.runs.empty')} />}
        </Loadable>
      </div>
    </ReportPanel>
  );
}

import { useTranslation } from 'react-i18next';
import { Badge, Panel, Table } from '../../../design-system';
import { useResource } from '../../../api/use-resource';
import { useFormatters } from '../../../i18n/formatters';
import { useErrorMessage } from '../../../i18n/use-error-message';
import { fetchEmailBacklog } from '../api/wallboard-api';

/** Read again each minute: due times pass with the clock alone. */
const REFRESH_MS = 60_000;

/** E-mail waiting for a reply per queue: how many, how many past their due time, and the nearest due time ahead. */
export function EmailBacklogPanel({ queues, now }: { queues: ReadonlyArray<{ queueId: string; name: string }>; now: number }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const describe = useErrorMessage();
  const backlog = useResource(fetchEmailBacklog, { refreshIntervalMs: REFRESH_MS });
  const name = (queueId: string) => queues.find((queue) => queue.queueId === queueId)?.name ?? queueId.slice(0, 8);
  const rows = [...(backlog.data?.queues ?? [])];
  return (
    <Panel title={t('emailBacklog.title')} description={t('emailBacklog.description')}>
      {!backlog.data ? (
        backlog.error ? <p role="alert">{describe(backlog.error)}</p> : <p>{t('emailBacklog.loading')}</p>
      ) : (
        <Table
          caption={t('emailBacklog.title')}
          rows={rows}
          rowKey={(row) => row.queueId}
          empty={t('emailBacklog.empty')}
          columns={[
            { key: 'queue', header: t('emailBacklog.queue'), render: (row) => name(row.queueId) },
            { key: 'waiting', header: t('emailBacklog.waiting'), numeric: true, render: (row) => format.number(row.waiting) },
            { key: 'overdue', header: t('emailBacklog.overdue'), numeric: true, render: (row) => (row.overdue > 0 ? <Badge tone="critical">{format.number(row.overdue)}</Badge> : format.number(0)) },
            {
              key: 'next',
              header: t('emailBacklog.nextDue'),
              render: (row) => {
                if (!row.nextDueAt) return '—';
                const due = new Date(row.nextDueAt).getTime();
                const minutes = Math.max(0, Math.round((due - now) / 60_000));
                return <Badge tone={minutes < 60 ? 'warning' : 'neutral'}>{t('emailBacklog.dueAt', { time: format.shortTime(due), minutes })}</Badge>;
              },
            },
          ]}
        />
      )}
    </Panel>
  );
}

import { useState } from 'react';
import { maySeeView } from '@callcentre/shared';
import { useResource } from '../../../api/use-resource';
import { Button, ErrorState, PageHeader, Spinner } from '../../../design-system';
import { useSession } from '../../auth';
import { fetchQueues, type ReportFilters } from '../api/reports-api';
import { browserTimeZone, localDate } from '../format';
import { useReportsTranslation } from '../i18n';
import { AgentReportPanel } from './AgentReportPanel';
import { ForecastPanel } from './ForecastPanel';
import { KpiPanel } from './KpiPanel';
import { QueueReportPanel } from './QueueReportPanel';
import './Reports.css';

const TABS = ['queues', 'agents', 'kpi', 'forecast'] as const;
type Tab = (typeof TABS)[number];

/** The reports page: queue and agent history, KPI bands and forecast to staffing, one at a time. */
export function ReportsView() {
  const { t } = useReportsTranslation();
  const { session } = useSession();
  const [tab, setTab] = useState<Tab>('queues');
  const queues = useResource(fetchQueues);
  const zone = browserTimeZone();
  const yesterday = localDate(zone, -1);
  const today = localDate(zone, 0);
  const initial: ReportFilters = { from: yesterday, to: localDate(zone, 1), interval: '60m' };
  return (
    <div className="cc-rep">
      <PageHeader title={t('pageTitle')} description={t('pageDescription')} />
      <div className="cc-rep-tabs" role="group" aria-label={t('tabs.label')}>
        {TABS.map((name) => (
          <Button key={name} variant={tab === name ? 'primary' : 'secondary'} aria-pressed={tab === name} onClick={() => setTab(name)}>
            {t(`tabs.${name}`)}
          </Button>
        ))}
      </div>
      {queues.status === 'loading' && !queues.data ? <Spinner label={t('loading')} /> : null}
      {queues.status === 'error' && queues.error ? <ErrorState title={queues.error.code} message={queues.error.message} onRetry={queues.reload} retryLabel={t('filters.apply')} /> : null}
      {queues.data ? (
        <>
          {tab === 'queues' ? <QueueReportPanel queues={queues.data} initial={initial} /> : null}
          {tab === 'agents' ? <AgentReportPanel initial={{ ...initial, interval: 'day', from: localDate(zone, -7), to: today }} /> : null}
          {tab === 'kpi' ? <KpiPanel queues={queues.data} initial={initial} mayEdit={maySeeView(session?.roles ?? [], 'kpiBandSettings')} /> : null}
          {tab === 'forecast' ? <ForecastPanel queues={queues.data} today={today} /> : null}
        </>
      ) : null}
    </div>
  );
}

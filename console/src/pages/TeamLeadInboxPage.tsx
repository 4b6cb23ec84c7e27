import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ComplaintIcon, EmptyState, PageHeader, Panel } from '../design-system';
import { useSession } from '../features/auth';
import { ComplaintView, useOwnerOptions } from '../features/complaints';
import { useRealtime, useServerNow } from '../features/realtime';
import { useDocumentTitle } from '../features/shell';
import { ComplaintDeadlines, EscalationsPanel } from '../features/team-lead';
import { ComplaintDeadlinesPanel, LiveAlertsPanel } from '../features/wallboard';
import './pages.css';

export function TeamLeadInboxPage() {
  const { t } = useTranslation();
  const { session } = useSession();
  useDocumentTitle(t('nav.teamLead'));
  const now = useServerNow();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const owners = useOwnerOptions(true);
  const actor = useMemo(() => ({ userId: session?.userId ?? '', roles: session?.roles ?? [] }), [session?.userId, session?.roles]);
  const floor = useRealtime((state) => state.wallboard?.agents);
  const agents = useMemo(() => Object.values(floor ?? {}), [floor]);

  return (
    <>
      <PageHeader title={t('teamLead.title')} description={t('teamLead.description')} />
      <div className="cc-team-lead">
        <div className="cc-team-lead__side">
          <LiveAlertsPanel agents={agents} />
          <EscalationsPanel userId={actor.userId} selectedId={selectedId} onSelect={(complaint) => setSelectedId(complaint.id)} now={now} />
        </div>
        <Panel title={t('teamLead.complaintTitle')} description={t('teamLead.complaintDescription')} className="cc-team-lead__detail">
          {selectedId ? (
            <div className="cc-team-lead__view">
              <ComplaintView key={selectedId} complaintId={selectedId} actor={actor} owners={owners} />
            </div>
          ) : (
            <EmptyState icon={<ComplaintIcon />} title={t('teamLead.pickTitle')}>
              <p>{t('teamLead.pickBody')}</p>
            </EmptyState>
          )}
        </Panel>
      </div>
      <div className="cc-split cc-team-lead__below">
        <ComplaintDeadlinesPanel now={now} onOpen={(complaint) => setSelectedId(complaint.id)} />
        <ComplaintDeadlines />
      </div>
    </>
  );
}

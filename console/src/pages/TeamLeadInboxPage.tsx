import { useTranslation } from 'react-i18next';
import { PageHeader } from '../design-system';
import { useDocumentTitle } from '../features/shell';
import { ComplaintDeadlines, EscalationsPanel } from '../features/team-lead';
import './pages.css';

export function TeamLeadInboxPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('nav.teamLead'));
  return (
    <>
      <PageHeader title={t('teamLead.title')} description={t('teamLead.description')} />
      <div className="cc-split">
        {/* Escalations are not served yet: the inbox stays empty until the complaints API lists them. */}
        <EscalationsPanel escalations={[]} />
        <ComplaintDeadlines />
      </div>
    </>
  );
}

import { useTranslation } from 'react-i18next';
import { PageHeader } from '../design-system';
import { CustomerPanel, OffersPanel } from '../features/agent-desktop';
import { useDocumentTitle } from '../features/shell';
import './pages.css';

export function AgentDesktopPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('nav.agent'));
  return (
    <>
      <PageHeader title={t('agent.title')} description={t('agent.description')} />
      <div className="cc-split">
        <OffersPanel />
        <CustomerPanel />
      </div>
    </>
  );
}

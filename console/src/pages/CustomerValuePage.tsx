import { useTranslation } from 'react-i18next';
import { PageHeader } from '../design-system';
import { useSession } from '../features/auth';
import { LossesPanel, may, MigrationPanel, PyramidPanel, RfmGridPanel, RunsPanel, WorklistPanel } from '../features/customer-value';
import { useDocumentTitle } from '../features/shell';
import './pages.css';

/** Managers' view of customer value: the reports for supervisors, the worklist for team leads, the runs for those who start them. */
export function CustomerValuePage() {
  const { t } = useTranslation();
  const { session } = useSession();
  useDocumentTitle(t('nav.value'));
  const roles = session?.roles ?? [];
  const reports = may(roles, 'readReports');
  return (
    <>
      <PageHeader title={t('valueReports.pageTitle')} description={t(reports ? 'valueReports.pageDescription' : 'valueReports.pageDescriptionTeam')} />
      <div className="cc-cv-reports">
        {reports ? (
          <>
            <PyramidPanel />
            <RfmGridPanel />
            <MigrationPanel />
            <LossesPanel />
          </>
        ) : null}
        {may(roles, 'worklist') ? (
          <div className="cc-cv-reports__wide">
            <WorklistPanel />
          </div>
        ) : null}
        {may(roles, 'runs') ? (
          <div className="cc-cv-reports__wide">
            <RunsPanel mayRecompute={may(roles, 'recompute')} />
          </div>
        ) : null}
      </div>
    </>
  );
}

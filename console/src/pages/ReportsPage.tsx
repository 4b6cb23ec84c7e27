import { useTranslation } from 'react-i18next';
import { ReportsView } from '../features/reports';
import { useDocumentTitle } from '../features/shell';

/** History by interval, KPI bands and forecast to staffing, for supervisors, team leads and administrators. */
export function ReportsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('nav.reports'));
  return <ReportsView />;
}

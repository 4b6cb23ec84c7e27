import { Navigate, useParams } from 'react-router';
import { PageHeader } from '../design-system';
import { AdminSections, isAdminSection, useAdminTranslation } from '../features/admin';
import { useDocumentTitle } from '../features/shell';
import './pages.css';

/** Administration: every setting the API has, section by section (/admin/queues, /admin/api-keys, ...). */
export function AdminPage() {
  const { t } = useAdminTranslation();
  const { section } = useParams();
  useDocumentTitle(t('title'));
  if (!isAdminSection(section)) return <Navigate to="/admin/queues" replace />;
  return (
    <>
      <PageHeader title={t('title')} description={t('description')} />
      <AdminSections section={section} />
    </>
  );
}

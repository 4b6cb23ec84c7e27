import { useTranslation } from 'react-i18next';
import { PageHeader } from '../design-system';
import { CrmImportPanel } from '../features/customer-value';
import { useDocumentTitle } from '../features/shell';
import './pages.css';

export function CrmImportPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('nav.imports'));
  return (
    <>
      <PageHeader title={t('crmImport.pageTitle')} description={t('crmImport.pageDescription')} />
      <CrmImportPanel />
    </>
  );
}

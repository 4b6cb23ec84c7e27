import { useTranslation } from 'react-i18next';
import { PageHeader } from '../design-system';
import { CustomerSearch } from '../features/customer-value';
import { useDocumentTitle } from '../features/shell';
import './pages.css';

export function CustomersPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('nav.customers'));
  return (
    <>
      <PageHeader title={t('customerSearch.pageTitle')} description={t('customerSearch.pageDescription')} />
      <CustomerSearch />
    </>
  );
}

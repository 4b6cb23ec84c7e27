import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyState, Panel } from '../design-system';
import { homePathFor, useSession } from '../features/auth';
import { useDocumentTitle } from '../features/shell';

export function NotFoundPage() {
  const { t } = useTranslation();
  const { session } = useSession();
  useDocumentTitle(t('notFound.title'));
  return (
    <Panel title={t('notFound.title')}>
      <EmptyState title={t('notFound.heading')} actions={<Link to={session ? homePathFor(session.role) : '/login'}>{t('notFound.home')}</Link>}>
        <p>{t('notFound.body')}</p>
      </EmptyState>
    </Panel>
  );
}

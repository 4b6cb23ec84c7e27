import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation } from 'react-router';
import { EmptyState, Panel } from '../../../design-system';
import { useSession } from '../hooks/useSession';
import { homePathFor, mayOpen } from '../session';

/**
 * Sends people who are not signed in to the sign-in page, remembering where they were going (page and query),
 * and tells people whose roles do not cover the page where their own work is.
 */
export function RequireSession({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { session } = useSession();
  const location = useLocation();
  if (!session) return <Navigate to="/login" replace state={{ from: `${location.pathname}${location.search}` }} />;
  if (!mayOpen(session, location.pathname)) {
    return (
      <Panel title={t('forbidden.title')}>
        <EmptyState title={t('forbidden.heading')} actions={<Link to={homePathFor(session.role)}>{t('notFound.home')}</Link>}>
          <p>{t('forbidden.body', { roles: session.roles.map((role) => t(`roles.${role}`)).join(', ') })}</p>
        </EmptyState>
      </Panel>
    );
  }
  return <>{children}</>;
}

import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { LoginForm, PAGE_ROLES, homePathFor, mayOpen, useSession, type Session } from '../features/auth';
import { useDocumentTitle } from '../features/shell';
import './pages.css';

/** Where a returning person was headed (path and query), if it is one of the work pages and theirs to open. */
function requestedPath(state: unknown, session: Session): string | null {
  const from = (state as { from?: unknown } | null)?.from;
  if (typeof from !== 'string') return null;
  const [path] = from.split('?');
  return path in PAGE_ROLES && mayOpen(session, path) ? from : null;
}

export function LoginPage() {
  const { t } = useTranslation();
  const { session } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  useDocumentTitle(t('login.title'));

  if (session) return <Navigate to={homePathFor(session.role)} replace />;

  const onSignedIn = (signedIn: Session) => {
    navigate(requestedPath(location.state, signedIn) ?? homePathFor(signedIn.role), { replace: true });
  };

  return (
    <div className="cc-login-page">
      <div className="cc-login-page__card">
        <LoginForm onSignedIn={onSignedIn} />
      </div>
      <p className="cc-login-page__aside">{t('login.aside')}</p>
    </div>
  );
}

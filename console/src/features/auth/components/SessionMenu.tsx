import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { Button, SignOutIcon, UserIcon, UserText } from '../../../design-system';
import { useSession } from '../hooks/useSession';
import './SessionMenu.css';

/** The signed-in person in the top bar, with sign-out. */
export function SessionMenu() {
  const { t } = useTranslation();
  const { session, signOut } = useSession();
  const navigate = useNavigate();
  if (!session) return null;
  return (
    <div className="cc-session-menu">
      <span className="cc-session-menu__person" title={t('session.signedInAs', { name: session.displayName })}>
        <UserIcon className="cc-session-menu__icon" />
        <span className="cc-visually-hidden">{t('session.signedInAs', { name: session.displayName })}</span>
        <UserText className="cc-session-menu__name">
          <span aria-hidden="true">{session.displayName}</span>
        </UserText>
        <span className="cc-session-menu__role">{t(`roles.${session.role}`)}</span>
      </span>
      <Button
        variant="on-dark"
        size="sm"
        icon={<SignOutIcon />}
        onClick={async () => {
          await signOut();
          navigate('/login', { replace: true });
        }}
      >
        {t('session.signOut')}
      </Button>
    </div>
  );
}

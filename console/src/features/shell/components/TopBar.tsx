import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Button, KeyboardIcon, PhoneIcon } from '../../../design-system';
import { SessionMenu, homePathFor, useSession } from '../../auth';
import { ConnectionIndicator } from '../../connection';
import { LanguageSwitcher } from './LanguageSwitcher';
import { MainNav } from './MainNav';
import './TopBar.css';

export interface TopBarProps {
  shortcutsOpen: boolean;
  onToggleShortcuts(): void;
}

/** The dark bar across every page: product, work pages, connection, language and the person signed in. */
export function TopBar({ shortcutsOpen, onToggleShortcuts }: TopBarProps) {
  const { t } = useTranslation();
  const { session } = useSession();
  return (
    <header className="cc-top-bar">
      <Link to={session ? homePathFor(session.role) : '/login'} className="cc-top-bar__brand">
        <span className="cc-top-bar__logo" aria-hidden="true">
          <PhoneIcon />
        </span>
        <span className="cc-top-bar__name">{t('app.name')}</span>
      </Link>
      {session ? <MainNav /> : null}
      <div className="cc-top-bar__end">
        <ConnectionIndicator />
        <LanguageSwitcher />
        {session ? (
          <Button
            variant="on-dark"
            size="sm"
            className="cc-top-bar__shortcuts"
            aria-expanded={shortcutsOpen}
            aria-keyshortcuts="?"
            onClick={onToggleShortcuts}
            title={t('shortcuts.title')}
          >
            <KeyboardIcon aria-hidden="true" />
            <span className="cc-visually-hidden">{t('shortcuts.title')}</span>
          </Button>
        ) : null}
        <SessionMenu />
      </div>
    </header>
  );
}

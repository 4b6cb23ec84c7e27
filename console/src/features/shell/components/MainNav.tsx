import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { ClockIcon, EditIcon, FlagIcon, HeadsetIcon, InboxIcon, PyramidIcon, UploadIcon, UserIcon, WallboardIcon } from '../../../design-system';
import { useSession } from '../../auth';
import { navItemsFor, type NavItem } from '../nav-items';
import './MainNav.css';

const ICONS: Record<NavItem['path'], ReactNode> = {
  '/agent': <HeadsetIcon />,
  '/wallboard': <WallboardIcon />,
  '/team-lead': <InboxIcon />,
  '/customers': <UserIcon />,
  '/value': <PyramidIcon />,
  '/imports': <UploadIcon />,
  '/floor': <FlagIcon />,
  '/reports': <ClockIcon />,
  '/admin': <EditIcon />,
};

export function MainNav() {
  const { t } = useTranslation();
  const { session } = useSession();
  return (
    <nav className="cc-main-nav" aria-label={t('nav.label')}>
      <ul>
        {navItemsFor(session).map((item) => (
          <li key={item.path}>
            <NavLink
              to={item.path}
              className={({ isActive }) => ['cc-main-nav__link', isActive ? 'cc-main-nav__link--active' : ''].filter(Boolean).join(' ')}
              aria-keyshortcuts={`g ${item.shortcut}`}
              title={t('shortcuts.goHint', { key: item.shortcut })}
            >
              <span className="cc-main-nav__icon" aria-hidden="true">
                {ICONS[item.path]}
              </span>
              <span className="cc-main-nav__label">{t(item.labelKey)}</span>
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

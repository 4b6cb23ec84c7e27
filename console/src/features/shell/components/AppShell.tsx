import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useNavigate } from 'react-router';
import { useSession } from '../../auth';
import { RealtimeBanner } from '../../realtime';
import { useFocusOnNavigate } from '../hooks/useFocusOnNavigate';
import { useGoToShortcuts } from '../hooks/useGoToShortcuts';
import { navItemsFor } from '../nav-items';
import { ShortcutsHelp } from './ShortcutsHelp';
import { TopBar } from './TopBar';
import './AppShell.css';

export const MAIN_CONTENT_ID = 'main-content';

/** The frame around every page: skip link, top bar, and the page itself in <main>. */
export function AppShell() {
  const { t } = useTranslation();
  const { session } = useSession();
  const navigate = useNavigate();
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  const toggleShortcuts = useCallback(() => setShortcutsOpen((open) => !open), []);
  const closeShortcuts = useCallback(() => setShortcutsOpen(false), []);
  const openShortcuts = useCallback(() => setShortcutsOpen(true), []);
  const goTo = useCallback(
    (path: string) => {
      setShortcutsOpen(false);
      navigate(path);
    },
    [navigate],
  );

  const items = useMemo(() => navItemsFor(session), [session]);
  useGoToShortcuts({ enabled: Boolean(session), items, onNavigate: goTo, onHelp: openShortcuts });
  useFocusOnNavigate();

  return (
    <div className="cc-app">
      <a className="cc-skip-link" href={`#${MAIN_CONTENT_ID}`}>
        {t('app.skipToContent')}
      </a>
      <TopBar shortcutsOpen={shortcutsOpen} onToggleShortcuts={toggleShortcuts} />
      {session ? <RealtimeBanner /> : null}
      {shortcutsOpen ? <ShortcutsHelp items={items} onClose={closeShortcuts} /> : null}
      <main id={MAIN_CONTENT_ID} className="cc-app__main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}

export { AppShell, MAIN_CONTENT_ID } from './components/AppShell';
export { LanguageSwitcher } from './components/LanguageSwitcher';
export { TopBar } from './components/TopBar';
export { useDocumentTitle } from './hooks/useDocumentTitle';
export { NAV_ITEMS } from './nav-items';


import { mayOpen, type Session } from '../auth/session';

/** The work pages, in the order of the main navigation; `shortcut` follows "g" (go to). */
export const NAV_ITEMS = [
  { path: '/agent', labelKey: 'nav.agent', shortcut: 'a' },
  { path: '/wallboard', labelKey: 'nav.wallboard', shortcut: 'w' },
  { path: '/team-lead', labelKey: 'nav.teamLead', shortcut: 't' },
  { path: '/customers', labelKey: 'nav.customers', shortcut: 'c' },
  { path: '/value', labelKey: 'nav.value', shortcut: 'v' },
  { path: '/imports', labelKey: 'nav.imports', shortcut: 'i' },
  { path: '/floor', labelKey: 'nav.floor', shortcut: 'f' },
  { path: '/reports', labelKey: 'nav.reports', shortcut: 'r' },
  { path: '/admin', labelKey: 'nav.admin', shortcut: 'd' },
] as const;

export type NavItem = (typeof NAV_ITEMS)[number];

/** The pages of the main navigation that a person with these roles may open. */
export function navItemsFor(session: Pick<Session, 'roles'> | null): NavItem[] {
  return NAV_ITEMS.filter((item) => mayOpen(session, item.path));
}

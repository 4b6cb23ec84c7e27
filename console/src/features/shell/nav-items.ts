/** The work pages, in the order of the main navigation; `shortcut` follows "g" (go to). */
export const NAV_ITEMS = [
  { path: '/agent', labelKey: 'nav.agent', shortcut: 'a' },
  { path: '/wallboard', labelKey: 'nav.wallboard', shortcut: 'w' },
  { path: '/team-lead', labelKey: 'nav.teamLead', shortcut: 't' },
] as const;

export type NavItem = (typeof NAV_ITEMS)[number];

import '../admin.css';
import type { ReactNode } from 'react';
import { NavLink } from 'react-router';
import { useAdminTranslation } from '../i18n';
import { AgentsAdmin } from './AgentsAdmin';
import { ApiKeysAdmin } from './ApiKeysAdmin';
import { AuditLog } from './AuditLog';
import { CalendarAdmin } from './CalendarAdmin';
import { EmailAdmin } from './EmailAdmin';
import { UsersAdmin } from './PeopleAdmin';
import { QueuesAdmin } from './QueuesAdmin';
import { RoutingPolicyAdmin } from './RoutingPolicyAdmin';
import { SkillsAdmin } from './SkillsAdmin';
import { TeamsAdmin } from './TeamsAdmin';

/** The sections of administration, in the order an empty centre is set up. */
export const ADMIN_SECTIONS = {
  queues: QueuesAdmin,
  skills: SkillsAdmin,
  users: UsersAdmin,
  agents: AgentsAdmin,
  teams: TeamsAdmin,
  'api-keys': ApiKeysAdmin,
  calendar: CalendarAdmin,
  routing: RoutingPolicyAdmin,
  email: EmailAdmin,
  audit: AuditLog,
} as const satisfies Record<string, () => ReactNode>;

export type AdminSection = keyof typeof ADMIN_SECTIONS;

export function isAdminSection(value: string | undefined): value is AdminSection {
  return value !== undefined && value in ADMIN_SECTIONS;
}

/** The sections as links (a row of tabs that scrolls sideways on a phone) and the open one. */
export function AdminSections({ section }: { section: AdminSection }) {
  const { t } = useAdminTranslation();
  const Open = ADMIN_SECTIONS[section];
  return (
    <div className="cc-admin">
      <nav className="cc-admin-tabs" aria-label={t('sectionsLabel')}>
        <ul>
          {(Object.keys(ADMIN_SECTIONS) as AdminSection[]).map((name) => (
            <li key={name}>
              <NavLink to={`/admin/${name}`} className={({ isActive }) => (isActive || name === section ? 'cc-admin-tabs__link cc-admin-tabs__link--active' : 'cc-admin-tabs__link')}>
                {t(`sections.${name}`)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Open />
    </div>
  );
}

import { CONSOLE_VIEW_ROLES, HOME_VIEWS, ROLES, type ConsoleView, type Role } from '@callcentre/shared';

/** The roles a person can work as in the console, each with its own start page. */
export const WORK_ROLES = ['agent', 'team_lead', 'supervisor', 'admin'] as const satisfies readonly Role[];
export type WorkRole = (typeof WORK_ROLES)[number];

/** Who is using the console: the server's identity of the signed-in person and when their tokens run out. */
export interface Session {
  userId: string;
  username: string;
  /** The name shown in the top bar. */
  displayName: string;
  /** Every role of the account, as the server grants them. */
  roles: Role[];
  /** The role whose start page opens after sign-in (see `primaryRole`). */
  role: WorkRole;
  teamLeadId: string | null;
  /** When the access token (the `cc_session` cookie) expires, epoch milliseconds; renewed before then. */
  accessTokenExpiresAt: number;
  /** When the sign-in itself ends, whatever the renewals, epoch milliseconds. */
  sessionExpiresAt: number;
}

/** The console's pages and the view (of the shared role table) each one shows. */
const PAGE_VIEWS = {
  '/agent': 'agentDesk',
  '/wallboard': 'wallboard',
  '/team-lead': 'teamLeadInbox',
  '/customers': 'customers',
  '/value': 'customerValue',
  '/imports': 'crmImports',
  '/floor': 'supervisorFloor',
  '/admin': 'administration',
  '/reports': 'historicalReports',
} as const satisfies Record<string, ConsoleView>;

type PageView = (typeof PAGE_VIEWS)[keyof typeof PAGE_VIEWS];
const PAGE_OF_VIEW = Object.fromEntries(Object.entries(PAGE_VIEWS).map(([path, view]) => [view, path])) as Record<PageView, string>;

/** Each work role's start page: the page of its home view. */
export const HOME_PATHS: Readonly<Record<WorkRole, string>> = Object.fromEntries(
  WORK_ROLES.map((role) => [role, PAGE_OF_VIEW[HOME_VIEWS[role] as PageView]]),
) as Record<WorkRole, string>;

/**
 * Pages and the roles that may open them, from the shared role table (the server enforces the same roles on
 * their data); a page below one of these (`/customers/:id`) follows its first segment.
 */
export const PAGE_ROLES: Readonly<Record<string, readonly Role[]>> = Object.fromEntries(
  Object.entries(PAGE_VIEWS).map(([path, view]) => [path, CONSOLE_VIEW_ROLES[view]]),
);

export function homePathFor(role: WorkRole): string {
  return HOME_PATHS[role];
}

/**
 * The role a person starts in when they hold several: supervisors watch the floor, team leads (who also
 * take contacts) start in their inbox, agents at their desktop, administrators in administration.
 */
export function primaryRole(roles: readonly Role[]): WorkRole {
  for (const role of ['supervisor', 'team_lead', 'agent', 'admin'] as const) if (roles.includes(role)) return role;
  return 'agent';
}

export function mayOpen(session: Pick<Session, 'roles'> | null, path: string): boolean {
  const allowed = PAGE_ROLES[path] ?? PAGE_ROLES[`/${path.split('/')[1] ?? ''}`];
  if (!allowed) return true;
  return Boolean(session?.roles.some((role) => allowed.includes(role)));
}

export function isWorkRole(value: unknown): value is WorkRole {
  return typeof value === 'string' && (WORK_ROLES as readonly string[]).includes(value);
}

const isRole = (value: unknown): value is Role => typeof value === 'string' && (ROLES as readonly string[]).includes(value);

export function isSession(value: unknown): value is Session {
  if (typeof value !== 'object' || value === null) return false;
  const session = value as Record<string, unknown>;
  return (
    typeof session.userId === 'string' &&
    typeof session.username === 'string' &&
    session.username.length > 0 &&
    typeof session.displayName === 'string' &&
    Array.isArray(session.roles) &&
    session.roles.length > 0 &&
    session.roles.every(isRole) &&
    isWorkRole(session.role) &&
    (session.teamLeadId === null || typeof session.teamLeadId === 'string') &&
    typeof session.accessTokenExpiresAt === 'number' &&
    typeof session.sessionExpiresAt === 'number'
  );
}

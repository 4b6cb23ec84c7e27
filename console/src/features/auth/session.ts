import { ROLES, type Role } from '@callcentre/shared';

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

export const HOME_PATHS: Readonly<Record<WorkRole, string>> = {
  agent: '/agent',
  supervisor: '/wallboard',
  team_lead: '/team-lead',
  admin: '/wallboard',
};

/**
 * Pages and the roles that may open them (the same roles the server lets read their data); a page below one of
 * these (`/customers/:id`) follows its first segment.
 */
export const PAGE_ROLES: Readonly<Record<string, readonly Role[]>> = {
  '/agent': ['agent'],
  '/wallboard': ['supervisor', 'team_lead', 'admin'],
  '/team-lead': ['team_lead', 'supervisor'],
  '/customers': ['agent', 'team_lead', 'supervisor'],
  '/value': ['agent', 'team_lead', 'supervisor', 'admin'],
  '/imports': ['admin'],
};

export function homePathFor(role: WorkRole): string {
  return HOME_PATHS[role];
}

/**
 * The role a person starts in when they hold several: supervisors watch the floor, team leads (who also
 * take contacts) start in their inbox, agents at their desktop, administrators on the wallboard.
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

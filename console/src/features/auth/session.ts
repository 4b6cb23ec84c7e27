import type { Role } from '@callcentre/shared';

/** The roles a person can work as in the console, each with its own start page. */
export const WORK_ROLES = ['agent', 'supervisor', 'team_lead'] as const satisfies readonly Role[];
export type WorkRole = (typeof WORK_ROLES)[number];

/** Who is using the console. Real sign-in will add the server's identity (id, token expiry) here. */
export interface Session {
  username: string;
  /** The name shown in the top bar. */
  displayName: string;
  role: WorkRole;
}

export const HOME_PATHS: Readonly<Record<WorkRole, string>> = {
  agent: '/agent',
  supervisor: '/wallboard',
  team_lead: '/team-lead',
};

export function homePathFor(role: WorkRole): string {
  return HOME_PATHS[role];
}

export function isWorkRole(value: unknown): value is WorkRole {
  return typeof value === 'string' && (WORK_ROLES as readonly string[]).includes(value);
}

export function isSession(value: unknown): value is Session {
  if (typeof value !== 'object' || value === null) return false;
  const session = value as Record<string, unknown>;
  return (
    typeof session.username === 'string' &&
    session.username.length > 0 &&
    typeof session.displayName === 'string' &&
    isWorkRole(session.role)
  );
}

import type { Role } from '@callcentre/shared';

/**
 * Who may do what with customers and their value: the roles the server's routes allow, so the console offers
 * only what the server will accept (the server still decides, and refuses a customer an agent never served).
 */
export const CUSTOMER_VALUE_ROLES = {
  /** `GET /api/customers`, `/api/customers/:id` and its purchases and notes. */
  readCustomers: ['agent', 'team_lead', 'supervisor'],
  /** `GET /api/interactions?customerId=` (agents: the contacts they handled). */
  readContacts: ['agent', 'team_lead', 'supervisor'],
  /** `PUT|DELETE /api/customers/:id/tier-override`. */
  overrideTier: ['supervisor', 'admin'],
  /** `PUT|DELETE /api/customers/:id/loss`. */
  markLost: ['team_lead', 'supervisor'],
  /** The pyramid, RFM grid, tier migration and losses. */
  readReports: ['team_lead', 'supervisor'],
  /** The retention worklist (supervisors: all of it; team leads and agents: their team's) and its outcomes. */
  worklist: ['agent', 'team_lead', 'supervisor'],
  /** The list of value runs. */
  runs: ['team_lead', 'supervisor', 'admin'],
  /** `POST /api/customer-value/recompute`. */
  recompute: ['supervisor', 'admin'],
  /** `POST /api/crm/imports`. */
  imports: ['admin'],
} as const satisfies Readonly<Record<string, readonly Role[]>>;

export type CustomerValueAbility = keyof typeof CUSTOMER_VALUE_ROLES;

export function may(roles: readonly Role[] | undefined, ability: CustomerValueAbility): boolean {
  const allowed: readonly Role[] = CUSTOMER_VALUE_ROLES[ability];
  return Boolean(roles?.some((role) => allowed.includes(role)));
}

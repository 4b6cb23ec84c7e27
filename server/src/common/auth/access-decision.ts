import type { AuthenticatedPrincipal } from './principal';
import { hasAccessRule, type RouteRule } from './route-rules';

/**
 * - `allow`: go on.
 * - `no_rule`: the route declares no access rule, so it is closed to everyone (403): a new route fails closed.
 * - `unauthenticated`: credentials are needed and none valid were given (401).
 * - `forbidden`: the caller is known but the rule does not let them in (403).
 */
export type AccessDecision = 'allow' | 'no_rule' | 'unauthenticated' | 'forbidden';

/** The whole authorisation rule, pure: who may call a route given its rule and the authenticated caller. */
export function decideAccess(rule: RouteRule, principal: AuthenticatedPrincipal | null): AccessDecision {
  if (rule.public) return 'allow';
  if (!hasAccessRule(rule)) return 'no_rule';
  if (!principal) return 'unauthenticated';
  if (principal.kind === 'user') {
    return principal.roles.some((role) => rule.roles.includes(role)) ? 'allow' : 'forbidden';
  }
  return principal.scopes.some((scope) => (rule.apiKeyScopes as string[]).includes(scope)) ? 'allow' : 'forbidden';
}

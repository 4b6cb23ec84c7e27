/**
 * Who is calling and may they: the platform's authentication and authorisation.
 * Every HTTP route carries one rule: `@Public()`, `@Roles(...)` and/or `@AllowApiKey(...)`;
 * a route without one is closed to everyone.
 */
export { AccessGuard } from './access.guard';
export { decideAccess, type AccessDecision } from './access-decision';
export { CREDENTIAL_LOOKUP, type CredentialLookup } from './credential-lookup';
export { API_KEY_HEADER, REFRESH_COOKIE, SESSION_COOKIE } from './credentials';
export { CurrentUser } from './current-user.decorator';
export { hasRole, isUser, type AuthenticatedApiKey, type AuthenticatedPrincipal, type AuthenticatedUser } from './principal';
export { listRouteRules, RouteRulesExplorer, type RouteRuleEntry } from './route-rules-explorer';
export { AllowApiKey, API_KEY_SCOPES, hasAccessRule, Public, readRouteRule, Roles, type ApiKeyScope, type RouteRule } from './route-rules';
export { hashPassword, verifyPassword } from './secrets';
export { authenticateSocketHandshake, socketHandshakeToken, type SocketHandshakeLike } from './socket-auth';

import { SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ROLES, type Role } from '@callcentre/shared';

/**
 * What an API key may be allowed to do. `ingest`: feed contacts through the ingestion (CTI) routes. `crm`: send
 * customers and their purchases from the business's own systems (batches and file imports).
 */
export const API_KEY_SCOPES = ['ingest', 'crm'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export const PUBLIC_ROUTE = 'auth:public';
export const ROUTE_ROLES = 'auth:roles';
export const ROUTE_API_KEY_SCOPES = 'auth:api-key-scopes';

/** The access rule of one route, read from its decorators (the handler's own override its controller's). */
export interface RouteRule {
  /** `@Public()`: anyone, signed in or not. */
  public: boolean;
  /** `@Roles(...)`: signed-in staff holding any of these roles. */
  roles: Role[];
  /** `@AllowApiKey(...)`: API keys holding any of these scopes. */
  apiKeyScopes: ApiKeyScope[];
}

/** No one needs to sign in: health, readiness, the OpenAPI document, login, refresh. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/**
 * Signed-in staff holding any of these roles may call the route. No role implies another:
 * an administrator reaches a route only when `admin` is listed.
 */
export const Roles = (...roles: Role[]) => {
  const unknown = roles.filter((role) => !ROLES.includes(role));
  if (roles.length === 0 || unknown.length > 0) throw new Error(`@Roles() needs at least one known role${unknown.length ? `, not ${unknown.join(', ')}` : ''}`);
  return SetMetadata(ROUTE_ROLES, [...new Set(roles)]);
};

/** The route also accepts an API key (`X-Api-Key`) holding any of these scopes. */
export const AllowApiKey = (...scopes: [ApiKeyScope, ...ApiKeyScope[]]) => {
  const unknown = scopes.filter((scope) => !API_KEY_SCOPES.includes(scope));
  if (unknown.length > 0) throw new Error(`@AllowApiKey() got unknown scopes: ${unknown.join(', ')}`);
  return SetMetadata(ROUTE_API_KEY_SCOPES, [...new Set(scopes)]);
};

type Target = Parameters<Reflector['getAllAndOverride']>[1][number];

export function readRouteRule(reflector: Reflector, handler: Target, controller: Target): RouteRule {
  const targets = [handler, controller];
  return {
    public: reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets) === true,
    roles: reflector.getAllAndOverride<Role[]>(ROUTE_ROLES, targets) ?? [],
    apiKeyScopes: reflector.getAllAndOverride<ApiKeyScope[]>(ROUTE_API_KEY_SCOPES, targets) ?? [],
  };
}

/** A route that says nothing about access is closed to everyone. */
export function hasAccessRule(rule: RouteRule): boolean {
  return rule.public || rule.roles.length > 0 || rule.apiKeyScopes.length > 0;
}

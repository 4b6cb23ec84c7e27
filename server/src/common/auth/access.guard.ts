import { CanActivate, ExecutionContext, ForbiddenException, HttpException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { decideAccess, type AccessDecision } from './access-decision';
import { CREDENTIAL_LOOKUP, type CredentialLookup } from './credential-lookup';
import { credentialFromHeaders, type PresentedCredential } from './credentials';
import type { AuthenticatedPrincipal } from './principal';
import { hasAccessRule, readRouteRule } from './route-rules';

/** Where the guard leaves the caller for `@CurrentUser()`. */
export const PRINCIPAL_KEY = 'principal';
export type RequestWithPrincipal = Request & { [PRINCIPAL_KEY]?: AuthenticatedPrincipal };

/** The answer to a caller the access rule turns away: 401 without valid credentials, 403 otherwise. */
export function accessRefusal(decision: Exclude<AccessDecision, 'allow'>, principal: AuthenticatedPrincipal | null): HttpException {
  switch (decision) {
    case 'unauthenticated':
      return new UnauthorizedException({ code: 'UNAUTHENTICATED', message: 'Sign in, or send a valid access token or API key' });
    case 'no_rule':
      return new ForbiddenException({ code: 'ROUTE_CLOSED', message: 'This route declares no access rule, so it is closed to everyone' });
    case 'forbidden':
      return new ForbiddenException({
        code: 'FORBIDDEN',
        message: principal?.kind === 'api_key' ? 'This API key may not call this route' : 'Your roles do not allow this',
      });
  }
}

/**
 * The one global guard (APP_GUARD): authenticates every HTTP route that is not `@Public()` and
 * authorises it by its `@Roles` / `@AllowApiKey` rule. A route with no rule is closed (403).
 * WebSocket gateways authenticate on connection with `authenticateSocketHandshake` instead.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(CREDENTIAL_LOOKUP) private readonly credentials: CredentialLookup,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() === 'ws') return true;
    if (context.getType() !== 'http') return false;
    const rule = readRouteRule(this.reflector, context.getHandler(), context.getClass());
    const request = context.switchToHttp().getRequest<RequestWithPrincipal>();
    // Public routes and routes without a rule are decided without looking at credentials.
    const needsCaller = !rule.public && hasAccessRule(rule);
    const principal = needsCaller ? await this.authenticate(credentialFromHeaders(request.headers)) : null;
    const decision = decideAccess(rule, principal);
    if (decision !== 'allow') throw accessRefusal(decision, principal);
    if (principal) request[PRINCIPAL_KEY] = principal;
    return true;
  }

  private async authenticate(credential: PresentedCredential): Promise<AuthenticatedPrincipal | null> {
    switch (credential.kind) {
      case 'api_key':
        return this.credentials.authenticateKey(credential.key);
      case 'session':
        return this.credentials.authenticateToken(credential.token);
      default:
        return null;
    }
  }
}

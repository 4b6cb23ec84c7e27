import { ExecutionContext, ForbiddenException, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AccessGuard, PRINCIPAL_KEY } from './access.guard';
import type { CredentialLookup } from './credential-lookup';
import type { AuthenticatedApiKey, AuthenticatedUser } from './principal';
import { AllowApiKey, Public, Roles } from './route-rules';

class Routes {
  @Public()
  open() {
    return 'open';
  }
  @Roles('supervisor')
  supervisors() {
    return 'supervisors';
  }
  @AllowApiKey('ingest')
  ingest() {
    return 'ingest';
  }
  bare() {
    return 'bare';
  }
}

const amy: AuthenticatedUser = { kind: 'user', id: 'u-amy', username: 'amy', displayName: 'Amy', roles: ['agent'], teamLeadId: null, sessionId: 's1' };
const sophie: AuthenticatedUser = { ...amy, id: 'u-sophie', username: 'sophie', roles: ['supervisor'] };
const pbx: AuthenticatedApiKey = { kind: 'api_key', id: 'k1', name: 'PBX', scopes: ['ingest'] };

function guardWith(tokens: Record<string, AuthenticatedUser>, keys: Record<string, AuthenticatedApiKey>) {
  const calls: string[] = [];
  const credentials: CredentialLookup = {
    authenticateToken: async (token) => (calls.push(`token:${token}`), (token && tokens[token]) || null),
    authenticateKey: async (key) => (calls.push(`key:${key}`), (key && keys[key]) || null),
  };
  return { guard: new AccessGuard(new Reflector(), credentials), calls };
}

function httpContext(handler: keyof Routes, headers: Record<string, string> = {}) {
  const request: Record<string, unknown> = { headers };
  const context = {
    getType: () => 'http',
    getHandler: () => Routes.prototype[handler],
    getClass: () => Routes,
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
  return { context, request };
}

describe('AccessGuard', () => {
  const { guard, calls } = guardWith({ 'cca-amy': amy, 'cca-sophie': sophie }, { 'cck-pbx': pbx });
  beforeEach(() => calls.splice(0));

  it('lets public routes through without looking at credentials', async () => {
    const { context, request } = httpContext('open', { authorization: 'Bearer cca-sophie' });
    await expect(guard.canActivate(context)).resolves.toBe(true);
    expect(calls).toEqual([]);
    expect(request[PRINCIPAL_KEY]).toBeUndefined();
  });

  it('closes a route without a rule with 403 before authenticating anyone', async () => {
    const { context } = httpContext('bare', { authorization: 'Bearer cca-sophie' });
    const error = await guard.canActivate(context).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ForbiddenException);
    expect((error as ForbiddenException).getResponse()).toMatchObject({ code: 'ROUTE_CLOSED' });
    expect(calls).toEqual([]);
  });

  it('answers 401 without credentials or with unknown ones, 403 with the wrong role', async () => {
    await expect(guard.canActivate(httpContext('supervisors').context)).rejects.toBeInstanceOf(UnauthorizedException);
    await expect(guard.canActivate(httpContext('supervisors', { authorization: 'Bearer cca-nobody' }).context)).rejects.toBeInstanceOf(UnauthorizedException);
    await expect(guard.canActivate(httpContext('supervisors', { authorization: 'Basic x' }).context)).rejects.toBeInstanceOf(UnauthorizedException);
    await expect(guard.canActivate(httpContext('supervisors', { authorization: 'Bearer cca-amy' }).context)).rejects.toBeInstanceOf(ForbiddenException);
  });

  it('leaves the caller on the request for @CurrentUser()', async () => {
    const { context, request } = httpContext('supervisors', { cookie: 'cc_session=cca-sophie' });
    await expect(guard.canActivate(context)).resolves.toBe(true);
    expect(request[PRINCIPAL_KEY]).toBe(sophie);
  });

  it('checks API keys against the route scopes', async () => {
    await expect(guard.canActivate(httpContext('ingest', { 'x-api-key': 'cck-pbx' }).context)).resolves.toBe(true);
    await expect(guard.canActivate(httpContext('supervisors', { 'x-api-key': 'cck-pbx' }).context)).rejects.toBeInstanceOf(ForbiddenException);
    await expect(guard.canActivate(httpContext('ingest', { 'x-api-key': 'cck-revoked' }).context)).rejects.toBeInstanceOf(UnauthorizedException);
    await expect(guard.canActivate(httpContext('ingest', { authorization: 'Bearer cca-sophie' }).context)).rejects.toBeInstanceOf(ForbiddenException);
  });

  it('leaves socket gateways to their own handshake check and refuses other transports', async () => {
    const socket = { getType: () => 'ws' } as unknown as ExecutionContext;
    await expect(guard.canActivate(socket)).resolves.toBe(true);
    const rpc = { getType: () => 'rpc' } as unknown as ExecutionContext;
    await expect(guard.canActivate(rpc)).resolves.toBe(false);
  });
});

import type { Role } from '@callcentre/shared';
import { decideAccess } from './access-decision';
import type { AuthenticatedApiKey, AuthenticatedUser } from './principal';
import type { RouteRule } from './route-rules';

const rule = (overrides: Partial<RouteRule> = {}): RouteRule => ({ public: false, roles: [], apiKeyScopes: [], ...overrides });
const user = (...roles: Role[]): AuthenticatedUser => ({ kind: 'user', id: 'u1', username: 'amy', displayName: 'Amy', roles, teamLeadId: null });
const apiKey = (...scopes: string[]): AuthenticatedApiKey => ({ kind: 'api_key', id: 'k1', name: 'PBX', scopes });

describe('decideAccess', () => {
  it('lets anyone through a public route, signed in or not', () => {
    expect(decideAccess(rule({ public: true }), null)).toBe('allow');
    expect(decideAccess(rule({ public: true }), user('agent'))).toBe('allow');
    expect(decideAccess(rule({ public: true }), apiKey('ingest'))).toBe('allow');
  });

  it('closes a route without any rule to everyone, administrators and unauthenticated callers included', () => {
    expect(decideAccess(rule(), null)).toBe('no_rule');
    expect(decideAccess(rule(), user('admin', 'supervisor', 'team_lead', 'agent'))).toBe('no_rule');
    expect(decideAccess(rule(), apiKey('ingest'))).toBe('no_rule');
  });

  it('asks for credentials on a ruled route when none valid were given', () => {
    expect(decideAccess(rule({ roles: ['agent'] }), null)).toBe('unauthenticated');
    expect(decideAccess(rule({ apiKeyScopes: ['ingest'] }), null)).toBe('unauthenticated');
  });

  it('lets a user in when any of their roles is listed', () => {
    expect(decideAccess(rule({ roles: ['supervisor', 'admin'] }), user('admin'))).toBe('allow');
    expect(decideAccess(rule({ roles: ['team_lead'] }), user('agent', 'team_lead'))).toBe('allow');
    expect(decideAccess(rule({ roles: ['supervisor'] }), user('agent', 'team_lead'))).toBe('forbidden');
  });

  it('gives an administrator nothing that is not listed', () => {
    expect(decideAccess(rule({ roles: ['agent', 'team_lead', 'supervisor'] }), user('admin'))).toBe('forbidden');
  });

  it('forbids a user with no roles', () => {
    expect(decideAccess(rule({ roles: ['agent'] }), user())).toBe('forbidden');
  });

  it('keeps API keys to routes that accept their scope', () => {
    expect(decideAccess(rule({ apiKeyScopes: ['ingest'] }), apiKey('ingest'))).toBe('allow');
    expect(decideAccess(rule({ roles: ['agent', 'team_lead', 'supervisor', 'admin'] }), apiKey('ingest'))).toBe('forbidden');
    expect(decideAccess(rule({ apiKeyScopes: ['ingest'] }), apiKey('reporting'))).toBe('forbidden');
    expect(decideAccess(rule({ apiKeyScopes: ['ingest'] }), apiKey())).toBe('forbidden');
  });

  it('keeps users off a route open only to API keys', () => {
    expect(decideAccess(rule({ apiKeyScopes: ['ingest'] }), user('admin'))).toBe('forbidden');
  });

  it('accepts both on a route that lists roles and a scope', () => {
    const both = rule({ roles: ['admin'], apiKeyScopes: ['ingest'] });
    expect(decideAccess(both, user('admin'))).toBe('allow');
    expect(decideAccess(both, apiKey('ingest'))).toBe('allow');
    expect(decideAccess(both, user('agent'))).toBe('forbidden');
  });
});

import { createApiKey, createSignedInUser, type SignedInStaff } from '../../factories/users';
import type { TestApp } from '../../support/test-app';
import { json, startProbeApp } from './support';

describe('auth: API keys for the systems that feed contacts', () => {
  let server: TestApp;
  let admin: SignedInStaff;
  let supervisor: SignedInStaff;

  const call = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
    fetch(`${server.baseUrl}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  beforeAll(async () => {
    server = await startProbeApp();
    admin = await createSignedInUser(server.dataSource, { roles: ['admin'] });
    supervisor = await createSignedInUser(server.dataSource, { roles: ['supervisor'] });
  });
  afterAll(async () => {
    await server.close();
  });

  it('lets an administrator create a key, shown once; the list never holds it, and the database only its hash', async () => {
    const created = await call('POST', '/api/api-keys', admin.headers, { name: 'PBX north', scopes: ['ingest'] });
    expect(created.status).toBe(201);
    const key = (await json(created)) as { id: string; key: string; keyPrefix: string; scopes: string[]; createdBy: string };
    expect(key).toMatchObject({ name: 'PBX north', scopes: ['ingest'], createdBy: admin.id, revokedAt: null, lastUsedAt: null, key: expect.stringMatching(/^cck_/) });
    expect(key.key.startsWith(key.keyPrefix)).toBe(true);

    const listed = await call('GET', '/api/api-keys', admin.headers);
    expect(listed.status).toBe(200);
    const text = await listed.text();
    expect(text).toContain(key.id);
    expect(text).not.toContain(key.key);
    const rows = await server.dataSource.query(`SELECT * FROM api_keys WHERE id = $1`, [key.id]);
    expect(JSON.stringify(rows)).not.toContain(key.key);

    const used = await call('POST', '/api/probe/contacts', { 'X-Api-Key': key.key });
    expect(used.status).toBe(201);
    expect(await json(used)).toMatchObject({ caller: { kind: 'api_key', id: key.id, name: 'PBX north', scopes: ['ingest'] } });
    const [{ last_used_at }] = await server.dataSource.query(`SELECT last_used_at FROM api_keys WHERE id = $1`, [key.id]);
    expect(last_used_at).not.toBeNull();

    const [audit] = await server.dataSource.query(`SELECT actor_id, target_id, details FROM audit_log WHERE action = 'api_key.created' AND target_id = $1`, [key.id]);
    expect(audit).toMatchObject({ actor_id: admin.id, target_id: key.id, details: { name: 'PBX north', scopes: ['ingest'] } });
    expect(JSON.stringify(audit)).not.toContain(key.key);
  });

  it('keeps an ingest key to routes marked for ingestion: it cannot read customers, queues or the audit log', async () => {
    const { headers } = await createApiKey(server.dataSource, { scopes: ['ingest'] });
    expect((await call('POST', '/api/probe/contacts', headers)).status).toBe(201);
    expect((await call('POST', '/api/probe/contacts-or-admin', headers)).status).toBe(201);
    for (const path of ['/api/customers', '/api/queues', '/api/audit', '/api/api-keys', '/api/users', '/api/auth/me']) {
      const response = await call('GET', path, headers);
      expect({ path, status: response.status }).toEqual({ path, status: 403 });
    }
    expect((await call('POST', '/api/api-keys', headers, { name: 'escalate', scopes: ['ingest'] })).status).toBe(403);
  });

  it('refuses a revoked key with 401 at once, audits the revocation, and revoking twice changes nothing', async () => {
    const created = (await json(await call('POST', '/api/api-keys', admin.headers, { name: 'IVR', scopes: ['ingest'] }))) as { id: string; key: string };
    expect((await call('POST', '/api/probe/contacts', { 'X-Api-Key': created.key })).status).toBe(201);

    expect((await call('DELETE', `/api/api-keys/${created.id}`, admin.headers)).status).toBe(204);
    const refused = await call('POST', '/api/probe/contacts', { 'X-Api-Key': created.key });
    expect(refused.status).toBe(401);
    expect(await json(refused)).toMatchObject({ code: 'UNAUTHENTICATED' });

    expect((await call('DELETE', `/api/api-keys/${created.id}`, admin.headers)).status).toBe(204);
    const revocations = await server.dataSource.query(`SELECT actor_id FROM audit_log WHERE action = 'api_key.revoked' AND target_id = $1`, [created.id]);
    expect(revocations).toEqual([{ actor_id: admin.id }]);
    const listed = (await json(await call('GET', '/api/api-keys', admin.headers))) as unknown as { id: string; revokedAt: string | null }[];
    expect(listed.find((key) => key.id === created.id)?.revokedAt).toEqual(expect.any(String));
    expect((await call('DELETE', '/api/api-keys/00000000-0000-4000-8000-000000000000', admin.headers)).status).toBe(404);
  });

  it('refuses unknown and malformed keys with 401', async () => {
    expect((await call('POST', '/api/probe/contacts', { 'X-Api-Key': 'cck_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' })).status).toBe(401);
    expect((await call('POST', '/api/probe/contacts', { 'X-Api-Key': "' OR 1=1 --" })).status).toBe(401);
    expect((await call('POST', '/api/probe/contacts', {})).status).toBe(401);
  });

  it('keeps key management to administrators and validates scopes', async () => {
    expect((await call('GET', '/api/api-keys', supervisor.headers)).status).toBe(403);
    expect((await call('POST', '/api/api-keys', supervisor.headers, { name: 'x', scopes: ['ingest'] })).status).toBe(403);
    const badScope = await call('POST', '/api/api-keys', admin.headers, { name: 'x', scopes: ['everything'] });
    expect(badScope.status).toBe(400);
    expect((await call('POST', '/api/api-keys', admin.headers, { name: 'x', scopes: [] })).status).toBe(400);
    // A signed-in user cannot use an ingestion-only route.
    expect((await call('POST', '/api/probe/contacts', admin.headers)).status).toBe(403);
  });
});

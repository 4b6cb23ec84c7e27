import { seedDemoCentre } from '../../../server/src/modules/demo/demo-seed';
import { startTestApp, TestApp } from '../../support/test-app';
import { call } from '../../factories/routing';
import { createApiKey, createSignedInUser } from '../../factories/users';

describe('platform: health, readiness, validation, OpenAPI and the demo centre', () => {
  let server: TestApp;

  beforeAll(async () => {
    server = await startTestApp();
    await seedDemoCentre(server.dataSource);
  });
  afterAll(async () => {
    await server.close();
  });

  /** Administrators read no customer: customers are read as a supervisor (made when needed). */
  let supervisor: Record<string, string> | undefined;
  const customerReader = async () => (supervisor ??= (await createSignedInUser(server.dataSource, { roles: ['supervisor'] })).headers);

  it('answers /health and /ready with the database up and every migration applied', async () => {
    const health = await fetch(`${server.baseUrl}/health`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${server.baseUrl}/ready`);
    expect(ready.status).toBe(200);
    const body = await ready.json();
    expect(body.details.database.status).toBe('up');
    expect(body.details.migrations).toMatchObject({ status: 'up', applied: server.dataSource.migrations.length });
  });

  it('reports not ready when a migration is pending', async () => {
    const [last] = await server.dataSource.query(`SELECT name FROM schema_migrations ORDER BY id DESC LIMIT 1`);
    await server.dataSource.query(`DELETE FROM schema_migrations WHERE name = $1`, [last.name]);
    try {
      const ready = await fetch(`${server.baseUrl}/ready`);
      expect(ready.status).toBe(503);
      expect((await ready.json()).error.migrations.status).toBe('down');
    } finally {
      await server.dataSource.query(`INSERT INTO schema_migrations (timestamp, name) VALUES ($1, $2)`, [Number(last.name.match(/\d+$/)?.[0] ?? 0), last.name]);
    }
  });

  it('seeds a demo centre across the value pyramid once, and never twice', async () => {
    // On a server of its own: this file's other tests read the demo centre seeded before them.
    const empty = await startTestApp();
    try {
      const { headers: emptyAdmin } = await createSignedInUser(empty.dataSource, { roles: ['admin'] });
      const first = await seedDemoCentre(empty.dataSource);
      expect(first).toMatchObject({ seeded: true, users: 17, customers: 200 });
      expect(first.purchases).toBeGreaterThan(first.customers);
      const second = await seedDemoCentre(empty.dataSource);
      expect(second.seeded).toBe(false);

      const queues = await (await fetch(`${empty.baseUrl}/api/queues`, { headers: emptyAdmin })).json();
      expect(queues.map((queue: { code: string }) => queue.code).sort()).toEqual(['billing', 'complaints', 'general', 'technical', 'vip']);
      const tiers = await empty.dataSource.query(`SELECT value_tier, count(*)::int AS count FROM customers GROUP BY value_tier`);
      expect(Object.fromEntries(tiers.map((row: { value_tier: string; count: number }) => [row.value_tier, row.count]))).toEqual({
        important: 2,
        secondary: 38,
        ordinary: 60,
        small: 100,
      });
      const [roles] = await empty.dataSource.query(
        `SELECT count(*) FILTER (WHERE 'agent' = ANY(roles))::int AS agents, count(*) FILTER (WHERE 'team_lead' = ANY(roles))::int AS leads,
                count(*) FILTER (WHERE 'supervisor' = ANY(roles))::int AS supervisors FROM users`,
      );
      expect(roles).toEqual({ agents: 14, leads: 2, supervisors: 2 });
    } finally {
      await empty.close();
    }
  });

  it('seeds believable customers: each name once, and every customer of a tier worth more than anyone in a lower tier', async () => {
    const [names] = await server.dataSource.query(`SELECT count(*)::int AS customers, count(DISTINCT name)::int AS names FROM customers`);
    expect(names).toEqual({ customers: 200, names: 200 });
    const worth = await server.dataSource.query(
      `SELECT value_tier, min(lifetime_value)::float AS least, max(lifetime_value)::float AS most FROM customers GROUP BY value_tier`,
    );
    const byTier = Object.fromEntries(worth.map((row: { value_tier: string; least: number; most: number }) => [row.value_tier, row]));
    expect(byTier.important.least).toBeGreaterThan(byTier.secondary.most);
    expect(byTier.secondary.least).toBeGreaterThan(byTier.ordinary.most);
    expect(byTier.ordinary.least).toBeGreaterThan(byTier.small.most);
  });

  it('filters customers by valueTier, the name of the field (tier still accepted), and rejects unknown or malformed query fields with field messages', async () => {
    const important = await (await fetch(`${server.baseUrl}/api/customers?valueTier=important`, { headers: await customerReader() })).json();
    expect(important.total).toBe(2);
    expect(important.items.every((customer: { valueTier: string }) => customer.valueTier === 'important')).toBe(true);
    const secondary = await (await fetch(`${server.baseUrl}/api/customers?tier=secondary&limit=200`, { headers: await customerReader() })).json();
    expect(secondary.total).toBe(38);
    expect(secondary.items.every((customer: { valueTier: string }) => customer.valueTier === 'secondary')).toBe(true);

    const bad = await fetch(`${server.baseUrl}/api/customers?valueTier=gold&limit=0&sort=name`, { headers: await customerReader() });
    expect(bad.status).toBe(400);
    const body = await bad.json();
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.fields.map((field: { field: string }) => field.field).sort()).toEqual(['limit', 'sort', 'valueTier']);

    const contradictory = await fetch(`${server.baseUrl}/api/customers?valueTier=important&tier=small`, { headers: await customerReader() });
    expect(contradictory.status).toBe(400);
    expect((await contradictory.json()).fields).toEqual([{ field: 'tier', messages: [expect.stringContaining('send valueTier only')] }]);
  });

  it('asks browsers to upgrade to HTTPS only when they came over TLS, so the console loads over plain HTTP from any address', async () => {
    const plain = await fetch(`${server.baseUrl}/health`);
    expect(plain.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(plain.headers.get('content-security-policy')).not.toContain('upgrade-insecure-requests');
    expect(plain.headers.get('cross-origin-opener-policy')).toBeNull();
    expect(plain.headers.get('strict-transport-security')).toBeNull();
    const behindTls = await fetch(`${server.baseUrl}/health`, { headers: { 'X-Forwarded-Proto': 'https' } });
    expect(behindTls.headers.get('content-security-policy')).toContain('upgrade-insecure-requests');
    expect(behindTls.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(behindTls.headers.get('strict-transport-security')).toContain('max-age=');
  });

  it('answers 404 naming an unknown customer and 400 for an id that is not a uuid', async () => {
    const missing = await fetch(`${server.baseUrl}/api/customers/00000000-0000-4000-8000-000000000000`, { headers: await customerReader() });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: 'CUSTOMER_NOT_FOUND', message: expect.stringContaining('00000000-0000-4000-8000-000000000000') });
    const malformed = await fetch(`${server.baseUrl}/api/customers/1%20OR%201=1`, { headers: await customerReader() });
    expect(malformed.status).toBe(400);
    expect(JSON.stringify(await malformed.json())).not.toMatch(/stack|SELECT|at \w+ \(/);
  });

  it('keeps a well-formed X-Request-Id and makes one otherwise', async () => {
    const kept = await fetch(`${server.baseUrl}/health`, { headers: { 'X-Request-Id': 'pbx-42.trace' } });
    expect(kept.headers.get('x-request-id')).toBe('pbx-42.trace');
    const made = await fetch(`${server.baseUrl}/health`, { headers: { 'X-Request-Id': 'bad id with spaces' } });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('publishes an OpenAPI document generated from the controllers', async () => {
    const response = await fetch(`${server.baseUrl}/api/docs-json`);
    expect(response.status).toBe(200);
    const document = await response.json();
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/health', '/ready', '/api/queues', '/api/customers', '/api/customers/{id}']));
    const html = await fetch(`${server.baseUrl}/api/docs`);
    expect(html.status).toBe(200);
  });
});

describe('platform: the demo centre out of the box', () => {
  let server: TestApp;

  beforeAll(async () => {
    // The environment a new user has: demo mode, no CENTRE_PHONE_REGION.
    server = await startTestApp({ seedDemo: true, env: { MODE: 'demo' } });
  });
  afterAll(async () => {
    await server.close();
  });

  it('finds a demo customer calling from their national number', async () => {
    const [customer] = await server.dataSource.query(`SELECT id, phone FROM customers WHERE phone = '+44 7700 900005'`);
    const pbx = await createApiKey(server.dataSource, { scopes: ['ingest'] });
    const answer = await call(server.baseUrl, 'POST', '/api/interactions', pbx.headers, { channel: 'voice', caller: { phone: '07700 900005' }, queue: 'general' });
    expect(answer.status).toBe(201);
    expect(answer.body.interaction.customerId).toBe(customer.id);
  });
});

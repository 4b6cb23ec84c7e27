import { CRM_BATCH_MAX_ROWS } from '@callcentre/shared';
import { createApiKey, createSignedInUser, type SignedInStaff } from '../../factories/users';
import { startTestApp, type TestApp } from '../../support/test-app';
import { send } from '../security/support';

/**
 * Customers and purchases sent by the business's own systems a batch at a time: idempotent by external id, all or
 * nothing, every bad row named, audited without the rows' data, open to administrators and `crm` keys only.
 */
describe('crm: customer and purchase batches', () => {
  let server: TestApp;
  let admin: SignedInStaff;
  let supervisor: SignedInStaff;
  let agent: SignedInStaff;
  let crmKey: Record<string, string>;
  let ingestKey: Record<string, string>;

  const post = (path: string, headers: Record<string, string>, body: unknown) => send(server.baseUrl, 'POST', path, { headers, body });
  const get = (path: string, headers: Record<string, string>) => send(server.baseUrl, 'GET', path, { headers });
  const tableCounts = async () => {
    const [row] = await server.dataSource.query(`SELECT (SELECT count(*) FROM customers)::int AS customers, (SELECT count(*) FROM customer_transactions)::int AS purchases`);
    return row as { customers: number; purchases: number };
  };

  beforeAll(async () => {
    server = await startTestApp();
    admin = await createSignedInUser(server.dataSource, { roles: ['admin'] });
    supervisor = await createSignedInUser(server.dataSource, { roles: ['supervisor'] });
    agent = await createSignedInUser(server.dataSource, { roles: ['agent'] });
    crmKey = (await createApiKey(server.dataSource, { name: 'CRM nightly', scopes: ['crm'] })).headers;
    ingestKey = (await createApiKey(server.dataSource, { name: 'PBX', scopes: ['ingest'] })).headers;
  });
  afterAll(async () => {
    await server.close();
  });

  const customers = [
    { externalId: 'CRM-1', name: 'Ada Lovelace', phone: '+44 20 7946 0101', email: 'Ada@Example.com', language: 'en', timeZone: 'Europe/London', birthday: '1990-12-10' },
    { externalId: 'CRM-2', name: 'Wong Ka Ming', language: 'zh-yue', timeZone: 'Asia/Hong_Kong' },
  ];
  const purchases = [
    { externalId: 'ORD-1', customerExternalId: 'CRM-1', occurredAt: '2026-03-01T14:30:00+08:00', amount: '120.50', product: 'Kettle', channel: 'web' },
    { externalId: 'ORD-2', customerExternalId: 'CRM-2', occurredAt: '2026-03-02T09:00:00Z', amount: '-20', product: 'Kettle refund' },
  ];

  it('creates customers and purchases, and the same call again updates them without adding any', async () => {
    const before = await tableCounts();
    const first = await post('/api/customers/batch', crmKey, { rows: customers });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ created: 2, updated: 0 });
    const again = await post('/api/customers/batch', crmKey, { rows: customers });
    expect(again.body).toEqual({ created: 0, updated: 2 });

    expect((await post('/api/transactions/batch', crmKey, { rows: purchases })).body).toEqual({ created: 2, updated: 0 });
    expect((await post('/api/transactions/batch', admin.headers, { rows: purchases })).body).toEqual({ created: 0, updated: 2 });
    expect(await tableCounts()).toEqual({ customers: before.customers + 2, purchases: before.purchases + 2 });

    const [ada] = await server.dataSource.query(`SELECT name, phone, email, language, time_zone, to_char(birthday, 'YYYY-MM-DD') AS birthday FROM customers WHERE external_id = 'CRM-1'`);
    expect(ada).toEqual({ name: 'Ada Lovelace', phone: '+44 20 7946 0101', email: 'ada@example.com', language: 'en', time_zone: 'Europe/London', birthday: '1990-12-10' });
    const stored = await server.dataSource.query(
      `SELECT t.external_id, c.external_id AS customer, t.occurred_at, t.amount::text AS amount, t.product, t.channel
         FROM customer_transactions t JOIN customers c ON c.id = t.customer_id ORDER BY t.external_id`,
    );
    expect(stored).toEqual([
      { external_id: 'ORD-1', customer: 'CRM-1', occurred_at: new Date('2026-03-01T06:30:00Z'), amount: '120.50', product: 'Kettle', channel: 'web' },
      { external_id: 'ORD-2', customer: 'CRM-2', occurred_at: new Date('2026-03-02T09:00:00Z'), amount: '-20.00', product: 'Kettle refund', channel: null },
    ]);
  });

  it('updates only what a row sends: a field left out keeps its value, an empty one is cleared', async () => {
    expect((await post('/api/customers/batch', crmKey, { rows: [{ externalId: 'CRM-1', name: 'Ada King', email: '' }] })).body).toEqual({ created: 0, updated: 1 });
    const [ada] = await server.dataSource.query(`SELECT name, phone, email, time_zone FROM customers WHERE external_id = 'CRM-1'`);
    expect(ada).toEqual({ name: 'Ada King', phone: '+44 20 7946 0101', email: null, time_zone: 'Europe/London' });
  });

  it('refuses a whole call with any bad row, naming every bad row, and writes nothing', async () => {
    const before = await tableCounts();
    const refused = await post('/api/customers/batch', crmKey, {
      rows: [
        { externalId: 'NEW-1', name: 'Fine' },
        { externalId: 'NEW-2', name: '' },
        { externalId: 'NEW-3', name: 'Zoned', timeZone: 'Mars/Olympus' },
        { externalId: 'NEW-4', name: 'Born', birthday: '2023-02-29' },
        { externalId: 'NEW-1', name: 'Twice' },
        { externalId: 'NEW-5', name: 'Taken', phone: '+44 20 7946 0101' },
      ],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('BATCH_REFUSED');
    expect(refused.body.details.rows.map((row: { row: number; field: string }) => `${row.row}:${row.field}`)).toEqual(['1:name', '2:timeZone', '3:birthday', '4:externalId', '5:phone']);
    expect(refused.body.details.rows[4]).toEqual({ row: 5, field: 'phone', message: 'another customer already has this phone' });

    const purchasesRefused = await post('/api/transactions/batch', crmKey, {
      rows: [
        { externalId: 'ORD-9', customerExternalId: 'CRM-1', occurredAt: '2026-03-01T14:30:00', amount: '10' },
        { externalId: 'ORD-10', customerExternalId: 'CRM-1', occurredAt: '2026-03-01T14:30:00Z', amount: 10.5 },
        { externalId: 'ORD-11', customerExternalId: 'CRM-1', occurredAt: '2026-03-01T14:30:00Z', amount: '10.505' },
        { externalId: 'ORD-12', customerExternalId: 'CRM-1', occurredAt: '2026-03-01T14:30:00Z', amount: '10.50' },
        { externalId: 'ORD-13', customerExternalId: 'NOBODY', occurredAt: '2026-03-01T14:30:00Z', amount: '1' },
      ],
    });
    expect(purchasesRefused.status).toBe(400);
    expect(purchasesRefused.body.details.rows.map((row: { row: number; field: string }) => `${row.row}:${row.field}`)).toEqual(['0:occurredAt', '1:amount', '2:amount', '4:customerExternalId']);
    expect(purchasesRefused.body.details.rows[3]).toEqual({ row: 4, field: 'customerExternalId', message: "no customer has externalId 'NOBODY'" });
    expect(await tableCounts()).toEqual(before);
  });

  it(`takes ${CRM_BATCH_MAX_ROWS.toLocaleString('en')} rows in one call and refuses one more`, async () => {
    const rows = Array.from({ length: CRM_BATCH_MAX_ROWS + 1 }, (_, index) => ({ externalId: `BULK-${index}`, name: `Bulk customer ${index}`, timeZone: 'Asia/Shanghai' }));
    const before = await tableCounts();
    const tooMany = await post('/api/customers/batch', crmKey, { rows });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.fields).toEqual([{ field: 'rows', messages: [`rows must hold at most ${CRM_BATCH_MAX_ROWS} rows a call; send more in further calls`] }]);
    expect(await tableCounts()).toEqual(before);

    const full = await post('/api/customers/batch', crmKey, { rows: rows.slice(0, CRM_BATCH_MAX_ROWS) });
    expect(full.status).toBe(200);
    expect(full.body).toEqual({ created: CRM_BATCH_MAX_ROWS, updated: 0 });
    expect((await tableCounts()).customers).toBe(before.customers + CRM_BATCH_MAX_ROWS);
  });

  it('writes one audit entry per call with its counts and none of its rows', async () => {
    const entries = await server.dataSource.query(`SELECT actor_kind, actor_name, action, details FROM audit_log WHERE action IN ('customer.batch_merged', 'transaction.batch_merged') ORDER BY id`);
    expect(entries.slice(0, 4)).toEqual([
      { actor_kind: 'api_key', actor_name: 'CRM nightly', action: 'customer.batch_merged', details: { rows: 2, created: 2, updated: 0 } },
      { actor_kind: 'api_key', actor_name: 'CRM nightly', action: 'customer.batch_merged', details: { rows: 2, created: 0, updated: 2 } },
      { actor_kind: 'api_key', actor_name: 'CRM nightly', action: 'transaction.batch_merged', details: { rows: 2, created: 2, updated: 0 } },
      { actor_kind: 'user', actor_name: admin.username, action: 'transaction.batch_merged', details: { rows: 2, created: 0, updated: 2 } },
    ]);
    expect(JSON.stringify(entries)).not.toContain('Lovelace');
  });

  it('lets administrators and crm keys in, and nobody else', async () => {
    const row = { rows: [{ externalId: 'ACCESS-1', name: 'Door' }] };
    expect((await post('/api/customers/batch', agent.headers, row)).status).toBe(403);
    expect((await post('/api/customers/batch', supervisor.headers, row)).status).toBe(403);
    expect((await post('/api/customers/batch', ingestKey, row)).status).toBe(403);
    expect((await post('/api/customers/batch', {}, row)).status).toBe(401);
    expect((await post('/api/transactions/batch', ingestKey, { rows: purchases })).status).toBe(403);
    expect((await post('/api/customers/batch', crmKey, row)).status).toBe(200);
    expect((await post('/api/customers/batch', admin.headers, row)).status).toBe(200);
  });

  it('finds a customer by external id within what the reader may see', async () => {
    const found = await get('/api/customers?externalId=CRM-2', supervisor.headers);
    expect(found.status).toBe(200);
    expect(found.body.total).toBe(1);
    expect(found.body.items[0]).toMatchObject({ externalId: 'CRM-2', name: 'Wong Ka Ming', timeZone: 'Asia/Hong_Kong', language: 'zh-yue' });
    expect((await get('/api/customers?externalId=NOBODY', supervisor.headers)).body).toEqual({ items: [], total: 0 });
    // An agent reads only the customers of their own contacts: this one is not theirs.
    expect((await get('/api/customers?externalId=CRM-2', agent.headers)).body).toEqual({ items: [], total: 0 });
    expect((await get(`/api/customers?externalId=${'x'.repeat(65)}`, supervisor.headers)).status).toBe(400);
  });
});

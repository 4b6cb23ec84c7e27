import { call } from '../../factories/routing';
import { createApiKey, createSignedInUser } from '../../factories/users';
import { startTestApp, TestApp } from '../../support/test-app';

/** Callers are found by their number whatever its format: a key customer never loses their place to a space. */
describe('caller lookup by phone number', () => {
  let server: TestApp;
  let pbx: { headers: Record<string, string> };
  const customers: Record<string, string> = {};

  beforeAll(async () => {
    server = await startTestApp({ seedDemo: true, env: { CENTRE_PHONE_REGION: 'GB' } });
    pbx = await createApiKey(server.dataSource, { scopes: ['ingest'] });
    for (const [name, phone, tier] of [
      ['Spaced', '+44 7911 123456', 'important'],
      ['National', '020 7946 0001', 'secondary'],
      ['Exact twin', '+447911000777', 'small'],
      ['Spaced twin', '+44 7911 000777', 'important'],
    ]) {
      const [row] = await server.dataSource.query(`INSERT INTO customers (name, phone, value_tier) VALUES ($1, $2, $3) RETURNING id`, [name, phone, tier]);
      customers[name] = row.id;
    }
  });

  afterAll(async () => {
    await server.close();
  });

  const arrive = async (phone: string) => {
    const answer = await call(server.baseUrl, 'POST', '/api/interactions', pbx.headers, { channel: 'voice', caller: { phone }, queue: 'billing' });
    expect(answer.status).toBe(201);
    return answer.body.interaction as { customerId: string | null; valueTier: string };
  };

  it.each([
    ['+447911123456', 'Spaced'],
    ['+44 7911 123-456', 'Spaced'],
    ['07911 123456', 'Spaced'],
    ['+44 20 7946 0001', 'National'],
    ['02079460001', 'National'],
  ])('finds %s as %s', async (phone, name) => {
    const contact = await arrive(phone);
    expect(contact.customerId).toBe(customers[name]);
  });

  it('prefers the customer whose number is written exactly as the PBX sends it', async () => {
    expect((await arrive('+447911000777')).customerId).toBe(customers['Exact twin']);
    expect((await arrive('+44 7911 000777')).customerId).toBe(customers['Spaced twin']);
  });

  it('gives the customer their value tier, and an unknown number none', async () => {
    expect(await arrive('+44 7911 123456')).toMatchObject({ customerId: customers.Spaced, valueTier: 'important' });
    expect(await arrive('+44 7911 999999')).toMatchObject({ customerId: null, valueTier: 'ordinary' });
  });

  it('finds customers by the digits of their number in the customer search', async () => {
    const supervisor = await createSignedInUser(server.dataSource, { roles: ['supervisor'] });
    const found = await call(server.baseUrl, 'GET', '/api/customers?search=7911123456', { authorization: `Bearer ${supervisor.accessToken}` });
    expect(found.status).toBe(200);
    expect(found.body.items.map((customer: { id: string }) => customer.id)).toEqual([customers.Spaced]);
  });
});

describe('caller lookup without a configured region', () => {
  let server: TestApp;

  afterAll(async () => {
    await server.close();
  });

  it('reads international numbers in any format, and a national one only when written as stored', async () => {
    // Demo mode reads national numbers as British like its customers'; production has no region until one is set.
    server = await startTestApp({ seedDemo: true, env: { MODE: 'production' } });
    const pbx = await createApiKey(server.dataSource, { scopes: ['ingest'] });
    const [customer] = await server.dataSource.query(`INSERT INTO customers (name, phone) VALUES ('Spaced', '+44 7911 123456') RETURNING id`);
    const arrive = async (phone: string) =>
      (await call(server.baseUrl, 'POST', '/api/interactions', pbx.headers, { channel: 'voice', caller: { phone }, queue: 'billing' })).body.interaction.customerId;
    expect(await arrive('+447911123456')).toBe(customer.id);
    // "07911 123456" could be a number of any country: without CENTRE_PHONE_REGION it is not guessed.
    expect(await arrive('07911 123456')).toBeNull();
  });
});

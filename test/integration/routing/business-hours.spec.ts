import { call, signInAs } from '../../factories/routing';
import { createApiKey } from '../../factories/users';
import { startTestApp, TestApp } from '../../support/test-app';

/** Outside a queue's opening hours a caller gets a callback and a chat becomes a ticket, instead of a wait. */
describe('business hours', () => {
  let server: TestApp;
  let pbx: { headers: Record<string, string> };

  beforeAll(async () => {
    server = await startTestApp({ seedDemo: true });
    pbx = await createApiKey(server.dataSource, { scopes: ['ingest'] });
    const admin = await signInAs(server.dataSource, 'admin');
    const everyDay = Object.fromEntries(['1', '2', '3', '4', '5', '6', '7'].map((day) => [day, [{ from: '00:00', to: '24:00' }]]));
    for (const [code, days] of [
      ['closed', {}],
      ['open', everyDay],
    ] as const) {
      const created = await call(server.baseUrl, 'POST', '/api/queues', admin.headers, { code, name: code, skills: [], businessHours: { timeZone: 'UTC', days } });
      expect(created.status).toBe(201);
    }
  });

  afterAll(async () => {
    await server.close();
  });

  const arrive = (queue: string, channel: string) => call(server.baseUrl, 'POST', '/api/interactions', pbx.headers, { channel, caller: {}, queue });

  it.each([
    ['voice', 'voice', true],
    ['chat', 'ticket', false],
    ['email', 'email', false],
  ])('a %s contact to a closed queue arrives as %s (callback %s)', async (channel, becomes, callback) => {
    const answer = await arrive('closed', channel);
    expect(answer.status).toBe(201);
    expect(answer.body.interaction).toMatchObject({ channel: becomes, callback });
    const [row] = await server.dataSource.query(`SELECT channel, callback, status FROM interactions WHERE id = $1`, [answer.body.interaction.id]);
    expect(row).toEqual({ channel: becomes, callback, status: 'waiting' });
  });

  it('refuses hours that end after midnight or are not clock times, naming the field', async () => {
    const admin = await signInAs(server.dataSource, 'admin');
    for (const interval of [{ from: '09:00', to: '24:01' }, { from: '24:00', to: '24:00' }, { from: '9am', to: '5pm' }]) {
      const refused = await call(server.baseUrl, 'POST', '/api/queues', admin.headers, { code: 'odd-hours', name: 'Odd', skills: [], businessHours: { timeZone: 'UTC', days: { '1': [interval] } } });
      expect({ interval, status: refused.status, code: refused.body.code }).toEqual({ interval, status: 400, code: 'INVALID_BUSINESS_HOURS' });
    }
  });

  it.each(['voice', 'chat', 'email'])('a %s contact to an open queue waits as it came', async (channel) => {
    const answer = await arrive('open', channel);
    expect(answer.status).toBe(201);
    expect(answer.body.interaction).toMatchObject({ channel, callback: false });
  });
});

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
    const everyDay = Object.fromEntries(['1', '2', '3', '4', '5', '6', '7'].map((day) => [day, [{ from: '00:00', to: '23:59' }]]));
    // Open all day but the last minute, in a zone whose last minute is not now.
    const lastMinuteInUtc = new Date().getUTCHours() === 23 && new Date().getUTCMinutes() >= 58;
    const timeZone = lastMinuteInUtc ? 'Asia/Tokyo' : 'UTC';
    for (const [code, days] of [
      ['closed', {}],
      ['open', everyDay],
    ] as const) {
      const created = await call(server.baseUrl, 'POST', '/api/queues', admin.headers, { code, name: code, skills: [], businessHours: { timeZone, days } });
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

  it.each(['voice', 'chat', 'email'])('a %s contact to an open queue waits as it came', async (channel) => {
    const answer = await arrive('open', channel);
    expect(answer.status).toBe(201);
    expect(answer.body.interaction).toMatchObject({ channel, callback: false });
  });
});

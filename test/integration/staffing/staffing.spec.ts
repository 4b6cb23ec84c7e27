import { randomUUID } from 'node:crypto';
import { erlangAAgentsNeeded, erlangCAgentsNeeded } from '@callcentre/shared';
import { call, DemoStaff, queueId, signInAs } from '../../factories/routing';
import { createApiKey, createSignedInUser } from '../../factories/users';
import { startTestApp, TestApp } from '../../support/test-app';

describe('GET /api/staffing', () => {
  let server: TestApp;
  let supervisor: DemoStaff;
  let pbx: { headers: Record<string, string> };
  const get = (query: string, headers: Record<string, string> = supervisor.headers) => call(server.baseUrl, 'GET', `/api/staffing?${query}`, headers);

  beforeAll(async () => {
    server = await startTestApp({ seedDemo: true });
    supervisor = await signInAs(server.dataSource, 'sophie');
    pbx = await createApiKey(server.dataSource, { scopes: ['ingest'] });
  });
  afterAll(async () => {
    await server.close();
  });

  it('answers how many agents 80/20 needs at a forecast, with the figures around that count (Erlang C)', async () => {
    const response = await get('arrivalsPerHour=360&ahtSeconds=180&targetPercent=80&thresholdSeconds=20');
    expect(response.status).toBe(200);
    const expected = erlangCAgentsNeeded({ arrivalRatePerHour: 360, ahtSeconds: 180, targetServiceLevel: 0.8, serviceLevelThresholdSeconds: 20 });
    expect(response.body).toMatchObject({
      model: 'erlang_c',
      forecast: { arrivalsPerHour: 360, ahtSeconds: 180, targetPercent: 80, thresholdSeconds: 20, patienceSeconds: null, arrivalsSource: 'request', ahtSource: 'request' },
      live: null,
      trafficErlangs: 18,
      requiredAgents: expected.agents,
      atRequired: { agents: expected.agents, meetsTarget: true, abandonRate: 0 },
    });
    expect(response.body.atRequired.serviceLevel).toBeCloseTo(expected.serviceLevel, 12);
    expect(response.body.atRequired.asaSeconds).toBeCloseTo(expected.asaSeconds, 12);
    const table = response.body.table as Array<{ agents: number; meetsTarget: boolean; serviceLevel: number; asaSeconds: number | null }>;
    expect(table.map((row) => row.agents)).toEqual([-2, -1, 0, 1, 2, 3].map((d) => expected.agents + d));
    expect(table.map((row) => row.meetsTarget)).toEqual([false, false, true, true, true, true]);
    for (let i = 1; i < table.length; i++) expect(table[i].serviceLevel).toBeGreaterThan(table[i - 1].serviceLevel);
  });

  it('sizes with Erlang A when callers hang up, and defaults to 80/20', async () => {
    const response = await get('arrivalsPerHour=360&ahtSeconds=100&patienceSeconds=60');
    expect(response.status).toBe(200);
    const expected = erlangAAgentsNeeded({ arrivalRatePerHour: 360, ahtSeconds: 100, patienceSeconds: 60, targetServiceLevel: 0.8, serviceLevelThresholdSeconds: 20 });
    expect(response.body).toMatchObject({ model: 'erlang_a', requiredAgents: expected.agents, forecast: { targetPercent: 80, thresholdSeconds: 20, patienceSeconds: 60 } });
    expect(response.body.atRequired.abandonRate).toBeCloseTo(expected.abandonRate, 12);
    // With no agents at all nobody is answered: the ASA is unbounded and shows as null.
    const none = await get('arrivalsPerHour=10&ahtSeconds=60&targetPercent=50');
    expect(none.body.table[0]).toMatchObject({ agents: 0, asaSeconds: null, serviceLevel: 0 });
  });

  it.each([
    ['ahtSeconds=180', 'arrivalsPerHour'],
    ['arrivalsPerHour=100', 'ahtSeconds'],
    ['arrivalsPerHour=-1&ahtSeconds=180', 'arrivalsPerHour'],
    ['arrivalsPerHour=many&ahtSeconds=180', 'arrivalsPerHour'],
    ['arrivalsPerHour=100&ahtSeconds=0', 'ahtSeconds'],
    ['arrivalsPerHour=100&ahtSeconds=180&targetPercent=100', 'targetPercent'],
    ['arrivalsPerHour=100&ahtSeconds=180&thresholdSeconds=-5', 'thresholdSeconds'],
    ['arrivalsPerHour=100&ahtSeconds=180&patienceSeconds=0', 'patienceSeconds'],
    ['arrivalsPerHour=100&ahtSeconds=180&queueId=general', 'queueId'],
    ['arrivalsPerHour=100&ahtSeconds=180&agents=12', 'agents'],
  ])('refuses %s with a 400 naming %s', async (query, field) => {
    const response = await get(query);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.fields.map((f: { field: string }) => f.field)).toContain(field);
    expect(JSON.stringify(response.body)).not.toMatch(/stack|SELECT/i);
  });

  it('refuses a forecast too large to size and an unknown queue', async () => {
    const large = await get('arrivalsPerHour=100000&ahtSeconds=3600');
    expect(large.status).toBe(400);
    expect(large.body).toMatchObject({ code: 'FORECAST_TOO_LARGE', details: { trafficErlangs: 100000 } });
    const unknown = await get('queueId=00000000-0000-4000-8000-000000000000');
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('QUEUE_NOT_FOUND');
  });

  it('is for supervisors, team leads and administrators', async () => {
    const query = 'arrivalsPerHour=100&ahtSeconds=180';
    expect((await call(server.baseUrl, 'GET', `/api/staffing?${query}`, {})).status).toBe(401);
    const agent = await createSignedInUser(server.dataSource, { roles: ['agent'] });
    expect((await get(query, agent.headers)).status).toBe(403);
    expect((await get(query, pbx.headers)).status).toBe(403);
    for (const username of ['grace', 'admin', 'wang.lei']) {
      const staff = await signInAs(server.dataSource, username);
      expect((await get(query, staff.headers)).status).toBe(200);
    }
  });

  it("feeds a queue's live arrivals and AHT of the last 60 minutes in, and its own target", async () => {
    const billing = await queueId(server.dataSource, 'billing');
    const [queue] = await server.dataSource.query(`SELECT service_level_percent, service_level_seconds FROM queues WHERE id = $1`, [billing]);
    // Nothing completed yet: the AHT is unknown, so it must be given.
    const unknownAht = await get(`queueId=${billing}`);
    expect(unknownAht.status).toBe(422);
    expect(unknownAht.body).toMatchObject({ code: 'NO_LIVE_HANDLE_TIME', details: { queueId: billing, windowMinutes: 60 } });
    expect(unknownAht.body.message).toContain('handle time is unknown');

    // Three contacts arrive through the ingestion API (the routing journal records them) ...
    for (let i = 0; i < 3; i++) {
      const created = await call(server.baseUrl, 'POST', '/api/interactions', pbx.headers, { channel: 'voice', caller: {}, queue: 'billing' });
      expect(created.status).toBe(201);
    }
    // ... and two completed earlier in the hour, one more before the window (not counted), as routing journals them.
    const journal = async (minutesAgo: number, type: string, payload: Record<string, unknown>) => {
      const at = Date.now() - minutesAgo * 60_000;
      const contactId = randomUUID();
      await server.dataSource.query(`INSERT INTO routing_events (at, type, queue_id, payload) VALUES ($1, $2, $3, $4)`, [
        new Date(at).toISOString(),
        type,
        billing,
        JSON.stringify({ type, at, contactId, queueId: billing, channel: 'voice', ...payload }),
      ]);
    };
    await journal(30, 'contact.completed', { talkSeconds: 200, wrapUpSeconds: 40, handleSeconds: 240 });
    await journal(10, 'contact.completed', { talkSeconds: 90, wrapUpSeconds: 30, handleSeconds: 120 });
    await journal(70, 'contact.completed', { talkSeconds: 900, wrapUpSeconds: 0, handleSeconds: 900 });
    await journal(70, 'contact.queued', { reason: 'arrival' });

    const live = await get(`queueId=${billing}`);
    expect(live.status).toBe(200);
    expect(live.body).toMatchObject({
      forecast: { arrivalsPerHour: 3, ahtSeconds: 180, targetPercent: queue.service_level_percent, thresholdSeconds: queue.service_level_seconds, arrivalsSource: 'live', ahtSource: 'live' },
      live: { queueId: billing, windowMinutes: 60, offered: 3, completed: 2, ahtSeconds: 180 },
    });
    expect(live.body.trafficErlangs).toBeCloseTo(0.15, 12);
    expect(live.body.requiredAgents).toBeGreaterThanOrEqual(1);

    // What the request gives wins over the live figures; the rest still comes from the queue.
    const mixed = await get(`queueId=${billing}&arrivalsPerHour=120&targetPercent=90&thresholdSeconds=15`);
    expect(mixed.body.forecast).toMatchObject({ arrivalsPerHour: 120, ahtSeconds: 180, targetPercent: 90, thresholdSeconds: 15, arrivalsSource: 'request', ahtSource: 'live' });
    expect(mixed.body.requiredAgents).toBe(
      erlangCAgentsNeeded({ arrivalRatePerHour: 120, ahtSeconds: 180, targetServiceLevel: 0.9, serviceLevelThresholdSeconds: 15 }).agents,
    );
  });
});

import { call, DemoStaff, signInAs } from '../../factories/routing';
import { createApiKey } from '../../factories/users';
import { startTestApp, TestApp } from '../../support/test-app';

/** The agent's day on the supervisor's floor: states over the day, the contacts taken, handle times, satisfaction. */
describe("an agent's day", () => {
  let server: TestApp;
  let supervisor: DemoStaff;
  let lead: DemoStaff;
  let otherLead: DemoStaff;
  let admin: DemoStaff;
  let amy: DemoStaff;
  let pbx: { headers: Record<string, string> };

  beforeAll(async () => {
    server = await startTestApp({ seedDemo: true });
    supervisor = await signInAs(server.dataSource, 'sophie');
    lead = await signInAs(server.dataSource, 'grace');
    otherLead = await signInAs(server.dataSource, 'daniel');
    admin = await signInAs(server.dataSource, 'admin');
    amy = await signInAs(server.dataSource, 'amy');
    pbx = await createApiKey(server.dataSource, { scopes: ['ingest'] });
  });
  afterAll(async () => {
    await server.close();
  });

  it('lists the states of the day in order, the contact taken with its handle time, and seconds per state', async () => {
    expect((await call(server.baseUrl, 'PUT', '/api/agents/me/state', amy.headers, { state: 'available' })).status).toBe(200);
    const created = await call(server.baseUrl, 'POST', '/api/interactions', pbx.headers, { channel: 'chat', caller: {}, queue: 'general', language: 'en' });
    const id = created.body.interaction.id;
    // Offered as routing commits the arrival: read until it rings (or give up after five seconds).
    let offered = (await call(server.baseUrl, 'GET', `/api/interactions/${id}`, supervisor.headers)).body;
    for (const started = Date.now(); offered.status !== 'offered' && Date.now() - started < 5_000; ) {
      await new Promise((done) => setTimeout(done, 25));
      offered = (await call(server.baseUrl, 'GET', `/api/interactions/${id}`, supervisor.headers)).body;
    }
    expect(offered).toMatchObject({ status: 'offered', agentId: amy.id });
    const accepted = await call(server.baseUrl, 'POST', `/api/interactions/${id}/accept`, amy.headers, { offerId: offered.offer.offerId });
    expect({ status: accepted.status, body: accepted.status === 200 ? null : accepted.body }).toEqual({ status: 200, body: null });
    expect((await call(server.baseUrl, 'POST', `/api/interactions/${id}/end`, amy.headers)).status).toBe(200);
    expect((await call(server.baseUrl, 'POST', `/api/interactions/${id}/wrap-up`, amy.headers, { disposition: 'resolved' })).status).toBe(200);

    const day = await call(server.baseUrl, 'GET', `/api/agents/${amy.id}/day`, supervisor.headers);
    expect(day.status).toBe(200);
    const states: string[] = day.body.states.map((span: { state: string }) => span.state);
    expect(states.slice(-5)).toEqual(['available', 'reserved', 'busy', 'wrap_up', 'available']);
    for (let i = 1; i < day.body.states.length; i++) expect(day.body.states[i].from).toBe(day.body.states[i - 1].to);
    expect(day.body.states[0].from).toBe(day.body.from);
    expect(day.body.contacts).toEqual([expect.objectContaining({ id, channel: 'chat', queueName: 'General', status: 'completed', disposition: 'resolved', satisfaction: null })]);
    expect(day.body.contacts[0].handleSeconds).toBeGreaterThanOrEqual(0);
    expect(day.body.handled).toBe(1);
    const total = Object.values(day.body.secondsByState as Record<string, number>).reduce((sum, value) => sum + value, 0);
    expect(total * 1000).toBeCloseTo(day.body.states[day.body.states.length - 1].to - day.body.from, -1);
    expect(day.body.satisfaction).toEqual({ answered: 0, average: null });
  });

  it("shows a team lead their own team's agents only, and nobody but supervisors and team leads", async () => {
    expect((await call(server.baseUrl, 'GET', `/api/agents/${amy.id}/day`, lead.headers)).status).toBe(200);
    const other = await call(server.baseUrl, 'GET', `/api/agents/${amy.id}/day`, otherLead.headers);
    expect({ status: other.status, code: other.body.code }).toEqual({ status: 403, code: 'NOT_YOUR_TEAM' });
    expect((await call(server.baseUrl, 'GET', `/api/agents/${amy.id}/day`, admin.headers)).status).toBe(403);
    expect((await call(server.baseUrl, 'GET', `/api/agents/${amy.id}/day`, amy.headers)).status).toBe(403);
    expect((await call(server.baseUrl, 'GET', `/api/agents/00000000-0000-4000-8000-000000000000/day`, supervisor.headers)).status).toBe(404);
  });
});

import { RealtimeService } from '../../../server/src/modules/realtime/realtime.service';
import { startTestApp, TestApp } from '../../support/test-app';
import { api, connect, expectGapFreeSeq, ofEvent, receivedBeforeMarker, refusedConnection, staff, Staff } from './support';

describe('realtime handshake: session, origin and rooms by role', () => {
  let server: TestApp;
  let amy: Staff;
  let sophie: Staff;
  let grace: Staff;

  beforeAll(async () => {
    server = await startTestApp({ seedDemo: true, env: { CORS_ORIGINS: 'https://console.example.com' } });
    amy = await staff(server.dataSource, 'amy');
    sophie = await staff(server.dataSource, 'sophie');
    grace = await staff(server.dataSource, 'grace');
  });
  afterAll(async () => {
    await server.close();
  });

  it('refuses a handshake without a token, with a malformed one and with an unknown one', async () => {
    for (const token of [undefined, 'not-a-token', `cca_${'A'.repeat(43)}`]) {
      const error = await refusedConnection(server.baseUrl, { token });
      expect(error.message).toMatch(/sign in/i);
      expect(error.data?.code).toBe('UNAUTHENTICATED');
    }
  });

  it('refuses a page from another site even with a valid session, on both transports', async () => {
    for (const transports of [['websocket'], ['polling']] as const) {
      const error = await refusedConnection(server.baseUrl, { token: amy.accessToken, origin: 'https://evil.example', transports: [...transports] });
      expect(error).toBeInstanceOf(Error);
    }
    const cookieRide = await refusedConnection(server.baseUrl, { cookie: `cc_session=${amy.accessToken}`, origin: 'https://evil.example' });
    expect(cookieRide).toBeInstanceOf(Error);
  });

  it('accepts the same origin, a listed origin, the session cookie and a plain client', async () => {
    const host = new URL(server.baseUrl).host;
    const sameOrigin = await connect(server.baseUrl, { token: amy.accessToken, origin: `http://${host}` });
    const listed = await connect(server.baseUrl, { token: amy.accessToken, origin: 'https://console.example.com', transports: ['polling'] });
    const cookie = await connect(server.baseUrl, { cookie: `cc_session=${amy.accessToken}`, origin: `http://${host}` });
    try {
      for (const client of [sameOrigin, listed, cookie]) {
        expect(client.snapshot.me).toMatchObject({ id: amy.id, username: 'amy', roles: ['agent'] });
        expect(client.snapshot.desk?.agent).toMatchObject({ id: amy.id, state: 'offline' });
        expect(client.snapshot.wallboard).toBeNull();
      }
    } finally {
      for (const client of [sameOrigin, listed, cookie]) client.close();
    }
  });

  it('answers a CORS preflight only for listed origins', async () => {
    const listed = await fetch(`${server.baseUrl}/socket.io/?EIO=4&transport=polling`, { method: 'OPTIONS', headers: { origin: 'https://console.example.com' } });
    expect(listed.status).toBe(204);
    expect(listed.headers.get('access-control-allow-origin')).toBe('https://console.example.com');
    const foreign = await fetch(`${server.baseUrl}/socket.io/?EIO=4&transport=polling`, { method: 'GET', headers: { origin: 'https://evil.example' } });
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('gives each role its part: a desk to agents, the wallboard to supervisors, both to a team lead who also takes calls', async () => {
    const supervisor = await connect(server.baseUrl, { token: sophie.accessToken });
    const teamLead = await connect(server.baseUrl, { token: grace.accessToken });
    try {
      expect(supervisor.snapshot.desk).toBeNull();
      expect(supervisor.snapshot.wallboard?.agents.map((agent) => agent.username)).toEqual(expect.arrayContaining(['amy', 'grace', 'ivan']));
      expect(supervisor.snapshot.wallboard?.queues.map((queue) => queue.code).sort()).toEqual(['billing', 'complaints', 'general', 'technical', 'vip']);
      expect(supervisor.snapshot.wallboard?.definitions.asaSeconds.label['zh-Hans']).toBe('平均应答速度');
      expect(teamLead.snapshot.desk?.agent?.id).toBe(grace.id);
      expect(teamLead.snapshot.wallboard).not.toBeNull();
      expect(supervisor.snapshot.epoch).toBe(teamLead.snapshot.epoch);
      expect(supervisor.snapshot.seq).toBe(0);
    } finally {
      supervisor.close();
      teamLead.close();
    }
  });

  it('lets other modules push to one person or one role, numbered in each connection’s sequence', async () => {
    const agent = await connect(server.baseUrl, { token: amy.accessToken });
    const agentTab = await connect(server.baseUrl, { token: amy.accessToken });
    const supervisor = await connect(server.baseUrl, { token: sophie.accessToken });
    const teamLead = await connect(server.baseUrl, { token: grace.accessToken });
    try {
      const realtime = server.app.get(RealtimeService);
      expect(realtime.toUser(amy.id, 'complaint:update', { complaintId: 'CMP-1', step: 'calm' })).toBe(2);
      const alert = { id: 'complaint-escalated:CMP-1', kind: 'complaint_escalated', severity: 'warning' as const, at: Date.now(), message: 'Complaint CMP-1 was escalated', complaintId: 'CMP-1', acknowledged: null };
      expect(realtime.toRole('team_lead', 'alert', alert)).toBe(1);
      for (const tab of [agent, agentTab]) {
        const update = await tab.next('complaint:update');
        // Other pushes may come first on a busy machine; the numbering is checked gap-free below.
        expect(update).toMatchObject({ epoch: tab.snapshot.epoch, seq: expect.any(Number), data: { complaintId: 'CMP-1', step: 'calm' } });
      }
      expect((await teamLead.next('alert')).data).toEqual(alert);
      expect(ofEvent(await receivedBeforeMarker(supervisor), 'alert')).toHaveLength(0);
      expect(ofEvent(await receivedBeforeMarker(teamLead), 'complaint:update')).toHaveLength(0);
      for (const client of [agent, agentTab, teamLead]) expectGapFreeSeq(client);
    } finally {
      for (const client of [agent, agentTab, supervisor, teamLead]) client.close();
    }
  });

  it('validates commands: unknown fields, wrong types, oversize payloads and roles the REST route refuses', async () => {
    const agent = await connect(server.baseUrl, { token: amy.accessToken });
    const supervisor = await connect(server.baseUrl, { token: sophie.accessToken });
    try {
      const unknown = await agent.command('agent:state', { state: 'available', mood: 'great' });
      expect(unknown).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', fields: [{ field: 'mood' }] } });
      const badState = await agent.command('agent:state', { state: 'asleep' });
      expect(badState).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', fields: [{ field: 'state' }] } });
      const noReason = await agent.command('agent:state', { state: 'not_ready' });
      expect(noReason).toMatchObject({ ok: false, error: { code: 'REASON_REQUIRED' } });
      const notAnObject = await agent.command('offer:accept', 'accept it');
      expect(notAnObject).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
      const badId = await agent.command('offer:accept', { interactionId: '1 OR 1=1' });
      expect(badId).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', fields: [{ field: 'interactionId' }] } });
      const huge = await agent.command('wrapup:finish', { interactionId: '00000000-0000-4000-8000-000000000000', disposition: 'x'.repeat(5000) });
      expect(huge).toMatchObject({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE' } });
      const heartbeatWithFields = await agent.command('agent:heartbeat', { alive: true });
      expect(heartbeatWithFields).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
      const heartbeat = await agent.command('agent:heartbeat', {});
      expect(heartbeat).toMatchObject({ ok: true, data: { at: expect.any(Number) } });

      const forbidden = await supervisor.command('offer:accept', { interactionId: '00000000-0000-4000-8000-000000000000' });
      expect(forbidden).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      const missing = await supervisor.command('contact:end', { interactionId: '00000000-0000-4000-8000-000000000000' });
      expect(missing).toMatchObject({ ok: false, error: { code: 'INTERACTION_NOT_FOUND' } });
      expect(JSON.stringify(missing)).not.toMatch(/stack|SELECT/);

      // The state did not change behind the refusals.
      const me = await api(server.baseUrl, 'GET', '/api/agents/me', amy.headers);
      expect(me.body.live.state).toBe('offline');
    } finally {
      agent.close();
      supervisor.close();
    }
  });
});

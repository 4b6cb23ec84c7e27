import { call, signInAs } from '../../factories/routing';
import { complaintFootprint, getComplaint, move, openComplaint, sendEvent } from '../../factories/complaints';
import { startTestApp, TestApp } from '../../support/test-app';
import { connect, ConsoleClient, ofEvent, receivedBeforeMarker } from '../realtime/support';

type DemoStaff = Awaited<ReturnType<typeof signInAs>>;

describe('complaints: who sees and moves them, conduct complaints, threatening calls and live updates', () => {
  let server: TestApp;
  let amy: DemoStaff;
  let ben: DemoStaff;
  let chen: DemoStaff;
  let grace: DemoStaff;
  let daniel: DemoStaff;
  let sophie: DemoStaff;
  let admin: DemoStaff;
  const clients: ConsoleClient[] = [];

  beforeAll(async () => {
    server = await startTestApp({ seedDemo: true });
    [amy, ben, chen, grace, daniel, sophie, admin] = await Promise.all(
      ['amy', 'ben', 'chen.jing', 'grace', 'daniel', 'sophie', 'admin'].map((username) => signInAs(server.dataSource, username)),
    );
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await server.close();
  });

  const listIds = async (staff: DemoStaff, query = '') => {
    const response = await call(server.baseUrl, 'GET', `/api/complaints?limit=200${query}`, staff.headers);
    expect(response.status).toBe(200);
    return response.body.items.map((item: { id: string }) => item.id);
  };

  const live = async (staff: DemoStaff) => {
    const client = await connect(server.baseUrl, { token: staff.accessToken });
    clients.push(client);
    return client;
  };

  it('permission matrix: the owner, the team lead and a supervisor move it; another agent or another team’s lead may not', async () => {
    const opened = await openComplaint(server.baseUrl, server.dataSource, amy);
    const id = opened.body.id;
    expect(opened.body.teamLeadId).toBe(grace.id);

    // Owner: yes.
    expect((await sendEvent(server.baseUrl, amy, id, { type: 'customer.calmed' })).status).toBe(200);

    // Another agent of the same team: cannot see it, cannot move it.
    const before = await complaintFootprint(server.dataSource, id);
    expect((await getComplaint(server.baseUrl, ben, id)).status).toBe(403);
    const benSends = await sendEvent(server.baseUrl, ben, id, { type: 'progress.logged', note: 'Called the customer' });
    expect(benSends.status).toBe(403);
    expect(benSends.body.code).toBe('COMPLAINT_NOT_VISIBLE');
    expect((await call(server.baseUrl, 'GET', `/api/complaints/${id}/history`, ben.headers)).status).toBe(403);
    expect(await listIds(ben)).not.toContain(id);

    // The team lead of another team does not work it while it is with the agent.
    expect((await sendEvent(server.baseUrl, daniel, id, { type: 'progress.logged', note: 'x' })).status).toBe(403);
    expect(await listIds(daniel)).not.toContain(id);

    // The team lead may send the team lead's events, not the owner's.
    const leadOwnerEvent = await sendEvent(server.baseUrl, grace, id, { type: 'problem.clarified', upheld: true, summary: 'x' });
    expect(leadOwnerEvent.status).toBe(403);
    expect(leadOwnerEvent.body.code).toBe('COMPLAINT_EVENT_FORBIDDEN');
    expect(await complaintFootprint(server.dataSource, id)).toEqual(before);
    expect((await sendEvent(server.baseUrl, grace, id, { type: 'progress.logged', note: 'Told the customer it is in hand' })).status).toBe(200);
    expect(await listIds(grace)).toContain(id);

    // What GET offers each of them is the machine's answer narrowed to what they may send.
    expect((await getComplaint(server.baseUrl, amy, id)).body.allowedEvents.sort()).toEqual(['complaint.escalated', 'customer.wait', 'problem.clarified', 'progress.logged']);
    expect((await getComplaint(server.baseUrl, grace, id)).body.allowedEvents.sort()).toEqual(['customer.wait', 'owner.assigned', 'progress.logged']);
    expect((await getComplaint(server.baseUrl, sophie, id)).body.allowedEvents.sort()).toEqual(['complaint.escalated', 'owner.assigned']);

    // Supervisor: yes.
    expect((await sendEvent(server.baseUrl, sophie, id, { type: 'complaint.escalated', reason: 'Key account' })).status).toBe(200);

    // Escalated: any team lead may take it (shifts hand over), and appoint a follow-up owner.
    expect(await listIds(daniel)).toContain(id);
    const accepted = await move(server.baseUrl, daniel, id, { type: 'escalation.accepted' });
    expect(accepted).toMatchObject({ state: 'escalated', stateValue: { escalated: 'handling' }, teamLeadId: daniel.id });
    const assigned = await move(server.baseUrl, daniel, id, { type: 'owner.assigned', ownerId: chen.id, note: 'Chen knows the billing system' });
    expect(assigned.ownerId).toBe(chen.id);
    expect((await getComplaint(server.baseUrl, chen, id)).status).toBe(200);
    expect((await getComplaint(server.baseUrl, amy, id)).status).toBe(403);
    const [audit] = await server.dataSource.query(`SELECT actor_id, details FROM audit_log WHERE action = 'complaint.owner_assigned' AND target_id = $1`, [id]);
    expect(audit).toMatchObject({ actor_id: daniel.id, details: { from: amy.id, to: chen.id } });

    // Administrators configure the platform; they do not work complaints.
    expect((await getComplaint(server.baseUrl, admin, id)).status).toBe(403);
    expect((await call(server.baseUrl, 'GET', '/api/complaints', admin.headers)).status).toBe(403);
    expect((await sendEvent(server.baseUrl, admin, id, { type: 'progress.logged', note: 'x' })).status).toBe(403);
  });

  it('lists with filters and paging: state, owner, team lead, customer, threatening', async () => {
    const first = await openComplaint(server.baseUrl, server.dataSource, amy, { customerTier: 'small' });
    const second = await openComplaint(server.baseUrl, server.dataSource, amy, { customerTier: 'small' });
    await move(server.baseUrl, amy, second.body.id, { type: 'customer.calmed' });
    const customerId = first.body.customerId;
    expect(await listIds(sophie, `&customerId=${customerId}&state=calm`)).toEqual(expect.arrayContaining([first.body.id]));
    expect(await listIds(sophie, `&customerId=${customerId}&state=calm`)).not.toContain(second.body.id);
    expect(await listIds(sophie, `&customerId=${customerId}&state=clarify`)).toContain(second.body.id);
    expect(await listIds(sophie, `&ownerId=${amy.id}`)).toEqual(expect.arrayContaining([first.body.id, second.body.id]));
    expect(await listIds(sophie, `&ownerId=${ben.id}`)).not.toContain(first.body.id);
    expect(await listIds(sophie, `&teamLeadId=${grace.id}`)).toContain(first.body.id);
    expect(await listIds(sophie, `&teamLeadId=${daniel.id}`)).not.toContain(first.body.id);

    const page1 = await call(server.baseUrl, 'GET', `/api/complaints?ownerId=${amy.id}&limit=1&offset=0`, amy.headers);
    const page2 = await call(server.baseUrl, 'GET', `/api/complaints?ownerId=${amy.id}&limit=1&offset=1`, amy.headers);
    expect(page1.body).toMatchObject({ limit: 1, offset: 0 });
    expect(page1.body.total).toBeGreaterThanOrEqual(2);
    expect(page1.body.items).toHaveLength(1);
    expect(page2.body.items[0].id).not.toBe(page1.body.items[0].id);
    expect(page1.body.items[0]).toMatchObject({ ownerId: amy.id, deadline: { status: expect.any(String), dueAt: expect.any(String) } });

    for (const query of ['state=open', 'deadline=late', 'limit=0', 'limit=abc', 'ownerId=amy', 'open=maybe', 'colour=red']) {
      const response = await call(server.baseUrl, 'GET', `/api/complaints?${query}`, sophie.headers);
      expect({ query, status: response.status }).toEqual({ query, status: 400 });
    }
  });

  it('a complaint about an agent goes straight to that agent’s team lead, who investigates; it is never handed to that agent', async () => {
    const graceClient = await live(grace);
    const since = graceClient.deltas.length;
    const opened = await openComplaint(server.baseUrl, server.dataSource, chen, { category: 'service quality', description: 'Ben was rude and hung up', aboutAgentId: ben.id });
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({ state: 'escalated', stateValue: { escalated: 'awaiting_team_lead' }, step: 'receive', aboutAgent: true, aboutAgentId: ben.id, teamLeadId: grace.id });
    expect(opened.body.context.escalations).toEqual([expect.objectContaining({ kind: 'agent_conduct', from: 'receive' })]);
    const update = await graceClient.next('complaint:update', (data) => data.complaintId === opened.body.id, 5000, since);
    expect(update.data).toMatchObject({ number: opened.body.number, state: 'escalated', teamLeadId: grace.id, cause: 'opened' });

    expect(await listIds(grace, '&state=escalated')).toContain(opened.body.id);
    expect((await getComplaint(server.baseUrl, ben, opened.body.id)).status).toBe(403);
    expect((await getComplaint(server.baseUrl, grace, opened.body.id)).body.allowedEvents).toEqual(expect.arrayContaining(['escalation.accepted']));
    await move(server.baseUrl, grace, opened.body.id, { type: 'escalation.accepted' });
    const toConcerned = await sendEvent(server.baseUrl, grace, opened.body.id, { type: 'owner.assigned', ownerId: ben.id });
    expect(toConcerned.status).toBe(409);
    expect((await sendEvent(server.baseUrl, grace, opened.body.id, { type: 'escalation.resolved', resolution: 'Listened to the recording; coached Ben; apologised' })).status).toBe(200);
  });

  it('a threatening call: recorded with the caller’s details, team leads and supervisors alerted at once, audited', async () => {
    const [danielClient, sophieClient, benClient] = await Promise.all([live(daniel), live(sophie), live(ben)]);
    const marks = [danielClient.deltas.length, sophieClient.deltas.length];
    const opened = await openComplaint(server.baseUrl, server.dataSource, amy, {
      category: 'threat',
      complexity: 'general',
      description: 'Caller threatened staff at the shop',
      threat: { callerNumber: '+44 7700 900999', at: '2026-11-25T09:14:00Z', workstation: 'Desk 3, extension 2203', statement: 'I will come down there and hurt someone.' },
    });
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({
      state: 'escalated',
      threatening: true,
      threat: { callerNumber: '+44 7700 900999', at: '2026-11-25T09:14:00.000Z', workstation: 'Desk 3, extension 2203', statement: 'I will come down there and hurt someone.' },
    });
    expect(opened.body.context.escalations).toEqual([expect.objectContaining({ kind: 'threatening' })]);

    for (const [index, client] of [danielClient, sophieClient].entries()) {
      const alert = await client.next('alert', (data) => data.complaintId === opened.body.id, 5000, marks[index]);
      expect(alert.data).toMatchObject({ kind: 'complaint_threatening_call', severity: 'critical', complaintId: opened.body.id, details: { number: opened.body.number, callerNumber: '+44 7700 900999', workstation: 'Desk 3, extension 2203' } });
    }
    // An agent who is neither owner nor team lead hears nothing of it.
    const toBen = await receivedBeforeMarker(benClient);
    expect(ofEvent(toBen, 'alert').filter((delta) => delta.data.complaintId === opened.body.id)).toHaveLength(0);
    expect(ofEvent(toBen, 'complaint:update').filter((delta) => delta.data.complaintId === opened.body.id)).toHaveLength(0);

    const [alertRow] = await server.dataSource.query(`SELECT kind, severity, recipient_roles, details FROM complaint_alerts WHERE complaint_id = $1`, [opened.body.id]);
    expect(alertRow).toMatchObject({ kind: 'complaint_threatening_call', severity: 'critical', recipient_roles: ['team_lead', 'supervisor'], details: { statement: 'I will come down there and hurt someone.' } });
    const [audit] = await server.dataSource.query(`SELECT actor_id, details FROM audit_log WHERE action = 'complaint.threat_reported' AND target_id = $1`, [opened.body.id]);
    expect(audit).toMatchObject({ actor_id: amy.id, details: { number: opened.body.number, callerNumber: '+44 7700 900999', workstation: 'Desk 3, extension 2203' } });
    expect(await listIds(sophie, '&threatening=true')).toContain(opened.body.id);
    const history = await call(server.baseUrl, 'GET', `/api/complaints/${opened.body.id}/history`, grace.headers);
    expect(history.body.alerts).toEqual([expect.objectContaining({ kind: 'complaint_threatening_call' })]);
  });

  it('pushes complaint:update with id, number, state, step, version, owner, team lead and deadline to the owner, the team lead and supervisors on every change', async () => {
    const [amyClient, graceClient, sophieClient, chenClient] = await Promise.all([live(amy), live(grace), live(sophie), live(chen)]);
    const opened = await openComplaint(server.baseUrl, server.dataSource, amy);
    const marks = [amyClient, graceClient, sophieClient].map((client) => client.deltas.length);
    await move(server.baseUrl, amy, opened.body.id, { type: 'customer.calmed' });
    for (const [index, client] of [amyClient, graceClient, sophieClient].entries()) {
      const update = await client.next('complaint:update', (data) => data.complaintId === opened.body.id && data.version === 2, 5000, marks[index]);
      expect(update.data).toEqual({
        complaintId: opened.body.id,
        number: opened.body.number,
        state: 'clarify',
        step: 'clarify',
        version: 2,
        ownerId: amy.id,
        teamLeadId: grace.id,
        customerId: opened.body.customerId,
        threatening: false,
        deadline: { kind: 'resolution', status: expect.any(String), clock: 'running', dueAt: expect.any(String), commitmentDueAt: expect.any(String), nextCrossingAt: expect.any(String) },
        cause: 'event',
        eventType: 'customer.calmed',
        updatedAt: expect.any(String),
      });
      expect(update.epoch).toEqual(expect.any(String));
    }
    expect(ofEvent(await receivedBeforeMarker(chenClient), 'complaint:update').filter((delta) => delta.data.complaintId === opened.body.id)).toHaveLength(0);
  });
});

import { ComplaintDeadlineScheduler } from '../../../server/src/modules/complaints/complaint-deadlines.scheduler';
import { ComplaintsClock } from '../../../server/src/modules/complaints/complaints.clock';
import { call, signInAs } from '../../factories/routing';
import { eventually, getComplaint, move, openComplaint } from '../../factories/complaints';
import { startTestApp, TestApp } from '../../support/test-app';
import { connect, ConsoleClient } from '../realtime/support';

type DemoStaff = Awaited<ReturnType<typeof signInAs>>;

/** An instant given as Shanghai wall-clock time (the centre's zone in this suite). */
const sh = (local: string) => new Date(`${local}+08:00`);
const iso = (local: string) => sh(local).toISOString();

describe('complaint deadlines on the business calendar: working days, holidays, key customers, pauses and crossings', () => {
  let server: TestApp;
  let amy: DemoStaff;
  let grace: DemoStaff;
  let sophie: DemoStaff;
  let admin: DemoStaff;
  let clock: jest.SpyInstance<Date, []>;
  let amyClient: ConsoleClient;

  const setNow = (local: string) => clock.mockReturnValue(sh(local));

  beforeAll(async () => {
    server = await startTestApp({ seedDemo: true, env: { CENTRE_TIME_ZONE: 'Asia/Shanghai', COMPLAINT_DEADLINE_SCAN_SECONDS: '1' } });
    amy = await signInAs(server.dataSource, 'amy');
    grace = await signInAs(server.dataSource, 'grace');
    sophie = await signInAs(server.dataSource, 'sophie');
    admin = await signInAs(server.dataSource, 'admin');
    clock = jest.spyOn(server.app.get(ComplaintsClock), 'now');
    amyClient = await connect(server.baseUrl, { token: amy.accessToken });
  });
  afterAll(async () => {
    amyClient.close();
    clock.mockRestore();
    await server.close();
  });

  it('previews due dates over a weekend and a holiday on the seeded calendar (Mon-Fri 09:00-12:00, 13:00-18:00)', async () => {
    const preview = async (query: string) => {
      const response = await call(server.baseUrl, 'GET', `/api/complaints/deadline-preview?${query}`, amy.headers);
      expect(response.status).toBe(200);
      return response.body;
    };
    const friday = encodeURIComponent(iso('2026-11-20T16:00:00'));
    // Simple: one working day, so Friday 16:00 is due Monday 16:00.
    expect(await preview(`complexity=simple&receivedAt=${friday}`)).toMatchObject({
      kind: 'resolution',
      timeZone: 'Asia/Shanghai',
      dueAt: iso('2026-11-23T16:00:00'),
      commitmentDueAt: iso('2026-11-23T16:00:00'),
      keyCustomer: false,
      allowedWorkingTimeMs: 8 * 3_600_000,
    });
    // General: three working days, Wednesday 16:00.
    expect((await preview(`complexity=general&receivedAt=${friday}`)).dueAt).toBe(iso('2026-11-25T16:00:00'));
    // Key customers are worked to half the time: two hours on Friday, two on Monday morning.
    expect(await preview(`complexity=simple&valueTier=important&receivedAt=${friday}`)).toMatchObject({
      keyCustomer: true,
      dueAt: iso('2026-11-23T11:00:00'),
      commitmentDueAt: iso('2026-11-23T16:00:00'),
    });
    // Christmas Day 2026 is a Friday holiday: Thursday 16:00 is due on Monday.
    expect((await preview(`complexity=simple&receivedAt=${encodeURIComponent(iso('2026-12-24T16:00:00'))}`)).dueAt).toBe(iso('2026-12-28T16:00:00'));
    // Complex: no final deadline, a progress call every three working days.
    expect(await preview(`complexity=complex&receivedAt=${friday}`)).toMatchObject({ kind: 'progress_call', dueAt: iso('2026-11-25T16:00:00') });
    // Received out of hours: counted from the next opening.
    expect((await preview(`complexity=simple&receivedAt=${encodeURIComponent(iso('2026-11-21T10:00:00'))}`)).dueAt).toBe(iso('2026-11-23T18:00:00'));

    for (const query of ['', 'complexity=urgent', `complexity=simple&receivedAt=friday`, 'complexity=simple&valueTier=gold']) {
      expect((await call(server.baseUrl, 'GET', `/api/complaints/deadline-preview?${query}`, amy.headers)).status).toBe(400);
    }
    const calendar = await call(server.baseUrl, 'GET', '/api/calendars/default', amy.headers);
    expect(calendar.body).toMatchObject({ followsCentreTimeZone: true, config: { timeZone: 'Asia/Shanghai', workingDays: ['mon', 'tue', 'wed', 'thu', 'fri'] } });
    expect(calendar.body.config.holidays).toContain('2026-12-25');
  });

  it('a complaint received on Friday afternoon is due on Monday; the scheduler records due soon, then the breach, alerts and escalates it', async () => {
    setNow('2026-11-20T16:00:00');
    const opened = await openComplaint(server.baseUrl, server.dataSource, amy, { customerTier: 'ordinary' });
    const id = opened.body.id;
    expect(opened.body.deadline).toMatchObject({
      kind: 'resolution',
      status: 'on_track',
      clock: 'running',
      dueAt: iso('2026-11-23T16:00:00'),
      // Due soon in the last fifth of the 8 working hours: 1 h 36 min before the due time.
      nextCrossingAt: iso('2026-11-23T14:24:00'),
    });
    const [stored] = await server.dataSource.query(`SELECT due_at, next_crossing_at, deadline_status FROM complaints WHERE id = $1`, [id]);
    expect(stored).toEqual({ due_at: sh('2026-11-23T16:00:00'), next_crossing_at: sh('2026-11-23T14:24:00'), deadline_status: 'on_track' });

    // Monday 14:30: due soon.
    let since = amyClient.deltas.length;
    setNow('2026-11-23T14:30:00');
    const dueSoon = await amyClient.next('alert', (data) => data.complaintId === id, 8000, since);
    expect(dueSoon.data).toMatchObject({ kind: 'complaint_deadline_due_soon', severity: 'warning', at: sh('2026-11-23T14:24:00').getTime() });
    const dueSoonUpdate = await amyClient.next('complaint:update', (data) => data.complaintId === id && data.cause === 'deadline', 8000, since);
    expect(dueSoonUpdate.data).toMatchObject({ state: 'calm', version: 1, deadline: { status: 'due_soon', nextCrossingAt: iso('2026-11-23T16:00:00') } });
    expect((await call(server.baseUrl, 'GET', '/api/complaints?deadline=due_soon&limit=200', sophie.headers)).body.items.map((item: { id: string }) => item.id)).toContain(id);

    // Monday 16:05: breached, recorded at the due instant, and escalated by the system.
    since = amyClient.deltas.length;
    setNow('2026-11-23T16:05:00');
    const breach = await amyClient.next('alert', (data) => data.complaintId === id && data.kind === 'complaint_deadline_breached', 8000, since);
    expect(breach.data).toMatchObject({ severity: 'critical', at: sh('2026-11-23T16:00:00').getTime() });
    const escalated = await eventually(async () => {
      const complaint = await getComplaint(server.baseUrl, grace, id);
      return complaint.body.state === 'escalated' ? complaint.body : null;
    }, 8000, 'the automatic escalation');
    expect(escalated).toMatchObject({ version: 2, stateValue: { escalated: 'awaiting_team_lead' }, step: 'calm', deadline: { status: 'breached' } });
    expect(escalated.context.escalations).toEqual([expect.objectContaining({ kind: 'requested', from: 'calm', escalatedBy: 'system' })]);

    const history = (await call(server.baseUrl, 'GET', `/api/complaints/${id}/history`, sophie.headers)).body;
    expect(history.events.at(-1)).toMatchObject({ version: 2, type: 'complaint.escalated', actor: { kind: 'system', id: null }, fromState: 'calm', toState: 'escalated' });
    expect(history.clock.map((entry: { kind: string; at: string }) => [entry.kind, entry.at])).toEqual([
      ['started', iso('2026-11-20T16:00:00')],
      ['due_soon', iso('2026-11-23T14:24:00')],
      ['breached', iso('2026-11-23T16:00:00')],
    ]);
    expect(history.alerts.map((alert: { kind: string }) => alert.kind)).toEqual(['complaint_deadline_due_soon', 'complaint_deadline_breached']);
    expect(history.alerts[1]).toMatchObject({ recipients: expect.arrayContaining([amy.id, grace.id]), recipientRoles: ['supervisor'] });
    const [audit] = await server.dataSource.query(`SELECT actor_kind, details FROM audit_log WHERE action = 'complaint.auto_escalated' AND target_id = $1`, [id]);
    expect(audit).toMatchObject({ actor_kind: 'system', details: { from: 'calm' } });
    expect((await call(server.baseUrl, 'GET', '/api/complaints?deadline=breached&limit=200', grace.headers)).body.items.map((item: { id: string }) => item.id)).toContain(id);

    // Once breached and escalated, later scans record nothing more: two full scans run after it.
    const scheduler = server.app.get(ComplaintDeadlineScheduler);
    await scheduler.scan();
    await scheduler.scan();
    const [{ n }] = await server.dataSource.query(`SELECT count(*)::int AS n FROM complaint_clock_events WHERE complaint_id = $1 AND kind = 'breached'`, [id]);
    expect(n).toBe(1);
  });

  it('waiting on the customer pauses the clock and pushes the due time out by the working time it covered', async () => {
    setNow('2026-11-24T10:00:00');
    const opened = await openComplaint(server.baseUrl, server.dataSource, amy);
    const id = opened.body.id;
    expect(opened.body.deadline.dueAt).toBe(iso('2026-11-25T10:00:00'));
    setNow('2026-11-24T11:00:00');
    const waiting = await move(server.baseUrl, amy, id, { type: 'customer.wait', reason: 'Customer looks for the bank statement' });
    expect(waiting.deadline).toMatchObject({ clock: 'paused', nextCrossingAt: null });
    const [paused] = await server.dataSource.query(`SELECT clock, next_crossing_at FROM complaints WHERE id = $1`, [id]);
    expect(paused).toEqual({ clock: 'paused', next_crossing_at: null });
    // The customer answers at 15:00: the pause covered three working hours (the lunch hour does not count),
    // so Wednesday 10:00 becomes 10:00 + 3 working hours = 14:00.
    setNow('2026-11-24T15:00:00');
    const answered = await move(server.baseUrl, amy, id, { type: 'customer.answered' });
    expect(answered.deadline).toMatchObject({ clock: 'running', dueAt: iso('2026-11-25T14:00:00') });
    const history = (await call(server.baseUrl, 'GET', `/api/complaints/${id}/history`, amy.headers)).body;
    expect(history.clock.map((entry: { kind: string; reason: string | null }) => [entry.kind, entry.reason])).toEqual([
      ['started', null],
      ['paused', 'Customer looks for the bank statement'],
      ['resumed', null],
    ]);
  });

  it('a new holiday on the calendar moves the due dates of open complaints', async () => {
    setNow('2026-11-26T16:00:00');
    const opened = await openComplaint(server.baseUrl, server.dataSource, amy, { customerTier: 'small' });
    expect(opened.body.deadline.dueAt).toBe(iso('2026-11-27T16:00:00'));
    const current = (await call(server.baseUrl, 'GET', '/api/calendars/default', sophie.headers)).body.config;
    const { timeZone: _zone, ...stored } = current;

    expect((await call(server.baseUrl, 'PUT', '/api/calendars/default', amy.headers, stored)).status).toBe(403);
    expect((await call(server.baseUrl, 'PUT', '/api/calendars/default', sophie.headers, stored)).status).toBe(403);
    const overlapping = await call(server.baseUrl, 'PUT', '/api/calendars/default', admin.headers, { ...stored, workingHours: [{ from: '09:00', to: '13:00' }, { from: '12:00', to: '18:00' }] });
    expect(overlapping.status).toBe(400);
    expect(overlapping.body.code).toBe('CALENDAR_INVALID');
    const badDay = await call(server.baseUrl, 'PUT', '/api/calendars/default', admin.headers, { ...stored, workingDays: ['monday'] });
    expect(badDay.status).toBe(400);
    expect(badDay.body.fields.map((entry: { field: string }) => entry.field)).toContain('workingDays');

    const updated = await call(server.baseUrl, 'PUT', '/api/calendars/default', admin.headers, { ...stored, holidays: [...stored.holidays, '2026-11-27'] });
    expect(updated.status).toBe(200);
    expect(updated.body.config.holidays).toContain('2026-11-27');
    const moved = await eventually(async () => {
      const [row] = await server.dataSource.query(`SELECT due_at FROM complaints WHERE id = $1`, [opened.body.id]);
      return row.due_at.getTime() === sh('2026-11-30T16:00:00').getTime() ? row : null;
    }, 8000, 'the due date to move past the new holiday');
    expect(moved).toBeTruthy();
    expect((await getComplaint(server.baseUrl, amy, opened.body.id)).body.deadline.dueAt).toBe(iso('2026-11-30T16:00:00'));
    const [audit] = await server.dataSource.query(`SELECT actor_id FROM audit_log WHERE action = 'calendar.updated'`);
    expect(audit.actor_id).toBe(admin.id);
  });
});

import { ComplaintsClock } from '../../../server/src/modules/complaints/complaints.clock';
import { call, signInAs } from '../../factories/routing';
import { getComplaint, move, openComplaint } from '../../factories/complaints';
import { startTestApp, TestApp } from '../../support/test-app';

const sh = (local: string) => new Date(`${local}+08:00`);
const env = { CENTRE_TIME_ZONE: 'Asia/Shanghai', COMPLAINT_DEADLINE_SCAN_SECONDS: '300' };

describe('complaint deadlines survive a restart: timers are rows, not in-memory timeouts', () => {
  let server: TestApp;

  afterAll(async () => {
    await server.close();
  });

  it('a deadline that passed while the server was down is detected on start, recorded and escalated', async () => {
    server = await startTestApp({ seedDemo: true, env });
    let amy = await signInAs(server.dataSource, 'amy');
    // Received on Monday 2 November 2026 at 10:00 in the centre: a simple complaint is due Tuesday 10:00.
    const clock = jest.spyOn(server.app.get(ComplaintsClock), 'now').mockReturnValue(sh('2026-11-02T10:00:00'));
    const running = await openComplaint(server.baseUrl, server.dataSource, amy);
    expect(running.body).toMatchObject({ state: 'calm', deadline: { status: 'on_track', dueAt: sh('2026-11-03T10:00:00').toISOString() } });
    // Another waits on the customer (its clock is paused), a third is closed: neither may breach.
    const waiting = await openComplaint(server.baseUrl, server.dataSource, amy);
    await move(server.baseUrl, amy, waiting.body.id, { type: 'customer.wait', reason: 'Customer sends the receipt' });
    const closed = await openComplaint(server.baseUrl, server.dataSource, amy);
    await move(server.baseUrl, amy, closed.body.id, { type: 'customer.calmed' });
    await move(server.baseUrl, amy, closed.body.id, { type: 'problem.clarified', upheld: false, summary: 'Billed as agreed' });
    await move(server.baseUrl, amy, closed.body.id, { type: 'explanation.accepted' });
    await move(server.baseUrl, amy, closed.body.id, { type: 'customer.thanked', settled: true, anythingElse: null, satisfaction: 4 });
    clock.mockRestore();

    const [before] = await server.dataSource.query(`SELECT next_crossing_at, deadline_status, state FROM complaints WHERE id = $1`, [running.body.id]);
    expect(before).toEqual({ next_crossing_at: sh('2026-11-02T17:24:00'), deadline_status: 'on_track', state: 'calm' });

    // The server goes down (its scheduler with it); weeks pass; a new server starts on the same database.
    await server.stop();
    server = await startTestApp({ database: server.database, env });
    // No waiting: the first scan runs as the server starts (the interval here is five minutes).
    const [after] = await server.dataSource.query(
      `SELECT deadline_status, state, version, next_crossing_at, due_at FROM complaints WHERE id = $1`,
      [running.body.id],
    );
    expect(after).toEqual({ deadline_status: 'breached', state: 'escalated', version: 2, next_crossing_at: null, due_at: sh('2026-11-03T10:00:00') });
    const crossings = await server.dataSource.query(`SELECT kind, at, details FROM complaint_clock_events WHERE complaint_id = $1 AND kind IN ('due_soon', 'breached')`, [running.body.id]);
    // Only the worst crossing is recorded, at the instant it happened, with when it was detected.
    expect(crossings).toEqual([{ kind: 'breached', at: sh('2026-11-03T10:00:00'), details: expect.objectContaining({ previous: 'on_track', detectedAt: expect.any(String) }) }]);
    const [escalation] = await server.dataSource.query(`SELECT actor_kind, actor_id, from_state, to_state, payload FROM complaint_events WHERE complaint_id = $1 AND version = 2`, [running.body.id]);
    expect(escalation).toMatchObject({ actor_kind: 'system', actor_id: null, from_state: 'calm', to_state: 'escalated', payload: { reason: expect.stringContaining('deadline passed') } });
    const alerts = await server.dataSource.query(`SELECT kind, severity FROM complaint_alerts WHERE complaint_id = $1`, [running.body.id]);
    expect(alerts).toEqual([{ kind: 'complaint_deadline_breached', severity: 'critical' }]);
    const [audit] = await server.dataSource.query(`SELECT actor_kind FROM audit_log WHERE action = 'complaint.auto_escalated' AND target_id = $1`, [running.body.id]);
    expect(audit).toEqual({ actor_kind: 'system' });

    const [paused] = await server.dataSource.query(`SELECT deadline_status, state, clock FROM complaints WHERE id = $1`, [waiting.body.id]);
    expect(paused).toEqual({ deadline_status: 'on_track', state: 'calm', clock: 'paused' });
    const [done] = await server.dataSource.query(`SELECT state, version FROM complaints WHERE id = $1`, [closed.body.id]);
    expect(done).toEqual({ state: 'closed', version: 5 });
    expect((await server.dataSource.query(`SELECT count(*)::int AS n FROM complaint_alerts WHERE complaint_id = ANY($1)`, [[waiting.body.id, closed.body.id]]))[0].n).toBe(0);

    // The team lead finds it breached and escalated through the API, and takes it.
    amy = await signInAs(server.dataSource, 'amy');
    const grace = await signInAs(server.dataSource, 'grace');
    const inbox = await call(server.baseUrl, 'GET', '/api/complaints?state=escalated&deadline=breached&limit=200', grace.headers);
    expect(inbox.body.items.map((item: { id: string }) => item.id)).toContain(running.body.id);
    const seen = await getComplaint(server.baseUrl, grace, running.body.id);
    expect(seen.body).toMatchObject({ state: 'escalated', deadline: { status: 'breached' }, allowedEvents: expect.arrayContaining(['escalation.accepted']) });
    await move(server.baseUrl, grace, running.body.id, { type: 'escalation.accepted' });
    expect((await getComplaint(server.baseUrl, amy, running.body.id)).body.teamLeadId).toBe(grace.id);
  });
});

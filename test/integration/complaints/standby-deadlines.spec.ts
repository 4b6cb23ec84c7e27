import { ComplaintsClock } from '../../../server/src/modules/complaints/complaints.clock';
import { signInAs } from '../../factories/routing';
import { openComplaint } from '../../factories/complaints';
import { startTestApp, TestApp } from '../../support/test-app';
import { connect, ConsoleClient, eventually, sleep } from '../realtime/support';

/** How often each instance's deadline scheduler scans. */
const SCAN_SECONDS = 1;

/** An instant given as Shanghai wall-clock time (the centre's zone in this suite). */
const sh = (local: string) => new Date(`${local}+08:00`);

/**
 * Two instances on one database: the deadline alerts are raised by the instance that routes, whose consoles
 * receive them, never by a standby whose alerts would stay in its own process; a standby taking over routing
 * takes the deadlines over too.
 */
describe('complaint deadlines with a standby instance', () => {
  let first: TestApp;
  let second: TestApp;
  let firstStopped = false;
  const clients: ConsoleClient[] = [];
  const clocks: jest.SpyInstance<Date, []>[] = [];

  beforeAll(async () => {
    const env = { CENTRE_TIME_ZONE: 'Asia/Shanghai', COMPLAINT_DEADLINE_SCAN_SECONDS: String(SCAN_SECONDS) };
    first = await startTestApp({ seedDemo: true, env });
    second = await startTestApp({ database: first.database, env });
  });
  afterAll(async () => {
    for (const clock of clocks) clock.mockRestore();
    for (const client of clients) client.close();
    await second.stop();
    if (!firstStopped) await first.stop();
    await first.database.drop();
  });

  it('the standby leaves due deadlines to the routing instance, whose consoles get the alerts, and takes them over with routing', async () => {
    expect((await fetch(`${second.baseUrl}/ready`)).status).toBe(503);
    const firstClock = jest.spyOn(first.app.get(ComplaintsClock), 'now');
    const secondClock = jest.spyOn(second.app.get(ComplaintsClock), 'now');
    clocks.push(firstClock, secondClock);
    firstClock.mockReturnValue(sh('2026-11-20T16:00:00'));
    secondClock.mockReturnValue(sh('2026-11-20T16:00:00'));

    const amy = await signInAs(first.dataSource, 'amy');
    const amyOnFirst = await connect(first.baseUrl, { token: amy.accessToken });
    clients.push(amyOnFirst);
    // Simple, Friday 16:00: due Monday 16:00, due soon from Monday 14:24.
    const opened = await openComplaint(first.baseUrl, first.dataSource, amy, { customerTier: 'ordinary' });
    expect(opened.status).toBe(201);
    const id = opened.body.id;
    const status = async () => (await first.dataSource.query(`SELECT deadline_status FROM complaints WHERE id = $1`, [id]))[0].deadline_status as string;
    expect(await status()).toBe('on_track');

    // Only the standby's clock has reached the crossing: several of its scans go by and nothing is recorded.
    secondClock.mockReturnValue(sh('2026-11-23T14:30:00'));
    await sleep(SCAN_SECONDS * 1000 * 4);
    expect(await status()).toBe('on_track');
    expect(await first.dataSource.query(`SELECT 1 FROM complaint_alerts WHERE complaint_id = $1`, [id])).toEqual([]);

    // The routing instance's clock reaches it: its console is alerted.
    let since = amyOnFirst.deltas.length;
    firstClock.mockReturnValue(sh('2026-11-23T14:30:00'));
    const dueSoon = await amyOnFirst.next('alert', (data) => data.complaintId === id, SCAN_SECONDS * 1000 * 8, since);
    expect(dueSoon.data).toMatchObject({ kind: 'complaint_deadline_due_soon', at: sh('2026-11-23T14:24:00').getTime() });
    expect(await status()).toBe('due_soon');

    // The routing instance stops; the standby takes routing over, and with it the deadlines.
    await first.stop();
    firstStopped = true;
    await eventually(async () => (await fetch(`${second.baseUrl}/ready`)).status === 200, 20_000, 'the standby routing');
    const amyOnSecond = await connect(second.baseUrl, { token: amy.accessToken });
    clients.push(amyOnSecond);
    since = amyOnSecond.deltas.length;
    secondClock.mockReturnValue(sh('2026-11-23T16:05:00'));
    const breach = await amyOnSecond.next('alert', (data) => data.complaintId === id && data.kind === 'complaint_deadline_breached', SCAN_SECONDS * 1000 * 8, since);
    expect(breach.data).toMatchObject({ severity: 'critical', at: sh('2026-11-23T16:00:00').getTime() });
  });
});

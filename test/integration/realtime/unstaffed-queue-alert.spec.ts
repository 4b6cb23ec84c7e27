import { RoutingService } from '../../../server/src/modules/routing/routing.service';
import { QueueStaffingWatch } from '../../../server/src/modules/realtime/queue-staffing-watch.service';
import { startTestApp, TestApp } from '../../support/test-app';
import { api, connect, ConsoleClient, keepAlive, queueIdOf, staff, Staff } from './support';

/**
 * A caller who waits past the queue's threshold with no signed-in agent able to take them raises a stored alert to
 * the supervisors and team leads, naming what is missing; once per spell, acknowledged like any other alert.
 */
describe('realtime alerts: no signed-in agent can take the contacts of a queue', () => {
  const env = { HEARTBEAT_TIMEOUT_SECONDS: '600' };
  let server: TestApp;
  const who: Record<string, Staff> = {};
  const clients: ConsoleClient[] = [];
  const stops: Array<() => void> = [];
  let t0: number;
  let clock: number;
  const at = (seconds: number) => {
    clock = t0 + seconds * 1000;
  };
  const open = async (username: string) => {
    const client = await connect(server.baseUrl, { token: who[username].accessToken });
    clients.push(client);
    stops.push(keepAlive(client));
    return client;
  };
  const mandarinCall = async () => {
    const created = await api(server.baseUrl, 'POST', '/api/interactions', who.sophie.headers, { channel: 'voice', caller: {}, queue: 'billing', language: 'zh-cmn' });
    expect(created.status).toBe(201);
    return created.body.interaction.id as string;
  };
  const unstaffedRows = () => server.dataSource.query(`SELECT id, message, queue_id, recipient_roles, acknowledged_at FROM alerts WHERE kind = 'queue_unstaffed' ORDER BY at`);

  beforeAll(async () => {
    server = await startTestApp({ seedDemo: true, env });
    for (const username of ['sophie', 'grace', 'amy', 'chen.jing']) who[username] = await staff(server.dataSource, username);
    t0 = Date.now() + 1000;
    clock = t0;
    server.app.get(RoutingService).now = () => clock;
  });
  afterAll(async () => {
    for (const stop of stops) stop();
    for (const client of clients) client.close();
    await server.close();
  });

  it('alerts once the caller has waited past the threshold, names the missing language, once per spell, until acknowledged', async () => {
    const watch = server.app.get(QueueStaffingWatch);
    const billing = await queueIdOf(server.dataSource, 'billing');
    const wallboard = await open('sophie');
    const amyDesk = await open('amy'); // billing 3, English only
    expect(await amyDesk.command('agent:state', { state: 'available' })).toMatchObject({ ok: true });

    const first = await mandarinCall();
    at(29); // Billing's threshold is 30 s
    await watch.check();
    expect(await unstaffedRows()).toEqual([]);

    at(31);
    const raised = await wallboard.next('alert', (data) => data.kind === 'queue_unstaffed');
    expect(raised.data).toMatchObject({
      severity: 'critical',
      queueId: billing,
      contactId: first,
      message: 'No signed-in agent can take contacts of queue Billing (missing: Mandarin)',
      details: { queueName: 'Billing', missing: [{ code: 'zh-cmn', kind: 'language', name: 'Mandarin' }] },
      acknowledged: null,
    });
    const [row] = await unstaffedRows();
    expect(row).toMatchObject({ id: raised.data.id, queue_id: billing, acknowledged_at: null });
    expect(row.recipient_roles).toEqual(expect.arrayContaining(['supervisor', 'team_lead']));
    const lead = await open('grace');
    expect(lead.snapshot.alerts.find((alert) => alert.id === raised.data.id)).toBeDefined();

    // The same spell: another Mandarin caller raises nothing more, acknowledged or not.
    await mandarinCall();
    at(100);
    await watch.check();
    expect(await wallboard.command('alert:acknowledge', { alertId: raised.data.id })).toMatchObject({ ok: true });
    at(200);
    await watch.check();
    expect(await unstaffedRows()).toHaveLength(1);

    // Someone who speaks Mandarin signs in: the spell ends and the callers are offered.
    const chenDesk = await open('chen.jing');
    expect(await chenDesk.command('agent:state', { state: 'available' })).toMatchObject({ ok: true });
    await chenDesk.next('offer', (data) => data.offer.contactId === first);
    await watch.check();
    expect(await unstaffedRows()).toHaveLength(1);
  });
});

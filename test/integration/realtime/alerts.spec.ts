import type { RealtimeAlert, RealtimeSnapshot } from '@callcentre/shared';
import { ComplaintsClock } from '../../../server/src/modules/complaints/complaints.clock';
import { openComplaint } from '../../factories/complaints';
import { startTestApp, TestApp } from '../../support/test-app';
import { api, connect, ConsoleClient, eventually, expectGapFreeSeq, keepAlive, ofEvent, receivedBeforeMarker, staff, Staff } from './support';

const env = { CENTRE_TIME_ZONE: 'Asia/Shanghai', COMPLAINT_DEADLINE_SCAN_SECONDS: '1' };
/** An instant given as Shanghai wall-clock time (the centre's zone in this suite). */
const sh = (local: string) => new Date(`${local}+08:00`);

const alertOf = (snapshot: RealtimeSnapshot, id: string): RealtimeAlert | undefined => snapshot.alerts.find((alert) => alert.id === id);

/**
 * Alerts are stored when raised and listed in the snapshot of everyone they are addressed to, so a supervisor or
 * team lead who connects late, reconnects or comes back after a restart still sees them; an acknowledgement takes
 * one off everyone's open list, is audited, and is pushed to everyone the alert was addressed to.
 */
describe('realtime alerts: stored, in the snapshots of the people they are addressed to, acknowledged once for all', () => {
  let server: TestApp;
  let clients: ConsoleClient[] = [];
  let stops: Array<() => void> = [];
  const who: Record<string, Staff> = {};

  const open = async (username: string) => {
    const client = await connect(server.baseUrl, { token: who[username].accessToken });
    clients.push(client);
    return client;
  };
  const alertRows = (where: string, parameters: unknown[]) => server.dataSource.query(`SELECT id, acknowledged_at, acknowledged_by FROM alerts WHERE ${where}`, parameters);

  // A server per test: each raises the alerts it needs, whatever ran before it.
  beforeEach(async () => {
    clients = [];
    stops = [];
    server = await startTestApp({ seedDemo: true, env });
    for (const username of ['sophie', 'wang.lei', 'grace', 'daniel', 'amy', 'ben', 'li.na', 'admin']) who[username] = await staff(server.dataSource, username);
  });
  afterEach(async () => {
    for (const stop of stops) stop();
    for (const client of clients) client.close();
    await server.close();
  });

  /** Nobody watches the floor while Li Na, the only agent available for complaints, refuses two calls: the id of the alert raised. */
  const raiseMissedOffers = async (): Promise<string> => {
    const liDesk = await open('li.na');
    stops.push(keepAlive(liDesk));
    expect(await liDesk.command('agent:state', { state: 'available' })).toMatchObject({ ok: true });
    for (let call = 0; call < 2; call += 1) {
      const created = await api(server.baseUrl, 'POST', '/api/interactions', who.sophie.headers, { channel: 'voice', caller: {}, queue: 'complaints' });
      const offer = await liDesk.next('offer', (data) => data.offer.contactId === created.body.interaction.id);
      expect(await liDesk.command('offer:reject', { interactionId: offer.data.offer.contactId, offerId: offer.data.offer.offerId })).toMatchObject({ ok: true });
    }
    await liDesk.next('agent:state', (data) => data.agent.notReadyReason === 'missed_offers');
    // Stored with the routing batch that raised it.
    const [row] = await eventually(() => alertRows(`kind = 'agent_missed_offers' AND agent_id = $1`, [who['li.na'].id]).then((rows) => (rows.length ? rows : null)), 5000, 'the stored alert');
    return row.id as string;
  };
  const amyJson = () => ({ ...who.amy, headers: { ...who.amy.headers, 'content-type': 'application/json' } });
  /** Amy records a threatening call: the complaint and its alert to every team lead and supervisor. */
  const raiseThreat = async () => {
    const threat = await openComplaint(server.baseUrl, server.dataSource, amyJson(), {
      category: 'threat',
      complexity: 'general',
      description: 'Caller threatened staff at the shop',
      threat: { callerNumber: '+44 7700 900123', at: '2026-11-25T09:14:00Z', workstation: 'Desk 4', statement: 'I will come down there.' },
    });
    expect(threat.status).toBe(201);
    const [{ id: threatId }] = await alertRows(`complaint_id = $1 AND kind = 'complaint_threatening_call'`, [threat.body.id]);
    return { threatId: threatId as string, threatComplaintId: threat.body.id as string, number: threat.body.number as string };
  };
  /** A complaint Amy received on a Friday afternoon is due soon on Monday: its team lead (Grace), Amy and supervisors are told. */
  const raiseDueSoon = async (): Promise<string> => {
    const clock = jest.spyOn(server.app.get(ComplaintsClock), 'now').mockReturnValue(sh('2026-11-20T16:00:00'));
    try {
      const late = await openComplaint(server.baseUrl, server.dataSource, amyJson());
      expect(late.body.teamLeadId).toBe(who.grace.id);
      clock.mockReturnValue(sh('2026-11-23T14:30:00'));
      const [{ id }] = await eventually(() => alertRows(`complaint_id = $1 AND kind = 'complaint_deadline_due_soon'`, [late.body.id]).then((rows) => (rows.length ? rows : null)), 8000, 'the due-soon alert');
      return id as string;
    } finally {
      clock.mockRestore();
    }
  };

  it('lists a routing alert raised before a supervisor or team lead connected in their snapshot', async () => {
    const missedOffersId = await raiseMissedOffers();
    for (const username of ['sophie', 'grace', 'admin']) {
      const client = await open(username);
      expect(alertOf(client.snapshot, missedOffersId)).toMatchObject({
        kind: 'agent_missed_offers',
        severity: 'warning',
        agentId: who['li.na'].id,
        agentName: 'Li Na',
        details: { count: 2 },
        acknowledged: null,
      });
    }
    // An agent is not sent the floor's alerts.
    expect(alertOf((await open('amy')).snapshot, missedOffersId)).toBeUndefined();
  });

  it('respects the addressing of complaint alerts: a threat goes to every team lead and supervisor, a deadline to the complaint’s own people', async () => {
    const { threatId, threatComplaintId, number } = await raiseThreat();
    const deadlineId = await raiseDueSoon();

    const seen = async (username: string) => {
      const snapshot = (await open(username)).snapshot;
      return [threatId, deadlineId].filter((id) => alertOf(snapshot, id));
    };
    expect(await seen('sophie')).toEqual([threatId, deadlineId]);
    expect(await seen('wang.lei')).toEqual([threatId, deadlineId]);
    expect(await seen('grace')).toEqual([threatId, deadlineId]);
    expect(await seen('amy')).toEqual([threatId, deadlineId]);
    // Daniel leads another team: every team lead hears of a threat, only Grace of her team's deadline.
    expect(await seen('daniel')).toEqual([threatId]);
    expect(await seen('ben')).toEqual([]);
    expect(await seen('admin')).toEqual([]);
    expect(alertOf((await open('sophie')).snapshot, threatId)).toMatchObject({
      kind: 'complaint_threatening_call',
      severity: 'critical',
      complaintId: threatComplaintId,
      agentName: 'Amy Walker',
      details: { number, workstation: 'Desk 4' },
      acknowledged: null,
    });

    // Nor may Daniel acknowledge what is not addressed to him.
    const refused = await api(server.baseUrl, 'POST', `/api/alerts/${deadlineId}/acknowledge`, who.daniel.headers);
    expect(refused).toMatchObject({ status: 403, body: { code: 'ALERT_NOT_ADDRESSED_TO_YOU' } });
    expect((await alertRows('id = $1', [deadlineId]))[0].acknowledged_at).toBeNull();
  });

  it('takes an acknowledged alert off everyone’s open list, pushes the acknowledgement and audits who did it', async () => {
    const missedOffersId = await raiseMissedOffers();
    const { threatId, threatComplaintId } = await raiseThreat();
    const [sophie, daniel, amy, ben, grace] = await Promise.all(['sophie', 'daniel', 'amy', 'ben', 'grace'].map(open));
    const marks = new Map([sophie, daniel, amy, ben].map((client) => [client, client.deltas.length]));

    const acknowledged = await grace.command('alert:acknowledge', { alertId: threatId });
    expect(acknowledged).toMatchObject({ ok: true, data: { id: threatId, acknowledged: { by: who.grace.id, byName: 'Grace Lin', at: expect.any(Number) } } });
    for (const client of [sophie, daniel, amy]) {
      const delta = await client.next('alert:acknowledged', (data) => data.alert.id === threatId, 5000, marks.get(client));
      expect(delta.data.alert).toMatchObject({ kind: 'complaint_threatening_call', acknowledged: { by: who.grace.id, byName: 'Grace Lin' } });
      expectGapFreeSeq(client);
    }
    await grace.next('alert:acknowledged', (data) => data.alert.id === threatId);
    // Ben was never told of the threat, nor of its acknowledgement.
    expect(ofEvent(await receivedBeforeMarker(ben, marks.get(ben)), 'alert:acknowledged')).toEqual([]);

    const [row] = await alertRows('id = $1', [threatId]);
    expect(row).toMatchObject({ acknowledged_by: who.grace.id, acknowledged_at: expect.any(Date) });
    const audit = await server.dataSource.query(`SELECT actor_id, actor_name, target_type, details FROM audit_log WHERE action = 'alert.acknowledged' AND target_id = $1`, [threatId]);
    expect(audit).toEqual([{ actor_id: who.grace.id, actor_name: 'grace', target_type: 'alert', details: expect.objectContaining({ kind: 'complaint_threatening_call', complaintId: threatComplaintId }) }]);

    // A second acknowledgement (a supervisor who clicked at the same moment) changes nothing and is not audited again.
    const again = await api(server.baseUrl, 'POST', `/api/alerts/${threatId}/acknowledge`, who.sophie.headers);
    expect(again).toMatchObject({ status: 200, body: { id: threatId, acknowledged: { by: who.grace.id } } });
    expect(await server.dataSource.query(`SELECT 1 FROM audit_log WHERE action = 'alert.acknowledged' AND target_id = $1`, [threatId])).toHaveLength(1);

    // Agents and administrators do not acknowledge; an unknown alert is a 404.
    expect(await ben.command('alert:acknowledge', { alertId: missedOffersId })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await api(server.baseUrl, 'POST', `/api/alerts/${missedOffersId}/acknowledge`, who.admin.headers)).status).toBe(403);
    expect((await api(server.baseUrl, 'POST', '/api/alerts/00000000-0000-4000-8000-000000000000/acknowledge', who.sophie.headers)).status).toBe(404);

    // Whoever connects now sees it acknowledged, after the alerts still open.
    const later = (await open('daniel')).snapshot;
    expect(alertOf(later, threatId)?.acknowledged).toMatchObject({ by: who.grace.id, byName: 'Grace Lin' });
    const order = later.alerts.map((alert) => alert.acknowledged === null);
    expect(order).toEqual([...order].sort((a, b) => Number(b) - Number(a)));
    expect(alertOf(later, missedOffersId)?.acknowledged).toBeNull();
  });

  it('keeps alerts and acknowledgements across a server restart', async () => {
    const missedOffersId = await raiseMissedOffers();
    const { threatId } = await raiseThreat();
    const deadlineId = await raiseDueSoon();
    expect(await api(server.baseUrl, 'POST', `/api/alerts/${threatId}/acknowledge`, who.grace.headers)).toMatchObject({ status: 200 });
    for (const client of clients.splice(0)) client.close();
    for (const stop of stops.splice(0)) stop();
    await server.stop();
    server = await startTestApp({ database: server.database, env });

    const sophie = (await open('sophie')).snapshot;
    expect(alertOf(sophie, missedOffersId)).toMatchObject({ kind: 'agent_missed_offers', agentName: 'Li Na', acknowledged: null });
    expect(alertOf(sophie, threatId)).toMatchObject({ acknowledged: { by: who.grace.id, byName: 'Grace Lin' } });
    expect(alertOf(sophie, deadlineId)).toMatchObject({ kind: 'complaint_deadline_due_soon', acknowledged: null });
    expect(alertOf((await open('daniel')).snapshot, deadlineId)).toBeUndefined();

    // Acknowledged after the restart: gone from the open list of every console, the one that acknowledged included.
    const [wang, sophieAgain] = await Promise.all([open('wang.lei'), open('sophie')]);
    const acknowledged = await api(server.baseUrl, 'POST', `/api/alerts/${missedOffersId}/acknowledge`, who['wang.lei'].headers);
    expect(acknowledged).toMatchObject({ status: 200, body: { acknowledged: { by: who['wang.lei'].id, byName: 'Wang Lei' } } });
    for (const client of [wang, sophieAgain]) await client.next('alert:acknowledged', (data) => data.alert.id === missedOffersId && data.alert.acknowledged?.by === who['wang.lei'].id);
    expect(alertOf((await open('grace')).snapshot, missedOffersId)?.acknowledged).toMatchObject({ by: who['wang.lei'].id });
  });
});

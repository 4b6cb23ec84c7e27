import { aDeskSnapshot, aLiveContact, anAgentView, anAlert, aQueueStats, aRingingOffer, aWallboardAgent, aWallboardSnapshot, T0 } from '../../testing/fixtures';
import type { RealtimeDelta, RealtimeDeltaEvent, RealtimeDeltaMap } from '@callcentre/shared';
import { MAX_ALERTS, SERIES_MIN_SPACING_MS } from './realtime-state';
import { createRealtimeStore } from './realtime-store';

const delta = <E extends RealtimeDeltaEvent>(seq: number, data: RealtimeDeltaMap[E], epoch = 'epoch-1'): RealtimeDelta<E> => ({ epoch, seq, at: T0, data });

function liveDesk(seq = 0) {
  const store = createRealtimeStore();
  store.connected();
  store.applySnapshot({ ...aDeskSnapshot(), seq }, T0 - 2_000);
  return store;
}

describe('realtime store', () => {
  it('waits for the snapshot after connecting, and ignores deltas until then', () => {
    const store = createRealtimeStore();
    store.connected();
    expect(store.getState().status).toBe('syncing');
    expect(store.receive('agent:state', delta(1, { agent: anAgentView({ state: 'busy' }) }))).toBe('ignored');

    store.applySnapshot({ ...aDeskSnapshot(), seq: 1 }, T0 - 2_000);
    const state = store.getState();
    expect(state.status).toBe('live');
    expect(state.seq).toBe(1);
    expect(state.clockOffsetMs).toBe(2_000);
    expect(state.desk?.agent?.state).toBe('available');
  });

  it('applies deltas in order and keeps records by id', () => {
    const store = liveDesk();
    const contact = aLiveContact({ id: 'c-1', status: 'connected', agentId: anAgentView().id });
    expect(store.receive('offer', delta(1, { offer: aRingingOffer({ offerId: 'o-1' }, { id: 'c-1' }) }))).toBe('applied');
    expect(store.getState().desk?.offer?.offerId).toBe('o-1');
    expect(store.receive('offer:gone', delta(2, { contactId: 'c-1', offerId: 'o-1', reason: 'accepted', withdrawnBecause: null }))).toBe('applied');
    expect(store.receive('contact:update', delta(3, { contactId: 'c-1', contact, reason: null }))).toBe('applied');

    const desk = store.getState().desk;
    expect(desk?.offer).toBeNull();
    expect(desk?.contacts).toEqual({ 'c-1': contact });
    expect(store.getState().seq).toBe(3);

    expect(store.receive('contact:update', delta(4, { contactId: 'c-1', contact: null, reason: 'completed' }))).toBe('applied');
    expect(store.getState().desk?.contacts).toEqual({});
  });

  it('asks for a resync on a gap in seq and sets later deltas aside until the snapshot', () => {
    const store = liveDesk();
    store.receive('agent:state', delta(1, { agent: anAgentView({ state: 'available' }) }));

    expect(store.receive('agent:state', delta(3, { agent: anAgentView({ state: 'busy' }) }))).toBe('resync');
    expect(store.getState().desk?.agent?.state).toBe('available');
    store.resyncRequested();
    expect(store.getState()).toMatchObject({ status: 'syncing', resyncs: 1, awaitingSnapshot: true });
    expect(store.receive('agent:state', delta(4, { agent: anAgentView({ state: 'wrap_up' }) }))).toBe('ignored');

    store.applySnapshot({ ...aDeskSnapshot({ agent: anAgentView({ state: 'busy' }) }), seq: 4 }, T0);
    expect(store.getState()).toMatchObject({ status: 'live', seq: 4 });
    expect(store.getState().desk?.agent?.state).toBe('busy');
    expect(store.receive('agent:state', delta(5, { agent: anAgentView({ state: 'wrap_up' }) }))).toBe('applied');
  });

  it('asks for a resync when the server restarted (a new epoch)', () => {
    const store = liveDesk();
    expect(store.receive('agent:state', delta(1, { agent: anAgentView() }, 'epoch-2'))).toBe('resync');
  });

  it('ignores a delta it already applied', () => {
    const store = liveDesk();
    store.receive('agent:state', delta(1, { agent: anAgentView({ state: 'busy' }) }));
    expect(store.receive('agent:state', delta(1, { agent: anAgentView({ state: 'available' }) }))).toBe('duplicate');
    expect(store.getState().desk?.agent?.state).toBe('busy');
  });

  it('leaves no stale offer and no ghost contact after a snapshot', () => {
    const store = liveDesk();
    store.receive('offer', delta(1, { offer: aRingingOffer({ offerId: 'o-1' }, { id: 'c-1' }) }));
    store.receive('contact:update', delta(2, { contactId: 'c-2', contact: aLiveContact({ id: 'c-2', status: 'connected' }), reason: null }));
    store.disconnected();
    expect(store.getState().status).toBe('reconnecting');

    store.connected();
    store.applySnapshot(aDeskSnapshot({ offer: null, contacts: [] }), T0);
    expect(store.getState().desk?.offer).toBeNull();
    expect(store.getState().desk?.contacts).toEqual({});
    expect(store.getState().seq).toBe(0);
  });

  it('says how an offer stopped ringing, and only for the offer that rang', () => {
    const store = liveDesk();
    store.receive('offer', delta(1, { offer: aRingingOffer({ offerId: 'o-2' }, { id: 'c-1', customerName: 'Mia Jones' }) }));
    store.receive('offer:gone', delta(2, { contactId: 'c-0', offerId: 'o-1', reason: 'expired', withdrawnBecause: null }));
    expect(store.getState().desk?.offer?.offerId).toBe('o-2');
    store.receive('offer:gone', delta(3, { contactId: 'c-1', offerId: 'o-2', reason: 'withdrawn', withdrawnBecause: 'abandoned' }));
    expect(store.getState().desk?.lastOfferEnding).toMatchObject({ reason: 'withdrawn', withdrawnBecause: 'abandoned', customerName: 'Mia Jones' });
  });

  it('keeps the wallboard by id and builds each queue’s series from its statistics', () => {
    const store = createRealtimeStore();
    store.connected();
    store.applySnapshot(aWallboardSnapshot({ queues: [aQueueStats({ code: 'billing' })] }), T0);
    const queueId = aQueueStats({ code: 'billing' }).queueId;
    expect(store.getState().series[queueId]).toHaveLength(1);

    store.receive('queue:stats', delta(1, { queue: aQueueStats({ code: 'billing', at: T0 + 1_000, waitingCount: 5 }) }));
    expect(store.getState().series[queueId]).toHaveLength(1); // closer than the spacing: the latest replaces it
    store.receive('queue:stats', delta(2, { queue: aQueueStats({ code: 'billing', at: T0 + 1_000 + SERIES_MIN_SPACING_MS, waitingCount: 7, rolling: { serviceLevel: 0.6 } }) }));
    expect(store.getState().series[queueId].map((sample) => [sample.waiting, sample.serviceLevel])).toEqual([
      [5, 0.85],
      [7, 0.6],
    ]);
    expect(store.getState().wallboard?.queues[queueId].waitingCount).toBe(7);

    store.receive('agent:update', delta(3, { agent: aWallboardAgent({ id: 'a-2', displayName: 'Ben Okafor', state: 'busy' }) }));
    expect(Object.keys(store.getState().wallboard?.agents ?? {})).toHaveLength(2);
    store.receive('wallboard:contact', delta(4, { contactId: 'c-9', contact: aLiveContact({ id: 'c-9' }), reason: null }));
    store.receive('wallboard:contact', delta(5, { contactId: 'c-9', contact: null, reason: 'abandoned' }));
    expect(store.getState().wallboard?.contacts).toEqual({});
  });

  it("keeps the agent's own queues current from queue:stats, and leaves other queues to the wallboard", () => {
    const store = createRealtimeStore();
    store.connected();
    store.applySnapshot({ ...aDeskSnapshot({ queues: [aQueueStats({ code: 'billing', waitingCount: 0 }), aQueueStats({ code: 'general', waitingCount: 0 })] }), seq: 0 }, T0);
    expect(store.receive('queue:stats', delta(1, { queue: aQueueStats({ code: 'general', waitingCount: 3, longestWaitSeconds: 40 }) }))).toBe('applied');
    expect(store.receive('queue:stats', delta(2, { queue: aQueueStats({ code: 'technical', waitingCount: 9 }) }))).toBe('applied');
    expect(store.getState().desk?.queues.map((queue) => [queue.code, queue.waitingCount])).toEqual([
      ['billing', 0],
      ['general', 3],
    ]);
    expect(store.getState().seq).toBe(2);
  });

  it('keeps alerts newest first, once each', () => {
    const store = liveDesk();
    const alert = anAlert({ id: 'a-1', kind: 'agent_missed_offers', severity: 'warning', at: T0, message: 'Ben missed 3 offers' });
    store.receive('alert', delta(1, alert));
    store.receive('alert', delta(2, alert));
    store.receive('alert', delta(3, { ...alert, id: 'a-2', at: T0 + 1 }));
    expect(store.getState().alerts.map((item) => item.id)).toEqual(['a-2', 'a-1']);
  });

  it('starts from the alerts the snapshot lists, raised before the console connected, open ones first', () => {
    const store = createRealtimeStore();
    store.connected();
    const acknowledged = { at: T0 - 1_000, by: 'u-grace', byName: 'Grace Lin' };
    store.applySnapshot(
      aWallboardSnapshot({}, { alerts: [anAlert({ id: 'done', at: T0 - 5_000, acknowledged }), anAlert({ id: 'old', at: T0 - 60_000 }), anAlert({ id: 'new', at: T0 - 10_000 })] }),
      T0,
    );
    expect(store.getState().alerts.map((alert) => alert.id)).toEqual(['new', 'old', 'done']);

    // A later snapshot replaces them: an alert no longer listed is gone, and so is its dismissal.
    store.dismissAlert('done');
    store.dismissAlert('old');
    store.applySnapshot({ ...aWallboardSnapshot({}, { alerts: [anAlert({ id: 'old', at: T0 - 60_000 })] }), seq: 0 }, T0);
    expect(store.getState().alerts.map((alert) => alert.id)).toEqual(['old']);
    expect(store.getState().dismissedAlertIds).toEqual(['old']);
  });

  it('takes an acknowledgement: the alert moves behind the open ones, acknowledged by whoever did it', () => {
    const store = createRealtimeStore();
    store.connected();
    store.applySnapshot(aWallboardSnapshot({}, { alerts: [anAlert({ id: 'a', at: T0 - 1_000 }), anAlert({ id: 'b', at: T0 - 2_000 })] }), T0);
    const acknowledged = { at: T0, by: 'u-grace', byName: 'Grace Lin' };
    expect(store.receive('alert:acknowledged', delta(1, { alert: anAlert({ id: 'a', at: T0 - 1_000, acknowledged }) }))).toBe('applied');
    expect(store.getState().alerts.map((alert) => [alert.id, alert.acknowledged?.byName ?? null])).toEqual([
      ['b', null],
      ['a', 'Grace Lin'],
    ]);
    // An acknowledgement of an alert this console does not hold adds nothing.
    store.receive('alert:acknowledged', delta(2, { alert: anAlert({ id: 'elsewhere', acknowledged }) }));
    expect(store.getState().alerts).toHaveLength(2);
  });

  it('never lets acknowledged alerts push an open one out', () => {
    const store = createRealtimeStore();
    store.connected();
    const acknowledged = { at: T0, by: 'u-grace', byName: 'Grace Lin' };
    const done = Array.from({ length: MAX_ALERTS }, (_, index) => anAlert({ id: `done-${index}`, at: T0 - index, acknowledged }));
    store.applySnapshot(aWallboardSnapshot({}, { alerts: [...done, anAlert({ id: 'open', at: T0 - 3_600_000 })] }), T0);
    expect(store.getState().alerts).toHaveLength(MAX_ALERTS);
    expect(store.getState().alerts[0].id).toBe('open');
  });

  it('counts complaint updates so lists know to reload', () => {
    const store = liveDesk();
    store.receive('complaint:update', delta(1, { complaintId: 'cp-1', state: 'escalated' }));
    store.receive('complaint:update', delta(2, { complaintId: 'cp-1', state: 'closed' }));
    expect(store.getState().complaintSerial).toBe(2);
    expect(store.getState().complaints['cp-1'].update).toMatchObject({ state: 'closed' });
  });
});

import { aDeskSnapshot, anAgentView, aRingingOffer } from '../../testing/fixtures';
import { FakeSocket } from '../../testing/fake-socket';
import { createRealtimeClient, RealtimeCommandError } from './realtime-client';
import { createRealtimeStore } from './realtime-store';

function start(socket: FakeSocket, options: { renewSession?: () => Promise<boolean>; onSessionEnded?: jest.Mock } = {}) {
  const store = createRealtimeStore();
  const onSessionEnded = options.onSessionEnded ?? jest.fn();
  const client = createRealtimeClient({ store, socket, onSessionEnded, renewSession: options.renewSession ?? (async () => true), commandTimeoutMs: 1_000 });
  client.start();
  return { store, client, onSessionEnded };
}

describe('realtime client', () => {
  afterEach(() => jest.useRealTimers());

  it('connects, applies the snapshot and the deltas after it', () => {
    const socket = new FakeSocket({ snapshot: aDeskSnapshot() });
    const { store } = start(socket);
    expect(store.getState().status).toBe('live');
    socket.delta('agent:state', { agent: anAgentView({ state: 'reserved' }) });
    expect(store.getState().desk?.agent?.state).toBe('reserved');
  });

  it('asks for a fresh snapshot on a gap and is consistent again after it', async () => {
    const socket = new FakeSocket({ snapshot: aDeskSnapshot() });
    const { store } = start(socket);
    socket.delta('agent:state', { agent: anAgentView({ state: 'available' }) }); // seq 1
    socket.snapshot = aDeskSnapshot({ agent: anAgentView({ state: 'busy' }), offer: null });
    socket.delta('offer', { offer: aRingingOffer() }, { seq: 3 }); // seq 2 was lost

    expect(socket.sent('sync')).toEqual([{}]);
    expect(store.getState().status).toBe('syncing');
    await Promise.resolve(); // the server answers with the snapshot
    await Promise.resolve();
    expect(store.getState()).toMatchObject({ status: 'live', seq: 3, resyncs: 1 });
    expect(store.getState().desk?.agent?.state).toBe('busy');
    expect(store.getState().desk?.offer).toBeNull();
  });

  it('shows reconnecting while the connection is down and starts over from the snapshot when back', () => {
    const socket = new FakeSocket({ snapshot: aDeskSnapshot({ offer: aRingingOffer() }) });
    const { store } = start(socket);
    expect(store.getState().desk?.offer).not.toBeNull();

    socket.drop();
    expect(store.getState().status).toBe('reconnecting');
    socket.snapshot = aDeskSnapshot({ offer: null });
    socket.connect();
    expect(store.getState().status).toBe('live');
    expect(store.getState().desk?.offer).toBeNull();
  });

  it('heartbeats at the interval the snapshot gives, and stops while disconnected', () => {
    jest.useFakeTimers();
    const socket = new FakeSocket({ snapshot: aDeskSnapshot({ heartbeatIntervalSeconds: 5 }) });
    start(socket);
    jest.advanceTimersByTime(15_000);
    expect(socket.sent('agent:heartbeat')).toHaveLength(3);
    socket.drop();
    jest.advanceTimersByTime(15_000);
    expect(socket.sent('agent:heartbeat')).toHaveLength(3);
  });

  it('sends no heartbeat for a supervisor, who has no desk', () => {
    jest.useFakeTimers();
    const socket = new FakeSocket({ snapshot: { ...aDeskSnapshot(), desk: null } });
    start(socket);
    jest.advanceTimersByTime(30_000);
    expect(socket.sent('agent:heartbeat')).toHaveLength(0);
  });

  it('answers commands with the server’s result or its refusal in plain words', async () => {
    const socket = new FakeSocket({
      snapshot: aDeskSnapshot(),
      commands: {
        'offer:accept': () => ({ ok: true, data: { interactionId: 'c-1', status: 'connected' } }),
        'offer:reject': () => ({ ok: false, error: { code: 'OFFER_NOT_YOURS', message: 'This offer is not yours' } }),
      },
    });
    const { client } = start(socket);
    await expect(client.command('offer:accept', { interactionId: 'c-1', offerId: 'o-1' })).resolves.toEqual({ interactionId: 'c-1', status: 'connected' });
    await expect(client.command('offer:reject', { interactionId: 'c-1' })).rejects.toMatchObject({ code: 'OFFER_NOT_YOURS', message: 'This offer is not yours' });
  });

  it('refuses a command at once while disconnected, and times out one that is never answered', async () => {
    jest.useFakeTimers();
    const socket = new FakeSocket({ snapshot: aDeskSnapshot() });
    const { client } = start(socket);
    const pending = client.command('contact:end', { interactionId: 'c-1' });
    jest.advanceTimersByTime(1_000);
    await expect(pending).rejects.toBeInstanceOf(RealtimeCommandError);
    await expect(pending).rejects.toMatchObject({ code: 'TIMEOUT' });
    socket.drop();
    await expect(client.command('contact:end', { interactionId: 'c-1' })).rejects.toMatchObject({ code: 'OFFLINE' });
  });

  it('renews the session when the handshake is refused, then connects again', async () => {
    const socket = new FakeSocket({ snapshot: aDeskSnapshot() });
    const renewSession = jest.fn(async () => true);
    const { store } = start(socket, { renewSession });
    socket.drop();
    socket.fire('connect_error', Object.assign(new Error('Sign in'), { data: { code: 'UNAUTHENTICATED', message: 'Sign in' } }));
    expect(store.getState().status).toBe('reconnecting');
    await Promise.resolve();
    await Promise.resolve();
    expect(renewSession).toHaveBeenCalled();
    expect(store.getState().status).toBe('live');
  });

  it('asks who the person is again when their roles changed, and reconnects into the new rooms', async () => {
    jest.useFakeTimers();
    const socket = new FakeSocket({ snapshot: aDeskSnapshot() });
    const store = createRealtimeStore();
    const onRolesChanged = jest.fn();
    createRealtimeClient({ store, socket, onSessionEnded: jest.fn(), onRolesChanged, renewSession: async () => true }).start();
    socket.fire('session:ended', { reason: 'roles_changed' });
    socket.connected = false;
    socket.fire('disconnect', 'io server disconnect');
    expect(onRolesChanged).toHaveBeenCalled();
    expect(store.getState().status).toBe('reconnecting');
    jest.advanceTimersByTime(600);
    expect(socket.connects).toBe(2);
    expect(store.getState().status).toBe('live');
  });

  it('says why the server sent the console away, and connects again when the server said to', () => {
    jest.useFakeTimers();
    const socket = new FakeSocket({ snapshot: aDeskSnapshot() });
    const { store } = start(socket);
    socket.fire('routing:away', { reason: 'standby', retryAfterSeconds: 1 });
    socket.connected = false;
    socket.fire('disconnect', 'io server disconnect');
    expect(store.getState()).toMatchObject({ status: 'reconnecting', awayReason: 'standby' });
    jest.advanceTimersByTime(900);
    expect(socket.connects).toBe(1);
    jest.advanceTimersByTime(200);
    expect(socket.connects).toBe(2);
    expect(store.getState()).toMatchObject({ status: 'live', awayReason: null });
  });

  it('keeps trying when the handshake is refused because the database is away, showing why', () => {
    jest.useFakeTimers();
    const socket = new FakeSocket({ snapshot: aDeskSnapshot() });
    const { store } = start(socket);
    socket.drop();
    const refusal = { code: 'DATABASE_UNAVAILABLE', message: 'The database cannot be reached', retryAfterSeconds: 2 };
    socket.fire('connect_error', Object.assign(new Error(refusal.message), { data: refusal }));
    expect(store.getState()).toMatchObject({ status: 'reconnecting', awayReason: 'database_unavailable' });
    const connectsBefore = socket.connects;
    jest.advanceTimersByTime(2_100);
    expect(socket.connects).toBe(connectsBefore + 1);
    expect(store.getState()).toMatchObject({ status: 'live', awayReason: null });
  });

  it('tells the session it ended when the server says so', () => {
    const socket = new FakeSocket({ snapshot: aDeskSnapshot() });
    const { onSessionEnded } = start(socket);
    socket.fire('session:ended', { reason: 'session_ended' });
    expect(onSessionEnded).toHaveBeenCalledWith({ reason: 'session_ended' });
  });

  it('uses the server clock: the snapshot sets the offset', () => {
    const socket = new FakeSocket({ snapshot: { ...aDeskSnapshot(), serverTime: Date.now() + 3_000 } });
    const { store } = start(socket);
    expect(store.getState().clockOffsetMs).toBeGreaterThanOrEqual(2_900);
    expect(store.getState().clockOffsetMs).toBeLessThanOrEqual(3_100);
  });
});

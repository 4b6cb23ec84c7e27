import type { CallView, RealtimeDelta } from '@callcentre/shared';
import { aDeskSnapshot, T0 } from '../../../testing/fixtures';
import { createRealtimeStore } from '../realtime-store';

const aCall = (overrides: Partial<CallView> = {}): CallView => ({
  contactId: 'call-1',
  state: 'ready',
  agentId: 'amy',
  held: false,
  heldSince: null,
  holdSeconds: 0,
  muted: false,
  consult: null,
  parties: [],
  pending: null,
  lastFailure: null,
  outcome: null,
  version: 1,
  updatedAt: T0,
  ...overrides,
});

const update = (seq: number, call: CallView): RealtimeDelta<'call:update'> => ({ epoch: 'epoch-1', seq, at: T0, data: { call } });

describe('calls in the live store', () => {
  const live = () => {
    const store = createRealtimeStore();
    store.connected();
    store.applySnapshot({ ...aDeskSnapshot(), epoch: 'epoch-1', seq: 0 }, T0);
    return store;
  };

  it('keeps each call at the highest version seen, live or read after a snapshot', () => {
    const store = live();
    expect(store.receive('call:update', update(1, aCall({ version: 2, held: true, heldSince: T0 })))).toBe('applied');
    store.mergeCalls([aCall({ version: 1 })]);
    expect(store.getState().calls['call-1']).toMatchObject({ version: 2, held: true });
    store.mergeCalls([aCall({ version: 3, held: false, holdSeconds: 42 }), aCall({ contactId: 'call-2', agentId: 'ben' })]);
    expect(store.getState().calls['call-1']).toMatchObject({ version: 3, held: false, holdSeconds: 42 });
    expect(Object.keys(store.getState().calls).sort()).toEqual(['call-1', 'call-2']);
    store.receive('call:update', update(2, aCall({ version: 3, held: true })));
    expect(store.getState().calls['call-1'].held).toBe(false);
  });
});

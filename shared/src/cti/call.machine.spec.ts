import type { CallCommand, CallEvent } from './call.types';
import { initialCallSnapshot, stepCall, type CallSnapshot } from './call.snapshot';

const requested = (commandId: string, command: CallCommand, at: number): CallEvent => ({ type: 'command.requested', commandId, command, at, by: 'amy', expiresAt: at + 8000 });
const confirmed = (commandId: string, at: number): CallEvent => ({ type: 'command.confirmed', commandId, at });

function run(snapshot: CallSnapshot, ...events: CallEvent[]): CallSnapshot {
  return events.reduce((current, event) => stepCall(current, event).snapshot, snapshot);
}

describe('call machine', () => {
  const fresh = () => initialCallSnapshot('call-1', 'amy');

  it('holds only once confirmed, and counts the hold when it ends', () => {
    const pending = run(fresh(), requested('c1', { type: 'hold' }, 1000));
    expect(pending.value).toBe('pending');
    expect(pending.context.held).toBe(false);
    expect(pending.can(requested('c2', { type: 'mute' }, 1100))).toBe(false);
    const held = run(pending, confirmed('c1', 2000));
    expect(held.context).toMatchObject({ held: true, heldSince: 2000, pending: null });
    const resumed = run(held, requested('c2', { type: 'resume' }, 40_000), confirmed('c2', 44_000));
    expect(resumed.context).toMatchObject({ held: false, holdSeconds: 42 });
  });

  it('leaves the call as it was when a command is refused or expires, and ignores answers to other commands', () => {
    const pending = run(fresh(), requested('c1', { type: 'hold' }, 1000));
    expect(stepCall(pending, confirmed('other', 1500)).changed).toBe(false);
    const refused = run(pending, { type: 'command.refused', commandId: 'c1', at: 2000, detail: 'busy' });
    expect(refused.value).toBe('ready');
    expect(refused.context).toMatchObject({ held: false, lastFailure: { commandType: 'hold', reason: 'refused', detail: 'busy' } });
    expect(stepCall(refused, confirmed('c1', 2500)).changed).toBe(false);
    const expired = run(refused, requested('c2', { type: 'mute' }, 3000), { type: 'command.expired', commandId: 'c2', at: 11_000 });
    expect(expired.context).toMatchObject({ muted: false, lastFailure: { commandType: 'mute', reason: 'timeout' } });
  });

  it('consults with the caller on hold, then hands over warm, or takes the call back', () => {
    const consulting = run(fresh(), requested('c1', { type: 'consult', agentId: 'ben' }, 0), confirmed('c1', 1000));
    expect(consulting.context).toMatchObject({ held: true, consult: { agentId: 'ben', heldCaller: true } });
    expect(consulting.can(requested('x', { type: 'hold' }, 1100))).toBe(false);
    expect(consulting.can(requested('x', { type: 'blind_transfer', agentId: 'emma' }, 1100))).toBe(false);
    expect(consulting.can(requested('x', { type: 'blind_transfer', queueId: 'billing' }, 1100))).toBe(false);
    const taken = run(consulting, requested('c2', { type: 'transfer_complete' }, 5000), confirmed('c2', 6000));
    expect(taken.context).toMatchObject({ agentId: 'ben', held: false, consult: null, holdSeconds: 5 });
    const back = run(consulting, requested('c3', { type: 'consult_cancel' }, 5000), confirmed('c3', 6000));
    expect(back.context).toMatchObject({ agentId: 'amy', held: false, consult: null, holdSeconds: 5 });
  });

  it('brings the consulted colleague into a conference, adds and drops parties, never the agent themself', () => {
    const consulting = run(fresh(), requested('c1', { type: 'consult', agentId: 'ben' }, 0), confirmed('c1', 1000));
    const conference = run(consulting, requested('c2', { type: 'conference_add' }, 2000), confirmed('c2', 3000));
    expect(conference.context).toMatchObject({ held: false, consult: null, parties: [{ agentId: 'ben', since: 3000 }] });
    expect(conference.can(requested('x', { type: 'conference_add', agentId: 'ben' }, 3100))).toBe(false);
    expect(conference.can(requested('x', { type: 'conference_add', agentId: 'amy' }, 3100))).toBe(false);
    const dropped = run(conference, requested('c3', { type: 'conference_drop', agentId: 'ben' }, 4000), confirmed('c3', 4500));
    expect(dropped.context.parties).toEqual([]);
  });

  it('blind-transfers to a colleague or a queue, never both at once', () => {
    expect(fresh().can(requested('x', { type: 'blind_transfer', queueId: 'billing' }, 0))).toBe(true);
    expect(fresh().can(requested('x', { type: 'blind_transfer', agentId: 'ben', queueId: 'billing' }, 0))).toBe(false);
    expect(fresh().can(requested('x', { type: 'blind_transfer' }, 0))).toBe(false);
  });

  it('is over once ended, blind-transferred or gone, with a running hold counted', () => {
    const held = run(fresh(), requested('c1', { type: 'hold' }, 0), confirmed('c1', 1000));
    expect(run(held, { type: 'call.gone', at: 4000 }).context).toMatchObject({ outcome: 'ended', holdSeconds: 3, held: false });
    const transferred = run(fresh(), requested('c2', { type: 'blind_transfer', agentId: 'ben' }, 0), confirmed('c2', 500));
    expect(transferred.value).toBe('over');
    expect(transferred.context.outcome).toBe('transferred');
    const toQueue = run(fresh(), requested('c5', { type: 'hold' }, 0), confirmed('c5', 0), requested('c6', { type: 'blind_transfer', queueId: 'billing' }, 2000), confirmed('c6', 3000));
    expect(toQueue.value).toBe('over');
    expect(toQueue.context).toMatchObject({ outcome: 'transferred', agentId: 'amy', held: false, holdSeconds: 3 });
    const ended = run(fresh(), requested('c3', { type: 'end' }, 0), confirmed('c3', 500));
    expect(ended.value).toBe('over');
    expect(ended.can(requested('c4', { type: 'hold' }, 600))).toBe(false);
  });
});

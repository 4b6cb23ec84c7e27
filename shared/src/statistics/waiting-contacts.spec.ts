import type { RoutingEvent } from '../routing/routing.events';
import { WaitingContacts } from './waiting-contacts';

const T = Date.UTC(2026, 11, 5, 9, 0, 0);
const s = (seconds: number) => T + seconds * 1000;

const queued = (contactId: string, queueId: string, at: number, reason: 'arrival' | 'overflow' | 'transfer'): RoutingEvent => ({
  type: 'contact.queued',
  contactId,
  queueId,
  channel: 'voice',
  at,
  reason,
  enqueuedAt: at,
  queueEnteredAt: at,
  valueTier: 'ordinary',
  complaint: false,
  language: null,
  callback: false,
  priority: 0,
  preferredAgentId: null,
});

const completed = (contactId: string, queueId: string, at: number): RoutingEvent => ({
  type: 'contact.completed',
  contactId,
  queueId,
  channel: 'voice',
  at,
  agentId: 'a1',
  talkSeconds: 60,
  wrapUpSeconds: 0,
  handleSeconds: 60,
  endedBy: 'contact_end',
});

const transferred = (contactId: string, queueId: string, toQueueId: string, at: number): RoutingEvent => ({
  type: 'contact.transferred',
  contactId,
  queueId,
  channel: 'voice',
  at,
  toQueueId,
  fromAgentId: null,
  toAgentId: null,
  by: { kind: 'supervisor', id: 's1' },
  totalWaitSeconds: 0,
  talkSeconds: null,
});

describe('WaitingContacts', () => {
  it('starts a new wait at a transfer into another queue, and counts the contact only where it waits now', () => {
    const waiting = new WaitingContacts();
    waiting.apply(queued('c1', 'sales', s(0), 'arrival'));
    // A supervisor moves the waiting contact: it leaves sales, then enters care with a new place in line.
    waiting.apply(transferred('c1', 'sales', 'care', s(40)));
    expect(waiting.get('c1')).toBeUndefined();
    expect(waiting.countIn('sales')).toBe(0);
    waiting.apply(queued('c1', 'care', s(40), 'transfer'));
    expect(waiting.get('c1')).toEqual({ queueId: 'care', since: s(40) });
    expect(waiting.sinceByQueue()).toEqual(new Map([['care', [s(40)]]]));
  });

  it('keeps a contact whose transfer names a queue it no longer waits in', () => {
    const waiting = new WaitingContacts();
    waiting.apply(queued('c1', 'care', s(0), 'arrival'));
    waiting.apply(transferred('c1', 'sales', 'billing', s(10)));
    expect(waiting.get('c1')).toEqual({ queueId: 'care', since: s(0) });
    expect(waiting.countIn('care')).toBe(1);
  });

  it('moves a re-queued contact out of its former queue’s count', () => {
    const waiting = new WaitingContacts();
    waiting.apply(queued('c1', 'sales', s(0), 'arrival'));
    waiting.apply(queued('c2', 'sales', s(5), 'arrival'));
    waiting.apply(queued('c1', 'care', s(30), 'transfer'));
    expect(waiting.countIn('sales')).toBe(1);
    expect(waiting.sinceIn('sales')).toEqual([s(5)]);
    expect(waiting.countIn('care')).toBe(1);
    expect(waiting.get('c1')).toEqual({ queueId: 'care', since: s(30) });
  });

  it('forgets a contact whose work is completed, and ignores events that move no one', () => {
    const waiting = new WaitingContacts();
    waiting.apply(queued('c1', 'sales', s(0), 'arrival'));
    waiting.apply({ type: 'contact.wrap_up', contactId: 'c1', queueId: 'sales', channel: 'voice', at: s(1), agentId: 'a1', talkSeconds: 0, wrapUpEndsAt: s(2) });
    expect(waiting.countIn('sales')).toBe(1);
    waiting.apply(completed('c1', 'sales', s(90)));
    expect(waiting.get('c1')).toBeUndefined();
    expect(waiting.countIn('sales')).toBe(0);
    expect(waiting.sinceIn('sales')).toEqual([]);
  });

  it('starts again from the contacts given to reset', () => {
    const waiting = new WaitingContacts();
    waiting.apply(queued('old', 'sales', s(0), 'arrival'));
    waiting.reset([
      { contactId: 'c1', queueId: 'care', since: s(10) },
      { contactId: 'c2', queueId: 'care', since: s(20) },
    ]);
    expect(waiting.get('old')).toBeUndefined();
    expect(waiting.countIn('sales')).toBe(0);
    expect(waiting.sinceIn('care')).toEqual([s(10), s(20)]);
  });
});

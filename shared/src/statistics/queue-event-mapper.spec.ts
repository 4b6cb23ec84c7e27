import type { RoutingEvent } from '../routing/routing.events';
import { queueEventOf } from './queue-event-mapper';

const base = { contactId: 'c1', queueId: 'q1', channel: 'voice' as const };
const queued = (at: number, queueId = 'q1'): RoutingEvent => ({
  ...base,
  queueId,
  type: 'contact.queued',
  at,
  reason: 'arrival',
  enqueuedAt: at,
  queueEnteredAt: at,
  valueTier: 'ordinary',
  complaint: false,
  language: null,
  callback: false,
  priority: 0,
  preferredAgentId: null,
});
/** `waitStartedAt`: start of the routing core's current wait (later than the queue entry after a hand-back). */
const connected = (at: number, queueEnteredAt: number, waitStartedAt = queueEnteredAt): RoutingEvent => ({
  ...base,
  type: 'contact.connected',
  at,
  agentId: 'a1',
  waitSeconds: (at - waitStartedAt) / 1000,
  totalWaitSeconds: (at - queueEnteredAt) / 1000,
  enqueuedAt: queueEnteredAt,
  queueEnteredAt,
  firstEnqueuedAt: queueEnteredAt,
  serviceLevelThresholdSeconds: 20,
  callback: false,
  valueTier: 'ordinary',
});
const abandoned = (at: number, queueEnteredAt: number, waitStartedAt = queueEnteredAt): RoutingEvent => ({
  ...base,
  type: 'contact.abandoned',
  at,
  waitSeconds: (at - waitStartedAt) / 1000,
  totalWaitSeconds: (at - queueEnteredAt) / 1000,
  enqueuedAt: queueEnteredAt,
  queueEnteredAt,
  offeredAgentId: null,
  callback: false,
});

describe('queueEventOf', () => {
  it('maps arrival, answer and completion with the wait from queue entry and handle time = talk + wrap-up', () => {
    expect(queueEventOf(queued(1_000))).toEqual({ ...base, type: 'contact.queued', at: 1_000 });
    expect(queueEventOf(connected(26_000, 1_000))).toEqual({ ...base, type: 'contact.answered', at: 26_000, enqueuedAt: 1_000 });
    expect(
      queueEventOf({ ...base, type: 'contact.completed', at: 90_000, agentId: 'a1', talkSeconds: 50, wrapUpSeconds: 14, handleSeconds: 64, endedBy: 'agent' }),
    ).toEqual({ ...base, type: 'contact.completed', at: 90_000, talkSeconds: 50, holdSeconds: 0, afterCallWorkSeconds: 14 });
  });

  it('offers a contact handed back after a lost desktop again: its next answer or abandon counts, the wait from the hand-back', () => {
    expect(queueEventOf(connected(5_000, 0))).toMatchObject({ type: 'contact.answered', enqueuedAt: 0 });
    expect(queueEventOf({ ...base, type: 'contact.requeued', at: 60_000, fromAgentId: 'a1', reason: 'agent_disconnected', enqueuedAt: 0, talkSeconds: 55 })).toEqual({
      ...base,
      type: 'contact.requeued',
      at: 60_000,
      handleSeconds: 55,
    });
    // The core keeps the queue entry (0) through the hand-back; its current wait restarts at 60 s.
    expect(queueEventOf(connected(70_000, 0, 60_000))).toEqual({ ...base, type: 'contact.answered', at: 70_000, enqueuedAt: 60_000 });
    expect(queueEventOf(abandoned(63_000, 0, 60_000))).toEqual({ ...base, type: 'contact.abandoned', at: 63_000, enqueuedAt: 60_000 });
  });

  it('measures the caller’s wait from the arrival in the queue it overflowed from, as routing’s current wait counts it', () => {
    // Entered this queue at 90 s by overflow; the caller has waited since 0 s.
    expect(queueEventOf(connected(100_000, 90_000, 0))).toMatchObject({ type: 'contact.answered', enqueuedAt: 0 });
    expect(queueEventOf(abandoned(95_000, 90_000, 0))).toMatchObject({ type: 'contact.abandoned', enqueuedAt: 0 });
    // Never a wait start after the event, whatever the clocks said.
    expect(queueEventOf(connected(100_000, 120_000))).toMatchObject({ enqueuedAt: 100_000 });
  });

  it('counts a waiting contact transferred to another queue as overflowed out, and one transferred by its agent as transferred out', () => {
    const transfer = (fromAgentId: string | null, talkSeconds: number | null): RoutingEvent => ({
      ...base,
      type: 'contact.transferred',
      at: 9_000,
      toQueueId: 'q2',
      fromAgentId,
      toAgentId: null,
      by: { kind: 'system' },
      totalWaitSeconds: 9,
      talkSeconds,
    });
    expect(queueEventOf(transfer(null, null))).toMatchObject({ type: 'contact.overflowed', queueId: 'q1', at: 9_000 });
    expect(queueEventOf(transfer('a1', 6.5))).toEqual({ ...base, type: 'contact.transferred', at: 9_000, handleSeconds: 6.5 });
  });

  it('leaves out of AHT the handling of journal rows written before routing recorded the talk before a transfer or a hand-back', () => {
    const { talkSeconds: _talk, ...transferred } = {
      ...base,
      type: 'contact.transferred' as const,
      at: 9_000,
      toQueueId: 'q2',
      fromAgentId: 'a1',
      toAgentId: null,
      by: { kind: 'system' as const },
      totalWaitSeconds: 9,
      talkSeconds: 4,
    };
    expect(queueEventOf(transferred as RoutingEvent)).toEqual({ ...base, type: 'contact.transferred', at: 9_000, handleSeconds: null });
    const requeued = { ...base, type: 'contact.requeued', at: 20_000, fromAgentId: 'a1', reason: 'agent_disconnected', enqueuedAt: 0 };
    expect(queueEventOf(requeued as RoutingEvent)).toEqual({ ...base, type: 'contact.requeued', at: 20_000, handleSeconds: null });
  });

  it('ignores events that feed no figure', () => {
    expect(queueEventOf({ type: 'agent.missed_offers', at: 1, agentId: 'a1', count: 3, lastContactId: 'c1' })).toBeNull();
  });
});

import type { RoutingEvent } from '../routing/routing.events';
import { QueueEventMapper } from './queue-event-mapper';

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
const connected = (at: number, queueEnteredAt: number): RoutingEvent => ({
  ...base,
  type: 'contact.connected',
  at,
  agentId: 'a1',
  waitSeconds: (at - queueEnteredAt) / 1000,
  totalWaitSeconds: (at - queueEnteredAt) / 1000,
  enqueuedAt: queueEnteredAt,
  queueEnteredAt,
  firstEnqueuedAt: queueEnteredAt,
  serviceLevelThresholdSeconds: 20,
  callback: false,
  valueTier: 'ordinary',
});
const abandoned = (at: number, queueEnteredAt: number): RoutingEvent => ({
  ...base,
  type: 'contact.abandoned',
  at,
  waitSeconds: (at - queueEnteredAt) / 1000,
  totalWaitSeconds: (at - queueEnteredAt) / 1000,
  enqueuedAt: queueEnteredAt,
  queueEnteredAt,
  offeredAgentId: null,
  callback: false,
});

describe('QueueEventMapper', () => {
  it('maps arrival, answer and completion with the wait from queue entry and handle time = talk + wrap-up', () => {
    const mapper = new QueueEventMapper();
    expect(mapper.map(queued(1_000))).toEqual({ ...base, type: 'contact.queued', at: 1_000 });
    expect(mapper.map(connected(26_000, 1_000))).toEqual({ ...base, type: 'contact.answered', at: 26_000, enqueuedAt: 1_000 });
    expect(
      mapper.map({ ...base, type: 'contact.completed', at: 90_000, agentId: 'a1', talkSeconds: 50, wrapUpSeconds: 14, handleSeconds: 64, endedBy: 'agent' }),
    ).toEqual({ ...base, type: 'contact.completed', at: 90_000, talkSeconds: 50, holdSeconds: 0, afterCallWorkSeconds: 14 });
  });

  it('counts one answer per entry into a queue: a contact requeued after its agent was lost is not answered or abandoned twice', () => {
    const mapper = new QueueEventMapper();
    mapper.map(queued(0));
    expect(mapper.map(connected(5_000, 0))?.type).toBe('contact.answered');
    expect(mapper.map({ ...base, type: 'contact.requeued', at: 60_000, fromAgentId: 'a1', reason: 'agent_disconnected', enqueuedAt: 0, talkSeconds: 55 })).toEqual({
      ...base,
      type: 'contact.requeued',
      at: 60_000,
      handleSeconds: 55,
    });
    expect(mapper.map(connected(70_000, 0))).toBeNull();
    // Back in the queue once more, then the caller hangs up: answered here already, so not an abandon.
    expect(mapper.map(abandoned(80_000, 0))).toBeNull();
    // A fresh entry (a new arrival of the same id in another queue) counts again.
    mapper.map(queued(100_000, 'q1'));
    expect(mapper.map(abandoned(104_000, 100_000))).toMatchObject({ type: 'contact.abandoned', enqueuedAt: 100_000 });
  });

  it('counts a waiting contact transferred to another queue as overflowed out, and one transferred by its agent as transferred out', () => {
    const mapper = new QueueEventMapper();
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
    expect(mapper.map(transfer(null, null))).toMatchObject({ type: 'contact.overflowed', queueId: 'q1', at: 9_000 });
    expect(mapper.map(transfer('a1', 6.5))).toEqual({ ...base, type: 'contact.transferred', at: 9_000, handleSeconds: 6.5 });
  });

  it('leaves out of AHT the handling of journal rows written before routing recorded the talk before a transfer or a hand-back', () => {
    const mapper = new QueueEventMapper();
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
    expect(mapper.map(transferred as RoutingEvent)).toEqual({ ...base, type: 'contact.transferred', at: 9_000, handleSeconds: null });
    const requeued = { ...base, type: 'contact.requeued', at: 20_000, fromAgentId: 'a1', reason: 'agent_disconnected', enqueuedAt: 0 };
    expect(mapper.map(requeued as RoutingEvent)).toEqual({ ...base, type: 'contact.requeued', at: 20_000, handleSeconds: null });
  });

  it('ignores events that feed no figure', () => {
    const mapper = new QueueEventMapper();
    expect(mapper.map({ type: 'agent.missed_offers', at: 1, agentId: 'a1', count: 3, lastContactId: 'c1' })).toBeNull();
  });
});

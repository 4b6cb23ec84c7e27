import type { AgentRt, ContactRt, QueueRt } from './routing-engine.model';
import { effectivePriority, seconds, type EngineState } from './routing-engine.state';
import type {
  RoutingContactAbandonedEvent,
  RoutingContactCompletedEvent,
  RoutingContactConnectedEvent,
  RoutingContactOfferedEvent,
  RoutingContactOverflowedEvent,
  RoutingContactQueuedEvent,
  RoutingContactTransferredEvent,
} from './routing.events';
import type { Actor } from './routing.types';

/*
 * The routing core's larger contact events, built from a contact as the command that raises them leaves it.
 * Every field is written out in one object literal: building them by spreading a shared part measured three
 * times slower per CPU second (BENCHMARKS.md).
 */

/** A contact entered its queue: on arrival, by overflow or by transfer. */
export function queuedEventOf(state: EngineState, contact: ContactRt, reason: RoutingContactQueuedEvent['reason'], t: number): RoutingContactQueuedEvent {
  return {
    at: t,
    contactId: contact.id,
    queueId: contact.queue.settings.id,
    channel: contact.channel,
    type: 'contact.queued',
    reason,
    enqueuedAt: contact.enqueuedAt,
    queueEnteredAt: contact.queueEnteredAt,
    valueTier: contact.valueTier,
    complaint: contact.complaint,
    language: contact.language,
    callback: contact.callback,
    priority: effectivePriority(state, contact, t),
    preferredAgentId: contact.preferredAgentId,
  };
}

/** The contact rings at `agent` (its offer id, deadline and attempt are already set on the contact). */
export function offeredEventOf(contact: ContactRt, agent: AgentRt, t: number): RoutingContactOfferedEvent {
  return {
    at: t,
    contactId: contact.id,
    queueId: contact.queue.settings.id,
    channel: contact.channel,
    type: 'contact.offered',
    agentId: agent.id,
    offerId: contact.offerId as string,
    expiresAt: contact.expiresAt as number,
    waitSeconds: seconds(t - contact.waitStartedAt),
    callback: contact.callback,
    attempt: contact.offerCount,
  };
}

/** The agent took the contact after it waited `legWaitMs` in this leg. */
export function connectedEventOf(contact: ContactRt, agentId: string, legWaitMs: number, t: number): RoutingContactConnectedEvent {
  return {
    at: t,
    contactId: contact.id,
    queueId: contact.queue.settings.id,
    channel: contact.channel,
    type: 'contact.connected',
    agentId,
    waitSeconds: seconds(legWaitMs),
    totalWaitSeconds: seconds(contact.priorWaitMs),
    enqueuedAt: contact.enqueuedAt,
    queueEnteredAt: contact.queueEnteredAt,
    firstEnqueuedAt: contact.firstEnqueuedAt,
    serviceLevelThresholdSeconds: contact.queue.settings.serviceLevel.withinSeconds,
    callback: contact.callback,
    valueTier: contact.valueTier,
  };
}

/** The customer hung up or left while waiting (or while it rang at `offeredAgent`). */
export function abandonedEventOf(contact: ContactRt, offeredAgent: AgentRt | null, t: number): RoutingContactAbandonedEvent {
  return {
    at: t,
    contactId: contact.id,
    queueId: contact.queue.settings.id,
    channel: contact.channel,
    type: 'contact.abandoned',
    waitSeconds: seconds(t - contact.waitStartedAt),
    totalWaitSeconds: seconds(contact.priorWaitMs + t - contact.waitStartedAt),
    enqueuedAt: contact.enqueuedAt,
    queueEnteredAt: contact.queueEnteredAt,
    offeredAgentId: offeredAgent?.id ?? null,
    callback: contact.callback,
  };
}

/** The agent finished the contact: `talkMs` connected, `wrapMs` after-call work. */
export function completedEventOf(
  contact: ContactRt,
  agent: AgentRt,
  talkMs: number,
  wrapMs: number,
  endedBy: RoutingContactCompletedEvent['endedBy'],
  t: number,
): RoutingContactCompletedEvent {
  return {
    at: t,
    contactId: contact.id,
    queueId: contact.queue.settings.id,
    channel: contact.channel,
    type: 'contact.completed',
    agentId: agent.id,
    talkSeconds: seconds(talkMs),
    wrapUpSeconds: seconds(wrapMs),
    handleSeconds: seconds(talkMs + wrapMs),
    endedBy,
  };
}

/** The contact waited past its queue's limit and moves on to `target`. */
export function overflowedEventOf(contact: ContactRt, target: QueueRt, t: number): RoutingContactOverflowedEvent {
  return {
    at: t,
    contactId: contact.id,
    queueId: contact.queue.settings.id,
    channel: contact.channel,
    type: 'contact.overflowed',
    toQueueId: target.settings.id,
    enqueuedAt: contact.enqueuedAt,
    queueEnteredAt: contact.queueEnteredAt,
    waitSeconds: seconds(t - contact.waitStartedAt),
  };
}

/** Someone sent the contact to `target` (and to `toAgent` there, when named). */
export function transferredEventOf(
  contact: ContactRt,
  target: QueueRt,
  fromAgent: AgentRt | null,
  toAgent: AgentRt | null,
  by: Actor,
  talkMs: number | null,
  t: number,
): RoutingContactTransferredEvent {
  return {
    at: t,
    contactId: contact.id,
    queueId: contact.queue.settings.id,
    channel: contact.channel,
    type: 'contact.transferred',
    toQueueId: target.settings.id,
    fromAgentId: fromAgent?.id ?? null,
    toAgentId: toAgent?.id ?? null,
    by,
    totalWaitSeconds: seconds(contact.priorWaitMs),
    talkSeconds: talkMs === null ? null : seconds(talkMs),
  };
}

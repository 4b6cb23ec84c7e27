import type { RoutingEvent, RoutingEventType } from '../routing/routing.events';
import type { QueueContactEvent } from './queue-events';

/** Routing event types that feed queue figures or the mapper's memory; the only ones read back from the journal. */
export const STATISTICS_EVENT_TYPES: readonly RoutingEventType[] = [
  'contact.queued',
  'contact.connected',
  'contact.abandoned',
  'contact.overflowed',
  'contact.transferred',
  'contact.requeued',
  'contact.completed',
];

/**
 * Turns the routing journal into the statistics' queue events (shared/src/statistics/queue-events.ts), in
 * journal order. Live figures, the restart replay and the history report all go through this one mapping, so
 * they agree.
 *
 * | routing event                          | queue event          | wait measured from          |
 * |----------------------------------------|----------------------|-----------------------------|
 * | contact.queued (arrival, overflow in, transfer in) | contact.queued | -                        |
 * | contact.connected (first in this queue) | contact.answered    | queueEnteredAt              |
 * | contact.abandoned (never answered here) | contact.abandoned   | queueEnteredAt              |
 * | contact.overflowed                     | contact.overflowed   | queueEnteredAt              |
 * | contact.transferred while waiting      | contact.overflowed   | (count only)                |
 * | contact.transferred by the agent       | contact.transferred  | talk = handle time          |
 * | contact.requeued                       | contact.requeued     | talk = handle time          |
 * | contact.completed                      | contact.completed    | talk + wrap-up = handle time|
 *
 * Decisions:
 * - A contact handed back to its queue after its agent's desktop was lost (`contact.requeued`) is the same
 *   entry into the queue: a second answer is not counted again, and a hang-up after that is not an abandon
 *   (the contact was answered here). Its new wait shows in the live waiting figures only.
 * - A waiting contact a supervisor transfers to another queue leaves this queue neither answered nor
 *   abandoned, exactly like an overflow, so it counts as "overflowed out" here and as offered in the target.
 * - A contact transferred away by its agent keeps its answer here and counts as "transferred out"; it is offered
 *   again in the queue it was sent to (this queue again, possibly).
 * - Each agent's handling counts for AHT in the queue the contact was in with that agent, when it ends: the
 *   talk before an agent's transfer or before a lost desktop's hand-back counts here, the next agent's
 *   handling where it happens. Journal rows written before routing recorded that talk are left out of AHT.
 * - Hold time is not tracked by routing, so it is 0 and talk includes any hold.
 */
export class QueueEventMapper {
  /** `contactId queueId` of contacts answered since they last entered that queue and not yet gone. */
  private readonly answered = new Set<string>();

  map(event: RoutingEvent): QueueContactEvent | null {
    switch (event.type) {
      case 'contact.queued': {
        this.answered.delete(key(event.contactId, event.queueId));
        return { type: 'contact.queued', contactId: event.contactId, queueId: event.queueId, channel: event.channel, at: event.at };
      }
      case 'contact.connected': {
        const k = key(event.contactId, event.queueId);
        if (this.answered.has(k)) return null;
        this.answered.add(k);
        return {
          type: 'contact.answered',
          contactId: event.contactId,
          queueId: event.queueId,
          channel: event.channel,
          at: event.at,
          enqueuedAt: Math.min(event.queueEnteredAt, event.at),
        };
      }
      case 'contact.abandoned': {
        if (this.answered.delete(key(event.contactId, event.queueId))) return null;
        return {
          type: 'contact.abandoned',
          contactId: event.contactId,
          queueId: event.queueId,
          channel: event.channel,
          at: event.at,
          enqueuedAt: Math.min(event.queueEnteredAt, event.at),
        };
      }
      case 'contact.overflowed': {
        this.answered.delete(key(event.contactId, event.queueId));
        return {
          type: 'contact.overflowed',
          contactId: event.contactId,
          queueId: event.queueId,
          channel: event.channel,
          at: event.at,
          enqueuedAt: Math.min(event.queueEnteredAt, event.at),
        };
      }
      case 'contact.transferred': {
        this.answered.delete(key(event.contactId, event.queueId));
        const base = { contactId: event.contactId, queueId: event.queueId, channel: event.channel, at: event.at };
        if (event.fromAgentId !== null) return { ...base, type: 'contact.transferred', handleSeconds: talkOf(event) };
        return { ...base, type: 'contact.overflowed', enqueuedAt: event.at };
      }
      case 'contact.requeued':
        return { type: 'contact.requeued', contactId: event.contactId, queueId: event.queueId, channel: event.channel, at: event.at, handleSeconds: talkOf(event) };
      case 'contact.completed': {
        this.answered.delete(key(event.contactId, event.queueId));
        return {
          type: 'contact.completed',
          contactId: event.contactId,
          queueId: event.queueId,
          channel: event.channel,
          at: event.at,
          talkSeconds: Math.max(0, event.talkSeconds),
          holdSeconds: 0,
          afterCallWorkSeconds: Math.max(0, event.wrapUpSeconds),
        };
      }
      default:
        return null;
    }
  }
}

/** The talk a transfer or hand-back carries; absent from journal rows written before routing recorded it. */
function talkOf(event: { readonly talkSeconds?: number | null }): number | null {
  return typeof event.talkSeconds === 'number' ? Math.max(0, event.talkSeconds) : null;
}

function key(contactId: string, queueId: string): string {
  return `${contactId} ${queueId}`;
}

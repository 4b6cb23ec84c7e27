import type { RoutingEvent, RoutingEventType } from '../routing/routing.events';
import type { ContactRecord } from '../routing/routing.types';
import type { QueueContactEvent } from './queue-events';

/** Routing event types that feed queue figures; the only ones read back from the journal. */
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
 * Turns one event of the routing journal into the statistics' queue event (shared/src/statistics/queue-events.ts),
 * or null when it feeds no figure. The server's live figures, restart replay, history report and staffing's live
 * load all go through this mapping, so they agree. The simulator reads the core's events with its own mapping: its
 * offered, completed and handle-time counts are these (server/src/modules/staffing/staffing-load.spec.ts), but its
 * waits run from the contact's entry into its current queue, so after an overflow they differ from the rule below.
 * It keeps no memory: each routing event carries everything its queue event needs,
 * so the figures of a period do not depend on where the journal was first read from (the start of the server,
 * a restart, the `from` of a history).
 *
 * | routing event                          | queue event          | wait measured from          |
 * |----------------------------------------|----------------------|-----------------------------|
 * | contact.queued (arrival, overflow in, transfer in) | contact.queued | -                        |
 * | contact.connected                      | contact.answered     | arrival, hand-back, transfer|
 * | contact.abandoned                      | contact.abandoned    | arrival, hand-back, transfer|
 * | contact.overflowed                     | contact.overflowed   | arrival, hand-back, transfer|
 * | contact.transferred while waiting      | contact.overflowed   | (count only)                |
 * | contact.transferred by the agent       | contact.transferred  | talk = handle time          |
 * | contact.requeued                       | contact.requeued     | talk = handle time          |
 * | contact.completed                      | contact.completed    | talk + wrap-up = handle time|
 *
 * Decisions:
 * - A contact handed back to its queue after its agent's desktop was lost (`contact.requeued`) enters the
 *   queue's line again: it is offered again there (and counted as requeued), and that new wait has its own
 *   outcome like any other: answered again, abandoned if the caller hangs up while waiting, or overflowed. Its
 *   first answer stays counted. Its wait is measured from the hand-back.
 * - A caller's wait is routing's current wait (`at - waitSeconds`): from the arrival, whatever queue the contact is
 *   in now, so a contact answered in the queue it overflowed into counts its whole wait there (for ASA, the service
 *   level and short abandons alike), as the caller lived it. It starts again at a hand-back (the talk before it was
 *   not waiting) and at a transfer (the contact gets a new place in line).
 * - A waiting contact a supervisor transfers to another queue leaves this queue neither answered nor
 *   abandoned, exactly like an overflow, so it counts as "overflowed out" here and as offered in the target.
 * - A contact transferred away by its agent keeps its answer here and counts as "transferred out"; it is offered
 *   again in the queue it was sent to (this queue again, possibly).
 * - Each agent's handling counts for AHT in the queue the contact was in with that agent, when it ends: the
 *   talk before an agent's transfer or before a lost desktop's hand-back counts here, the next agent's
 *   handling where it happens. Journal rows written before routing recorded that talk are left out of AHT.
 * - Hold time is not tracked by routing, so it is 0 and talk includes any hold.
 */
export function queueEventOf(event: RoutingEvent): QueueContactEvent | null {
  switch (event.type) {
    case 'contact.queued':
      return { type: 'contact.queued', contactId: event.contactId, queueId: event.queueId, channel: event.channel, at: event.at };
    case 'contact.connected':
      return {
        type: 'contact.answered',
        contactId: event.contactId,
        queueId: event.queueId,
        channel: event.channel,
        at: event.at,
        enqueuedAt: waitStartOf(event),
      };
    case 'contact.abandoned':
      return {
        type: 'contact.abandoned',
        contactId: event.contactId,
        queueId: event.queueId,
        channel: event.channel,
        at: event.at,
        enqueuedAt: waitStartOf(event),
      };
    case 'contact.overflowed':
      return {
        type: 'contact.overflowed',
        contactId: event.contactId,
        queueId: event.queueId,
        channel: event.channel,
        at: event.at,
        enqueuedAt: waitStartOf(event),
      };
    case 'contact.transferred': {
      const base = { contactId: event.contactId, queueId: event.queueId, channel: event.channel, at: event.at };
      if (event.fromAgentId !== null) return { ...base, type: 'contact.transferred', handleSeconds: talkOf(event) };
      return { ...base, type: 'contact.overflowed', enqueuedAt: event.at };
    }
    case 'contact.requeued':
      return { type: 'contact.requeued', contactId: event.contactId, queueId: event.queueId, channel: event.channel, at: event.at, handleSeconds: talkOf(event) };
    case 'contact.completed':
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
    default:
      return null;
  }
}

/**
 * Where the caller's current wait started: routing's current wait (`at - waitSeconds`), which runs from the arrival
 * through any overflow and starts again only at a hand-back after a lost desktop or at a transfer. Never after the
 * event itself.
 */
function waitStartOf(event: { readonly at: number; readonly waitSeconds: number }): number {
  return Math.min(event.at - Math.round(Math.max(0, event.waitSeconds) * 1000), event.at);
}

/**
 * Since when a contact waiting now (a stored routing record) has been waiting, for the longest wait: the start of
 * routing's current wait (`waitStartedAt`), by the same rule as the waits of the queue events and as
 * `WaitingContacts` follows the journal, so a restart, which reads the stored records, does not move it. Records
 * stored before the core kept that time fall back to `enqueuedAt`, as the core does.
 */
export function waitingSinceOf(record: Pick<ContactRecord, 'waitStartedAt'> & { readonly enqueuedAt: number }): number {
  return record.waitStartedAt ?? record.enqueuedAt;
}

/** The talk a transfer or hand-back carries; absent from journal rows written before routing recorded it. */
function talkOf(event: { readonly talkSeconds?: number | null }): number | null {
  return typeof event.talkSeconds === 'number' ? Math.max(0, event.talkSeconds) : null;
}

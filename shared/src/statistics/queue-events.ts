/**
 * What the queue statistics are computed from: one event per thing that happened to a contact in
 * a queue. Each event carries everything its figures need, and each thing a figure counts (an
 * offer, an answer, a handling...) is decided by exactly one event, so the accumulation is exact in
 * any order and each event counts in the bucket of its own time (`at`):
 *
 * | event                | time `at`                         | figures it feeds                               |
 * |----------------------|-----------------------------------|------------------------------------------------|
 * | `contact.queued`     | the contact entered the queue     | offered                                        |
 * | `contact.answered`   | an agent connected                | answered, service level, ASA, abandon rates    |
 * | `contact.abandoned`  | the caller hung up while queued   | abandoned, short abandons, service level,      |
 * |                      |                                   | abandon rates                                  |
 * | `contact.overflowed` | it left the queue unanswered      | overflowed out, abandon rates                  |
 * | `contact.transferred`| its agent transferred it away     | transferred out, handled, AHT                  |
 * | `contact.requeued`   | its agent's desktop was lost and  | requeued, offered, handled, AHT                |
 * |                      | it went back to waiting           |                                                |
 * | `contact.completed`  | the agent finished after-call work| completed, handled, AHT                        |
 *
 * Overflow (domain decision): a contact counts as offered in every queue it enters. In a queue it
 * leaves while waiting (by overflow, or by a transfer with no agent on it) it is neither answered
 * nor abandoned, so it stays out of that queue's service level, ASA and abandons, and is counted as
 * overflowed out; its outcome counts in the queue where it happens. A contact its agent transfers
 * stays answered in the queue it leaves and is counted there as transferred out. Waits are the
 * caller's: from the arrival, through any overflow, to the answer or hang-up (a hand-back after a lost
 * desktop and a transfer start a new wait).
 *
 * Lost desktop (domain decision): a contact whose agent's desktop was lost goes back to waiting in
 * its queue; it is offered there again (and counted as requeued), and that new wait has its own
 * outcome, measured from the hand-back: answered again, abandoned if the caller hangs up while
 * waiting, or overflowed out. Its first answer stays counted.
 *
 * Every offer but a contact's first arrival follows one way out of a queue (overflowed out,
 * transferred out or requeued), so contacts counted once centre-wide = Σ offered - Σ requeued -
 * Σ overflowed out - Σ transferred out over the queues.
 *
 * Handle time (domain decision, as contact centres attribute it): each agent's handling of a contact
 * counts once, in the queue the contact was in while that agent handled it, when it ends: at completion
 * (talk + hold + after-call work), at the agent's transfer, or when the agent's desktop was lost and
 * the contact went back to waiting (talk + hold up to then: no after-call work follows either).
 *
 * Times are epoch milliseconds (UTC), whole numbers as Date.getTime() gives; waits are computed
 * from them, so wait sums are exact integers. Historical reports that store one row per contact
 * convert it with `eventsFromOutcome`.
 */
import { CHANNELS, type Channel } from '../domain/call-centre';
import { QueueStatisticsInputError, requireEpochMillis, requireSeconds, requireText } from './queue-statistics.errors';

/** Milliseconds since 1970-01-01T00:00:00Z, a whole number. */
export type EpochMillis = number;

export const QUEUE_CONTACT_EVENT_TYPES = [
  'contact.queued',
  'contact.answered',
  'contact.abandoned',
  'contact.overflowed',
  'contact.transferred',
  'contact.requeued',
  'contact.completed',
] as const;
export type QueueContactEventType = (typeof QUEUE_CONTACT_EVENT_TYPES)[number];

interface QueueContactEventBase {
  readonly contactId: string;
  /** The queue whose figures the event counts in. */
  readonly queueId: string;
  readonly channel: Channel;
  /** When it happened; the event counts in the minute bucket of this time. */
  readonly at: EpochMillis;
}

/** The contact entered the queue (first arrival, or overflow in from another queue). */
export interface ContactQueuedEvent extends QueueContactEventBase {
  readonly type: 'contact.queued';
}

/** An agent connected. Wait = at - enqueuedAt. */
export interface ContactAnsweredEvent extends QueueContactEventBase {
  readonly type: 'contact.answered';
  /** When the caller's current wait started: the arrival (kept through overflows), a hand-back after a lost desktop, or a transfer. */
  readonly enqueuedAt: EpochMillis;
}

/** The caller hung up while queued. Wait = at - enqueuedAt. */
export interface ContactAbandonedEvent extends QueueContactEventBase {
  readonly type: 'contact.abandoned';
  readonly enqueuedAt: EpochMillis;
}

/**
 * The contact left the queue while waiting (no agent on it): routing overflowed it, or someone transferred
 * it while it waited. The queue it went to reports its own `contact.queued`.
 */
export interface ContactOverflowedEvent extends QueueContactEventBase {
  readonly type: 'contact.overflowed';
  readonly enqueuedAt: EpochMillis;
}

/**
 * The agent who answered the contact from this queue transferred it to a queue or an agent (this queue
 * again, possibly), which reports its own `contact.queued`. The answer stays counted here, and so does
 * the agent's handle time up to the transfer.
 */
export interface ContactTransferredEvent extends QueueContactEventBase {
  readonly type: 'contact.transferred';
  /** The agent's talk + hold up to the transfer; null when not known (then it is left out of AHT). */
  readonly handleSeconds: number | null;
}

/**
 * The desktop of the agent handling the contact was lost and the contact went back to waiting in this
 * queue: that agent's handling ends here, and the contact is offered here again (its new wait starts at
 * `at`).
 */
export interface ContactRequeuedEvent extends QueueContactEventBase {
  readonly type: 'contact.requeued';
  /** The agent's talk + hold up to the hand-back; null when not known (then it is left out of AHT). */
  readonly handleSeconds: number | null;
}

/**
 * The agent finished the contact (end of after-call work; hang-up when there is none).
 * Handle time = talk + hold + after-call work; talk excludes hold.
 */
export interface ContactCompletedEvent extends QueueContactEventBase {
  readonly type: 'contact.completed';
  readonly talkSeconds: number;
  readonly holdSeconds: number;
  readonly afterCallWorkSeconds: number;
}

export type QueueContactEvent =
  | ContactQueuedEvent
  | ContactAnsweredEvent
  | ContactAbandonedEvent
  | ContactOverflowedEvent
  | ContactTransferredEvent
  | ContactRequeuedEvent
  | ContactCompletedEvent;

/** Checks an event's shape and values; throws QueueStatisticsInputError naming the bad field. */
export function validateQueueContactEvent(event: QueueContactEvent): void {
  if (!(QUEUE_CONTACT_EVENT_TYPES as readonly unknown[]).includes(event.type)) {
    throw new QueueStatisticsInputError('type', `one of ${QUEUE_CONTACT_EVENT_TYPES.join(', ')}`, event.type);
  }
  requireText('contactId', event.contactId);
  requireText('queueId', event.queueId);
  if (!(CHANNELS as readonly unknown[]).includes(event.channel)) {
    throw new QueueStatisticsInputError('channel', `one of ${CHANNELS.join(', ')}`, event.channel);
  }
  const at = requireEpochMillis('at', event.at);
  switch (event.type) {
    case 'contact.queued':
      return;
    case 'contact.transferred':
    case 'contact.requeued':
      if (event.handleSeconds !== null) requireSeconds('handleSeconds', event.handleSeconds);
      return;
    case 'contact.answered':
    case 'contact.abandoned':
    case 'contact.overflowed': {
      const enqueuedAt = requireEpochMillis('enqueuedAt', event.enqueuedAt);
      if (enqueuedAt > at) throw new QueueStatisticsInputError('enqueuedAt', `at or before at (${at})`, enqueuedAt);
      return;
    }
    case 'contact.completed':
      requireSeconds('talkSeconds', event.talkSeconds);
      requireSeconds('holdSeconds', event.holdSeconds);
      requireSeconds('afterCallWorkSeconds', event.afterCallWorkSeconds);
      return;
  }
}

/** One stored row per contact and queue, as a historical report reads it. */
export interface ContactOutcomeRecord {
  readonly contactId: string;
  readonly queueId: string;
  readonly channel: Channel;
  /** When the contact entered this queue. */
  readonly enqueuedAt: EpochMillis;
  /** At most one of answeredAt, abandonedAt, overflowedAt; none while the contact still waits. */
  readonly answeredAt?: EpochMillis;
  readonly abandonedAt?: EpochMillis;
  readonly overflowedAt?: EpochMillis;
  /** End of after-call work (or hang-up when there is none); only for answered contacts. */
  readonly completedAt?: EpochMillis;
  /** Handle-time parts of a completed contact; each 0 when omitted. */
  readonly talkSeconds?: number;
  readonly holdSeconds?: number;
  readonly afterCallWorkSeconds?: number;
}

/** The events a contact row stands for, in time order. Throws on contradictory rows. */
export function eventsFromOutcome(record: ContactOutcomeRecord): QueueContactEvent[] {
  const { contactId, queueId, channel, enqueuedAt } = record;
  const base = { contactId, queueId, channel };
  const outcomes = [record.answeredAt, record.abandonedAt, record.overflowedAt].filter((t) => t !== undefined);
  if (outcomes.length > 1) {
    throw new QueueStatisticsInputError('answeredAt/abandonedAt/overflowedAt', 'at most one outcome', outcomes.length);
  }
  const events: QueueContactEvent[] = [{ ...base, type: 'contact.queued', at: enqueuedAt }];
  if (record.answeredAt !== undefined) {
    events.push({ ...base, type: 'contact.answered', at: record.answeredAt, enqueuedAt });
  }
  if (record.abandonedAt !== undefined) {
    events.push({ ...base, type: 'contact.abandoned', at: record.abandonedAt, enqueuedAt });
  }
  if (record.overflowedAt !== undefined) {
    events.push({ ...base, type: 'contact.overflowed', at: record.overflowedAt, enqueuedAt });
  }
  if (record.completedAt !== undefined) {
    if (record.answeredAt === undefined) {
      throw new QueueStatisticsInputError('completedAt', 'given only for an answered contact', record.completedAt);
    }
    if (record.completedAt < record.answeredAt) {
      throw new QueueStatisticsInputError('completedAt', `at or after answeredAt (${record.answeredAt})`, record.completedAt);
    }
    events.push({
      ...base,
      type: 'contact.completed',
      at: record.completedAt,
      talkSeconds: record.talkSeconds ?? 0,
      holdSeconds: record.holdSeconds ?? 0,
      afterCallWorkSeconds: record.afterCallWorkSeconds ?? 0,
    });
  }
  for (const event of events) validateQueueContactEvent(event);
  return events;
}

import type { RoutingEvent } from '../routing/routing.events';
import type { EpochMillis } from './queue-events';

/** Where a contact waits now, and since when its caller has been waiting (see `WaitingContacts`). */
export interface WaitingContact {
  readonly queueId: string;
  readonly since: EpochMillis;
}

/**
 * The contacts waiting now (ringing offers included), by queue, each with the start of its caller's current wait,
 * fed with the routing journal's events in order. It gives the live waiting count, the longest wait and the waiting
 * count at any moment of a history.
 *
 * A caller's wait runs from the arrival, whatever queue the contact is in now: an overflow moves the contact and
 * its wait along, as routing's explanation (`waitSeconds`) counts it. A wait starts again only where routing starts
 * one: when the contact is handed back after its agent's desktop was lost (the talk was not waiting), and at a
 * transfer, which gives the contact a new place in line in the target queue.
 */
export class WaitingContacts {
  private readonly byContact = new Map<string, WaitingContact>();
  /** The same contacts by queue, with the start of each wait: a queue's figures read only its own. */
  private readonly byQueue = new Map<string, Map<string, EpochMillis>>();

  /** Replaces everything with the contacts waiting at some moment (e.g. read from the stored routing records). */
  reset(contacts: Iterable<{ readonly contactId: string } & WaitingContact>): void {
    this.byContact.clear();
    this.byQueue.clear();
    for (const contact of contacts) this.put(contact.contactId, { queueId: contact.queueId, since: contact.since });
  }

  /** Takes one journal event; events that move no contact in or out of waiting are ignored. */
  apply(event: RoutingEvent): void {
    switch (event.type) {
      case 'contact.queued': {
        const held = this.byContact.get(event.contactId);
        // An overflow keeps the wait the contact brought from the queue it left.
        const since = event.reason === 'overflow' && held ? held.since : event.queueEnteredAt;
        this.put(event.contactId, { queueId: event.queueId, since });
        return;
      }
      case 'contact.overflowed':
        this.put(event.contactId, { queueId: event.toQueueId, since: Math.min(event.at, event.at - Math.round(Math.max(0, event.waitSeconds) * 1000)) });
        return;
      case 'contact.requeued':
        this.put(event.contactId, { queueId: event.queueId, since: event.at });
        return;
      case 'contact.connected':
      case 'contact.abandoned':
      case 'contact.completed':
        this.remove(event.contactId);
        return;
      case 'contact.transferred':
        if (this.byContact.get(event.contactId)?.queueId === event.queueId) this.remove(event.contactId);
        return;
      default:
        return;
    }
  }

  get(contactId: string): WaitingContact | undefined {
    return this.byContact.get(contactId);
  }

  /** How many contacts wait in the queue. O(1). */
  countIn(queueId: string): number {
    return this.byQueue.get(queueId)?.size ?? 0;
  }

  /** The start of each contact's wait in one queue. O(contacts waiting in it). */
  sinceIn(queueId: string): EpochMillis[] {
    const contacts = this.byQueue.get(queueId);
    return contacts ? [...contacts.values()] : [];
  }

  /** The start of each waiting contact's wait, by queue. */
  sinceByQueue(): Map<string, EpochMillis[]> {
    const byQueue = new Map<string, EpochMillis[]>();
    for (const contact of this.byContact.values()) {
      const list = byQueue.get(contact.queueId);
      if (list) list.push(contact.since);
      else byQueue.set(contact.queueId, [contact.since]);
    }
    return byQueue;
  }

  private put(contactId: string, contact: WaitingContact): void {
    const held = this.byContact.get(contactId);
    if (held && held.queueId !== contact.queueId) this.byQueue.get(held.queueId)?.delete(contactId);
    this.byContact.set(contactId, contact);
    const inQueue = this.byQueue.get(contact.queueId);
    if (inQueue) inQueue.set(contactId, contact.since);
    else this.byQueue.set(contact.queueId, new Map([[contactId, contact.since]]));
  }

  private remove(contactId: string): void {
    const held = this.byContact.get(contactId);
    if (!held) return;
    this.byContact.delete(contactId);
    const inQueue = this.byQueue.get(held.queueId);
    inQueue?.delete(contactId);
    if (inQueue?.size === 0) this.byQueue.delete(held.queueId);
  }
}

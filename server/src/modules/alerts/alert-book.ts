import { ALERT_RECENT_HOURS, ALERT_SNAPSHOT_LIMIT, type RealtimeAlert, type Role } from '@callcentre/shared';
import { isAddressedTo, type StoredAlert } from './alerts.types';

/** How many alerts one server keeps in memory; past it, acknowledged alerts go first, then the oldest open ones. */
export const ALERTS_KEPT = 1_000;
const RECENT_MS = ALERT_RECENT_HOURS * 3_600_000;

/** Newest first; the id breaks ties so the order is the same everywhere. */
const newestFirst = (a: StoredAlert, b: StoredAlert) => b.alert.at - a.alert.at || (a.alert.id < b.alert.id ? 1 : -1);

/**
 * The alerts snapshots are built from, kept in memory so a snapshot is one synchronous step with the deltas
 * around it: every open alert and those raised within ALERT_RECENT_HOURS, each with its audience. Pure: the
 * caller loads it from the database and feeds it what commits; times are passed in.
 */
export class AlertBook {
  private readonly alerts = new Map<string, StoredAlert>();

  constructor(private readonly kept = ALERTS_KEPT) {}

  /** Adds a newly raised alert; false if the book already holds it. */
  add(stored: StoredAlert, now: number): boolean {
    if (this.alerts.has(stored.alert.id)) return false;
    this.alerts.set(stored.alert.id, stored);
    this.prune(now);
    return true;
  }

  /** Takes an alert as it stands now (an acknowledgement); an acknowledgement is never undone by an older copy. */
  put(stored: StoredAlert, now: number): void {
    const held = this.alerts.get(stored.alert.id);
    if (held?.alert.acknowledged && !stored.alert.acknowledged) return;
    this.alerts.set(stored.alert.id, stored);
    this.prune(now);
  }

  /**
   * Takes what was read from the database: it replaces what the book held, except that alerts added meanwhile
   * (raised after the read) stay, and an acknowledgement the book saw is kept over an open copy.
   */
  load(loaded: readonly StoredAlert[], now: number): void {
    const held = new Map(this.alerts);
    this.alerts.clear();
    for (const stored of loaded) this.alerts.set(stored.alert.id, stored);
    for (const [id, stored] of held) {
      const read = this.alerts.get(id);
      if (!read || (stored.alert.acknowledged && !read.alert.acknowledged)) this.alerts.set(id, stored);
    }
    this.prune(now);
  }

  get(id: string): StoredAlert | undefined {
    return this.alerts.get(id);
  }

  /** Ids of the open alerts the book holds (a reload reads them again, in case they were acknowledged elsewhere). */
  openIds(): string[] {
    return [...this.alerts.values()].filter((stored) => !stored.alert.acknowledged).map((stored) => stored.alert.id);
  }

  /** Whether an alert of this kind about this queue is open. */
  hasOpen(kind: string, queueId: string): boolean {
    for (const stored of this.alerts.values()) if (!stored.alert.acknowledged && stored.alert.kind === kind && stored.alert.queueId === queueId) return true;
    return false;
  }

  get size(): number {
    return this.alerts.size;
  }

  /**
   * What one person's snapshot lists: the alerts addressed to them, open ones first, then those acknowledged and
   * raised within ALERT_RECENT_HOURS, each group newest first, at most ALERT_SNAPSHOT_LIMIT.
   */
  visibleTo(user: { id: string; roles: readonly Role[] }, now: number, limit = ALERT_SNAPSHOT_LIMIT): RealtimeAlert[] {
    const mine = [...this.alerts.values()].filter((stored) => isAddressedTo(stored.audience, user) && (!stored.alert.acknowledged || stored.alert.at >= now - RECENT_MS));
    const open = mine.filter((stored) => !stored.alert.acknowledged).sort(newestFirst);
    const acknowledged = mine.filter((stored) => stored.alert.acknowledged).sort(newestFirst);
    return [...open, ...acknowledged].slice(0, limit).map((stored) => stored.alert);
  }

  /** Drops acknowledged alerts past ALERT_RECENT_HOURS, then keeps at most `kept`: acknowledged ones go first. */
  private prune(now: number): void {
    for (const [id, stored] of this.alerts) if (stored.alert.acknowledged && stored.alert.at < now - RECENT_MS) this.alerts.delete(id);
    if (this.alerts.size <= this.kept) return;
    const byPriority = [...this.alerts.values()].sort((a, b) => Number(Boolean(a.alert.acknowledged)) - Number(Boolean(b.alert.acknowledged)) || newestFirst(a, b));
    for (const stored of byPriority.slice(this.kept)) this.alerts.delete(stored.alert.id);
  }
}

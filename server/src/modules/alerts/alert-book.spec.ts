import { ALERT_RECENT_HOURS, type RealtimeAlert } from '@callcentre/shared';
import { AlertBook } from './alert-book';
import type { StoredAlert } from './alerts.types';

const T0 = Date.UTC(2026, 4, 20, 9, 0, 0);
const HOUR = 3_600_000;

function stored(id: string, at: number, audience: StoredAlert['audience'], acknowledged: RealtimeAlert['acknowledged'] = null): StoredAlert {
  return { alert: { id, kind: 'agent_missed_offers', severity: 'warning', at, message: id, acknowledged }, audience };
}

const floor = { users: [], roles: ['supervisor', 'team_lead', 'admin'] } as const;
const sophie = { id: 'sophie', roles: ['supervisor'] } as const;
const grace = { id: 'grace', roles: ['team_lead'] } as const;
const daniel = { id: 'daniel', roles: ['team_lead'] } as const;
const amy = { id: 'amy', roles: ['agent'] } as const;
const ack = (at: number) => ({ at, by: 'sophie', byName: 'Sophie' });

describe('AlertBook', () => {
  it('lists to each person the alerts addressed to them by id or role: open first, then recently acknowledged, each newest first', () => {
    const book = new AlertBook();
    book.add(stored('floor-old', T0, floor), T0);
    book.add(stored('floor-new', T0 + 1000, floor), T0);
    book.add(stored('floor-done', T0 + 2000, floor, ack(T0 + 3000)), T0);
    // A deadline alert addressed to Grace (the complaint's team lead), Amy (its owner) and supervisors.
    book.add(stored('grace-only', T0 + 500, { users: ['grace', 'amy'], roles: ['supervisor'] }), T0);

    expect(book.visibleTo(sophie, T0 + 5000).map((alert) => alert.id)).toEqual(['floor-new', 'grace-only', 'floor-old', 'floor-done']);
    expect(book.visibleTo(grace, T0 + 5000).map((alert) => alert.id)).toEqual(['floor-new', 'grace-only', 'floor-old', 'floor-done']);
    expect(book.visibleTo(daniel, T0 + 5000).map((alert) => alert.id)).toEqual(['floor-new', 'floor-old', 'floor-done']);
    expect(book.visibleTo(amy, T0 + 5000).map((alert) => alert.id)).toEqual(['grace-only']);
    expect(book.visibleTo(sophie, T0 + 5000, 2).map((alert) => alert.id)).toEqual(['floor-new', 'grace-only']);
  });

  it('keeps open alerts however old, and acknowledged ones only while recent', () => {
    const book = new AlertBook();
    book.add(stored('open', T0, floor), T0);
    book.add(stored('done', T0, floor, ack(T0 + 1000)), T0);
    const later = T0 + (ALERT_RECENT_HOURS + 1) * HOUR;
    expect(book.visibleTo(sophie, later).map((alert) => alert.id)).toEqual(['open']);
    book.add(stored('new', later, floor), later);
    expect(book.get('done')).toBeUndefined();
  });

  it('adds an alert once, and never lets an open copy undo an acknowledgement', () => {
    const book = new AlertBook();
    expect(book.add(stored('a', T0, floor), T0)).toBe(true);
    expect(book.add(stored('a', T0, floor), T0)).toBe(false);
    book.put(stored('a', T0, floor, ack(T0 + 10)), T0);
    book.put(stored('a', T0, floor), T0);
    expect(book.get('a')?.alert.acknowledged).toEqual(ack(T0 + 10));
    expect(book.openIds()).toEqual([]);
  });

  it('takes a load from the database, keeping what was raised or acknowledged while it was read', () => {
    const book = new AlertBook();
    book.add(stored('stale', T0, floor), T0);
    book.add(stored('raised-meanwhile', T0 + 10, floor), T0);
    book.put(stored('acked-meanwhile', T0, floor, ack(T0 + 20)), T0);
    book.load([stored('stale', T0, floor, ack(T0 + 5)), stored('acked-meanwhile', T0, floor), stored('from-db', T0 - 10, floor)], T0 + 30);
    expect(book.get('stale')?.alert.acknowledged).toEqual(ack(T0 + 5));
    expect(book.get('acked-meanwhile')?.alert.acknowledged).toEqual(ack(T0 + 20));
    expect(book.openIds().sort()).toEqual(['from-db', 'raised-meanwhile']);
  });

  it('keeps at most its limit, dropping acknowledged alerts before open ones and the oldest first', () => {
    const book = new AlertBook(3);
    book.add(stored('open-1', T0 + 1, floor), T0);
    book.add(stored('done-1', T0 + 5, floor, ack(T0 + 6)), T0);
    book.add(stored('open-2', T0 + 2, floor), T0);
    book.add(stored('open-3', T0 + 3, floor), T0);
    expect(book.get('done-1')).toBeUndefined();
    book.add(stored('open-4', T0 + 4, floor), T0);
    expect(book.openIds().sort()).toEqual(['open-2', 'open-3', 'open-4']);
  });
});

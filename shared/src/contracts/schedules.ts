/** Agents' shifts (GET/POST /api/shifts, DELETE /api/shifts/:id). */

/** Longest shift accepted, in hours. */
export const SHIFT_MAX_HOURS = 16;
/** Longest range of time one read of shifts covers, in days. */
export const SHIFT_RANGE_MAX_DAYS = 31;
/** Most shifts one CSV import adds. */
export const SHIFT_IMPORT_MAX_ROWS = 2000;

export interface Shift {
  readonly id: string;
  readonly agentId: string;
  readonly agentName: string;
  readonly teamId: string | null;
  readonly teamName: string | null;
  /** ISO 8601 instants; the shift covers [startsAt, endsAt). */
  readonly startsAt: string;
  readonly endsAt: string;
}

/** A new shift for one agent, or the same shift for every agent of a team. */
export interface NewShift {
  readonly agentId?: string;
  readonly teamId?: string;
  readonly startsAt: string;
  readonly endsAt: string;
}

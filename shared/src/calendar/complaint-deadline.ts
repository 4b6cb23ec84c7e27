import { ComplaintComplexity, KEY_VALUE_TIERS, ValueTier } from '../domain/call-centre';
import { BusinessCalendar } from './business-calendar';
import { InstantInput, addWorkingDays, addWorkingTime, toEpochMs, workingTimeBetween } from './working-time';

/**
 * What happened to a complaint's clock, in any order (they are sorted by time; ties keep the given order).
 * `started` is the receipt; `paused`/`resumed` bracket waiting on the customer; `progress_call` marks a
 * call that keeps the customer informed; `stopped` is when the complaint reached its end (thanked/closed).
 */
export type ComplaintClockEvent = {
  readonly type: 'started' | 'paused' | 'resumed' | 'progress_call' | 'stopped';
  readonly at: InstantInput;
};

/** When a deadline counts as "due soon": in the last fraction of the allowed working time, or the last N ms of it. */
export type DueSoonThreshold = { readonly fractionOfAllowed: number } | { readonly workingTimeMs: number };

export interface ComplaintDeadlinePolicy {
  /** Working days from receipt within which a complaint is settled (domain rule: simple 1, general 3). */
  readonly resolutionWorkingDays: Readonly<Record<Exclude<ComplaintComplexity, 'complex'>, number>>;
  /** A complex complaint has no final deadline, only a progress call at least this often (domain rule: 3). */
  readonly progressCallEveryWorkingDays: number;
  /** Key customers are worked to this fraction of the allowed working time (an internal target), in (0, 1]. */
  readonly keyCustomerFraction: number;
  readonly keyValueTiers: readonly ValueTier[];
  readonly dueSoon: DueSoonThreshold;
}

export const DEFAULT_COMPLAINT_DEADLINE_POLICY: ComplaintDeadlinePolicy = Object.freeze({
  resolutionWorkingDays: Object.freeze({ simple: 1, general: 3 }),
  progressCallEveryWorkingDays: 3,
  keyCustomerFraction: 0.5,
  keyValueTiers: KEY_VALUE_TIERS,
  dueSoon: Object.freeze({ fractionOfAllowed: 0.2 }),
});

export const DEADLINE_STATUSES = ['on_track', 'due_soon', 'breached'] as const;
export type DeadlineStatus = (typeof DEADLINE_STATUSES)[number];

export interface ComplaintClockInput {
  readonly complexity: ComplaintComplexity;
  readonly valueTier: ValueTier;
  readonly events: readonly ComplaintClockEvent[];
}

export interface ComplaintDeadline {
  /**
   * `resolution` for simple and general complaints (settle by `dueAt`); `progress_call` for complex ones,
   * which have no final deadline: `dueAt` is when the next progress call is due, counted from the last one.
   */
  readonly kind: 'resolution' | 'progress_call';
  readonly status: DeadlineStatus;
  readonly clock: 'running' | 'paused' | 'stopped';
  readonly keyCustomer: boolean;
  /** Receipt, or for a complex complaint the latest progress call (receipt when there is none yet). */
  readonly countedFrom: Date;
  /**
   * The target the status measures: the internal target for key customers, otherwise the commitment.
   * Pauses extend it by the paused working time. While paused (or after the clock stopped) it is
   * projected as if the clock ran again from now (or from the stop).
   */
  readonly dueAt: Date;
  /** The deadline promised by the domain rule (no key-customer fraction), extended by pauses likewise. */
  readonly commitmentDueAt: Date;
  readonly allowedWorkingTimeMs: number;
  readonly elapsedWorkingTimeMs: number;
  /** Allowed minus elapsed working time; negative when overdue. */
  readonly remainingWorkingTimeMs: number;
  /**
   * The next instant at which the status changes if nothing else happens (becomes due soon, or breached),
   * for the server's persisted timers. Null when breached, paused or stopped: a resume is an event that
   * calls for a fresh evaluation anyway.
   */
  readonly nextCrossing: { readonly at: Date; readonly status: Exclude<DeadlineStatus, 'on_track'> } | null;
}

interface Segment {
  readonly start: number;
  /** Null while the clock is still running in this segment. */
  readonly end: number | null;
}

interface ClockReading {
  readonly startedAt: number;
  readonly segments: readonly Segment[];
  readonly state: ComplaintDeadline['clock'];
  /** Where consumption stops being counted: `now`, or the stop. */
  readonly until: number;
  readonly lastProgressCallAt: number | null;
}

function readClock(events: readonly ComplaintClockEvent[], now: number): ClockReading {
  const ordered = events
    .map((event, index) => ({ type: event.type, at: toEpochMs(event.at), index }))
    .filter((event) => event.at <= now)
    .sort((a, b) => a.at - b.at || a.index - b.index);
  const first = ordered[0];
  if (!first || first.type !== 'started') {
    throw new RangeError('A complaint clock must start with a "started" event at or before now');
  }
  const segments: Segment[] = [];
  let state: ComplaintDeadline['clock'] = 'running';
  let openedAt = first.at;
  let until = now;
  let lastProgressCallAt: number | null = null;
  for (const event of ordered.slice(1)) {
    if (state === 'stopped') break;
    switch (event.type) {
      case 'started':
        throw new RangeError('A complaint clock starts only once');
      case 'paused':
        if (state === 'running') {
          segments.push({ start: openedAt, end: event.at });
          state = 'paused';
        }
        break;
      case 'resumed':
        if (state === 'paused') {
          openedAt = event.at;
          state = 'running';
        }
        break;
      case 'progress_call':
        lastProgressCallAt = event.at;
        break;
      case 'stopped':
        if (state === 'running') segments.push({ start: openedAt, end: event.at });
        state = 'stopped';
        until = event.at;
        break;
    }
  }
  if (state === 'running') segments.push({ start: openedAt, end: null });
  return { startedAt: first.at, segments, state, until, lastProgressCallAt };
}

/** Running segments from `anchor` on (earlier running time does not count). */
function clip(segments: readonly Segment[], anchor: number): Segment[] {
  return segments
    .filter((segment) => segment.end === null || segment.end > anchor)
    .map((segment) => ({ start: Math.max(segment.start, anchor), end: segment.end }));
}

function elapsed(calendar: BusinessCalendar, segments: readonly Segment[], until: number): number {
  return segments.reduce(
    (total, segment) => total + Math.max(0, workingTimeBetween(calendar, segment.start, Math.min(segment.end ?? until, until))),
    0,
  );
}

/** The earliest instant at which the running clock has counted `target` working time (projected past a pause). */
function instantReaching(
  calendar: BusinessCalendar,
  segments: readonly Segment[],
  target: number,
  projectFrom: number,
): Date {
  let counted = 0;
  for (const segment of segments) {
    if (segment.end === null) return addWorkingTime(calendar, segment.start, target - counted);
    const length = workingTimeBetween(calendar, segment.start, segment.end);
    if (counted + length >= target) return addWorkingTime(calendar, segment.start, target - counted);
    counted += length;
  }
  return addWorkingTime(calendar, projectFrom, target - counted);
}

function validatePolicy(policy: ComplaintDeadlinePolicy): void {
  const { keyCustomerFraction, dueSoon } = policy;
  if (!(keyCustomerFraction > 0 && keyCustomerFraction <= 1)) {
    throw new RangeError(`keyCustomerFraction must be in (0, 1], got ${keyCustomerFraction}`);
  }
  if ('fractionOfAllowed' in dueSoon && !(dueSoon.fractionOfAllowed >= 0 && dueSoon.fractionOfAllowed < 1)) {
    throw new RangeError(`dueSoon.fractionOfAllowed must be in [0, 1), got ${dueSoon.fractionOfAllowed}`);
  }
  if ('workingTimeMs' in dueSoon && !(dueSoon.workingTimeMs >= 0)) {
    throw new RangeError(`dueSoon.workingTimeMs must be >= 0, got ${dueSoon.workingTimeMs}`);
  }
}

/**
 * Where a complaint stands against its deadline at `now`.
 *
 * The allowed working time is the working time between the anchor (receipt, or the last progress call for a
 * complex complaint) and the working-day deadline from it (`addWorkingDays`); key customers get
 * `keyCustomerFraction` of it. Only working time while the clock runs counts, so pauses (waiting on the
 * customer) push the due time out by the working time they covered. Breached means no allowed working
 * time is left (at the due instant itself the complaint is breached).
 */
export function evaluateComplaintDeadline(
  calendar: BusinessCalendar,
  policy: ComplaintDeadlinePolicy,
  complaint: ComplaintClockInput,
  now: InstantInput,
): ComplaintDeadline {
  validatePolicy(policy);
  const nowMs = toEpochMs(now);
  const clock = readClock(complaint.events, nowMs);
  const kind = complaint.complexity === 'complex' ? 'progress_call' : 'resolution';
  const anchor = kind === 'progress_call' ? (clock.lastProgressCallAt ?? clock.startedAt) : clock.startedAt;
  const days =
    complaint.complexity === 'complex'
      ? policy.progressCallEveryWorkingDays
      : policy.resolutionWorkingDays[complaint.complexity];
  const keyCustomer = policy.keyValueTiers.includes(complaint.valueTier);
  const commitment = workingTimeBetween(calendar, anchor, addWorkingDays(calendar, anchor, days));
  const allowed = keyCustomer ? Math.round(commitment * policy.keyCustomerFraction) : commitment;
  const threshold =
    'fractionOfAllowed' in policy.dueSoon
      ? Math.round(allowed * policy.dueSoon.fractionOfAllowed)
      : policy.dueSoon.workingTimeMs;

  const segments = clip(clock.segments, anchor);
  const elapsedMs = elapsed(calendar, segments, clock.until);
  const remaining = allowed - elapsedMs;
  const status: DeadlineStatus = remaining <= 0 ? 'breached' : remaining <= threshold ? 'due_soon' : 'on_track';
  const dueAt = instantReaching(calendar, segments, allowed, clock.until);
  const commitmentDueAt = instantReaching(calendar, segments, commitment, clock.until);

  let nextCrossing: ComplaintDeadline['nextCrossing'] = null;
  if (clock.state === 'running' && status === 'on_track') {
    nextCrossing = { at: instantReaching(calendar, segments, allowed - threshold, clock.until), status: 'due_soon' };
  } else if (clock.state === 'running' && status === 'due_soon') {
    nextCrossing = { at: dueAt, status: 'breached' };
  }

  return {
    kind,
    status,
    clock: clock.state,
    keyCustomer,
    countedFrom: new Date(anchor),
    dueAt,
    commitmentDueAt,
    allowedWorkingTimeMs: allowed,
    elapsedWorkingTimeMs: elapsedMs,
    remainingWorkingTimeMs: remaining,
    nextCrossing,
  };
}

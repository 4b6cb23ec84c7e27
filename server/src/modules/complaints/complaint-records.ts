import {
  complaintClockEvents,
  type ComplaintClockEvent,
  type ComplaintContext,
  type ComplaintDeadline,
  type ComplaintDeadlineDetail,
  type ComplaintDeadlineSummary,
  type ComplaintEvent,
  type DeadlineStatus,
} from '@callcentre/shared';

/** `by` of the events the server sends itself (an escalation on breach). */
export const SYSTEM_ACTOR_ID = 'system';

const RANK: Readonly<Record<DeadlineStatus, number>> = { on_track: 0, due_soon: 1, breached: 2 };

/** True when `next` is a worse deadline status than `previous` (a crossing). */
export function isWorse(next: DeadlineStatus, previous: DeadlineStatus): boolean {
  return RANK[next] > RANK[previous];
}

/** The event's own details, without the type, time and sender the history row keeps in columns. */
export function eventPayload(event: ComplaintEvent): Record<string, unknown> {
  const { type: _type, at: _at, by: _by, ...payload } = event as ComplaintEvent & Record<string, unknown>;
  return payload;
}

export interface ClockEntry {
  kind: ComplaintClockEvent['type'];
  at: string;
  reason: string | null;
  actorId: string | null;
  details: Record<string, unknown>;
}

const keyOf = (event: ComplaintClockEvent) => `${event.type}@${Date.parse(String(event.at))}`;
const iso = (at: ComplaintClockEvent['at']) => new Date(typeof at === 'string' || typeof at === 'number' ? at : at.getTime()).toISOString();

/**
 * The clock events a transition added (started, paused with its reason, resumed, progress call, stopped), read
 * from the context before and after it: what the machine recorded, so the clock table never disagrees with it.
 */
export function clockEventsAdded(before: ComplaintContext, after: ComplaintContext): ClockEntry[] {
  const seen = new Map<string, number>();
  for (const event of complaintClockEvents(before)) seen.set(keyOf(event), (seen.get(keyOf(event)) ?? 0) + 1);
  const added: ClockEntry[] = [];
  for (const event of complaintClockEvents(after)) {
    const key = keyOf(event);
    const count = seen.get(key) ?? 0;
    if (count > 0) {
      seen.set(key, count - 1);
      continue;
    }
    added.push(describe(event, after));
  }
  return added;
}

function describe(event: ComplaintClockEvent, context: ComplaintContext): ClockEntry {
  const at = iso(event.at);
  const same = (value: string | null) => value !== null && Date.parse(value) === Date.parse(at);
  switch (event.type) {
    case 'started':
      return { kind: 'started', at, reason: null, actorId: context.agentId, details: {} };
    case 'paused': {
      const pause = [...context.clockPauses].reverse().find((candidate) => same(candidate.from));
      const reason = pause?.kind === 'settled' ? 'Settled: awaiting the closing answers' : (pause?.reason ?? null);
      return { kind: 'paused', at, reason, actorId: pause?.by ?? null, details: { pause: pause?.kind ?? null } };
    }
    case 'resumed': {
      const pause = [...context.clockPauses].reverse().find((candidate) => same(candidate.to));
      return { kind: 'resumed', at, reason: null, actorId: null, details: { pause: pause?.kind ?? null } };
    }
    case 'progress_call': {
      const progress = [...context.progressCalls].reverse().find((call) => same(call.at));
      return { kind: 'progress_call', at, reason: progress?.note ?? null, actorId: progress?.by ?? null, details: {} };
    }
    case 'stopped':
      return { kind: 'stopped', at, reason: null, actorId: null, details: {} };
  }
}

/** The deadline columns of the complaints table. */
export interface DeadlineColumns {
  deadline_kind: 'resolution' | 'progress_call' | null;
  due_at: Date | null;
  commitment_due_at: Date | null;
  deadline_status: DeadlineStatus;
  clock: 'running' | 'paused' | 'stopped';
  next_crossing_at: Date | null;
}

/**
 * What to store of a fresh evaluation. A crossing (the status getting worse) is never stored by a transition:
 * the old status stays and the scheduler is told to look now, so every crossing is recorded, alerted and
 * acted on in exactly one place.
 */
export function deadlineColumns(deadline: ComplaintDeadline | null, storedStatus: DeadlineStatus, now: Date, leaveCrossingToScheduler: boolean): DeadlineColumns {
  if (!deadline) {
    return { deadline_kind: null, due_at: null, commitment_due_at: null, deadline_status: storedStatus, clock: 'running', next_crossing_at: null };
  }
  const crossing = leaveCrossingToScheduler && isWorse(deadline.status, storedStatus);
  return {
    deadline_kind: deadline.kind,
    due_at: deadline.dueAt,
    commitment_due_at: deadline.commitmentDueAt,
    deadline_status: crossing ? storedStatus : deadline.status,
    clock: deadline.clock,
    next_crossing_at: crossing ? now : (deadline.nextCrossing?.at ?? null),
  };
}

export function deadlineSummary(columns: DeadlineColumns): ComplaintDeadlineSummary {
  return {
    kind: columns.deadline_kind,
    status: columns.deadline_status,
    clock: columns.clock,
    dueAt: columns.due_at ? new Date(columns.due_at).toISOString() : null,
    commitmentDueAt: columns.commitment_due_at ? new Date(columns.commitment_due_at).toISOString() : null,
    nextCrossingAt: columns.next_crossing_at ? new Date(columns.next_crossing_at).toISOString() : null,
  };
}

export function deadlineDetail(deadline: ComplaintDeadline): ComplaintDeadlineDetail {
  return {
    kind: deadline.kind,
    status: deadline.status,
    clock: deadline.clock,
    keyCustomer: deadline.keyCustomer,
    countedFrom: deadline.countedFrom.toISOString(),
    dueAt: deadline.dueAt.toISOString(),
    commitmentDueAt: deadline.commitmentDueAt.toISOString(),
    nextCrossingAt: deadline.nextCrossing?.at.toISOString() ?? null,
    allowedWorkingTimeMs: deadline.allowedWorkingTimeMs,
    elapsedWorkingTimeMs: deadline.elapsedWorkingTimeMs,
    remainingWorkingTimeMs: deadline.remainingWorkingTimeMs,
  };
}

/** `CMP-<year>-<6 digits>`. */
export function complaintNumber(year: number, sequence: number): string {
  return `CMP-${year}-${String(sequence).padStart(6, '0')}`;
}

/** The calendar year of an instant in a time zone. */
export function yearIn(timeZone: string, at: Date): number {
  return Number(new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric' }).format(at));
}

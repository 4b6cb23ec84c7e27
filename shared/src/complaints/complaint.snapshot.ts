import { SnapshotFrom, initialTransition, transition } from 'xstate';
import { INITIAL_COMPLAINT_CONTEXT, complaintMachine } from './complaint.machine';
import {
  COMPLAINT_EVENT_TYPES,
  COMPLAINT_RETURN_STEPS,
  ComplaintContext,
  ComplaintEvent,
  ComplaintEventType,
  ComplaintReturnStep,
  ComplaintState,
  ComplaintStepId,
} from './complaint.types';

export type ComplaintSnapshot = SnapshotFrom<typeof complaintMachine>;

export type ComplaintStateValue = ComplaintState | { readonly [state: string]: string };

/** What the server stores (JSON): the machine's persisted snapshot. */
export interface PersistedComplaintSnapshot {
  readonly status: 'active' | 'done';
  readonly value: ComplaintStateValue;
  readonly context: ComplaintContext;
  readonly [field: string]: unknown;
}

export interface ComplaintTransitionResult {
  /** False when the machine does not accept the event now; the snapshot is then the one given. */
  readonly changed: boolean;
  readonly snapshot: ComplaintSnapshot;
  readonly persisted: PersistedComplaintSnapshot;
}

/** The snapshot of a complaint not yet recorded (in `receive`). */
export function initialComplaintSnapshot(): ComplaintSnapshot {
  return initialTransition(complaintMachine)[0];
}

export function persistComplaintSnapshot(snapshot: ComplaintSnapshot): PersistedComplaintSnapshot {
  return complaintMachine.getPersistedSnapshot(snapshot) as unknown as PersistedComplaintSnapshot;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Rebuilds a snapshot from what `persistComplaintSnapshot` produced (after a JSON round trip).
 * Context fields added since the snapshot was stored take their initial values.
 * Throws a TypeError when the data is not a complaint snapshot.
 */
export function restoreComplaintSnapshot(persisted: unknown): ComplaintSnapshot {
  if (!isRecord(persisted) || !isRecord(persisted.context)) {
    throw new TypeError('Not a persisted complaint snapshot: expected an object with a context');
  }
  const value = persisted.value;
  if (typeof value !== 'string' && !isRecord(value)) {
    throw new TypeError('Not a persisted complaint snapshot: expected a state value');
  }
  try {
    return complaintMachine.resolveState({
      value: value as ComplaintStateValue,
      context: { ...INITIAL_COMPLAINT_CONTEXT, ...(persisted.context as Partial<ComplaintContext>) },
    });
  } catch (error) {
    throw new TypeError(
      `Not a persisted complaint snapshot: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}

function isMachineSnapshot(value: unknown): value is ComplaintSnapshot {
  return isRecord(value) && typeof value.can === 'function';
}

/**
 * Applies one event with the pure `transition` (no actor, no side effects). `null` starts a new complaint
 * (whose first event is `complaint.recorded`); a persisted snapshot is restored first.
 */
export function applyComplaintEvent(
  current: ComplaintSnapshot | PersistedComplaintSnapshot | null,
  event: ComplaintEvent,
): ComplaintTransitionResult {
  const snapshot =
    current === null ? initialComplaintSnapshot() : isMachineSnapshot(current) ? current : restoreComplaintSnapshot(current);
  if (!isRecord(event) || !snapshot.can(event)) {
    return { changed: false, snapshot, persisted: persistComplaintSnapshot(snapshot) };
  }
  const [next] = transition(complaintMachine, snapshot, event);
  return { changed: true, snapshot: next, persisted: persistComplaintSnapshot(next) };
}

const PROBE_AT = '1970-01-01T00:00:00.000Z';
const PROBE_LATER = '9999-12-31T23:59:59.999Z';
const PROBE_ID = '\u0000probe';
const PROBE_TEXT = 'probe';

/**
 * Well-formed example payloads for an event type, built from the context, so `snapshot.can` can say
 * whether the type is accepted now. Several are returned when acceptance depends on a choice (which
 * remedy, which step to return to): the type is allowed when any of them is.
 */
function probeEvents(type: ComplaintEventType, context: ComplaintContext): ComplaintEvent[] {
  const base = { at: PROBE_AT, by: PROBE_ID };
  switch (type) {
    case 'complaint.recorded':
      return [
        {
          ...base,
          type,
          complaintId: PROBE_ID,
          category: PROBE_TEXT,
          complexity: 'simple',
          description: PROBE_TEXT,
          valueTier: 'ordinary',
          aboutAgentConduct: false,
          threatening: false,
        },
      ];
    case 'problem.clarified':
      return [{ ...base, type, upheld: true, summary: PROBE_TEXT }];
    case 'remedies.offered':
      return [{ ...base, type, remedies: [{ id: PROBE_ID, description: PROBE_TEXT }] }];
    case 'remedy.chosen': {
      const offer = context.remedyOffers[context.remedyOffers.length - 1];
      return (offer?.remedies ?? []).map((remedy) => ({ ...base, type, remedyId: remedy.id }));
    }
    case 'explanation.rejected':
    case 'remedies.rejected':
    case 'action.completed':
    case 'progress.logged':
      return [{ ...base, type, note: PROBE_TEXT }];
    case 'action.deferred':
      return [{ ...base, type, description: PROBE_TEXT, dueAt: PROBE_LATER, ownerId: PROBE_ID }];
    case 'action.rescheduled':
      return [{ ...base, type, dueAt: PROBE_LATER, reason: PROBE_TEXT }];
    case 'complaint.escalated':
    case 'customer.wait':
      return [{ ...base, type, reason: PROBE_TEXT }];
    case 'owner.assigned':
      return [{ ...base, type, ownerId: PROBE_ID }];
    case 'escalation.returned':
      return COMPLAINT_RETURN_STEPS.map((to) => ({ ...base, type, to, guidance: PROBE_TEXT }));
    case 'escalation.resolved':
      return [{ ...base, type, resolution: PROBE_TEXT }];
    case 'customer.thanked':
      return [{ ...base, type, settled: true, anythingElse: null, satisfaction: 5 }];
    case 'customer.calmed':
    case 'explanation.accepted':
    case 'escalation.accepted':
    case 'customer.answered':
      return [{ ...base, type }];
  }
}

/**
 * The event types the machine accepts now, asked of the machine itself (`snapshot.can`) with
 * well-formed payloads. The payload an actor actually sends is still checked when it is applied
 * (an unknown remedy, a due date in the past or a blank reason are refused then).
 */
export function allowedEvents(snapshot: ComplaintSnapshot): ComplaintEventType[] {
  return COMPLAINT_EVENT_TYPES.filter((type) =>
    probeEvents(type, snapshot.context).some((event) => snapshot.can(event)),
  );
}

/** The steps a team lead may hand the complaint back to now (empty unless it is being handled by one). */
export function allowedReturnSteps(snapshot: ComplaintSnapshot): ComplaintReturnStep[] {
  return COMPLAINT_RETURN_STEPS.filter((to) =>
    snapshot.can({ type: 'escalation.returned', to, guidance: PROBE_TEXT, at: PROBE_AT, by: PROBE_ID }),
  );
}

/** The top-level state (`resolve` and `escalated` have sub-states, see `snapshot.value`). */
export function complaintStateOf(snapshot: ComplaintSnapshot): ComplaintState {
  const value = snapshot.value as ComplaintStateValue;
  return (typeof value === 'string' ? value : Object.keys(value)[0]) as ComplaintState;
}

/**
 * The step the stepper highlights: follow-up belongs to "act"; an escalated complaint shows the step
 * it was escalated from; a closed complaint has none (every step done).
 */
export function complaintStepOf(snapshot: ComplaintSnapshot): ComplaintStepId | null {
  const state = complaintStateOf(snapshot);
  switch (state) {
    case 'closed':
      return null;
    case 'follow_up':
      return 'act';
    case 'escalated': {
      const from = snapshot.context.escalations[snapshot.context.escalations.length - 1]?.from ?? 'receive';
      return from === 'follow_up' ? 'act' : from;
    }
    default:
      return state;
  }
}

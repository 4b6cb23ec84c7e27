import {
  allowedEvents,
  complaintStateOf,
  complaintStepOf,
  maySendComplaintEvent,
  restoreComplaintSnapshot,
  type ComplaintDetail,
  type ComplaintEvent,
  type ComplaintEventBody,
  type ComplaintEventType,
  type ComplaintSnapshot,
  type ComplaintState,
  type ComplaintStepId,
  type Role,
} from '@callcentre/shared';

/** Who is working the complaint in the console. */
export interface ComplaintActorInfo {
  readonly userId: string;
  readonly roles: readonly Role[];
}

/** The complaint's machine, restored in the console from what the server sent (its state value and context). */
export function snapshotOf(detail: Pick<ComplaintDetail, 'stateValue' | 'context'>): ComplaintSnapshot {
  return restoreComplaintSnapshot({ value: detail.stateValue, context: detail.context });
}

/**
 * What this person can do now: the event types the machine accepts in this state (`allowedEvents` asks
 * `snapshot.can`), that one of their roles may send (the shared permission table), and that the server
 * lists for them (it also knows which team's complaints they may touch).
 */
export function possibleEvents(snapshot: ComplaintSnapshot, actor: ComplaintActorInfo, serverAllowed?: readonly ComplaintEventType[]): ComplaintEventType[] {
  return allowedEvents(snapshot).filter(
    (type) =>
      type !== 'complaint.recorded' &&
      actor.roles.some((role) => maySendComplaintEvent(snapshot.context, type, { userId: actor.userId, role })) &&
      (serverAllowed === undefined || serverAllowed.includes(type)),
  );
}

/** Whether the machine accepts exactly this event now (a blank note, a past due date or an unknown remedy are not). */
export function accepts(snapshot: ComplaintSnapshot, body: ComplaintEventBody, actor: ComplaintActorInfo, now: number = Date.now()): boolean {
  return snapshot.can({ ...body, at: new Date(now).toISOString(), by: actor.userId } as ComplaintEvent);
}

export type StepProgress = 'done' | 'current' | 'todo';

/** Each of the six steps: done, the current one, or still to come. A closed complaint has every step done. */
export function stepProgress(snapshot: ComplaintSnapshot, steps: readonly ComplaintStepId[]): Record<ComplaintStepId, StepProgress> {
  const current = complaintStepOf(snapshot);
  const index = current === null ? steps.length : steps.indexOf(current);
  return Object.fromEntries(steps.map((step, position) => [step, position < index ? 'done' : position === index ? 'current' : 'todo'])) as Record<
    ComplaintStepId,
    StepProgress
  >;
}

/** The stage beside the six steps the complaint is in, when it is in one. */
export function stageOf(snapshot: ComplaintSnapshot): 'follow_up' | 'escalated' | 'closed' | null {
  const state: ComplaintState = complaintStateOf(snapshot);
  return state === 'follow_up' || state === 'escalated' || state === 'closed' ? state : null;
}

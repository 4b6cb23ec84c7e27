import { Role } from '../domain/call-centre';
import { ComplaintContext, ComplaintEventType } from './complaint.types';

/**
 * Who may send a complaint event:
 * - `owner`: the complaint's current owner (the agent who took it, or the appointed follow-up owner);
 * - `agent`: any agent (only to record a new complaint, which makes them its owner);
 * - `team_lead`: any team lead (shifts hand over, so not only the one who accepted it);
 * - `supervisor`: any supervisor (they reassign work on the floor).
 * Admins configure the platform and do not work complaints.
 */
export const COMPLAINT_SENDERS = ['owner', 'agent', 'team_lead', 'supervisor'] as const;
export type ComplaintSender = (typeof COMPLAINT_SENDERS)[number];

export const COMPLAINT_EVENT_SENDERS: Readonly<Record<ComplaintEventType, readonly ComplaintSender[]>> = Object.freeze({
  'complaint.recorded': ['agent', 'team_lead'],
  'customer.calmed': ['owner'],
  'problem.clarified': ['owner'],
  'explanation.accepted': ['owner'],
  'explanation.rejected': ['owner'],
  'remedies.offered': ['owner'],
  'remedy.chosen': ['owner'],
  'remedies.rejected': ['owner'],
  'action.completed': ['owner'],
  'action.deferred': ['owner'],
  'action.rescheduled': ['owner', 'team_lead'],
  'progress.logged': ['owner', 'team_lead'],
  'complaint.escalated': ['owner', 'supervisor'],
  'escalation.accepted': ['team_lead'],
  'owner.assigned': ['team_lead', 'supervisor'],
  'escalation.returned': ['team_lead'],
  'escalation.resolved': ['team_lead'],
  'customer.thanked': ['owner', 'team_lead'],
  'customer.wait': ['owner', 'team_lead'],
  'customer.answered': ['owner', 'team_lead'],
});

export interface ComplaintActor {
  readonly userId: string;
  readonly role: Role;
}

/**
 * Whether `actor` may send an event of `type` to a complaint with this context. This is about who, not
 * when: whether the machine accepts the event in its current state is `snapshot.can` (see `allowedEvents`).
 */
export function maySendComplaintEvent(
  context: ComplaintContext,
  type: ComplaintEventType,
  actor: ComplaintActor,
): boolean {
  return (COMPLAINT_EVENT_SENDERS[type] ?? []).some((sender) => {
    switch (sender) {
      case 'owner':
        return context.ownerId !== null && context.ownerId === actor.userId;
      case 'agent':
        return actor.role === 'agent';
      case 'team_lead':
        return actor.role === 'team_lead';
      case 'supervisor':
        return actor.role === 'supervisor';
    }
  });
}

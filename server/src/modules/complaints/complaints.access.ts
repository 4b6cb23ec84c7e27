import { maySendComplaintEvent, type ComplaintContext, type ComplaintEventType, type ComplaintState, type Role } from '@callcentre/shared';

/** Who a complaint belongs to, as far as seeing and moving it goes. */
export interface ComplaintScope {
  ownerId: string;
  /** The complaint's team lead (the one who accepted an escalation, else the team lead at receipt). */
  teamLeadId: string | null;
  /** The team lead of the current owner. */
  ownerTeamLeadId: string | null;
  state: ComplaintState;
}

export interface ComplaintUser {
  id: string;
  roles: readonly Role[];
}

/** A team lead works the complaints of their team, and every escalated complaint (shifts hand over). */
function isTeamLeadOf(user: ComplaintUser, scope: ComplaintScope): boolean {
  return (
    user.roles.includes('team_lead') &&
    (scope.teamLeadId === user.id || scope.ownerTeamLeadId === user.id || scope.ownerId === user.id || scope.state === 'escalated')
  );
}

/** Agents see the complaints they own; team leads their team's and every escalation; supervisors all. */
export function canSeeComplaint(user: ComplaintUser, scope: ComplaintScope): boolean {
  return user.roles.includes('supervisor') || scope.ownerId === user.id || isTeamLeadOf(user, scope);
}

/**
 * Whether the user may receive a complaint for any customer or from any contact: team leads. An agent receives
 * one only from a contact they handled, or for a customer whose contact they handled. (Supervisors reassign and
 * escalate complaints; they do not receive them, which the route itself refuses.)
 */
export function mayOpenForAnyCustomer(user: ComplaintUser): boolean {
  return user.roles.includes('team_lead');
}

/**
 * Whether the user may link any contact to this complaint: its team lead (as for seeing it) and supervisors.
 * Its owner links only contacts they handled themselves.
 */
export function mayLinkAnyContact(user: ComplaintUser, scope: ComplaintScope): boolean {
  return user.roles.includes('supervisor') || isTeamLeadOf(user, scope);
}

/** The roles a user acts in on this complaint (the owner check itself is by id, in the machine's role data). */
function actingRoles(user: ComplaintUser, scope: ComplaintScope): Role[] {
  const roles: Role[] = [];
  if (scope.ownerId === user.id) roles.push('agent');
  if (isTeamLeadOf(user, scope)) roles.push('team_lead');
  if (user.roles.includes('supervisor')) roles.push('supervisor');
  return roles;
}

/**
 * Whether the user may send this event to this complaint: the owner, the complaint's team lead (any team lead
 * while it is escalated) or a supervisor, each for the events the machine's role data gives them.
 */
export function maySendToComplaint(user: ComplaintUser, scope: ComplaintScope, context: ComplaintContext, type: ComplaintEventType): boolean {
  return actingRoles(user, scope).some((role) => maySendComplaintEvent(context, type, { userId: user.id, role }));
}

/** Of the event types given, those the user may send. */
export function eventsUserMaySend(
  user: ComplaintUser,
  scope: ComplaintScope,
  context: ComplaintContext,
  types: readonly ComplaintEventType[],
): ComplaintEventType[] {
  return types.filter((type) => maySendToComplaint(user, scope, context, type));
}

import { ROLES } from '../domain/call-centre';
import { INITIAL_COMPLAINT_CONTEXT } from './complaint.machine';
import { COMPLAINT_EVENT_SENDERS, maySendComplaintEvent } from './complaint.permissions';
import { COMPLAINT_EVENT_TYPES, ComplaintContext } from './complaint.types';

const context: ComplaintContext = { ...INITIAL_COMPLAINT_CONTEXT, ownerId: 'agent-ann', teamLeadId: 'lead-lin' };
const owner = { userId: 'agent-ann', role: 'agent' } as const;
const otherAgent = { userId: 'agent-bo', role: 'agent' } as const;
const teamLead = { userId: 'lead-kim', role: 'team_lead' } as const;
const supervisor = { userId: 'sup-sam', role: 'supervisor' } as const;
const admin = { userId: 'admin-al', role: 'admin' } as const;

describe('maySendComplaintEvent', () => {
  it('names at least one sender for every event type', () => {
    for (const type of COMPLAINT_EVENT_TYPES) expect(COMPLAINT_EVENT_SENDERS[type].length).toBeGreaterThan(0);
  });

  it('lets only the owner work the steps', () => {
    for (const type of ['customer.calmed', 'problem.clarified', 'remedies.offered', 'remedy.chosen', 'action.deferred'] as const) {
      expect(maySendComplaintEvent(context, type, owner)).toBe(true);
      expect(maySendComplaintEvent(context, type, otherAgent)).toBe(false);
      expect(maySendComplaintEvent(context, type, teamLead)).toBe(false);
      expect(maySendComplaintEvent(context, type, supervisor)).toBe(false);
    }
  });

  it('lets any agent or team lead record a complaint, before it has an owner', () => {
    expect(maySendComplaintEvent(INITIAL_COMPLAINT_CONTEXT, 'complaint.recorded', otherAgent)).toBe(true);
    expect(maySendComplaintEvent(INITIAL_COMPLAINT_CONTEXT, 'complaint.recorded', teamLead)).toBe(true);
    expect(maySendComplaintEvent(INITIAL_COMPLAINT_CONTEXT, 'complaint.recorded', supervisor)).toBe(false);
  });

  it('keeps escalation handling to team leads, any of them (shifts hand over)', () => {
    for (const type of ['escalation.accepted', 'escalation.returned', 'escalation.resolved'] as const) {
      expect(maySendComplaintEvent(context, type, teamLead)).toBe(true);
      expect(maySendComplaintEvent(context, type, owner)).toBe(false);
      expect(maySendComplaintEvent(context, type, supervisor)).toBe(false);
    }
  });

  it('lets the owner or a supervisor escalate, and team leads or supervisors reassign', () => {
    expect(maySendComplaintEvent(context, 'complaint.escalated', owner)).toBe(true);
    expect(maySendComplaintEvent(context, 'complaint.escalated', supervisor)).toBe(true);
    expect(maySendComplaintEvent(context, 'complaint.escalated', otherAgent)).toBe(false);
    expect(maySendComplaintEvent(context, 'owner.assigned', supervisor)).toBe(true);
    expect(maySendComplaintEvent(context, 'owner.assigned', teamLead)).toBe(true);
    expect(maySendComplaintEvent(context, 'owner.assigned', owner)).toBe(false);
  });

  it('lets owner and team lead keep the customer informed and close', () => {
    for (const type of ['progress.logged', 'customer.wait', 'customer.answered', 'customer.thanked'] as const) {
      expect(maySendComplaintEvent(context, type, owner)).toBe(true);
      expect(maySendComplaintEvent(context, type, teamLead)).toBe(true);
      expect(maySendComplaintEvent(context, type, otherAgent)).toBe(false);
    }
  });

  it('follows the owner when a follow-up owner is appointed', () => {
    const reassigned = { ...context, ownerId: 'agent-bo' };
    expect(maySendComplaintEvent(reassigned, 'action.completed', otherAgent)).toBe(true);
    expect(maySendComplaintEvent(reassigned, 'action.completed', owner)).toBe(false);
  });

  it('gives admins nothing to send', () => {
    expect(ROLES).toContain('admin');
    for (const type of COMPLAINT_EVENT_TYPES) expect(maySendComplaintEvent(context, type, admin)).toBe(false);
  });
});

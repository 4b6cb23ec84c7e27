import { INITIAL_COMPLAINT_CONTEXT, type ComplaintContext } from '@callcentre/shared';
import { canSeeComplaint, eventsUserMaySend, mayLinkAnyContact, mayOpenForAnyCustomer, maySendToComplaint, type ComplaintScope } from './complaints.access';

const OWNER = 'owner-amy';
const LEAD = 'lead-grace';
const OTHER_LEAD = 'lead-daniel';
const context: ComplaintContext = { ...INITIAL_COMPLAINT_CONTEXT, ownerId: OWNER, receivedAt: '2026-11-02T02:00:00Z' };
const scope = (state: ComplaintScope['state'] = 'calm'): ComplaintScope => ({ ownerId: OWNER, teamLeadId: LEAD, ownerTeamLeadId: LEAD, state });

const owner = { id: OWNER, roles: ['agent'] as const };
const otherAgent = { id: 'agent-ben', roles: ['agent'] as const };
const lead = { id: LEAD, roles: ['team_lead', 'agent'] as const };
const otherLead = { id: OTHER_LEAD, roles: ['team_lead', 'agent'] as const };
const supervisor = { id: 'sup-sophie', roles: ['supervisor'] as const };
const admin = { id: 'admin', roles: ['admin'] as const };

describe('who sees a complaint', () => {
  it('agents their own, team leads their team’s and every escalation, supervisors all, admins none', () => {
    expect(canSeeComplaint(owner, scope())).toBe(true);
    expect(canSeeComplaint(otherAgent, scope())).toBe(false);
    expect(canSeeComplaint(lead, scope())).toBe(true);
    expect(canSeeComplaint(otherLead, scope())).toBe(false);
    expect(canSeeComplaint(otherLead, scope('escalated'))).toBe(true);
    expect(canSeeComplaint(supervisor, scope())).toBe(true);
    expect(canSeeComplaint(admin, scope())).toBe(false);
  });

  it('a team lead sees a complaint whose owner is in their team even when another lead accepted it', () => {
    expect(canSeeComplaint(lead, { ownerId: OWNER, teamLeadId: OTHER_LEAD, ownerTeamLeadId: LEAD, state: 'follow_up' })).toBe(true);
  });
});

describe('who moves a complaint', () => {
  it('follows the machine’s role data for the owner, the team lead and supervisors', () => {
    expect(maySendToComplaint(owner, scope(), context, 'customer.calmed')).toBe(true);
    expect(maySendToComplaint(otherAgent, scope(), context, 'customer.calmed')).toBe(false);
    expect(maySendToComplaint(lead, scope(), context, 'customer.calmed')).toBe(false);
    expect(maySendToComplaint(lead, scope(), context, 'progress.logged')).toBe(true);
    expect(maySendToComplaint(supervisor, scope(), context, 'complaint.escalated')).toBe(true);
    expect(maySendToComplaint(supervisor, scope(), context, 'progress.logged')).toBe(false);
    expect(maySendToComplaint(admin, scope(), context, 'owner.assigned')).toBe(false);
  });

  it('any team lead takes an escalation; another team’s lead does not work the complaint otherwise', () => {
    expect(maySendToComplaint(otherLead, scope('escalated'), context, 'escalation.accepted')).toBe(true);
    expect(maySendToComplaint(otherLead, scope('calm'), context, 'progress.logged')).toBe(false);
    expect(maySendToComplaint(otherLead, scope('calm'), context, 'owner.assigned')).toBe(false);
  });

  it('narrows the machine’s allowed events to the caller’s', () => {
    const allowed = ['customer.calmed', 'complaint.escalated', 'owner.assigned', 'progress.logged'] as const;
    expect(eventsUserMaySend(owner, scope(), context, allowed)).toEqual(['customer.calmed', 'complaint.escalated', 'progress.logged']);
    expect(eventsUserMaySend(lead, scope(), context, allowed)).toEqual(['owner.assigned', 'progress.logged']);
    expect(eventsUserMaySend(supervisor, scope(), context, allowed)).toEqual(['complaint.escalated', 'owner.assigned']);
  });
});

describe('whose contacts and customers a complaint may be about', () => {
  it('team leads receive complaints for any customer; agents only for contacts and customers they served', () => {
    expect(mayOpenForAnyCustomer(owner)).toBe(false);
    expect(mayOpenForAnyCustomer(lead)).toBe(true);
    expect(mayOpenForAnyCustomer(otherLead)).toBe(true);
    expect(mayOpenForAnyCustomer(admin)).toBe(false);
  });

  it('the complaint’s team lead and supervisors link any contact; its owner only those they handled', () => {
    expect(mayLinkAnyContact(owner, scope())).toBe(false);
    expect(mayLinkAnyContact(otherAgent, scope())).toBe(false);
    expect(mayLinkAnyContact(lead, scope())).toBe(true);
    expect(mayLinkAnyContact(supervisor, scope())).toBe(true);
    expect(mayLinkAnyContact(admin, scope())).toBe(false);
  });

  it('another team’s lead links any contact only while the complaint is escalated (when they may work it)', () => {
    expect(mayLinkAnyContact(otherLead, scope('calm'))).toBe(false);
    expect(mayLinkAnyContact(otherLead, scope('escalated'))).toBe(true);
  });
});

import type { LiveContact, Role } from '@callcentre/shared';
import type { AuthenticatedUser } from '../../common/auth';
import { contactReaderOf } from '../../common/auth/contact-access.sql';
import { liveContactFor, seesCustomerOf, withoutCustomer } from './live-contact-visibility';

const TEAMS: Record<string, string> = { amy: 'grace', chen: 'grace', frank: 'daniel' };
const teamLeadOf = (agentId: string) => TEAMS[agentId] ?? null;

const viewer = (id: string, ...roles: Role[]) => contactReaderOf({ kind: 'user', id, username: id, displayName: id, roles, teamLeadId: null } satisfies AuthenticatedUser);

function contact(change: Partial<LiveContact> = {}): LiveContact {
  return {
    id: 'c1',
    status: 'offered',
    channel: 'voice',
    queueId: 'q-billing',
    queueName: 'Billing',
    agentId: 'amy',
    customerId: 'cust-1',
    customerName: 'Chloe Roberts',
    caller: { phone: '+44 7700 900002', email: 'chloe@example.com', name: 'Chloe' },
    subject: 'Refund for order 4471',
    valueTier: 'important',
    complaint: true,
    language: 'en',
    callback: false,
    arrivedAt: 1_000,
    enqueuedAt: 2_000,
    waitSeconds: 12.5,
    answeredAt: null,
    wrapUpEndsAt: null,
    offerId: 'c1/1',
    offerExpiresAt: 20_000,
    agentLost: false,
    ...change,
  };
}

describe('live contacts as each wallboard viewer may see them', () => {
  it('takes out every customer field and keeps what the floor figures rest on', () => {
    const original = contact();
    expect(withoutCustomer(original)).toEqual({ ...original, customerId: null, customerName: null, caller: {}, subject: null });
    expect(original.customerName).toBe('Chloe Roberts');
  });

  it('shows a supervisor every contact whole, whoever it rings at, and one waiting for nobody', () => {
    const supervisor = viewer('sophie', 'supervisor');
    for (const shown of [contact(), contact({ agentId: 'frank' }), contact({ status: 'waiting', agentId: null })]) {
      expect(liveContactFor(supervisor, shown, teamLeadOf)).toBe(shown);
    }
  });

  it('shows a team lead the customer of a contact ringing at or handled by their team or themselves, and of no other', () => {
    const grace = viewer('grace', 'team_lead', 'agent');
    expect(seesCustomerOf(grace, contact({ agentId: 'amy', status: 'offered' }), teamLeadOf)).toBe(true);
    expect(seesCustomerOf(grace, contact({ agentId: 'chen', status: 'connected' }), teamLeadOf)).toBe(true);
    expect(seesCustomerOf(grace, contact({ agentId: 'chen', status: 'wrap_up' }), teamLeadOf)).toBe(true);
    expect(seesCustomerOf(grace, contact({ agentId: 'grace', status: 'connected' }), teamLeadOf)).toBe(true);
    expect(seesCustomerOf(grace, contact({ agentId: 'frank' }), teamLeadOf)).toBe(false);
    expect(seesCustomerOf(grace, contact({ agentId: 'daniel' }), teamLeadOf)).toBe(false);
    expect(seesCustomerOf(grace, contact({ agentId: 'someone-unknown' }), teamLeadOf)).toBe(false);
    expect(seesCustomerOf(grace, contact({ status: 'waiting', agentId: null }), teamLeadOf)).toBe(false);

    const otherTeam = contact({ agentId: 'frank', status: 'connected' });
    expect(liveContactFor(grace, otherTeam, teamLeadOf)).toEqual(withoutCustomer(otherTeam));
    expect(liveContactFor(viewer('daniel', 'team_lead'), otherTeam, teamLeadOf)).toBe(otherTeam);
  });

  it('shows an administrator no customer, and one who is also a supervisor or a team lead what that role sees', () => {
    const admin = viewer('admin', 'admin');
    for (const shown of [contact(), contact({ agentId: 'admin' }), contact({ status: 'waiting', agentId: null })]) {
      expect(liveContactFor(admin, shown, teamLeadOf)).toEqual(withoutCustomer(shown));
    }
    expect(liveContactFor(viewer('ops', 'admin', 'supervisor'), contact({ agentId: 'frank' }), teamLeadOf).customerName).toBe('Chloe Roberts');
    expect(liveContactFor(viewer('grace', 'admin', 'team_lead'), contact({ agentId: 'amy' }), teamLeadOf).customerName).toBe('Chloe Roberts');
    expect(liveContactFor(viewer('grace', 'admin', 'team_lead'), contact({ agentId: 'frank' }), teamLeadOf).customerName).toBeNull();
  });

  it('shows a viewer with the agent role beside administration the customers of their own contacts only', () => {
    const both = viewer('amy', 'admin', 'agent');
    expect(liveContactFor(both, contact({ agentId: 'amy' }), teamLeadOf).customerName).toBe('Chloe Roberts');
    expect(liveContactFor(both, contact({ agentId: 'chen' }), teamLeadOf).customerName).toBeNull();
  });
});

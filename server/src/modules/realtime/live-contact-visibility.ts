import type { LiveContact } from '@callcentre/shared';
import type { ContactReader } from '../../common/auth/contact-access.sql';

/** The team lead of an agent (null: none, or not an agent the live views know). */
export type TeamLeadOf = (agentId: string) => string | null;

/**
 * Whether a wallboard viewer may see who a live contact's customer is, by the contacts API's rules
 * (contact-access.sql.ts) applied to what the live views know without reading the database: a supervisor sees every
 * contact's; a team lead those ringing at or handled by an agent of their team or themselves; an agent those ringing
 * at or handled by themselves; an administrator none. A waiting contact is nobody's team's.
 */
export function seesCustomerOf(reader: ContactReader, contact: Pick<LiveContact, 'agentId'>, teamLeadOf: TeamLeadOf): boolean {
  switch (reader.scope) {
    case 'all':
      return true;
    case 'none':
      return false;
    case 'own':
      return contact.agentId === reader.userId;
    case 'team':
      return contact.agentId !== null && (contact.agentId === reader.userId || teamLeadOf(contact.agentId) === reader.userId);
  }
}

/**
 * The contact without what identifies its customer or tells what they said. What the floor's figures rest on stays:
 * the contact, its queue, channel, status, agent, times, value tier, language and complaint flag.
 */
export function withoutCustomer(contact: LiveContact): LiveContact {
  return { ...contact, customerId: null, customerName: null, caller: {}, subject: null };
}

/** A live contact as a wallboard viewer may see it. */
export function liveContactFor(reader: ContactReader, contact: LiveContact, teamLeadOf: TeamLeadOf): LiveContact {
  return seesCustomerOf(reader, contact, teamLeadOf) ? contact : withoutCustomer(contact);
}

import { hasRole, type AuthenticatedPrincipal } from './principal';

/**
 * Who reads which contacts, and so which customers:
 * - a supervisor reads every contact;
 * - a team lead, the contacts of their team (agents whose team lead they are, and themselves), the contacts
 *   linked to their team's complaints, and those of every escalated complaint (any team lead takes those);
 * - an agent, the contacts they handled and the one ringing for them now: an offer they declined or let
 *   expire grants nothing;
 * - an administrator configures the centre and reads no contact.
 * A customer is readable through a readable contact, or through a complaint the reader owns (agents) or may
 * see (team leads).
 *
 * The one home of that rule: services take a reader from the caller (`contactReaderOf`), and repositories put
 * the SQL fragments below into their queries. Only repositories use the fragments.
 */
export type ContactReader = { scope: 'all' } | { scope: 'none' } | { scope: 'team' | 'own'; userId: string };

export function contactReaderOf(principal: AuthenticatedPrincipal): ContactReader {
  if (principal.kind !== 'user' || hasRole(principal, 'supervisor')) return { scope: 'all' };
  if (hasRole(principal, 'team_lead')) return { scope: 'team', userId: principal.id };
  if (hasRole(principal, 'agent')) return { scope: 'own', userId: principal.id };
  return { scope: 'none' };
}

/** The statuses in which `interactions.agent_id` is the agent handling (or who handled) the contact. */
const HANDLED = `('connected', 'wrap_up', 'completed')`;

/**
 * SQL: the contact `i` (an alias of interactions) is or was handled by an agent matching `agent` (a condition on
 * an agent id column, e.g. `= $1` or `IN (...)`), or, with `ringing`, rings for them now.
 */
function contactOfAgents(i: string, agent: (column: string) => string, ringing = true): string {
  const statuses = ringing ? `('offered', ${HANDLED.slice(1)}` : HANDLED;
  return `((${agent(`${i}.agent_id`)} AND ${i}.status IN ${statuses})
    OR EXISTS (SELECT 1 FROM routing_events handled WHERE handled.interaction_id = ${i}.id AND handled.type = 'contact.connected' AND ${agent('handled.agent_id')}))`;
}

/** SQL: the team lead `lead` (a parameter) and the agents whose team lead they are. */
const teamOf = (lead: string) => `(SELECT member.id FROM users member WHERE member.id = ${lead} OR member.team_lead_id = ${lead})`;

/** SQL: the contact `i` is or was handled by the team lead `lead` or an agent of their team, or rings for one of them now. */
function contactOfTeam(i: string, lead: string): string {
  return contactOfAgents(i, (column) => `${column} IN ${teamOf(lead)}`);
}

/** SQL: the complaint `c` is one the team lead `lead` may see (as complaints.access.ts decides). */
function complaintOfTeam(c: string, lead: string): string {
  return `(${c}.state = 'escalated' OR ${c}.team_lead_id = ${lead} OR ${c}.owner_id IN ${teamOf(lead)})`;
}

/** SQL: the agent `agent` (a parameter) handled the contact `i`, or it rings for them now. */
export function contactOfAgentSql(i: string, agent: string): string {
  return contactOfAgents(i, (column) => `${column} = ${agent}`);
}

/** SQL: the agent `agent` (a parameter) answered the contact `i` at some point (a ringing offer is not enough). */
export function contactHandledBySql(i: string, agent: string): string {
  return contactOfAgents(i, (column) => `${column} = ${agent}`, false);
}

/** SQL condition on the contact `i` for this reader, with the reader's id as the parameter `param`; null: no condition. */
export function readableContactSql(reader: ContactReader, i: string, param: string): string | null {
  switch (reader.scope) {
    case 'all':
      return null;
    case 'none':
      return 'false';
    case 'own':
      return contactOfAgentSql(i, param);
    case 'team':
      return `(${contactOfTeam(i, param)}
        OR EXISTS (SELECT 1 FROM complaint_interactions linked JOIN complaints lc ON lc.id = linked.complaint_id
                    WHERE linked.interaction_id = ${i}.id AND ${complaintOfTeam('lc', param)}))`;
  }
}

/** SQL condition on the customer `customer` for this reader, with the reader's id as the parameter `param`; null: no condition. */
export function readableCustomerSql(reader: ContactReader, customer: string, param: string): string | null {
  switch (reader.scope) {
    case 'all':
      return null;
    case 'none':
      return 'false';
    case 'own':
      return `(EXISTS (SELECT 1 FROM interactions ci WHERE ci.customer_id = ${customer}.id AND ${contactOfAgentSql('ci', param)})
        OR EXISTS (SELECT 1 FROM complaints cc WHERE cc.customer_id = ${customer}.id AND cc.owner_id = ${param}))`;
    case 'team':
      return `(EXISTS (SELECT 1 FROM interactions ci WHERE ci.customer_id = ${customer}.id AND ${contactOfTeam('ci', param)})
        OR EXISTS (SELECT 1 FROM complaints cc WHERE cc.customer_id = ${customer}.id AND ${complaintOfTeam('cc', param)}))`;
  }
}

import type { Role } from './call-centre';

/**
 * Which role sees which console view: the pages of the navigation and the parts of a page that depend on the
 * reader's roles. The console reads only this table; the server enforces the same roles on the data behind each
 * view with its own route rules (`@Roles` on each controller), which stay the authority.
 */
export const CONSOLE_VIEW_ROLES = {
  /** The agent's desk: offers, contacts, wrap-up. */
  agentDesk: ['agent'],
  /** The live floor: queues, agents, alerts. */
  wallboard: ['supervisor', 'team_lead', 'admin'],
  /** The supervisor's floor: summary, each queue's waiting contacts and why they wait, each agent's day, the TV wall. */
  supervisorFloor: ['supervisor', 'team_lead'],
  /** On the supervisor's floor: moving a waiting contact, raising its priority, offering it to a named agent. */
  floorContactActions: ['supervisor'],
  /** Administration: queues, skills, users, agents, teams, API keys, the business calendar, routing rules, audit log. */
  administration: ['admin'],
  /** The team lead's complaint inbox. */
  teamLeadInbox: ['team_lead', 'supervisor'],
  /** Customers and their shared record (agents: those they serve or served). */
  customers: ['agent', 'team_lead', 'supervisor'],
  /** The value page: what of it each role sees is in the views below. */
  customerValue: ['agent', 'team_lead', 'supervisor', 'admin'],
  /** Importing customers and purchases from CSV files. */
  crmImports: ['admin'],
  /** On the customer's record and the desk: the customer's contacts (agents: those they handled). */
  customerContacts: ['agent', 'team_lead', 'supervisor'],
  /** On the customer's record: setting the tier by hand and going back to the computed one. */
  overrideValueTier: ['supervisor', 'admin'],
  /** On the customer's record: marking the customer lost and reinstating them. */
  markCustomerLost: ['team_lead', 'supervisor'],
  /** On the value page: the pyramid, RFM grid, tier migration and lost customers. */
  valueReports: ['team_lead', 'supervisor'],
  /** On the value page and the record: the retention worklist (team leads and agents: their team's) and its outcomes. */
  retentionWorklist: ['agent', 'team_lead', 'supervisor'],
  /** On the value page: the list of value runs. */
  valueRuns: ['team_lead', 'supervisor', 'admin'],
  /** On the value page: starting a value run now. */
  recomputeValue: ['supervisor', 'admin'],
  /** On the wallboard: complaints past or near their deadline. */
  complaintDeadlines: ['supervisor', 'team_lead'],
  /** On the wallboard: moving an agent to another state. */
  forceAgentState: ['supervisor'],
  /** On the wallboard: changing an agent's skills and languages. */
  editAgentSkills: ['supervisor', 'admin'],
  /** Reports: queue and agent history by interval, KPI bands, forecast to staffing (team leads: their team's agents). */
  historicalReports: ['supervisor', 'team_lead', 'admin'],
  /** On the reports page: setting a KPI's band and hard limits. */
  kpiBandSettings: ['supervisor', 'admin'],
  /** On the desk: choosing another member of staff as a complaint's owner (reads the staff list). */
  chooseComplaintOwner: ['team_lead', 'supervisor'],
} as const satisfies Record<string, readonly Role[]>;

export type ConsoleView = keyof typeof CONSOLE_VIEW_ROLES;

/** Whether someone holding `roles` sees `view`. */
export function maySeeView(roles: readonly Role[], view: ConsoleView): boolean {
  const allowed: readonly Role[] = CONSOLE_VIEW_ROLES[view];
  return roles.some((role) => allowed.includes(role));
}

/** The view each role starts in after sign-in. */
export const HOME_VIEWS: Readonly<Record<Role, ConsoleView>> = {
  agent: 'agentDesk',
  supervisor: 'wallboard',
  team_lead: 'teamLeadInbox',
  admin: 'administration',
};

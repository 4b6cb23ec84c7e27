import { randomUUID } from 'node:crypto';
import { MESSAGE_MAPPING_METADATA, MESSAGE_METADATA } from '@nestjs/websockets/constants';
import { listRouteRules } from '../../../server/src/common/auth';
import { RealtimeGateway } from '../../../server/src/modules/realtime/realtime.gateway';
import { call, customerByTier, signInAs } from '../../factories/routing';
import { createApiKey, createSession, createUser, bearer } from '../../factories/users';
import { startTestApp, type TestApp } from '../../support/test-app';
import { connect, ConsoleClient, eventually, refusedConnection } from '../realtime/support';
import { send } from './support';

/**
 * Who may call what, written down from the product's rules rather than read from the decorators (which would
 * only check the code against itself):
 * - agent: their own state, offers and contacts, the complaints they own, the customers of their contacts;
 * - team lead: escalations and their team's complaints, their team's contacts and the customers of those (and the
 *   live picture of the floor);
 * - supervisor: reads everything live, forces agent states, reassigns contacts, edits agents' skills;
 * - admin: users, roles, API keys, queues, skills, calendars, routing policy (no customer, no contact);
 * - the ingest API key: ingestion and telephony events only;
 * - the crm API key: customers and purchases sent from the business's own systems (batches, file imports) only;
 * - anonymous: health, readiness and signing in.
 * No role implies another: an administrator is not a supervisor.
 *
 * Token expiry and revocation, lockout and API-key scopes have their own suites in test/integration/auth/
 * (expiry.spec.ts, login.spec.ts, api-keys.spec.ts); this one is the whole route table, role by role.
 */

const CALLERS = ['anonymous', 'agent', 'team_lead', 'supervisor', 'admin', 'ingest', 'crm'] as const;
type Caller = (typeof CALLERS)[number];

const PUBLIC: readonly Caller[] = CALLERS;
const STAFF: readonly Caller[] = ['agent', 'team_lead', 'supervisor', 'admin'];

/** Every REST route and who gets past the door. A route missing here (or named here and gone) fails the suite. */
const MATRIX: Readonly<Record<string, readonly Caller[]>> = {
  // Platform
  'GET /health': PUBLIC,
  'GET /ready': PUBLIC,
  // Identity
  'POST /api/auth/login': PUBLIC,
  'POST /api/auth/refresh': PUBLIC,
  'POST /api/auth/logout': PUBLIC,
  'GET /api/auth/me': STAFF,
  'POST /api/auth/password': STAFF,
  'GET /api/users': ['supervisor', 'admin'],
  'POST /api/users': ['admin'],
  'PATCH /api/users/:id/roles': ['admin'],
  'PUT /api/users/:id/team-lead': ['admin'],
  'GET /api/teams': ['team_lead', 'supervisor', 'admin'],
  'POST /api/teams': ['admin'],
  'PATCH /api/teams/:id': ['admin'],
  'DELETE /api/teams/:id': ['admin'],
  'PUT /api/teams/:id/members/:userId': ['admin'],
  'DELETE /api/teams/:id/members/:userId': ['admin'],
  'POST /api/api-keys': ['admin'],
  'GET /api/api-keys': ['admin'],
  'DELETE /api/api-keys/:id': ['admin'],
  'GET /api/audit': ['supervisor', 'admin'],
  // Customers: agents see those of their own contacts, team leads those of their team (checked on the object,
  // see "object by object" below); administrators configure and read no customer
  'GET /api/customers': ['agent', 'team_lead', 'supervisor'],
  'GET /api/customers/:id': ['agent', 'team_lead', 'supervisor'],
  // The customer record's shared parts: whoever may read the customer (checked on the object)
  'GET /api/customers/:id/notes': ['agent', 'team_lead', 'supervisor'],
  'POST /api/customers/:id/notes': ['agent', 'team_lead', 'supervisor'],
  'GET /api/customers/:id/transactions': ['agent', 'team_lead', 'supervisor'],
  // Lost customers: team leads (their team's customers) and supervisors
  'PUT /api/customers/:id/loss': ['team_lead', 'supervisor'],
  'DELETE /api/customers/:id/loss': ['team_lead', 'supervisor'],
  // The retention worklist is a team's: agents work their team's, team leads see theirs, supervisors all
  'GET /api/customer-value/worklist': ['agent', 'team_lead', 'supervisor'],
  'GET /api/customer-value/worklist/progress': ['agent', 'team_lead', 'supervisor'],
  'POST /api/customer-value/worklist/:id/outcome': ['agent', 'team_lead', 'supervisor'],
  // Value reports: figures over the whole base, for supervisors and team leads
  'GET /api/customer-value/losses': ['team_lead', 'supervisor'],
  'GET /api/customer-value/pyramid': ['team_lead', 'supervisor'],
  'GET /api/customer-value/rfm-grid': ['team_lead', 'supervisor'],
  'GET /api/customer-value/migration': ['team_lead', 'supervisor'],
  // Value runs: started by supervisors and administrators (and nightly), followed by team leads too
  'POST /api/customer-value/recompute': ['supervisor', 'admin'],
  'GET /api/customer-value/runs': ['team_lead', 'supervisor', 'admin'],
  'GET /api/customer-value/runs/:id': ['team_lead', 'supervisor', 'admin'],
  // A tier set by hand, with a reason and an expiry
  'PUT /api/customers/:id/tier-override': ['supervisor', 'admin'],
  'DELETE /api/customers/:id/tier-override': ['supervisor', 'admin'],
  // Customers and purchases from the business's own systems, in batches or files, and the imports' progress: sent by
  // administrators and crm keys (sending them is not reading them: the list and the records stay closed to both)
  'POST /api/customers/batch': ['admin', 'crm'],
  'POST /api/transactions/batch': ['admin', 'crm'],
  'POST /api/crm/imports': ['admin', 'crm'],
  'GET /api/crm/imports': ['admin', 'crm'],
  'GET /api/crm/imports/:id': ['admin', 'crm'],
  // Configuration: read by the floor, changed by administrators; supervisors edit agents' skills
  'GET /api/queues': STAFF,
  'GET /api/queues/:id': STAFF,
  'POST /api/queues': ['admin'],
  'PUT /api/queues/:id': ['admin'],
  'GET /api/skills': STAFF,
  'POST /api/skills': ['admin'],
  'GET /api/routing/policy': ['team_lead', 'supervisor', 'admin'],
  'PUT /api/routing/policy': ['admin'],
  'GET /api/calendars/default': STAFF,
  'PUT /api/calendars/default': ['admin'],
  // Agents
  'GET /api/agents': ['team_lead', 'supervisor', 'admin'],
  'POST /api/agents': ['admin'],
  'GET /api/agents/me': ['agent'],
  'PUT /api/agents/me/state': ['agent'],
  'POST /api/agents/me/heartbeat': ['agent'],
  'POST /api/agents/me/wrap-up/finish': ['agent'],
  'GET /api/agents/:id': ['team_lead', 'supervisor', 'admin'],
  'GET /api/agents/:id/day': ['team_lead', 'supervisor'],
  'PUT /api/agents/:id/state': ['supervisor'],
  'PUT /api/agents/:id/skills': ['supervisor', 'admin'],
  'PUT /api/agents/:id/capacity': ['supervisor', 'admin'],
  // Contacts: the PBX feeds them (a supervisor may too), agents answer theirs, supervisors reassign
  'POST /api/interactions': ['supervisor', 'ingest'],
  'GET /api/interactions': ['agent', 'team_lead', 'supervisor'],
  'GET /api/interactions/:id': ['agent', 'team_lead', 'supervisor'],
  'GET /api/interactions/:id/routing': ['team_lead', 'supervisor', 'admin'],
  'POST /api/interactions/:id/abandon': ['supervisor', 'ingest'],
  'POST /api/interactions/:id/end': ['agent', 'supervisor', 'ingest'],
  'POST /api/interactions/:id/callback': ['supervisor', 'ingest'],
  'POST /api/interactions/:id/transfer': ['agent', 'supervisor', 'ingest'],
  'POST /api/interactions/:id/accept': ['agent'],
  'POST /api/interactions/:id/reject': ['agent'],
  'POST /api/interactions/:id/wrap-up': ['agent'],
  'GET /api/interactions/:id/wrap-up/draft': ['agent'],
  'PUT /api/interactions/:id/wrap-up/draft': ['agent'],
  // Supervisors raise a waiting contact's priority (a routing command, audited)
  'POST /api/interactions/:id/priority': ['supervisor'],
  // E-mail (docs/email.md): mail gateways post raw messages; whoever may read the contact reads its thread and
  // attachments; the agent handling it (or a supervisor) replies; supervisors re-sort; administrators set the rules
  'POST /api/email/messages': ['supervisor', 'ingest'],
  'GET /api/email/settings': ['supervisor', 'admin'],
  'PUT /api/email/settings': ['admin'],
  'PUT /api/email/rules': ['admin'],
  'GET /api/email/backlog': ['team_lead', 'supervisor'],
  'GET /api/email/contacts/:id': ['agent', 'team_lead', 'supervisor'],
  'PATCH /api/email/contacts/:id': ['supervisor'],
  'GET /api/email/contacts/:id/draft': ['agent', 'supervisor'],
  'POST /api/email/contacts/:id/replies': ['agent', 'supervisor'],
  'POST /api/email/replies/:id/retry': ['agent', 'supervisor'],
  'GET /api/email/attachments/:id': ['agent', 'team_lead', 'supervisor'],
  // Calls through the CTI boundary (docs/cti.md): agents drive theirs, the PBX answers, the floor watches
  'GET /api/calls/directory': ['agent', 'team_lead', 'supervisor'],
  'GET /api/calls/live': ['agent', 'team_lead', 'supervisor', 'admin'],
  'GET /api/calls/times': ['team_lead', 'supervisor', 'admin'],
  'GET /api/calls/:id': ['agent', 'team_lead', 'supervisor'],
  'POST /api/calls/:id/commands': ['agent'],
  'POST /api/cti/events': ['supervisor', 'ingest'],
  // Satisfaction after every contact (docs/statistics.md): the PBX reports keypad answers, customers answer the
  // survey page without signing in (the link's token is checked on the object), the floor reads the figures
  'POST /api/interactions/:id/survey': ['supervisor', 'ingest'],
  'POST /api/surveys/lookup': PUBLIC,
  'POST /api/surveys/answer': PUBLIC,
  'GET /api/satisfaction/summary': ['team_lead', 'supervisor', 'admin'],
  'GET /api/satisfaction/live': ['team_lead', 'supervisor', 'admin'],
  'GET /survey': PUBLIC,
  'GET /survey/survey.js': PUBLIC,
  'GET /survey/survey.css': PUBLIC,
  // Chat (docs/chat.md): customers start one from the page; staff who may read the contact read its transcript
  'POST /api/chats': PUBLIC,
  'GET /api/chats/:id': ['agent', 'team_lead', 'supervisor'],
  'GET /chat': PUBLIC,
  'GET /chat/chat.js': PUBLIC,
  'GET /chat/chat.css': PUBLIC,
  'GET /chat/socket.io.min.js': PUBLIC,
  // Live figures and planning
  'GET /api/statistics/queues': ['team_lead', 'supervisor', 'admin'],
  'GET /api/statistics/queues/:id/history': ['team_lead', 'supervisor', 'admin'],
  'GET /api/staffing': ['team_lead', 'supervisor', 'admin'],
  // History, KPI bands and forecast to staffing (team leads: their team's agents); supervisors and administrators set the bands
  'GET /api/reports/queues': ['team_lead', 'supervisor', 'admin'],
  'GET /api/reports/agents': ['team_lead', 'supervisor', 'admin'],
  'GET /api/reports/kpi': ['team_lead', 'supervisor', 'admin'],
  'GET /api/reports/kpi/settings': ['team_lead', 'supervisor', 'admin'],
  'PUT /api/reports/kpi/settings': ['supervisor', 'admin'],
  'GET /api/reports/forecast': ['team_lead', 'supervisor', 'admin'],
  // Agents' shifts: team leads read them, supervisors and administrators change them
  'GET /api/shifts': ['team_lead', 'supervisor', 'admin'],
  'POST /api/shifts': ['supervisor', 'admin'],
  'POST /api/shifts/import': ['supervisor', 'admin'],
  'DELETE /api/shifts/:id': ['supervisor', 'admin'],
  // Complaints: worked by agents, team leads and supervisors; administrators do not work complaints
  'POST /api/complaints': ['agent', 'team_lead'],
  'GET /api/complaints': ['agent', 'team_lead', 'supervisor'],
  'GET /api/complaints/deadline-preview': STAFF,
  'GET /api/complaints/:id': ['agent', 'team_lead', 'supervisor'],
  'POST /api/complaints/:id/events': ['agent', 'team_lead', 'supervisor'],
  'GET /api/complaints/:id/history': ['agent', 'team_lead', 'supervisor'],
  'POST /api/complaints/:id/interactions': ['agent', 'team_lead', 'supervisor'],
  // Alerts: supervisors and team leads acknowledge the alerts addressed to them
  'POST /api/alerts/:id/acknowledge': ['team_lead', 'supervisor'],
};

type StaffRole = Exclude<Caller, 'anonymous' | 'ingest' | 'crm'>;

/** Socket commands and the roles that may send them (the REST route's roles; API keys never open sockets). */
const SOCKET_MATRIX: Readonly<Record<string, readonly StaffRole[]>> = {
  'agent:heartbeat': ['agent'],
  'agent:state': ['agent'],
  'offer:accept': ['agent'],
  'offer:reject': ['agent'],
  'contact:end': ['agent', 'supervisor'],
  'wrapup:finish': ['agent'],
  'alert:acknowledge': ['team_lead', 'supervisor'],
  sync: ['agent', 'team_lead', 'supervisor', 'admin'],
};

describe('security: every route and socket command, role by role', () => {
  let server: TestApp;
  const who = {} as Record<StaffRole, Awaited<ReturnType<typeof signInAs>>>;
  let apiKey: { headers: Record<string, string> };
  let crmKey: { headers: Record<string, string> };
  let crmImportId: string;
  let loginUser: { id: string; username: string; password: string };
  let amyContact: string;
  let amyCustomer: string;
  let queueId: string;
  const valueRuns: number[] = [];
  const complaintOf = {} as Record<'agent' | 'team_lead', string>;

  beforeAll(async () => {
    server = await startTestApp({ seedDemo: true, env: { LOGIN_RATE_LIMIT: '10000', HEARTBEAT_TIMEOUT_SECONDS: '600' } });
    const ds = server.dataSource;
    // One user per role, each holding that role alone (the demo team leads also take calls).
    const lead = await createUser(ds, { username: 'lena.lead', roles: ['team_lead'] });
    const leadSession = await createSession(ds, lead.id);
    // Amy works in Lena's team.
    await ds.query(`UPDATE users SET team_lead_id = $1 WHERE username = 'amy'`, [lead.id]);
    for (const [role, username] of [['agent', 'amy'], ['supervisor', 'sophie'], ['admin', 'admin']] as const) {
      who[role] = await signInAs(ds, username);
    }
    who.team_lead = { id: lead.id, username: lead.username, ...leadSession, headers: { ...bearer(leadSession.accessToken), 'content-type': 'application/json' } };
    apiKey = await createApiKey(ds, { name: 'PBX for the matrix' });
    crmKey = await createApiKey(ds, { name: 'CRM for the matrix', scopes: ['crm'] });
    [{ id: crmImportId }] = await ds.query(
      `INSERT INTO crm_imports (kind, source_name, source_bytes, source_fingerprint, status, finished_at) VALUES ('customers', 'matrix.csv', 0, 'matrix', 'completed', now()) RETURNING id`,
    );
    const password = 'matrix-login-password';
    const created = await createUser(ds, { username: 'matrix.login', roles: ['agent'], password });
    loginUser = { id: created.id, username: created.username, password };

    // Amy answers a call from a known customer: the contact and the customer she may read.
    const customer = await customerByTier(ds, 'ordinary');
    amyCustomer = customer.id;
    expect((await call(server.baseUrl, 'PUT', '/api/agents/me/state', who.agent.headers, { state: 'available' })).status).toBe(200);
    const ingested = await call(server.baseUrl, 'POST', '/api/interactions', apiKey.headers, { channel: 'voice', caller: { phone: customer.phone }, queue: 'general', preferredAgentId: who.agent.id });
    expect(ingested.status).toBe(201);
    amyContact = ingested.body.interaction.id;
    const offer = await eventually(async () => (await call(server.baseUrl, 'GET', `/api/interactions/${amyContact}`, who.supervisor.headers)).body.offer, 5000, 'the offer to Amy');
    expect((await call(server.baseUrl, 'POST', `/api/interactions/${amyContact}/accept`, who.agent.headers, { offerId: offer.offerId })).status).toBe(200);
    [{ id: queueId }] = await ds.query(`SELECT id FROM queues WHERE code = 'general'`);
    // Two completed value runs long ago, for the reports (named by id, whatever runs the demo has).
    for (const asOf of ['2000-01-01T00:00:00Z', '2000-02-01T00:00:00Z']) {
      const [run] = await ds.query(`INSERT INTO customer_value_runs (as_of, parameters, status, finished_at) VALUES ($1, '{}', 'completed', now()) RETURNING id`, [asOf]);
      valueRuns.push(Number(run.id));
    }

    // A complaint Amy owns, and one the team lead took for a customer (theirs to work).
    const byAgent = await call(server.baseUrl, 'POST', '/api/complaints', who.agent.headers, { interactionId: amyContact, category: 'billing', complexity: 'simple', description: 'Charged twice' });
    expect(byAgent.status).toBe(201);
    complaintOf.agent = byAgent.body.id;
    const byLead = await call(server.baseUrl, 'POST', '/api/complaints', who.team_lead.headers, { customerId: amyCustomer, category: 'delivery', complexity: 'general', description: 'Parcel lost' });
    expect(byLead.status).toBe(201);
    complaintOf.team_lead = byLead.body.id;
  }, 60_000);
  afterAll(async () => {
    await server.close();
  });

  const nobody = () => randomUUID();

  /** Headers a caller sends. `fresh`: a session of its own, for routes that end the session they are called with. */
  async function headersOf(caller: Caller, fresh = false): Promise<Record<string, string>> {
    if (caller === 'anonymous') return {};
    if (caller === 'ingest') return apiKey.headers;
    if (caller === 'crm') return crmKey.headers;
    if (!fresh) return who[caller].headers;
    return bearer((await createSession(server.dataSource, who[caller].id)).accessToken);
  }

  /** Amy's contact made an e-mail, with one attachment: its thread, draft and attachment are read as the contact is. */
  let amyEmailAttachment: string | null = null;
  async function amyContactAsEmail(): Promise<string> {
    if (amyEmailAttachment) return amyEmailAttachment;
    const ds = server.dataSource;
    const [message] = await ds.query(
      `INSERT INTO email_messages (id, conversation_id, direction, message_id, mailbox, from_address, subject, text_body, received_at, interaction_id)
       VALUES (gen_random_uuid(), gen_random_uuid(), 'inbound', 'matrix-' || $1::text || '@example.org', 'service@callcentre.example', 'matrix@example.org', 'Matrix', 'Hello', now(), $1::uuid)
       RETURNING id, conversation_id`,
      [amyContact],
    );
    await ds.query(
      `INSERT INTO email_contacts (interaction_id, message_id, conversation_id, department, priority, due_at) VALUES ($1, $2, $3, 'customer_service', 3, now() + interval '1 day')`,
      [amyContact, message.id, message.conversation_id],
    );
    const [attachment] = await ds.query(
      `INSERT INTO email_attachments (message_id, position, filename, content_type, size_bytes, content) VALUES ($1, 0, 'note.txt', 'text/plain', 5, 'hello'::bytea) RETURNING id`,
      [message.id],
    );
    amyEmailAttachment = attachment.id as string;
    return amyEmailAttachment;
  }

  /** The complaint a caller works, so that an allowed caller is not turned away by the object check. */
  const complaintFor = (caller: Caller) => (caller === 'agent' ? complaintOf.agent : complaintOf.team_lead);

  /**
   * A request that exercises the route for this caller without changing anything that matters: reads use
   * real ids (an allowed caller gets its 200), writes aim at an id that does not exist or carry a body the
   * validation refuses, since the guard decides before either. Only sign-in and refresh really succeed.
   */
  async function requestFor(route: string, caller: Caller): Promise<{ path: string; body?: unknown; headers?: Record<string, string> }> {
    switch (route) {
      case 'POST /api/auth/login':
        return { path: '/api/auth/login', body: { username: loginUser.username, password: loginUser.password } };
      case 'POST /api/auth/refresh':
        return { path: '/api/auth/refresh', body: { refreshToken: (await createSession(server.dataSource, loginUser.id)).refreshToken } };
      case 'POST /api/auth/logout':
        return { path: '/api/auth/logout', body: {}, headers: await headersOf(caller, true) };
      case 'POST /api/auth/password':
        return { path: '/api/auth/password', body: { currentPassword: '', newPassword: 'short' } };
      case 'POST /api/users':
        return { path: '/api/users', body: {} };
      case 'PATCH /api/users/:id/roles':
        return { path: `/api/users/${who.agent.id}/roles`, body: { roles: [] } };
      case 'POST /api/api-keys':
        return { path: '/api/api-keys', body: {} };
      case 'DELETE /api/api-keys/:id':
        return { path: `/api/api-keys/${nobody()}` };
      case 'GET /api/crm/imports/:id':
        return { path: `/api/crm/imports/${crmImportId}` };
      case 'GET /api/customers/:id':
      case 'GET /api/customers/:id/notes':
      case 'GET /api/customers/:id/transactions':
        return { path: route.split(' ')[1].replace(':id', amyCustomer) };
      case 'POST /api/customers/:id/notes':
        return { path: `/api/customers/${amyCustomer}/notes`, body: {} };
      case 'PUT /api/customers/:id/loss':
        return { path: `/api/customers/${amyCustomer}/loss`, body: { cause: 'not-a-cause' } };
      case 'DELETE /api/customers/:id/loss':
        return { path: `/api/customers/${nobody()}/loss` };
      case 'POST /api/customer-value/worklist/:id/outcome':
        return { path: `/api/customer-value/worklist/${nobody()}/outcome`, body: {} };
      case 'GET /api/customer-value/pyramid':
      case 'GET /api/customer-value/rfm-grid':
        return { path: `${route.split(' ')[1]}?runId=${valueRuns[1]}` };
      case 'GET /api/customer-value/migration':
        return { path: `/api/customer-value/migration?from=${valueRuns[0]}&to=${valueRuns[1]}` };
      case 'POST /api/customer-value/recompute':
        // An as-of time without an offset is refused past the door, so the matrix starts no run.
        return { path: '/api/customer-value/recompute', body: { asOf: '2026-06-30T23:59:59' } };
      case 'GET /api/customer-value/runs/:id':
        return { path: `/api/customer-value/runs/${valueRuns[0]}` };
      case 'PUT /api/customers/:id/tier-override':
        return { path: `/api/customers/${amyCustomer}/tier-override`, body: {} };
      case 'DELETE /api/customers/:id/tier-override':
        return { path: `/api/customers/${nobody()}/tier-override` };
      case 'GET /api/queues/:id':
        return { path: `/api/queues/${queueId}` };
      case 'POST /api/queues':
      case 'POST /api/skills':
      case 'POST /api/agents':
      case 'PUT /api/calendars/default':
      case 'POST /api/interactions':
      case 'POST /api/complaints':
        return { path: route.split(' ')[1], body: {} };
      case 'PUT /api/queues/:id':
        return { path: `/api/queues/${queueId}`, body: {} };
      case 'PUT /api/routing/policy':
        return { path: '/api/routing/policy', body: { agingSecondsPerPoint: -1 } };
      case 'PUT /api/agents/me/state':
        return { path: '/api/agents/me/state', body: { state: 'asleep' } };
      case 'GET /api/agents/:id':
        return { path: `/api/agents/${who.agent.id}` };
      case 'PUT /api/agents/:id/state':
        return { path: `/api/agents/${who.agent.id}/state`, body: { state: 'asleep' } };
      case 'PUT /api/agents/:id/skills':
      case 'PUT /api/agents/:id/capacity':
        return { path: route.split(' ')[1].replace(':id', who.agent.id), body: {} };
      case 'GET /api/interactions/:id':
      case 'GET /api/interactions/:id/routing':
      case 'GET /api/interactions/:id/wrap-up/draft':
        return { path: route.split(' ')[1].replace(':id', amyContact) };
      case 'POST /api/interactions/:id/transfer':
        return { path: `/api/interactions/${nobody()}/transfer`, body: { queue: 'billing' } };
      case 'GET /api/calls/:id':
        return { path: `/api/calls/${amyContact}` };
      case 'POST /api/calls/:id/commands':
        return { path: `/api/calls/${nobody()}/commands`, body: {} };
      case 'GET /api/email/contacts/:id':
        await amyContactAsEmail();
        return { path: `/api/email/contacts/${amyContact}` };
      case 'GET /api/email/contacts/:id/draft':
        await amyContactAsEmail();
        return { path: `/api/email/contacts/${amyContact}/draft?template=standard` };
      case 'GET /api/email/attachments/:id':
        return { path: `/api/email/attachments/${await amyContactAsEmail()}` };
      case 'PATCH /api/email/contacts/:id':
      case 'POST /api/email/contacts/:id/replies':
      case 'POST /api/email/replies/:id/retry':
        return { path: route.split(' ')[1].replace(':id', nobody()), body: {} };
      case 'GET /api/agents/:id/day':
        return { path: `/api/agents/${who.agent.id}/day` };
      case 'PATCH /api/teams/:id':
        return { path: `/api/teams/${randomUUID()}`, body: { name: '' } };
      case 'DELETE /api/teams/:id':
        return { path: `/api/teams/${randomUUID()}` };
      case 'PUT /api/teams/:id/members/:userId':
      case 'DELETE /api/teams/:id/members/:userId':
        return { path: `/api/teams/${randomUUID()}/members/${who.agent.id}` };
      case 'PUT /api/users/:id/team-lead':
        return { path: `/api/users/${who.agent.id}/team-lead`, body: { teamLeadId: 'not-a-user' } };
      case 'GET /api/chats/:id':
        // Amy's contact, made a chat: its transcript is readable by whoever may read the contact.
        await server.dataSource.query(`INSERT INTO chat_sessions (interaction_id, token_hash, customer_name) VALUES ($1, $2, 'Matrix') ON CONFLICT DO NOTHING`, [amyContact, 'f'.repeat(64)]);
        return { path: `/api/chats/${amyContact}` };
      case 'POST /api/interactions/:id/priority':
      case 'POST /api/interactions/:id/survey':
      case 'POST /api/interactions/:id/abandon':
      case 'POST /api/interactions/:id/end':
      case 'POST /api/interactions/:id/callback':
      case 'POST /api/interactions/:id/accept':
      case 'POST /api/interactions/:id/reject':
      case 'POST /api/interactions/:id/wrap-up':
      case 'PUT /api/interactions/:id/wrap-up/draft':
      case 'POST /api/alerts/:id/acknowledge':
        return { path: route.split(' ')[1].replace(':id', nobody()), body: {} };
      case 'GET /api/statistics/queues/:id/history':
        return { path: `/api/statistics/queues/${queueId}/history` };
      case 'GET /api/reports/kpi':
        return { path: `/api/reports/kpi?queue=${queueId}&kpi=offered` };
      case 'GET /api/shifts':
        return { path: `/api/shifts?from=2027-06-07T00:00:00Z&to=2027-06-14T00:00:00Z` };
      case 'DELETE /api/shifts/:id':
        return { path: `/api/shifts/${randomUUID()}` };
      case 'GET /api/reports/forecast':
        return { path: `/api/reports/forecast?queue=${queueId}` };
      case 'GET /api/staffing':
        return { path: '/api/staffing?arrivalsPerHour=120&ahtSeconds=180' };
      case 'GET /api/complaints/deadline-preview':
        return { path: '/api/complaints/deadline-preview?complexity=simple' };
      case 'GET /api/complaints/:id':
      case 'GET /api/complaints/:id/history':
        return { path: route.split(' ')[1].replace(':id', complaintFor(caller)) };
      case 'POST /api/complaints/:id/events':
      case 'POST /api/complaints/:id/interactions':
        return { path: route.split(' ')[1].replace(':id', complaintFor(caller)), body: {} };
      default: {
        const [method, path] = route.split(' ');
        if (path.includes(':')) throw new Error(`no request written for ${route}`);
        return { path, ...(method === 'GET' ? {} : { body: {} }) };
      }
    }
  }

  it('names every live route, and only live routes', () => {
    const live = listRouteRules(server.app).map((route) => `${route.method} ${route.path}`);
    expect(new Set(live).size).toBe(live.length);
    const missing = live.filter((route) => !(route in MATRIX));
    const gone = Object.keys(MATRIX).filter((route) => !live.includes(route));
    expect({ missing, gone }).toEqual({ missing: [], gone: [] });
  });

  // Every route for every caller: over a minute on a loaded machine, hence its own time limit.
  it('lets each caller through exactly the routes the table gives it: 401 without credentials, 403 otherwise', async () => {
    const outcomes: string[] = [];
    const expected: string[] = [];
    for (const [route, allowed] of Object.entries(MATRIX)) {
      const method = route.split(' ')[0];
      // Callers one after another: sign-in and refresh stay within a tidy budget of sessions.
      for (const caller of CALLERS) {
        const request = await requestFor(route, caller);
        const response = await send(server.baseUrl, method, request.path, { headers: request.headers ?? (await headersOf(caller)), body: request.body });
        const isAllowed = allowed.includes(caller);
        const refusedBy = response.status === 401 ? `401 ${response.body?.code}` : response.status === 403 ? `403 ${response.body?.code}` : null;
        outcomes.push(`${route} as ${caller}: ${refusedBy ?? (response.status >= 500 ? `5xx ${response.status}` : 'allowed')}`);
        expected.push(`${route} as ${caller}: ${isAllowed ? 'allowed' : caller === 'anonymous' ? '401 UNAUTHENTICATED' : '403 FORBIDDEN'}`);
      }
    }
    expect(outcomes).toEqual(expected);
  }, 180_000);

  it('answers the allowed reads with their data, not an error', async () => {
    const reads = Object.entries(MATRIX).filter(([route]) => route.startsWith('GET '));
    const failures: string[] = [];
    for (const [route, allowed] of reads) {
      for (const caller of allowed) {
        const request = await requestFor(route, caller);
        const response = await send(server.baseUrl, 'GET', request.path, { headers: await headersOf(caller) });
        if (response.status !== 200) failures.push(`${route} as ${caller}: ${response.status} ${response.text.slice(0, 160)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  describe('object by object: contacts, their notes and customers', () => {
    let daniel: Awaited<ReturnType<typeof signInAs>>;
    let ben: Awaited<ReturnType<typeof signInAs>>;
    let declined: { contact: string; customer: string };
    let abandoned: string;

    const read = async (caller: { headers: Record<string, string> }, path: string) => (await call(server.baseUrl, 'GET', path, caller.headers)).status;
    const listed = async (caller: { headers: Record<string, string> }, path: string) => {
      const answer = await call(server.baseUrl, 'GET', path, caller.headers);
      expect(answer.status).toBe(200);
      return (answer.body.items as { id: string }[]).map((item) => item.id);
    };

    beforeAll(async () => {
      const ds = server.dataSource;
      // Daniel leads another team; Ben, an agent, is offered a contact and declines it.
      daniel = await signInAs(ds, 'daniel');
      ben = await signInAs(ds, 'ben');
      const [customer] = await ds.query(`SELECT id, phone FROM customers WHERE id <> $1 AND phone IS NOT NULL ORDER BY phone LIMIT 1`, [amyCustomer]);
      expect((await call(server.baseUrl, 'PUT', '/api/agents/me/state', ben.headers, { state: 'available' })).status).toBe(200);
      const ingested = await call(server.baseUrl, 'POST', '/api/interactions', apiKey.headers, { channel: 'voice', caller: { phone: customer.phone }, queue: 'general', preferredAgentId: ben.id });
      expect(ingested.status).toBe(201);
      declined = { contact: ingested.body.interaction.id, customer: customer.id };
      const offer = await eventually(async () => {
        const seen = await call(server.baseUrl, 'GET', `/api/interactions/${declined.contact}`, who.supervisor.headers);
        return seen.body.offer?.agentId === ben.id ? seen.body.offer : null;
      }, 5000, 'the offer to Ben');
      // While it rings for him, Ben reads the contact and its customer.
      expect(await read(ben, `/api/interactions/${declined.contact}`)).toBe(200);
      expect(await read(ben, `/api/customers/${declined.customer}`)).toBe(200);
      expect((await call(server.baseUrl, 'POST', `/api/interactions/${declined.contact}/reject`, ben.headers, { offerId: offer.offerId })).status).toBe(200);
      // Another call rings for Ben and the caller hangs up before he answers.
      const hungUp = await call(server.baseUrl, 'POST', '/api/interactions', apiKey.headers, { channel: 'voice', caller: {}, queue: 'general', preferredAgentId: ben.id });
      expect(hungUp.status).toBe(201);
      abandoned = hungUp.body.interaction.id;
      await eventually(async () => (await call(server.baseUrl, 'GET', `/api/interactions/${abandoned}`, who.supervisor.headers)).body.offer?.agentId === ben.id || null, 5000, 'the second offer to Ben');
      expect((await call(server.baseUrl, 'POST', `/api/interactions/${abandoned}/abandon`, apiKey.headers, {})).status).toBe(200);
      expect((await call(server.baseUrl, 'PUT', '/api/agents/me/state', ben.headers, { state: 'offline' })).status).toBe(200);
    });

    it('an agent reads the contacts they handled and their customers, not one they declined or that rang out, nor its customer', async () => {
      expect({
        ownContact: await read(who.agent, `/api/interactions/${amyContact}`),
        ownCustomer: await read(who.agent, `/api/customers/${amyCustomer}`),
        declinedContact: await read(ben, `/api/interactions/${declined.contact}`),
        declinedCustomer: await read(ben, `/api/customers/${declined.customer}`),
        othersContact: await read(ben, `/api/interactions/${amyContact}`),
        othersCustomer: await read(ben, `/api/customers/${amyCustomer}`),
      }).toEqual({ ownContact: 200, ownCustomer: 200, declinedContact: 403, declinedCustomer: 403, othersContact: 403, othersCustomer: 403 });
      expect(await read(ben, `/api/interactions/${abandoned}`)).toBe(403);
      const complaintFromOffer = await call(server.baseUrl, 'POST', '/api/complaints', ben.headers, { interactionId: abandoned, category: 'billing', complexity: 'simple', description: 'Never answered' });
      expect(complaintFromOffer.status).toBe(403);
      expect(await listed(ben, '/api/customers?limit=100')).not.toContain(declined.customer);
      expect(await listed(who.agent, '/api/customers?limit=100')).toContain(amyCustomer);
    });

    it('a team lead reads their team’s contacts (with wrap-up notes) and customers; another team’s lead reads neither', async () => {
      const lenaReads = await call(server.baseUrl, 'GET', `/api/interactions/${amyContact}`, who.team_lead.headers);
      expect(lenaReads.status).toBe(200);
      expect(lenaReads.body).toHaveProperty('wrapUpNotes');
      expect({
        otherTeamContact: await read(daniel, `/api/interactions/${amyContact}`),
        otherTeamCustomer: await read(daniel, `/api/customers/${amyCustomer}`),
        ownTeamCustomer: await read(who.team_lead, `/api/customers/${amyCustomer}`),
      }).toEqual({ otherTeamContact: 403, otherTeamCustomer: 403, ownTeamCustomer: 200 });
      expect(await listed(who.team_lead, '/api/interactions?limit=100')).toContain(amyContact);
      expect(await listed(daniel, '/api/interactions?limit=100')).not.toContain(amyContact);
      expect(await listed(daniel, `/api/interactions?customerId=${amyCustomer}`)).toEqual([]);
      expect(await listed(daniel, '/api/customers?limit=100')).not.toContain(amyCustomer);
      // A contact nobody in either team answered is no team lead's to read.
      expect(await read(daniel, `/api/interactions/${declined.contact}`)).toBe(403);
      expect(await read(who.team_lead, `/api/interactions/${declined.contact}`)).toBe(403);
      // Supervisors read every contact and customer.
      expect(await read(who.supervisor, `/api/interactions/${declined.contact}`)).toBe(200);
      expect(await read(who.supervisor, `/api/customers/${declined.customer}`)).toBe(200);
    });

    it('an escalated complaint opens its contacts and its customer to every team lead', async () => {
      // The escalation itself is the complaint machine's business (complaints suites); here only its state matters.
      // The state is put back afterwards: the other tests read the same complaint's contact unescalated.
      const [{ state }] = await server.dataSource.query(`SELECT state FROM complaints WHERE id = $1`, [complaintOf.agent]);
      await server.dataSource.query(`UPDATE complaints SET state = 'escalated' WHERE id = $1`, [complaintOf.agent]);
      try {
        expect({
          complaint: await read(daniel, `/api/complaints/${complaintOf.agent}`),
          contact: await read(daniel, `/api/interactions/${amyContact}`),
          customer: await read(daniel, `/api/customers/${amyCustomer}`),
          agentStillOut: await read(ben, `/api/interactions/${amyContact}`),
        }).toEqual({ complaint: 200, contact: 200, customer: 200, agentStillOut: 403 });
      } finally {
        await server.dataSource.query(`UPDATE complaints SET state = $2 WHERE id = $1`, [complaintOf.agent, state]);
      }
    });

    it('an administrator reads no customer and no contact', async () => {
      expect({
        customers: await read(who.admin, '/api/customers'),
        customer: await read(who.admin, `/api/customers/${amyCustomer}`),
        contacts: await read(who.admin, '/api/interactions'),
        contact: await read(who.admin, `/api/interactions/${amyContact}`),
      }).toEqual({ customers: 403, customer: 403, contacts: 403, contact: 403 });
    });
  });

  describe('socket.io', () => {
    const clients = {} as Record<StaffRole, ConsoleClient>;

    beforeAll(async () => {
      for (const role of ['agent', 'team_lead', 'supervisor', 'admin'] as const) clients[role] = await connect(server.baseUrl, { token: who[role].accessToken });
    });
    afterAll(() => {
      for (const client of Object.values(clients)) client.close();
    });

    it('names every command the gateway answers, and only those', () => {
      const prototype = RealtimeGateway.prototype as unknown as Record<string, unknown>;
      const commands = Object.getOwnPropertyNames(prototype)
        .filter((name) => typeof prototype[name] === 'function' && Reflect.getMetadata(MESSAGE_MAPPING_METADATA, prototype[name] as object))
        .map((name) => Reflect.getMetadata(MESSAGE_METADATA, prototype[name] as object) as string);
      expect(commands.sort()).toEqual(Object.keys(SOCKET_MATRIX).sort());
    });

    /** Payloads that change nothing: an unknown contact, or a state the validation refuses (the role is checked first). */
    const payloads: Record<string, unknown> = {
      'agent:heartbeat': {},
      'agent:state': { state: 'asleep' },
      'offer:accept': { interactionId: randomUUID() },
      'offer:reject': { interactionId: randomUUID() },
      'contact:end': { interactionId: randomUUID() },
      'wrapup:finish': { interactionId: randomUUID() },
      'alert:acknowledge': { alertId: randomUUID() },
      sync: {},
    };

    it('runs each command for the roles the table gives it and refuses it to the others', async () => {
      const outcomes: string[] = [];
      const expected: string[] = [];
      for (const [command, allowed] of Object.entries(SOCKET_MATRIX)) {
        for (const role of ['agent', 'team_lead', 'supervisor', 'admin'] as const) {
          const ack = await clients[role].command(command as never, payloads[command]);
          outcomes.push(`${command} as ${role}: ${ack.ok ? 'allowed' : ack.error.code === 'FORBIDDEN' ? 'FORBIDDEN' : ack.error.code === 'INTERNAL_ERROR' ? 'INTERNAL_ERROR' : 'allowed'}`);
          expected.push(`${command} as ${role}: ${allowed.includes(role) ? 'allowed' : 'FORBIDDEN'}`);
        }
      }
      expect(outcomes).toEqual(expected);
    });

    it('refuses the handshake without a session, with an API key, with a revoked or ended session, and from a foreign page', async () => {
      expect((await refusedConnection(server.baseUrl, {})).data?.code).toBe('UNAUTHENTICATED');
      expect((await refusedConnection(server.baseUrl, { token: apiKey.headers['X-Api-Key'] })).data?.code).toBe('UNAUTHENTICATED');

      const revoked = await createSession(server.dataSource, who.agent.id);
      await server.dataSource.query(`UPDATE sessions SET revoked_at = now() WHERE id = $1`, [revoked.sessionId]);
      expect((await refusedConnection(server.baseUrl, { token: revoked.accessToken })).data?.code).toBe('UNAUTHENTICATED');
      const signedOut = await createSession(server.dataSource, who.supervisor.id);
      expect((await send(server.baseUrl, 'POST', '/api/auth/logout', { headers: bearer(signedOut.accessToken), body: {} })).status).toBe(204);
      expect((await refusedConnection(server.baseUrl, { token: signedOut.accessToken })).data?.code).toBe('UNAUTHENTICATED');
      const ended = await createSession(server.dataSource, who.admin.id);
      await server.dataSource.query(`UPDATE sessions SET access_expires_at = now() - interval '1 second', expires_at = now() - interval '1 second' WHERE id = $1`, [ended.sessionId]);
      expect((await refusedConnection(server.baseUrl, { token: ended.accessToken })).data?.code).toBe('UNAUTHENTICATED');

      for (const origin of ['https://evil.example', 'null', `http://127.0.0.1.evil.example`]) {
        for (const transports of [['websocket'], ['polling']] as const) {
          const refused = await refusedConnection(server.baseUrl, { token: who.supervisor.accessToken, origin, transports: [...transports] });
          expect({ origin, transports, refused: refused instanceof Error }).toEqual({ origin, transports, refused: true });
        }
      }
      // The same session from the console's own page connects.
      const sameOrigin = await connect(server.baseUrl, { token: who.supervisor.accessToken, origin: server.baseUrl });
      sameOrigin.close();
    });
  });
});

import { randomUUID } from 'node:crypto';
import { cleanPersonName } from '../../../server/src/common/http/person-name';
import { RoutingService } from '../../../server/src/modules/routing/routing.service';
import { servedBy } from '../../factories/complaints';
import { call, signInAs } from '../../factories/routing';
import { createApiKey, createUser } from '../../factories/users';
import { startTestApp, type TestApp } from '../../support/test-app';
import { connect, ConsoleClient, eventually, sleep } from '../realtime/support';
import { databaseFingerprint, leaksIn, send, type RawResponse } from './support';

/**
 * Hostile input against the write routes and the socket commands: malformed JSON, wrong content types and
 * types, oversize strings, arrays and bodies, unknown fields, injection strings, numbers out of range,
 * unicode edge cases, prototype keys, forged ids of other people's objects, traversal in path params.
 * Every case must be refused with a 4xx (or a socket error) carrying a clear code, without a stack or SQL,
 * and must leave the database exactly as it was.
 *
 * Cases are generated from tables: for each route, a valid body and the kind of each of its fields; each
 * kind has its own list of values that the field must refuse. Only one field is spoiled per case, so the
 * refusal can only come from that field.
 *
 * Token expiry and revocation, lockout and API-key scopes live in test/integration/auth/ (expiry.spec.ts,
 * login.spec.ts, api-keys.spec.ts) and are not repeated here.
 */

// ---------------------------------------------------------------------------------------------------------------
// Hostile values
// ---------------------------------------------------------------------------------------------------------------

const SQL = ["' OR '1'='1' --", "1; DROP TABLE users; --", "1 UNION SELECT password_hash FROM users", "'; SELECT pg_sleep(5); --"];
const SCRIPT = ['<script>alert(document.cookie)</script>', '"><img src=x onerror=alert(1)>', "javascript:alert('x')", '{{constructor.constructor("return process")()}}'];
const TRAVERSAL = ['../../../etc/passwd', '..\\..\\windows\\win.ini', '%2e%2e%2f%2e%2e%2fetc%2fpasswd'];
const LONE_HIGH = 'abc\ud800def';
const LONE_LOW = 'abc\udfffdef';
const RTL = '\u202egnp.exe';
const ZERO_WIDTH = 'ad\u200bmin';
const EMOJI = 'caf\u{1F600}';
const NUL = 'abc\u0000def';
const NUMBERS_AS_TEXT = ['NaN', 'Infinity', '-Infinity', '1e309'];

type Expectation = { status: number; code: string | readonly string[] };
const INVALID: Expectation = { status: 400, code: 'VALIDATION_FAILED' };

interface Spoil {
  label: string;
  /** The value to put in the field; `undefined` removes it. */
  value: unknown;
  expect?: Expectation;
}

const at = (label: string, value: unknown, expect?: Expectation): Spoil => ({ label, value, ...(expect ? { expect } : {}) });
const unicodeIn = (valid: string): Spoil[] => [
  at('NUL', `${valid}\u0000`),
  at('lone high surrogate', `${valid}\ud800`),
  at('lone low surrogate', `\udfff${valid}`),
  at('RTL override', `\u202e${valid}`),
  at('zero-width space', `${valid.slice(0, 1)}\u200b${valid.slice(1)}`),
  at('4-byte emoji', `${valid}\u{1F600}`),
];
const notText: Spoil[] = [at('number', 12345), at('array', ['x']), at('object', { x: 1 }), at('boolean', true)];

/** What each kind of field must refuse. */
const KINDS = {
  uuid: (): Spoil[] => [
    ...SQL.slice(0, 2).map((value) => at(`sql ${value}`, value)),
    at('script', SCRIPT[0]),
    at('traversal', TRAVERSAL[0]),
    at('empty', ''),
    at('uuid with NUL', `${randomUUID()}\u0000`),
    at('uuid with zero-width', `\u200b${randomUUID()}`),
    at('number', 42),
    at('array', [randomUUID()]),
  ],
  enum: (valid: string): Spoil[] => [
    at('sql', SQL[0]),
    at('script', SCRIPT[1]),
    at('upper case', valid.toUpperCase()),
    at('empty', ''),
    ...unicodeIn(valid),
    at('number', 7),
    at('array', [valid]),
  ],
  /** Lower-case codes such as queue, skill and disposition codes. */
  code: (valid: string): Spoil[] => [
    at('sql', SQL[0]),
    at('script', SCRIPT[0]),
    at('traversal', TRAVERSAL[0]),
    at('upper case', valid.toUpperCase() + 'X'),
    at('too long', 'a'.repeat(65)),
    ...unicodeIn(valid),
    at('number', 1),
  ],
  /** Free text: anything printable goes, but not too long, not NUL, not broken UTF-16, not another type. */
  text: (max: number): Spoil[] => [
    at(`${max + 1} characters`, 'x'.repeat(max + 1)),
    at('10 000 characters', 'y'.repeat(10_000)),
    at('NUL', NUL),
    at('lone high surrogate', LONE_HIGH),
    at('lone low surrogate', LONE_LOW),
    ...notText.slice(0, 2),
  ],
  int: (min: number, max: number): Spoil[] => [
    at('below the minimum', min - 1),
    at('above the maximum', max + 1),
    at('negative huge', -1e15),
    at('huge', 1e308),
    at('beyond 2^53', 2 ** 53 + 2),
    at('fraction', min + 0.5),
    ...NUMBERS_AS_TEXT.map((value) => at(`"${value}"`, value)),
    at('digits as text', String(min)),
    at('boolean', true),
  ],
  bool: (): Spoil[] => [at('"true"', 'true'), at('1', 1), at('"yes"', 'yes'), at('array', [true])],
  array: (max: number, item: unknown): Spoil[] => [at(`${max + 1} items`, Array.from({ length: max + 1 }, () => item)), at('1 000 items', Array.from({ length: 1_000 }, () => item)), at('text', 'x'), at('object', { 0: item })],
  object: (): Spoil[] => [at('text', 'x'), at('array', [{}]), at('number', 1)],
};

/** A field, what it must refuse, and (when the route's valid body does not suit) the valid body to spoil it in. */
type Field = { path: string; spoils: Spoil[]; base?: Record<string, unknown> };
const field = (path: string, spoils: Spoil[], base?: Record<string, unknown>): Field => ({ path, spoils, ...(base ? { base } : {}) });

/** Sets (or with undefined, removes) `path` (dots, numeric segments for array items) in a copy of `body`. */
function spoiled(body: unknown, path: string, value: unknown): unknown {
  const copy = structuredClone(body) as Record<string, unknown>;
  const keys = path.split('.');
  let target: Record<string, unknown> = copy;
  for (const key of keys.slice(0, -1)) target = target[key] as Record<string, unknown>;
  const last = keys[keys.length - 1];
  if (value === undefined) delete target[last];
  else target[last] = value;
  return copy;
}

// ---------------------------------------------------------------------------------------------------------------
// The suite
// ---------------------------------------------------------------------------------------------------------------

type Who = 'amy' | 'ben' | 'chen' | 'grace' | 'daniel' | 'wong' | 'sophie' | 'admin';

interface Case {
  name: string;
  who: Who | 'pbx';
  method: string;
  path: string;
  body?: unknown;
  /** Sent as it is (malformed JSON, another content type). */
  raw?: string;
  contentType?: string;
  expect: Expectation;
  /** Hostile strings the answer may quote back. */
  echoed: string[];
}

describe('security: hostile input is refused cleanly and changes nothing', () => {
  let server: TestApp;
  const staff = {} as Record<Who, Awaited<ReturnType<typeof signInAs>>>;
  let pbx: { headers: Record<string, string> };
  /** Fixtures: a contact of each kind and the complaints of two teams. */
  const fx = {} as {
    generalQueue: string;
    amyContact: string;
    benContact: string;
    chenContact: string;
    chenOffer: string;
    waiting: string;
    amyComplaint: string;
    /** A finished contact Amy handled, of a customer none of the others is about. */
    amyOtherContact: string;
    benComplaint: string;
    wongComplaint: string;
    unprofiledAgent: string;
    /** The customer Amy is talking to, and an open care action for them on Grace's team's worklist. */
    amyCustomer: string;
    retentionAction: string;
  };
  let amySocket: ConsoleClient;
  let benCustomer = '';
  let otherCustomer = '';

  const headersOf = (who: Who | 'pbx') => (who === 'pbx' ? pbx.headers : { authorization: staff[who].headers.authorization });

  async function offeredTo(interactionId: string, agentId: string): Promise<string> {
    const offer = await eventually(async () => {
      const body = (await call(server.baseUrl, 'GET', `/api/interactions/${interactionId}`, staff.sophie.headers)).body;
      return body.offer?.agentId === agentId ? body.offer : null;
    }, 8000, `the offer of ${interactionId}`);
    return offer.offerId;
  }

  async function contactFor(agent: Who, externalId: string, phone: string | null): Promise<{ id: string; offerId: string }> {
    expect((await call(server.baseUrl, 'PUT', '/api/agents/me/state', staff[agent].headers, { state: 'available' })).status).toBe(200);
    const created = await call(server.baseUrl, 'POST', '/api/interactions', pbx.headers, { channel: 'voice', caller: phone ? { phone } : {}, queue: 'general', externalId });
    expect(created.status).toBe(201);
    const id: string = created.body.interaction.id;
    return { id, offerId: await offeredTo(id, staff[agent].id) };
  }

  beforeAll(async () => {
    server = await startTestApp({
      seedDemo: true,
      env: { HEARTBEAT_TIMEOUT_SECONDS: '600', COMPLAINT_DEADLINE_SCAN_SECONDS: '300', LOGIN_RATE_LIMIT: '10000' },
    });
    const ds = server.dataSource;
    // Nothing moves by itself while the cases run: offers ring and wrap-up lasts long, no relaxation or overflow.
    await ds.query(`UPDATE queues SET offer_timeout_seconds = 600, wrap_up_seconds = 3600, relaxation_steps = '[]', max_wait_seconds = NULL, overflow_queue_id = NULL`);
    await server.app.get(RoutingService).reloadConfiguration();
    const usernames: Record<Who, string> = { amy: 'amy', ben: 'ben', chen: 'chen.jing', grace: 'grace', daniel: 'daniel', wong: 'wong.kaming', sophie: 'sophie', admin: 'admin' };
    for (const [who, username] of Object.entries(usernames) as Array<[Who, string]>) staff[who] = await signInAs(ds, username);
    pbx = await createApiKey(ds, { name: 'PBX under attack' });
    const phones: Array<{ phone: string }> = await ds.query(`SELECT phone FROM customers WHERE value_tier = 'ordinary' ORDER BY phone LIMIT 3`);
    [{ id: fx.generalQueue }] = await ds.query(`SELECT id FROM queues WHERE code = 'general'`);

    // Amy talks to a customer; Ben finished a call and is in wrap-up; an offer rings at Chen; a call waits.
    const amy = await contactFor('amy', 'hostile-amy', phones[0].phone);
    expect((await call(server.baseUrl, 'POST', `/api/interactions/${amy.id}/accept`, staff.amy.headers, { offerId: amy.offerId })).status).toBe(200);
    fx.amyContact = amy.id;
    const ben = await contactFor('ben', 'hostile-ben', phones[1].phone);
    expect((await call(server.baseUrl, 'POST', `/api/interactions/${ben.id}/accept`, staff.ben.headers, { offerId: ben.offerId })).status).toBe(200);
    expect((await call(server.baseUrl, 'POST', `/api/interactions/${ben.id}/end`, staff.ben.headers)).body.status).toBe('wrap_up');
    fx.benContact = ben.id;
    const chen = await contactFor('chen', 'hostile-chen', phones[2].phone);
    fx.chenContact = chen.id;
    fx.chenOffer = chen.offerId;
    const waiting = await call(server.baseUrl, 'POST', '/api/interactions', pbx.headers, { channel: 'voice', caller: {}, queue: 'general', externalId: 'hostile-waiting' });
    expect(waiting.body.interaction.status).toBe('waiting');
    fx.waiting = waiting.body.interaction.id;

    // Complaints of Grace's team (Amy's, Ben's) and of Daniel's (Wong's).
    const open = async (who: Who, body: Record<string, unknown>) => {
      const opened = await call(server.baseUrl, 'POST', '/api/complaints', staff[who].headers, { category: 'billing', complexity: 'simple', description: 'Charged twice', ...body });
      expect(opened.status).toBe(201);
      return opened.body.id as string;
    };
    // Amy's is for the customer she is talking to, so that linking her call to it is the valid link.
    const [{ customer_id: amyCustomer }] = await ds.query(`SELECT customer_id FROM interactions WHERE id = $1`, [fx.amyContact]);
    fx.amyComplaint = await open('amy', { customerId: amyCustomer });
    fx.amyCustomer = amyCustomer;
    [{ id: fx.retentionAction }] = await ds.query(
      `INSERT INTO retention_actions (customer_id, team_lead_id, action) VALUES ($1, (SELECT id FROM users WHERE username = 'grace'), 'coupon') RETURNING id`,
      [amyCustomer],
    );
    fx.benComplaint = await open('ben', { interactionId: fx.benContact });
    const [customer] = await ds.query(`SELECT id FROM customers WHERE value_tier = 'small' ORDER BY phone LIMIT 1`);
    await servedBy(ds, staff.wong, customer.id);
    fx.wongComplaint = await open('wong', { customerId: customer.id });
    const [important] = await ds.query(`SELECT id FROM customers WHERE value_tier = 'important' ORDER BY phone LIMIT 1`);
    fx.amyOtherContact = (await servedBy(ds, staff.amy, important.id)) as string;

    [{ customer_id: benCustomer }] = await ds.query(`SELECT customer_id FROM interactions WHERE id = $1`, [fx.benContact]);
    [{ id: otherCustomer }] = await ds.query(`SELECT id FROM customers WHERE id <> (SELECT customer_id FROM interactions WHERE id = $1) ORDER BY phone LIMIT 1`, [fx.amyContact]);
    fx.unprofiledAgent = (await createUser(ds, { username: 'new.starter', roles: ['agent'], password: null })).id;
    amySocket = await connect(server.baseUrl, { token: staff.amy.accessToken });
  }, 60_000);
  afterAll(async () => {
    amySocket?.close();
    await server.close();
  });

  /**
   * Sends one case and checks the answer and the database against `before` (the fingerprint after the previous
   * case: nothing else writes meanwhile). Returns what went wrong, if anything, and the fingerprint now.
   */
  async function run(one: Case, before: Record<string, string>): Promise<{ failure: string | null; after: Record<string, string> }> {
    const response: RawResponse = await send(server.baseUrl, one.method, one.path, {
      headers: headersOf(one.who),
      ...(one.raw !== undefined ? { body: one.raw, raw: true, contentType: one.contentType } : one.body !== undefined ? { body: one.body } : {}),
    });
    const after = await databaseFingerprint(server.dataSource);
    const problems: string[] = [];
    const codes = typeof one.expect.code === 'string' ? [one.expect.code] : one.expect.code;
    if (response.status !== one.expect.status || !codes.includes(response.body?.code)) problems.push(`answered ${response.status} ${response.body?.code ?? response.text.slice(0, 200)}, expected ${one.expect.status} ${codes.join('|')}`);
    if (response.body?.statusCode !== response.status || typeof response.body?.message !== 'string' || !/^[A-Z][A-Z0-9_]+$/.test(String(response.body?.code))) problems.push(`not an error body: ${response.text.slice(0, 200)}`);
    problems.push(...leaksIn(response.text, one.echoed));
    const changed = Object.keys(before).filter((table) => before[table] !== after[table]);
    if (changed.length > 0) problems.push(`wrote to ${changed.join(', ')}`);
    return { failure: problems.length ? `${one.name}: ${problems.join('; ')}` : null, after };
  }

  async function runAll(cases: Case[]): Promise<void> {
    const failures: string[] = [];
    let fingerprint = await databaseFingerprint(server.dataSource);
    for (const one of cases) {
      const { failure, after } = await run(one, fingerprint);
      fingerprint = after;
      if (failure) failures.push(failure);
    }
    expect(failures).toEqual([]);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Routes, their valid bodies and the kinds of their fields
  // -------------------------------------------------------------------------------------------------------------

  interface Target {
    route: string;
    who: Who | 'pbx';
    path: () => string;
    /** A body the route would accept: every case spoils exactly one thing in it. */
    valid: () => Record<string, unknown>;
    fields: () => Field[];
    /** Where a nested object sits, for the nested prototype case. */
    nested?: string;
  }

  const TARGETS: Target[] = [
    {
      route: 'POST /api/interactions',
      who: 'pbx',
      path: () => '/api/interactions',
      valid: () => ({ channel: 'chat', caller: { phone: '+44 7700 900555', email: 'hostile@example.com', name: 'Hostile Test' }, queue: 'general', language: 'en', externalId: 'hostile-base', complaint: false, subject: 'Order 1' }),
      nested: 'caller',
      fields: () => [
        field('channel', KINDS.enum('chat')),
        field('caller', [...KINDS.object(), at('missing', undefined), at('null', null)]),
        field('caller.customerId', [...KINDS.uuid(), at('a customer that does not exist', randomUUID(), { status: 404, code: 'CUSTOMER_NOT_FOUND' })]),
        field('caller.phone', [...SQL.slice(0, 2).map((value) => at(`sql ${value}`, value)), at('script', SCRIPT[0]), at('too long', '1'.repeat(40)), ...unicodeIn('+447700900555').filter((spoil) => spoil.label !== 'zero-width space'), at('number', 447700900555)]),
        field('caller.email', [at('sql', "' OR 1=1 --@example.com"), at('script', '<script>@example.com'), at('no domain', 'a@b'), at('too long', `${'x'.repeat(250)}@example.com`), at('NUL', 'a\u0000b@example.com'), at('number', 5)]),
        field('caller.name', KINDS.text(160)),
        field('queue', [
          ...[...SQL.slice(0, 2), SCRIPT[0], TRAVERSAL[0]].map((value) => at(`unknown queue: ${value}`, value, { status: 404, code: 'QUEUE_NOT_FOUND' })),
          at('65 characters', 'q'.repeat(65)),
          at('NUL', 'general\u0000'),
          at('number', 1),
        ]),
        field('skills', [...KINDS.array(10, 'general'), at('items of another type', [1, 2])]),
        field('language', KINDS.enum('en')),
        field('preferredAgentId', [...KINDS.uuid(), at('a supervisor is no agent', '__SOPHIE__', { status: 404, code: 'AGENT_NOT_FOUND' }), at('nobody', randomUUID(), { status: 404, code: 'AGENT_NOT_FOUND' })]),
        field('externalId', [at('sql with spaces', SQL[0]), at('too long', 'e'.repeat(129)), at('empty', ''), ...unicodeIn('pbx-1'), at('number', 17)]),
        field('complaint', KINDS.bool()),
        field('subject', KINDS.text(300)),
      ],
    },
    {
      route: 'PUT /api/agents/me/state',
      who: 'amy',
      path: () => '/api/agents/me/state',
      valid: () => ({ state: 'not_ready', reason: 'break' }),
      fields: () => [
        field('state', [...KINDS.enum('available'), at('a state only routing sets', 'busy'), at('missing', undefined)]),
        field('reason', [...KINDS.enum('break'), at('a reason only the system gives', 'missed_offers'), at('disconnected', 'disconnected')]),
      ],
    },
    {
      route: 'PUT /api/agents/:id/state',
      who: 'sophie',
      path: () => `/api/agents/${staff.chen.id}/state`,
      valid: () => ({ state: 'not_ready', reason: 'meeting' }),
      fields: () => [field('state', KINDS.enum('offline')), field('reason', KINDS.enum('meeting'))],
    },
    {
      route: 'POST /api/interactions/:id/accept',
      who: 'chen',
      path: () => `/api/interactions/${fx.chenContact}/accept`,
      valid: () => ({ offerId: fx.chenOffer }),
      fields: () => [field('offerId', [at('65 characters', 'o'.repeat(65)), at('NUL', `${fx.chenOffer}\u0000`), at('lone surrogate', `${fx.chenOffer}\ud800`), at('number', 1), at('array', [fx.chenOffer]), ...SQL.slice(0, 2).map((value) => at(`stale: ${value}`, value, { status: 409, code: 'OFFER_NOT_FOUND' }))])],
    },
    {
      route: 'POST /api/interactions/:id/reject',
      who: 'chen',
      path: () => `/api/interactions/${fx.chenContact}/reject`,
      valid: () => ({ offerId: fx.chenOffer }),
      fields: () => [field('offerId', [at('65 characters', 'o'.repeat(65)), at('NUL', `${fx.chenOffer}\u0000`), at('object', { id: fx.chenOffer }), at('script', SCRIPT[0], { status: 409, code: 'OFFER_NOT_FOUND' })])],
    },
    {
      route: 'POST /api/interactions/:id/wrap-up',
      who: 'ben',
      path: () => `/api/interactions/${fx.benContact}/wrap-up`,
      valid: () => ({ disposition: 'resolved', notes: 'Refund promised' }),
      fields: () => [field('disposition', KINDS.code('resolved')), field('notes', KINDS.text(2000))],
    },
    {
      route: 'POST /api/interactions/:id/transfer',
      who: 'amy',
      path: () => `/api/interactions/${fx.amyContact}/transfer`,
      valid: () => ({ queue: 'billing' }),
      fields: () => [
        field('queue', [
          ...[...SQL.slice(0, 2), SCRIPT[0], TRAVERSAL[1]].map((value) => at(`unknown queue: ${value}`, value, { status: 404, code: 'QUEUE_NOT_FOUND' })),
          at('65 characters', 'q'.repeat(65)),
          at('NUL', 'billing\u0000'),
          at('number', 3),
          at('missing: neither queue nor agent', undefined, { status: 400, code: 'TRANSFER_TARGET_REQUIRED' }),
        ]),
        field('agentId', [...KINDS.uuid(), at('nobody', randomUUID(), { status: 404, code: 'AGENT_NOT_FOUND' })], { agentId: randomUUID() }),
        field('agentId', [at('both a queue and an agent', '__BEN__', { status: 400, code: 'TRANSFER_TARGET_REQUIRED' })]),
      ],
    },
    {
      route: 'POST /api/queues',
      who: 'admin',
      path: () => '/api/queues',
      valid: () => ({
        code: 'hostile-q',
        name: 'Hostile',
        basePriority: 0,
        serviceLevelPercent: 80,
        serviceLevelSeconds: 20,
        serviceLevelFormula: 'answered_only',
        shortAbandonSeconds: 5,
        offerTimeoutSeconds: 15,
        wrapUpSeconds: 30,
        strategy: 'longest_idle',
        relaxationSteps: [{ afterSeconds: 30, lowerProficiencyBy: 1, dropOptionalSkills: true }],
        businessHours: { timeZone: 'Europe/London', days: { '1': [{ from: '09:00', to: '17:00' }] } },
        skills: [{ skill: 'general', minProficiency: 1 }],
      }),
      nested: 'businessHours',
      fields: () => [
        field('code', KINDS.code('hostile-q')),
        field('name', [...KINDS.text(120), at('blank', '   ')]),
        field('basePriority', KINDS.int(-1000, 1000)),
        field('serviceLevelPercent', KINDS.int(1, 100)),
        field('offerTimeoutSeconds', KINDS.int(1, 600)),
        field('wrapUpSeconds', KINDS.int(0, 3600)),
        field('serviceLevelFormula', KINDS.enum('answered_only')),
        field('strategy', KINDS.enum('longest_idle')),
        field('overflowQueue', [...KINDS.code('billing'), at('without maxWaitSeconds', 'billing', { status: 400, code: 'OVERFLOW_NEEDS_MAX_WAIT' })]),
        field('relaxationSteps', [
          ...KINDS.array(10, { afterSeconds: 30, lowerProficiencyBy: 1, dropOptionalSkills: true }),
          at('two steps at the same time', [{ afterSeconds: 30, lowerProficiencyBy: 1, dropOptionalSkills: false }, { afterSeconds: 30, lowerProficiencyBy: 0, dropOptionalSkills: true }]),
        ]),
        field('relaxationSteps.0.lowerProficiencyBy', KINDS.int(0, 4)),
        field('businessHours', KINDS.object()),
        field('businessHours.timeZone', [
          ...[SQL[0], SCRIPT[0], TRAVERSAL[0], 'Mars/Olympus_Mons', 'Europe/London\u202e'].map((value) => at(`no such zone: ${value}`, value, { status: 400, code: 'INVALID_TIME_ZONE' })),
          at('65 characters', 'z'.repeat(65)),
          at('NUL', 'Europe/London\u0000'),
        ]),
        field('businessHours.days', [
          at('day 8', { '8': [{ from: '09:00', to: '17:00' }] }, { status: 400, code: 'INVALID_BUSINESS_HOURS' }),
          at('day as sql', { [SQL[0]]: [] }, { status: 400, code: 'INVALID_BUSINESS_HOURS' }),
          at('intervals as text', { '1': 'all day' }, { status: 400, code: 'INVALID_BUSINESS_HOURS' }),
          at('closing before opening', { '1': [{ from: '17:00', to: '09:00' }] }, { status: 400, code: 'INVALID_BUSINESS_HOURS' }),
          at('25 o’clock', { '1': [{ from: '09:00', to: '25:00' }] }, { status: 400, code: 'INVALID_BUSINESS_HOURS' }),
          at('null interval', { '1': [null] }, { status: 400, code: 'INVALID_BUSINESS_HOURS' }),
          at('interval of numbers', { '1': [{ from: 9, to: 17 }] }, { status: 400, code: 'INVALID_BUSINESS_HOURS' }),
          ...KINDS.object(),
        ]),
        field('skills', [...KINDS.array(20, { skill: 'general', minProficiency: 1 }), at('unknown skill', [{ skill: 'astrology', minProficiency: 1 }], { status: 404, code: 'SKILL_NOT_FOUND' }), at('twice the same skill', [{ skill: 'general', minProficiency: 1 }, { skill: 'general', minProficiency: 2 }], { status: 400, code: 'DUPLICATE_SKILL' })]),
        field('skills.0.skill', KINDS.code('general')),
        field('skills.0.minProficiency', KINDS.int(1, 5)),
      ],
    },
    {
      route: 'PUT /api/queues/:id',
      who: 'admin',
      path: () => `/api/queues/${fx.generalQueue}`,
      valid: () => ({ code: 'general', name: 'General', maxWaitSeconds: 60, skills: [{ skill: 'general', minProficiency: 1 }] }),
      fields: () => [
        field('code', [at('the code of another queue', 'billing', { status: 409, code: 'QUEUE_CODE_TAKEN' }), ...KINDS.code('general').slice(0, 4)]),
        field('overflowQueue', [at('overflow to itself', 'general', { status: 400, code: 'OVERFLOW_TO_ITSELF' })]),
        field('skills', [at('missing', undefined), at('null', null)]),
      ],
    },
    {
      route: 'POST /api/customers/:id/notes',
      who: 'amy',
      path: () => `/api/customers/${fx.amyCustomer}/notes`,
      valid: () => ({ body: 'Prefers e-mail after 6 pm' }),
      fields: () => [field('body', KINDS.text(4000))],
    },
    {
      route: 'PUT /api/customers/:id/loss',
      who: 'grace',
      path: () => `/api/customers/${fx.amyCustomer}/loss`,
      valid: () => ({ cause: 'fault', note: 'Billed twice' }),
      fields: () => [field('cause', KINDS.enum('fault')), field('note', KINDS.text(2000))],
    },
    {
      route: 'POST /api/customer-value/worklist/:id/outcome',
      who: 'sophie',
      path: () => `/api/customer-value/worklist/${fx.retentionAction}/outcome`,
      valid: () => ({ status: 'done', outcome: 'reached', note: 'Called back' }),
      fields: () => [field('status', KINDS.enum('done')), field('outcome', KINDS.enum('reached')), field('note', KINDS.text(2000))],
    },
    {
      route: 'POST /api/skills',
      who: 'admin',
      path: () => '/api/skills',
      valid: () => ({ code: 'hostile-skill', name: 'Hostile', kind: 'product' }),
      fields: () => [field('code', [...KINDS.code('hostile-skill'), at('taken', 'general', { status: 409, code: 'SKILL_CODE_TAKEN' })]), field('name', KINDS.text(120)), field('kind', KINDS.enum('product'))],
    },
    {
      route: 'POST /api/agents',
      who: 'admin',
      path: () => '/api/agents',
      valid: () => ({ userId: fx.unprofiledAgent, skills: [{ skill: 'general', proficiency: 3 }], languages: ['en'], capacity: { voice: 1, chat: 3, email: 5, ticket: 5 } }),
      nested: 'capacity',
      fields: () => [
        field('userId', [...KINDS.uuid(), at('nobody', randomUUID(), { status: 404, code: 'USER_NOT_FOUND' }), at('a supervisor', '__SOPHIE__', { status: 409, code: 'NOT_AN_AGENT' }), at('an agent who has a profile', '__AMY__', { status: 409, code: 'AGENT_EXISTS' })]),
        field('skills', KINDS.array(100, { skill: 'general', proficiency: 3 })),
        field('skills.0.skill', [...KINDS.code('general').slice(0, 6), at('unknown skill', 'astrology', { status: 404, code: 'SKILL_NOT_FOUND' })]),
        field('skills.0.proficiency', KINDS.int(1, 5)),
        field('languages', [...KINDS.array(10, 'en'), at('unknown language', ['xx']), at('language with NUL', ['en\u0000'])]),
        field('capacity', KINDS.object()),
        field('capacity.voice', KINDS.int(0, 1)),
        field('capacity.chat', KINDS.int(0, 10)),
      ],
    },
    {
      route: 'PUT /api/agents/:id/skills',
      who: 'sophie',
      path: () => `/api/agents/${staff.amy.id}/skills`,
      valid: () => ({ skills: [{ skill: 'general', proficiency: 3 }], languages: ['en'] }),
      fields: () => [
        field('skills', [...KINDS.array(100, { skill: 'general', proficiency: 3 }), at('missing', undefined)]),
        field('skills.0.skill', [...KINDS.code('general').slice(0, 5), at('unknown skill', 'astrology', { status: 404, code: 'SKILL_NOT_FOUND' })]),
        field('skills.0.proficiency', KINDS.int(1, 5)),
        field('languages', [at('unknown language', ['klingon']), at('NUL', ['en\u0000']), at('text', 'en')]),
      ],
    },
    {
      route: 'PUT /api/agents/:id/capacity',
      who: 'sophie',
      path: () => `/api/agents/${staff.amy.id}/capacity`,
      valid: () => ({ voice: 1, chat: 3, email: 5, ticket: 5 }),
      fields: () => [
        field('voice', [...KINDS.int(0, 1), at('missing', undefined)]),
        field('chat', KINDS.int(0, 10)),
        field('email', KINDS.int(0, 50)),
        field('ticket', [...KINDS.int(0, 50), at('null', null)]),
      ],
    },
    {
      route: 'PUT /api/routing/policy',
      who: 'admin',
      path: () => '/api/routing/policy',
      valid: () => ({ complaintBonus: 25, valueTierBonus: { important: 30, secondary: 20, ordinary: 10, small: 0 } }),
      nested: 'valueTierBonus',
      fields: () => [
        field('complaintBonus', KINDS.int(0, 1000)),
        field('agingSecondsPerPoint', KINDS.int(0, 3600)),
        field('missedOffersBeforeNotReady', KINDS.int(0, 20)),
        field('valueTierBonus', KINDS.object()),
        field('valueTierBonus.important', KINDS.int(-1000, 1000)),
        field('valueTierBonus.small', [at('text', 'none'), at('fraction', 0.5)]),
        field('rejectCountsAsMissed', KINDS.bool()),
      ],
    },
    {
      route: 'POST /api/users',
      who: 'admin',
      path: () => '/api/users',
      valid: () => ({ username: 'hostile.user', displayName: 'Hostile User', password: 'a-long-enough-password', roles: ['agent'], teamLeadId: staff.grace.id }),
      fields: () => [
        field('username', [...KINDS.code('hostile.user'), at('taken', 'amy', { status: 409, code: 'USERNAME_TAKEN' })]),
        field('displayName', [...KINDS.text(120), at('empty', '')]),
        field('password', [at('too short', 'short'), at('257 characters', 'p'.repeat(257)), at('NUL', 'a-long-enough\u0000password'), at('number', 12345678901)]),
        field('roles', [at('root', ['root']), at('twice the same', ['agent', 'agent']), at('none', []), at('all and more', ['agent', 'team_lead', 'supervisor', 'admin', 'agent']), at('sql', [SQL[0]]), at('text', 'admin'), at('role with zero-width', ['ad\u200bmin'])]),
        field('teamLeadId', [...KINDS.uuid().slice(0, 5), at('an agent is no team lead', '__AMY__', { status: 422, code: 'NOT_A_TEAM_LEAD' }), at('nobody', randomUUID(), { status: 422, code: 'NOT_A_TEAM_LEAD' })]),
      ],
    },
    {
      route: 'PATCH /api/users/:id/roles',
      who: 'admin',
      path: () => `/api/users/${staff.ben.id}/roles`,
      valid: () => ({ roles: ['agent', 'team_lead'] }),
      fields: () => [field('roles', [at('root', ['root']), at('none', []), at('twice', ['agent', 'agent']), at('script', [SCRIPT[0]]), at('text', 'admin'), at('object', { 0: 'admin' }), at('missing', undefined), at('admin with NUL', ['admin\u0000'])])],
    },
    {
      route: 'POST /api/api-keys',
      who: 'admin',
      path: () => '/api/api-keys',
      valid: () => ({ name: 'Hostile PBX', scopes: ['ingest'] }),
      fields: () => [
        field('name', [...KINDS.text(120), at('empty', '')]),
        field('scopes', [at('admin', ['admin']), at('everything', ['*']), at('none', []), at('twice', ['ingest', 'ingest']), at('sql', [SQL[1]]), at('text', 'ingest'), at('ingest with zero-width', ['in\u200bgest'])]),
      ],
    },
    {
      route: 'PUT /api/calendars/default',
      who: 'admin',
      path: () => '/api/calendars/default',
      valid: () => ({ name: 'Hostile calendar', workingDays: ['mon', 'tue'], workingHours: [{ from: '09:00', to: '17:00' }], holidays: ['2026-12-25'] }),
      fields: () => [
        field('name', [...KINDS.text(120), at('empty', '')]),
        field('timeZone', [SQL[0], SCRIPT[0], TRAVERSAL[0], 'Mars/Olympus_Mons', 'UTC\u0000', 'Asia/Shanghai\u202e', 17].map((value) => at(`zone ${String(value)}`, value))),
        field('workingDays', [at('monday in full', ['monday']), at('none', []), at('eight days', ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun', 'mon']), at('sql', [SQL[0]]), at('text', 'mon'), at('missing', undefined)]),
        field('workingHours', [at('nine intervals', Array.from({ length: 9 }, () => ({ from: '09:00', to: '10:00' }))), at('text', '9-5'), at('missing', undefined)]),
        field('workingHours.0.from', ['25:00', '9am', '09:60', SQL[0], '09:00\u0000', 900].map((value) => at(`from ${String(value)}`, value))),
        field('workingHours.0.to', [at('before from', '08:00', { status: 400, code: 'CALENDAR_INVALID' }), at('script', SCRIPT[0])]),
        field('workingHoursByDay', [...KINDS.object(), at('a day that does not exist', { funday: [] }), at('hours as text', { mon: '9-5' })]),
        field('holidays', [...['2026-13-45', '2026-02-30', '9999-99-99', SQL[0], '2026-12-25\u0000', ''].map((value) => at(`holiday ${value}`, [value], value.startsWith('2026-1') || value.startsWith('2026-0') || value.startsWith('9') ? { status: 400, code: ['VALIDATION_FAILED', 'CALENDAR_INVALID'] } : undefined)), at('401 holidays', Array.from({ length: 401 }, () => '2026-12-25'))]),
      ],
    },
    {
      route: 'POST /api/complaints',
      who: 'amy',
      path: () => '/api/complaints',
      valid: () => ({ interactionId: fx.amyContact, category: 'billing', complexity: 'general', description: 'Charged twice', note: 'Called back', threat: { workstation: 'Desk 14', statement: 'I know where you live' } }),
      nested: 'threat',
      fields: () => [
        field('interactionId', [...KINDS.uuid(), at('another agent’s contact', '__BEN_CONTACT__', { status: 403, code: 'INTERACTION_NOT_YOURS' }), at('no such contact', randomUUID(), { status: 404, code: 'INTERACTION_NOT_FOUND' })]),
        field('customerId', [...KINDS.uuid().slice(0, 4), at('another customer than the contact’s', '__OTHER_CUSTOMER__', { status: 400, code: 'CUSTOMER_MISMATCH' })]),
        field('category', [...KINDS.text(64), at('blank', '  ')]),
        field('complexity', KINDS.enum('general')),
        field('description', KINDS.text(4000)),
        field('aboutAgentId', [...KINDS.uuid().slice(0, 3), at('nobody', randomUUID(), { status: 404, code: 'USER_NOT_FOUND' }), at('a supervisor', '__SOPHIE__', { status: 400, code: 'NOT_AN_AGENT' })]),
        field('threat', KINDS.object()),
        field('threat.statement', [...KINDS.text(4000), at('missing', undefined)]),
        field('threat.at', ['yesterday', '2026-02-30T10:00:00Z', SQL[0], 1700000000000].map((value) => at(`at ${String(value)}`, value))),
        field('note', KINDS.text(2000)),
      ],
    },
    {
      route: 'POST /api/complaints/:id/events',
      who: 'amy',
      path: () => `/api/complaints/${fx.amyComplaint}/events`,
      valid: () => ({ type: 'progress.logged', note: 'Called the customer', expectedVersion: 1 }),
      fields: () => [
        field('type', [...KINDS.enum('progress.logged'), at('recorded again', 'complaint.recorded'), at('missing', undefined)]),
        field('note', [...KINDS.text(2000), at('blank', ' ')]),
        field('expectedVersion', [...KINDS.int(1, 1_000_000), at('a trillion', 1e12)]),
      ],
    },
    {
      route: 'POST /api/complaints/:id/interactions',
      who: 'amy',
      path: () => `/api/complaints/${fx.amyComplaint}/interactions`,
      valid: () => ({ interactionId: fx.amyContact }),
      fields: () => [
        field('interactionId', [
          ...KINDS.uuid(),
          at('no such contact', randomUUID(), { status: 404, code: 'INTERACTION_NOT_FOUND' }),
          at('another agent’s contact', '__BEN_CONTACT__', { status: 403, code: 'INTERACTION_NOT_YOURS' }),
          at('a contact nobody answered', '__WAITING__', { status: 403, code: 'INTERACTION_NOT_YOURS' }),
          at('her contact of another customer', '__AMY_OTHER_CONTACT__', { status: 400, code: 'CUSTOMER_MISMATCH' }),
        ]),
      ],
    },
  ];

  /** Placeholders for ids known only once the fixtures exist. */
  function resolve(value: unknown): unknown {
    const ids: Record<string, () => string> = {
      __SOPHIE__: () => staff.sophie.id,
      __AMY__: () => staff.amy.id,
      __BEN__: () => staff.ben.id,
      __BEN_CONTACT__: () => fx.benContact,
      __WAITING__: () => fx.waiting,
      __AMY_OTHER_CONTACT__: () => fx.amyOtherContact,
      __OTHER_CUSTOMER__: () => otherCustomer,
    };
    return typeof value === 'string' && value in ids ? ids[value]() : value;
  }

  function fieldCases(target: Target): Case[] {
    const [method] = target.route.split(' ');
    return target.fields().flatMap(({ path, spoils, base }) =>
      spoils.map((spoil) => {
        const body = spoiled(base ?? target.valid(), path, resolve(spoil.value));
        return {
          name: `${target.route} · ${path} · ${spoil.label}`,
          who: target.who,
          method,
          path: target.path(),
          body,
          expect: spoil.expect ?? INVALID,
          echoed: typeof spoil.value === 'string' ? [spoil.value] : Array.isArray(spoil.value) ? spoil.value.filter((item): item is string => typeof item === 'string') : [],
        };
      }),
    );
  }

  /** What any JSON write route must refuse, whatever its fields. */
  function bodyCases(target: Target): Case[] {
    const [method] = target.route.split(' ');
    const valid = JSON.stringify(target.valid());
    const base = { who: target.who, method, path: target.path(), echoed: [] as string[] };
    const malformed = (label: string, raw: string): Case => ({ ...base, name: `${target.route} · malformed JSON · ${label}`, raw, expect: { status: 400, code: 'MALFORMED_JSON' } });
    const otherType = (contentType: string, raw: string): Case => ({ ...base, name: `${target.route} · content type ${contentType}`, raw, contentType, expect: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' } });
    const withKey = (label: string, raw: string): Case => ({ ...base, name: `${target.route} · ${label}`, raw, expect: INVALID });
    const cases: Case[] = [
      malformed('cut short', valid.slice(0, -5)),
      malformed('single quotes', valid.replace(/"/g, "'")),
      malformed('NaN literal', valid.replace(/^\{/, '{"n": NaN, ')),
      malformed('a bare string', '"hello"'),
      malformed('trailing garbage', `${valid}}`),
      otherType('text/plain', valid),
      otherType('application/x-www-form-urlencoded', 'state=available&queue=general'),
      otherType('application/xml', '<state>available</state>'),
      otherType('application/json; charset=latin1', valid),
      { ...base, name: `${target.route} · an array instead of an object`, raw: `[${valid}]`, expect: INVALID },
      { ...base, name: `${target.route} · an unknown field`, body: { ...target.valid(), isAdmin: true }, expect: INVALID, echoed: [] },
      { ...base, name: `${target.route} · a body over the 100 kb limit`, raw: JSON.stringify({ ...target.valid(), padding: 'x'.repeat(150_000) }), expect: { status: 413, code: 'PAYLOAD_TOO_LARGE' } },
      withKey('__proto__ key', valid.replace(/^\{/, '{"__proto__": {"isAdmin": true, "roles": ["admin"]}, ')),
      withKey('constructor.prototype key', valid.replace(/^\{/, '{"constructor": {"prototype": {"isAdmin": true}}, ')),
      withKey('nested 5 000 deep', valid.replace(/^\{/, `{"deep": ${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}, `)),
    ];
    if (target.nested) {
      const nested = JSON.stringify({ ...target.valid(), [target.nested]: '__NESTED__' }).replace('"__NESTED__"', `{"__proto__": {"polluted": true}, ${JSON.stringify(target.valid()[target.nested]).slice(1)}`);
      cases.push(withKey(`__proto__ inside ${target.nested}`, nested));
    }
    return cases;
  }

  /** Path params: traversal, injection and forged ids, on each route with an id in its path. */
  const PARAM_ROUTES: Array<{ route: string; who: Who | 'pbx'; body?: () => unknown }> = [
    { route: 'PUT /api/queues/:id', who: 'admin', body: () => ({ code: 'general', name: 'General', skills: [] }) },
    { route: 'PUT /api/agents/:id/state', who: 'sophie', body: () => ({ state: 'offline' }) },
    { route: 'PUT /api/agents/:id/skills', who: 'sophie', body: () => ({ skills: [], languages: [] }) },
    { route: 'PUT /api/agents/:id/capacity', who: 'sophie', body: () => ({ voice: 1, chat: 3, email: 5, ticket: 5 }) },
    { route: 'PATCH /api/users/:id/roles', who: 'admin', body: () => ({ roles: ['agent'] }) },
    { route: 'DELETE /api/api-keys/:id', who: 'admin' },
    { route: 'POST /api/interactions/:id/end', who: 'amy' },
    { route: 'POST /api/interactions/:id/transfer', who: 'amy', body: () => ({ queue: 'billing' }) },
    { route: 'POST /api/interactions/:id/accept', who: 'amy', body: () => ({}) },
    { route: 'POST /api/interactions/:id/wrap-up', who: 'ben', body: () => ({ disposition: 'resolved' }) },
    { route: 'POST /api/interactions/:id/abandon', who: 'pbx' },
    { route: 'POST /api/complaints/:id/events', who: 'amy', body: () => ({ type: 'progress.logged', note: 'x' }) },
    { route: 'POST /api/alerts/:id/acknowledge', who: 'sophie' },
  ];
  const PARAMS = ['..%2F..%2Fetc%2Fpasswd', '..%5C..%5Cwindows', '%252e%252e%252f', '1%20OR%201%3D1', '%27%3B%20DROP%20TABLE%20users%3B--', '%3Cscript%3Ealert(1)%3C%2Fscript%3E', '00000000-0000-4000-8000-00000000000%00', '%E2%80%AE00000000-0000-4000-8000-000000000000', 'NaN', '-1', `${'f'.repeat(2000)}`];

  function paramCases(): Case[] {
    return PARAM_ROUTES.flatMap(({ route, who, body }) => {
      const [method, template] = route.split(' ');
      return PARAMS.map((param) => ({
        name: `${route} · id ${param.slice(0, 40)}`,
        who,
        method,
        path: template.replace(':id', param),
        ...(body ? { body: body() } : {}),
        expect: INVALID,
        echoed: [],
      }));
    });
  }

  /** Other people's objects: ids that exist, used by someone they do not belong to. */
  function forgedCases(): Case[] {
    const notYours = { status: 403, code: 'CONTACT_NOT_YOURS' };
    const hidden = { status: 403, code: 'COMPLAINT_NOT_VISIBLE' };
    const forged = (name: string, who: Who, method: string, path: string, expect: Expectation, body?: unknown): Case => ({ name: `forged · ${name}`, who, method, path, ...(body !== undefined ? { body } : {}), expect, echoed: [] });
    return [
      forged('Ben writes a note on the record of Amy’s customer', 'ben', 'POST', `/api/customers/${fx.amyCustomer}/notes`, { status: 403, code: 'CUSTOMER_NOT_YOURS' }, { body: 'Hello' }),
      forged('Daniel marks Grace’s team’s customer lost', 'daniel', 'PUT', `/api/customers/${fx.amyCustomer}/loss`, { status: 403, code: 'CUSTOMER_NOT_YOURS' }, { cause: 'fault' }),
      forged('Daniel closes a care action of Grace’s team', 'daniel', 'POST', `/api/customer-value/worklist/${fx.retentionAction}/outcome`, { status: 403, code: 'RETENTION_ACTION_NOT_YOURS' }, { status: 'skipped' }),
      forged('Wong closes a care action of Grace’s team', 'wong', 'POST', `/api/customer-value/worklist/${fx.retentionAction}/outcome`, { status: 403, code: 'RETENTION_ACTION_NOT_YOURS' }, { status: 'skipped' }),
      forged('Amy accepts the offer ringing at Chen', 'amy', 'POST', `/api/interactions/${fx.chenContact}/accept`, { status: 409, code: 'OFFER_NOT_YOURS' }, { offerId: fx.chenOffer }),
      forged('Amy rejects the offer ringing at Chen', 'amy', 'POST', `/api/interactions/${fx.chenContact}/reject`, { status: 409, code: 'OFFER_NOT_YOURS' }, { offerId: fx.chenOffer }),
      forged('Amy accepts Chen’s offer without naming it', 'amy', 'POST', `/api/interactions/${fx.chenContact}/accept`, { status: 409, code: 'OFFER_NOT_YOURS' }, {}),
      forged('Amy ends Ben’s contact', 'amy', 'POST', `/api/interactions/${fx.benContact}/end`, notYours),
      forged('Amy transfers Ben’s contact', 'amy', 'POST', `/api/interactions/${fx.benContact}/transfer`, notYours, { queue: 'billing' }),
      forged('Amy finishes Ben’s wrap-up', 'amy', 'POST', `/api/interactions/${fx.benContact}/wrap-up`, { status: 409, code: 'CONTACT_NOT_YOURS' }, { disposition: 'resolved' }),
      forged('Amy ends the call that waits in line', 'amy', 'POST', `/api/interactions/${fx.waiting}/end`, notYours),
      forged('Amy reads Ben’s contact', 'amy', 'GET', `/api/interactions/${fx.benContact}`, notYours),
      forged('Amy reads the call ringing at Chen', 'amy', 'GET', `/api/interactions/${fx.chenContact}`, notYours),
      forged('Amy reads the customer of Ben’s call', 'amy', 'GET', `/api/customers/__BEN_CUSTOMER__`, { status: 403, code: 'CUSTOMER_NOT_YOURS' }),
      forged('Grace, a team lead taking calls, ends Amy’s call', 'grace', 'POST', `/api/interactions/${fx.amyContact}/end`, notYours),
      forged('Grace, a team lead taking calls, transfers Amy’s call', 'grace', 'POST', `/api/interactions/${fx.amyContact}/transfer`, notYours, { queue: 'billing' }),
      forged('Amy reads Ben’s complaint', 'amy', 'GET', `/api/complaints/${fx.benComplaint}`, hidden),
      forged('Amy moves Ben’s complaint', 'amy', 'POST', `/api/complaints/${fx.benComplaint}/events`, hidden, { type: 'customer.calmed' }),
      forged('Amy links a contact to Ben’s complaint', 'amy', 'POST', `/api/complaints/${fx.benComplaint}/interactions`, hidden, { interactionId: fx.waiting }),
      forged('Amy opens a complaint from Ben’s contact', 'amy', 'POST', '/api/complaints', { status: 403, code: 'INTERACTION_NOT_YOURS' }, { interactionId: fx.benContact, category: 'billing', complexity: 'simple', description: 'x' }),
      forged('Amy opens a complaint for the customer of Ben’s call', 'amy', 'POST', '/api/complaints', { status: 403, code: 'CUSTOMER_NOT_SERVED' }, { customerId: benCustomer, category: 'billing', complexity: 'simple', description: 'x' }),
      forged('Amy opens a complaint from the call ringing at Chen', 'amy', 'POST', '/api/complaints', { status: 403, code: 'INTERACTION_NOT_YOURS' }, { interactionId: fx.chenContact, category: 'billing', complexity: 'simple', description: 'x' }),
      forged('Amy links Ben’s contact to her complaint', 'amy', 'POST', `/api/complaints/${fx.amyComplaint}/interactions`, { status: 403, code: 'INTERACTION_NOT_YOURS' }, { interactionId: fx.benContact }),
      forged('Amy links the call ringing at Chen to her complaint', 'amy', 'POST', `/api/complaints/${fx.amyComplaint}/interactions`, { status: 403, code: 'INTERACTION_NOT_YOURS' }, { interactionId: fx.chenContact }),
      forged('Amy links the call that waits in line to her complaint', 'amy', 'POST', `/api/complaints/${fx.amyComplaint}/interactions`, { status: 403, code: 'INTERACTION_NOT_YOURS' }, { interactionId: fx.waiting }),
      forged('Daniel moves a complaint of Grace’s team', 'daniel', 'POST', `/api/complaints/${fx.amyComplaint}/events`, hidden, { type: 'progress.logged', note: 'x' }),
      forged('Daniel reads the history of a complaint of Grace’s team', 'daniel', 'GET', `/api/complaints/${fx.amyComplaint}/history`, hidden),
      forged('Daniel hands a complaint of Grace’s team to his agent', 'daniel', 'POST', `/api/complaints/${fx.amyComplaint}/events`, hidden, { type: 'owner.assigned', ownerId: staff.wong.id }),
      forged('Grace moves a complaint of Daniel’s team', 'grace', 'POST', `/api/complaints/${fx.wongComplaint}/events`, hidden, { type: 'progress.logged', note: 'x' }),
      forged('Grace links a contact to a complaint of Daniel’s team', 'grace', 'POST', `/api/complaints/${fx.wongComplaint}/interactions`, hidden, { interactionId: fx.waiting }),
    ].map((one) => ({ ...one, path: one.path.replace('__BEN_CUSTOMER__', benCustomer) }));
  }

  /** Queries of the read routes: refused, never a 500 (reads write nothing, which is checked all the same). */
  function queryCases(): Case[] {
    const read = (who: Who, path: string): Case => ({ name: `query · GET ${path.slice(0, 80)}`, who, method: 'GET', path, expect: INVALID, echoed: [] });
    return [
      read('sophie', '/api/customers?search=%00'),
      read('sophie', `/api/customers?search=${'s'.repeat(101)}`),
      read('sophie', '/api/customers?tier=%27%20OR%201%3D1--'),
      read('sophie', '/api/customers?limit=NaN'),
      read('sophie', '/api/customers?limit=1e309'),
      read('sophie', '/api/customers?limit=-1'),
      read('sophie', '/api/customers?offset=99999999999999999999'),
      read('sophie', '/api/customers?limit=1&limit=2'),
      read('sophie', '/api/customers?__proto__[isAdmin]=true'),
      read('sophie', '/api/customers?constructor[prototype][isAdmin]=true'),
      read('sophie', '/api/interactions?status=waiting%27--'),
      read('sophie', '/api/interactions?agentId=1%20OR%201%3D1'),
      read('sophie', '/api/interactions?limit=Infinity'),
      read('sophie', '/api/audit?since=yesterday'),
      read('sophie', '/api/audit?before=1%3B%20DROP%20TABLE%20audit_log'),
      read('sophie', '/api/audit?targetId=%00'),
      read('sophie', '/api/complaints?state=%3Cscript%3E'),
      read('sophie', '/api/complaints?limit=-5'),
      read('sophie', `/api/statistics/queues/${randomUUID()}/history?from=%27%20OR%201%3D1`),
      read('sophie', '/api/staffing?arrivalsPerHour=NaN&ahtSeconds=180'),
      read('sophie', '/api/staffing?arrivalsPerHour=1e309&ahtSeconds=180'),
      read('sophie', '/api/staffing?arrivalsPerHour=-Infinity&ahtSeconds=180'),
      read('sophie', '/api/users?role=root'),
      read('admin', '/api/users?offset=99999999999999999999'),
      read('sophie', '/api/complaints?offset=99999999999999999999'),
      read('sophie', '/api/complaints?limit=1e309'),
      read('sophie', '/api/complaints?customerId=%00'),
    ];
  }

  it('tells the fixtures apart: each case aims at the object it claims to', async () => {
    const statuses = await server.dataSource.query(`SELECT id, status, agent_id FROM interactions`);
    const byId = new Map(statuses.map((row: { id: string; status: string; agent_id: string | null }) => [row.id, row]));
    expect(benCustomer).not.toBe('');
    expect(byId.get(fx.amyContact)).toMatchObject({ status: 'connected', agent_id: staff.amy.id });
    expect(byId.get(fx.benContact)).toMatchObject({ status: 'wrap_up', agent_id: staff.ben.id });
    expect(byId.get(fx.chenContact)).toMatchObject({ status: 'offered', agent_id: staff.chen.id });
    expect(byId.get(fx.waiting)).toMatchObject({ status: 'waiting', agent_id: null });
    expect(byId.get(fx.amyOtherContact)).toMatchObject({ status: 'completed', agent_id: staff.amy.id });
    // The owners themselves get in where the forged cases are refused.
    expect((await call(server.baseUrl, 'GET', `/api/interactions/${fx.benContact}`, staff.ben.headers)).status).toBe(200);
    expect((await call(server.baseUrl, 'GET', `/api/customers/${benCustomer}`, staff.ben.headers)).status).toBe(200);
    expect((await call(server.baseUrl, 'GET', `/api/complaints/${fx.benComplaint}`, staff.ben.headers)).status).toBe(200);
    expect((await call(server.baseUrl, 'GET', `/api/complaints/${fx.amyComplaint}/history`, staff.grace.headers)).status).toBe(200);
  });

  /** The write routes in groups, one test each; every target belongs to exactly one. */
  const GROUPS: Record<string, string[]> = {
    'ingestion': ['POST /api/interactions'],
    'agent state': ['PUT /api/agents/me/state', 'PUT /api/agents/:id/state'],
    'offers': ['POST /api/interactions/:id/accept', 'POST /api/interactions/:id/reject'],
    'wrap-up and transfer': ['POST /api/interactions/:id/wrap-up', 'POST /api/interactions/:id/transfer'],
    'queues and skills': ['POST /api/queues', 'PUT /api/queues/:id', 'POST /api/skills'],
    'agents and routing policy': ['POST /api/agents', 'PUT /api/agents/:id/skills', 'PUT /api/agents/:id/capacity', 'PUT /api/routing/policy'],
    'the business calendar': ['PUT /api/calendars/default'],
    'users, roles and API keys': ['POST /api/users', 'PATCH /api/users/:id/roles', 'POST /api/api-keys'],
    'complaints, their events and links': ['POST /api/complaints', 'POST /api/complaints/:id/events', 'POST /api/complaints/:id/interactions'],
    'the customer record and the retention worklist': ['POST /api/customers/:id/notes', 'PUT /api/customers/:id/loss', 'POST /api/customer-value/worklist/:id/outcome'],
  };
  const casesOf = (routes: string[]) => TARGETS.filter((one) => routes.includes(one.route)).flatMap((one) => [...fieldCases(one), ...bodyCases(one)]);

  it('generates its cases from the tables: every write route in one group, at least 200 cases, each named once', () => {
    expect(Object.values(GROUPS).flat().sort()).toEqual(TARGETS.map((one) => one.route).sort());
    const all = [...casesOf(Object.values(GROUPS).flat()), ...paramCases(), ...forgedCases(), ...queryCases()];
    const names = all.map((one) => one.name);
    expect(names.filter((name, index) => names.indexOf(name) !== index)).toEqual([]);
    expect(all.length).toBeGreaterThanOrEqual(200);
  });

  for (const [group, routes] of Object.entries(GROUPS)) {
    it(`refuses hostile bodies on ${group}`, async () => {
      await runAll(casesOf(routes));
    }, 120_000);
  }

  it('refuses traversal, injection and junk in path params', async () => {
    await runAll(paramCases());
  });

  it('refuses other people’s offers, contacts, customers and complaints', async () => {
    await runAll(forgedCases());
  });

  it('refuses hostile query strings on the read routes', async () => {
    await runAll(queryCases());
  });

  it('keeps injection strings and unicode in free text as inert data, byte for byte (a caller’s name loses only invisible formatting)', async () => {
    const texts = [SQL[1], SCRIPT[1], RTL, ZERO_WIDTH, EMOJI, 'שלום עולם', '\u{1F469}\u200D\u{1F4BB} 日本語'];
    for (const [index, text] of texts.entries()) {
      const created = await call(server.baseUrl, 'POST', '/api/interactions', pbx.headers, { channel: 'email', caller: { name: text }, queue: 'billing', subject: text, externalId: `inert-${index}` });
      expect(created.status).toBe(201);
      const [row] = await server.dataSource.query(`SELECT subject, caller->>'name' AS name FROM interactions WHERE id = $1`, [created.body.interaction.id]);
      expect(row).toEqual({ subject: text, name: cleanPersonName(text) || null });
      expect((await call(server.baseUrl, 'GET', `/api/interactions/${created.body.interaction.id}`, staff.sophie.headers)).body.subject).toBe(text);
    }
    const [users] = await server.dataSource.query(`SELECT count(*)::int AS count FROM users`);
    expect(users.count).toBeGreaterThan(0);
  });

  describe('socket commands', () => {
    /** One command from Amy's desktop: an error acknowledgement with a clear code, no stack, nothing written. */
    async function command(name: string, event: string, payload: unknown, code: string | readonly string[], echoed: string[] = []): Promise<string | null> {
      const before = await databaseFingerprint(server.dataSource);
      const ack = await amySocket.command(event as never, payload);
      const after = await databaseFingerprint(server.dataSource);
      // The desktop sends at most 10 commands a second; stay under it so that refusals come from the payload.
      await sleep(110);
      const problems: string[] = [];
      const codes = typeof code === 'string' ? [code] : code;
      if (ack.ok || !codes.includes(ack.error.code) || typeof ack.error.message !== 'string') problems.push(`acknowledged ${JSON.stringify(ack).slice(0, 200)}, expected ${codes.join('|')}`);
      problems.push(...leaksIn(JSON.stringify(ack), echoed));
      const changed = Object.keys(before).filter((table) => before[table] !== after[table]);
      if (changed.length > 0) problems.push(`wrote to ${changed.join(', ')}`);
      return problems.length ? `${event} · ${name}: ${problems.join('; ')}` : null;
    }

    it('refuses malformed, oversize, polluted and forged commands', async () => {
      const proto = (json: string) => JSON.parse(json) as unknown;
      const cases: Array<[string, string, unknown, string | readonly string[], string[]?]> = [
        ['a string', 'agent:state', 'available', 'VALIDATION_FAILED'],
        ['a number', 'agent:state', 42, 'VALIDATION_FAILED'],
        ['an array', 'agent:state', [{ state: 'available' }], 'VALIDATION_FAILED'],
        ['true', 'agent:state', true, 'VALIDATION_FAILED'],
        ['an unknown field', 'agent:state', { state: 'not_ready', reason: 'break', isAdmin: true }, 'VALIDATION_FAILED'],
        ['sql state', 'agent:state', { state: SQL[0] }, 'VALIDATION_FAILED', [SQL[0]]],
        ['script state', 'agent:state', { state: SCRIPT[0] }, 'VALIDATION_FAILED', [SCRIPT[0]]],
        ['state with NUL', 'agent:state', { state: 'available\u0000' }, 'VALIDATION_FAILED'],
        ['state with RTL override', 'agent:state', { state: '\u202eavailable' }, 'VALIDATION_FAILED'],
        ['state with zero-width', 'agent:state', { state: 'avail\u200bable' }, 'VALIDATION_FAILED'],
        ['a reason only the system gives', 'agent:state', { state: 'not_ready', reason: 'missed_offers' }, 'VALIDATION_FAILED'],
        ['state as a number', 'agent:state', { state: 1 }, 'VALIDATION_FAILED'],
        ['__proto__ key', 'agent:state', proto('{"__proto__": {"isAdmin": true}, "state": "not_ready", "reason": "break"}'), 'VALIDATION_FAILED'],
        ['constructor key', 'agent:state', proto('{"constructor": {"prototype": {"isAdmin": true}}, "state": "not_ready", "reason": "break"}'), 'VALIDATION_FAILED'],
        ['a payload over 4 kB', 'agent:state', { state: 'available', padding: 'x'.repeat(5000) }, 'PAYLOAD_TOO_LARGE'],
        ['deeply nested', 'agent:state', JSON.parse(`${'{"a":'.repeat(200)}1${'}'.repeat(200)}`), 'VALIDATION_FAILED'],
        ['fields on a heartbeat', 'agent:heartbeat', { at: Date.now() }, 'VALIDATION_FAILED'],
        ['__proto__ on a heartbeat', 'agent:heartbeat', proto('{"__proto__": {"x": 1}}'), 'VALIDATION_FAILED'],
        ['fields on sync', 'sync', { seq: -1 }, 'VALIDATION_FAILED'],
        ['sql id', 'offer:accept', { interactionId: SQL[1] }, 'VALIDATION_FAILED', [SQL[1]]],
        ['traversal id', 'offer:accept', { interactionId: TRAVERSAL[0] }, 'VALIDATION_FAILED', [TRAVERSAL[0]]],
        ['id as a number', 'offer:accept', { interactionId: 7 }, 'VALIDATION_FAILED'],
        ['offer id of 65 characters', 'offer:accept', { interactionId: fx.chenContact, offerId: 'o'.repeat(65) }, 'VALIDATION_FAILED'],
        ['offer id with NUL', 'offer:accept', { interactionId: fx.chenContact, offerId: `${fx.chenOffer}\u0000` }, 'VALIDATION_FAILED'],
        ['the offer ringing at Chen', 'offer:accept', { interactionId: fx.chenContact, offerId: fx.chenOffer }, 'OFFER_NOT_YOURS'],
        ['the offer ringing at Chen, unnamed', 'offer:accept', { interactionId: fx.chenContact }, 'OFFER_NOT_YOURS'],
        ['rejecting the offer ringing at Chen', 'offer:reject', { interactionId: fx.chenContact, offerId: fx.chenOffer }, 'OFFER_NOT_YOURS'],
        ['rejecting with an unknown field', 'offer:reject', { interactionId: fx.chenContact, reason: 'busy' }, 'VALIDATION_FAILED'],
        ['ending Ben’s contact', 'contact:end', { interactionId: fx.benContact }, 'CONTACT_NOT_YOURS'],
        ['ending the waiting call', 'contact:end', { interactionId: fx.waiting }, 'CONTACT_NOT_YOURS'],
        ['ending a contact that does not exist', 'contact:end', { interactionId: randomUUID() }, 'INTERACTION_NOT_FOUND'],
        ['ending with a forged id', 'contact:end', { interactionId: `${fx.amyContact}' OR '1'='1` }, 'VALIDATION_FAILED'],
        ['finishing Ben’s wrap-up', 'wrapup:finish', { interactionId: fx.benContact, disposition: 'resolved' }, 'CONTACT_NOT_YOURS'],
        ['sql disposition', 'wrapup:finish', { interactionId: fx.amyContact, disposition: SQL[1] }, 'VALIDATION_FAILED', [SQL[1]]],
        ['disposition with emoji', 'wrapup:finish', { interactionId: fx.amyContact, disposition: `resolved${EMOJI}` }, 'VALIDATION_FAILED'],
        ['disposition as an array', 'wrapup:finish', { interactionId: fx.amyContact, disposition: ['resolved'] }, 'VALIDATION_FAILED'],
        ['no payload at all', 'offer:accept', undefined, 'VALIDATION_FAILED'],
      ];
      const failures: string[] = [];
      for (const [name, event, payload, code, echoed] of cases) {
        const failure = await command(name, event, payload, code, echoed ?? []);
        if (failure) failures.push(failure);
      }
      expect(failures).toEqual([]);
      // Amy's desktop still works after all that.
      expect(await amySocket.command('agent:heartbeat', {})).toMatchObject({ ok: true });
    });
  });
});

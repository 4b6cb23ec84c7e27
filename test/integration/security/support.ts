import type { DataSource } from 'typeorm';

/**
 * Helpers of the security suites: raw HTTP (any body, any content type), the shape every refusal must have,
 * and a fingerprint of the database to prove a refused request wrote nothing.
 */

export interface RawResponse {
  status: number;
  text: string;
  /** The answer parsed as JSON; null when it is empty or not JSON. */
  body: any;
}

export interface RawRequest {
  headers?: Record<string, string>;
  /** A value is sent as JSON; with `raw`, a string as it is (with `contentType`, default application/json). */
  body?: unknown;
  /** The body is already serialised: send `body` (a string) untouched. */
  raw?: boolean;
  contentType?: string | null;
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

/** One request, whatever its body; the answer parsed as JSON when it is JSON. */
export async function send(baseUrl: string, method: string, path: string, request: RawRequest = {}): Promise<RawResponse> {
  const headers: Record<string, string> = { ...(request.headers ?? {}) };
  let body: string | undefined;
  if (request.body !== undefined) {
    body = request.raw ? String(request.body) : JSON.stringify(request.body);
    if (request.contentType !== null) headers['content-type'] = request.contentType ?? 'application/json';
  }
  const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
  const text = await response.text();
  return { status: response.status, text, body: parseJson(text) };
}

/** What must never reach a client: stack frames, source paths, driver errors, SQL. */
const LEAKS: RegExp[] = [
  /\bat [\w$.<>[\]]+ \(/, // a stack frame
  /\bat (?:async )?\/[\w./-]+:\d+/,
  /node_modules|\.ts:\d+|\.js:\d+/,
  /\b(?:QueryFailedError|TypeError|ReferenceError|RangeError|SyntaxError|EntityNotFound)\b/,
  /Cannot read propert|is not a function|undefined is not/,
  /duplicate key value|violates (?:unique|foreign key|check|not-null) constraint|syntax error at or near|invalid input syntax for|relation "[^"]+" does not exist|column "[^"]+" does not exist/i,
  /\b(?:SELECT\s+[\w*"., ]+\s+FROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM)\b/i,
  /\bpostgres(?:ql)?:\/\//i,
];

/**
 * Text of an answer with the caller's own input taken out: a message may name the bad value
 * ("queue 'x' does not exist"), and a hostile value echoed back is not a leak.
 */
function withoutEcho(text: string, echoed: readonly string[]): string {
  let rest = text;
  for (const value of echoed) {
    if (!value) continue;
    for (const form of new Set([value, JSON.stringify(value).slice(1, -1)])) rest = rest.split(form).join('');
  }
  return rest;
}

/** The leaks found in an answer (empty when clean). */
export function leaksIn(text: string, echoed: readonly string[] = []): string[] {
  const rest = withoutEcho(text, echoed);
  return LEAKS.filter((pattern) => pattern.test(rest)).map((pattern) => `${pattern} matched in ${rest.slice(0, 300)}`);
}

/** A refusal as every route must give it: 4xx, a JSON body with statusCode, an upper-case code and a message. */
export function refusalShape(response: RawResponse): { status: number; code: unknown; statusCode: unknown; message: string } {
  return {
    status: response.status,
    statusCode: response.body?.statusCode,
    code: response.body?.code,
    message: typeof response.body?.message === 'string' ? 'text' : typeof response.body?.message,
  };
}

/** Columns that move on their own (presence, key use) and say nothing about whether a request wrote. */
const VOLATILE: Record<string, string[]> = {
  agents: ['last_heartbeat_at'],
  api_keys: ['last_used_at'],
};

/** Every table a request of the API could write, and a stable order to hash it in. */
export const FINGERPRINTED_TABLES = [
  'users',
  'sessions',
  'api_keys',
  'audit_log',
  'skills',
  'queues',
  'queue_skills',
  'agents',
  'agent_skills',
  'customers',
  'interactions',
  'routing_events',
  'router_state',
  'routing_policy',
  'business_calendars',
  'complaint_number_sequences',
  'complaints',
  'complaint_interactions',
  'complaint_events',
  'complaint_clock_events',
  'complaint_alerts',
  'customer_notes',
  'customer_losses',
  'retention_actions',
] as const;

/** Row count and an md5 of every row (volatile columns aside) of each table, in one statement. */
export async function databaseFingerprint(dataSource: DataSource): Promise<Record<string, string>> {
  const parts = FINGERPRINTED_TABLES.map((table) => {
    const row = VOLATILE[table] ? `(to_jsonb(t) - ARRAY[${VOLATILE[table].map((column) => `'${column}'`).join(', ')}]::text[])::text` : `to_jsonb(t)::text`;
    return `(SELECT count(*) || ':' || coalesce(md5(string_agg(${row}, ',' ORDER BY ${row})), '-') FROM ${table} t) AS "${table}"`;
  });
  const [row] = await dataSource.query(`SELECT ${parts.join(', ')}`);
  return row;
}

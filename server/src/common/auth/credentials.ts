import type { IncomingHttpHeaders } from 'node:http';

/** httpOnly, SameSite=Strict cookie holding the console's access token. */
export const SESSION_COOKIE = 'cc_session';
/** httpOnly, SameSite=Strict cookie holding the refresh token, sent only to `/api/auth`. */
export const REFRESH_COOKIE = 'cc_refresh';
export const REFRESH_COOKIE_PATH = '/api/auth';
export const API_KEY_HEADER = 'x-api-key';

/** What a request presents to prove who it is; the first found wins: X-Api-Key, then Authorization, then the cookie. */
export type PresentedCredential =
  | { kind: 'api_key'; key: string }
  | { kind: 'session'; token: string; from: 'bearer' | 'cookie' | 'handshake' }
  | { kind: 'malformed' }
  | { kind: 'none' };

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Cookie header to a map; the first of duplicate names wins, as browsers send the most specific first. */
export function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  if (!header) return cookies;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!name || name in cookies) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    try {
      cookies[name] = decodeURIComponent(value);
    } catch {
      cookies[name] = value;
    }
  }
  return cookies;
}

export function readCookie(headers: IncomingHttpHeaders, name: string): string | undefined {
  return parseCookies(single(headers.cookie))[name];
}

/** Reads the caller's credential from HTTP headers. An Authorization header that is not `Bearer <token>` is malformed. */
export function credentialFromHeaders(headers: IncomingHttpHeaders): PresentedCredential {
  const apiKey = single(headers[API_KEY_HEADER]);
  if (apiKey !== undefined) return apiKey.trim() ? { kind: 'api_key', key: apiKey.trim() } : { kind: 'malformed' };
  const authorization = single(headers.authorization);
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    return match ? { kind: 'session', token: match[1], from: 'bearer' } : { kind: 'malformed' };
  }
  const cookie = readCookie(headers, SESSION_COOKIE);
  if (cookie) return { kind: 'session', token: cookie, from: 'cookie' };
  return { kind: 'none' };
}

import type { CookieOptions, Request, Response } from 'express';
import { REFRESH_COOKIE, REFRESH_COOKIE_PATH, SESSION_COOKIE } from '../../common/auth/credentials';
import type { IssuedSession } from '@callcentre/shared';

/** Secure when the console is reached over TLS (directly or through a proxy that says so). */
function baseOptions(request: Request): CookieOptions {
  const secure = request.secure || String(request.headers['x-forwarded-proto'] ?? '').split(',')[0].trim() === 'https';
  return { httpOnly: true, sameSite: 'strict', secure };
}

/**
 * The console's tokens as cookies, out of reach of scripts: the access token for every request
 * (`cc_session`, path /) and the refresh token only for `/api/auth` (refresh and logout).
 */
export function setSessionCookies(request: Request, response: Response, session: IssuedSession): void {
  const now = Date.now();
  response.cookie(SESSION_COOKIE, session.accessToken, {
    ...baseOptions(request),
    path: '/',
    maxAge: Math.max(0, Date.parse(session.accessTokenExpiresAt) - now),
  });
  response.cookie(REFRESH_COOKIE, session.refreshToken, {
    ...baseOptions(request),
    path: REFRESH_COOKIE_PATH,
    maxAge: Math.max(0, Date.parse(session.sessionExpiresAt) - now),
  });
}

export function clearSessionCookies(request: Request, response: Response): void {
  response.clearCookie(SESSION_COOKIE, { ...baseOptions(request), path: '/' });
  response.clearCookie(REFRESH_COOKIE, { ...baseOptions(request), path: REFRESH_COOKIE_PATH });
}

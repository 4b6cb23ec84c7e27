import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { OriginPolicy } from './origin.policy';
import { API_KEY_HEADER, REFRESH_COOKIE, SESSION_COOKIE, parseCookies } from '../auth/credentials';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** `Sec-Fetch-Site` values a browser sends for a request the page itself (or the user, typing the address) made. */
const OWN_SITE_FETCHES = new Set(['same-origin', 'none']);

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Whether the request rides on the console's cookies alone (no API key, no bearer token of its own). */
function authenticatesByCookie(request: Request): boolean {
  if (request.headers[API_KEY_HEADER] !== undefined || request.headers.authorization !== undefined) return false;
  const cookies = parseCookies(single(request.headers.cookie));
  return cookies[SESSION_COOKIE] !== undefined || cookies[REFRESH_COOKIE] !== undefined;
}

/**
 * Refuses a cookie-authenticated change sent by another site's page (cross-site request forgery): the
 * browser attaches the console's cookies to any request, so an unsafe method with a session cookie must
 * come from the console's own origin or one listed in CORS_ORIGINS (a listed console may live on another
 * site). Otherwise `Sec-Fetch-Site: cross-site` is refused whatever the Origin says; without an Origin only a browser saying the request is its own page's
 * (or a client sending neither header, which is not a browser page) passes. Callers with an API key or a
 * bearer token carry their own credential and are not concerned.
 */
export function crossSiteGuard(allowedOrigins: string): RequestHandler {
  const origins = new OriginPolicy(allowedOrigins);
  return (request: Request, response: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(request.method) || !authenticatesByCookie(request)) return next();
    const fetchSite = single(request.headers['sec-fetch-site']);
    const origin = single(request.headers.origin);
    if (origins.isListed(origin)) return next();
    const refused =
      fetchSite === 'cross-site' ||
      (origin !== undefined ? origin === '' || !origins.allows(origin, single(request.headers.host)) : fetchSite !== undefined && !OWN_SITE_FETCHES.has(fetchSite));
    if (!refused) return next();
    response.status(403).json({
      statusCode: 403,
      code: 'CROSS_SITE_REQUEST',
      message: 'A change signed in by cookie must come from the console itself; this request came from another site',
    });
  };
}

/** Answers of the API hold tokens, customers and contacts: no browser or proxy may keep a copy. */
export function noStoreForApi(request: Request, response: Response, next: NextFunction): void {
  if (request.path === '/api' || request.path.startsWith('/api/')) response.setHeader('Cache-Control', 'no-store');
  next();
}

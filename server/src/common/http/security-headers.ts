import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

const CONSOLE_SOURCES = {
  'default-src': ["'self'"],
  'connect-src': ["'self'", 'ws:', 'wss:'],
  'img-src': ["'self'", 'data:'],
  'style-src': ["'self'", "'unsafe-inline'"],
};

/**
 * Whether the browser reached the server over TLS: directly, or through a proxy that ends TLS and says so in
 * X-Forwarded-Proto (the rule the session cookies' Secure flag follows too).
 */
export function reachedOverTls(request: Request): boolean {
  return request.secure || String(request.headers['x-forwarded-proto'] ?? '').split(',')[0].trim().toLowerCase() === 'https';
}

/**
 * Helmet's headers with the console's content security policy. `upgrade-insecure-requests` is sent only to a
 * browser that came over TLS: sent over plain HTTP it makes the browser fetch the console's scripts and styles
 * over https://, which a plain-HTTP server does not answer, and the console stays blank (any address but
 * localhost, which browsers exempt).
 */
export function consoleSecurityHeaders(): RequestHandler {
  const overTls = helmet({ contentSecurityPolicy: { directives: { ...CONSOLE_SOURCES, 'upgrade-insecure-requests': [] } } });
  const overPlainHttp = helmet({ contentSecurityPolicy: { directives: { ...CONSOLE_SOURCES, 'upgrade-insecure-requests': null } } });
  return (request: Request, response: Response, next: NextFunction) => (reachedOverTls(request) ? overTls : overPlainHttp)(request, response, next);
}

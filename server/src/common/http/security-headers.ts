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
 * Helmet's headers with the console's content security policy. What only means something over TLS is sent only to
 * a browser that came over TLS. `upgrade-insecure-requests` over plain HTTP makes the browser fetch the console's
 * scripts and styles over https://, which a plain-HTTP server does not answer, and the console stays blank (from
 * any address but localhost, which browsers exempt); Cross-Origin-Opener-Policy and Strict-Transport-Security
 * are ignored there, the first with an error in the browser's console.
 */
export function consoleSecurityHeaders(): RequestHandler {
  const overTls = helmet({ contentSecurityPolicy: { directives: { ...CONSOLE_SOURCES, 'upgrade-insecure-requests': [] } } });
  const overPlainHttp = helmet({
    contentSecurityPolicy: { directives: { ...CONSOLE_SOURCES, 'upgrade-insecure-requests': null } },
    crossOriginOpenerPolicy: false,
    strictTransportSecurity: false,
  });
  return (request: Request, response: Response, next: NextFunction) => (reachedOverTls(request) ? overTls : overPlainHttp)(request, response, next);
}

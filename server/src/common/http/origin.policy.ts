import type { IncomingHttpHeaders } from 'node:http';

/**
 * Which browser pages may open a socket: the server's own origin and those listed in CORS_ORIGINS. A browser
 * always sends `Origin` on a WebSocket handshake and on cross-origin requests, so refusing unknown origins stops
 * another site from riding the signed-in user's session cookie (cross-site WebSocket hijacking). A client
 * that sends no Origin at all is not a browser page and must present its own credentials.
 */
export class OriginPolicy {
  private readonly allowed: ReadonlySet<string>;

  constructor(allowedOrigins: string) {
    this.allowed = new Set(
      allowedOrigins
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean)
        .flatMap((origin) => {
          const parsed = parseOrigin(origin);
          return parsed ? [parsed.origin] : [];
        }),
    );
  }

  /** `origin`: the Origin header; `host`: the Host header the request reached the server with. */
  allows(origin: string | undefined, host: string | undefined): boolean {
    if (origin === undefined || origin === '') return true;
    const parsed = parseOrigin(origin);
    if (!parsed) return false;
    if (this.allowed.has(parsed.origin)) return true;
    return host !== undefined && parsed.host.toLowerCase() === host.trim().toLowerCase();
  }

  /** Listed in CORS_ORIGINS (such a page gets CORS headers on the polling transport). */
  isListed(origin: string | undefined): boolean {
    const parsed = origin ? parseOrigin(origin) : null;
    return parsed !== null && this.allowed.has(parsed.origin);
  }

  /**
   * A customer page's own request without sign-in (starting a chat, answering a survey): from an allowed origin,
   * and never from a page the browser marks cross-site unless that site is listed.
   */
  admitsCustomerPage(headers: IncomingHttpHeaders): boolean {
    if (headers['sec-fetch-site'] === 'cross-site' && !this.isListed(headers.origin)) return false;
    return this.allows(headers.origin, headers.host);
  }
}

function parseOrigin(value: string): URL | null {
  if (value === 'null') return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

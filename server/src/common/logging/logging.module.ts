import { randomUUID } from 'node:crypto';
import { DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

/** A caller's X-Request-Id is kept when well-formed, otherwise a fresh one is made; it is echoed back. */
export function requestIdOf(request: IncomingMessage): string {
  const header = request.headers['x-request-id'];
  const given = Array.isArray(header) ? header[0] : header;
  return given && REQUEST_ID_PATTERN.test(given) ? given : randomUUID();
}

export const REDACTED = '[Redacted]';

/** Headers that carry credentials, on the request and on the answer (the sign-in and refresh cookies). */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'req.headers["proxy-authorization"]',
  'res.headers["set-cookie"]',
  'res.headers.authorization',
];

/** Query parameters whose value is a credential by its name (`?token=`, `?access_token=`, `?apiKey=`...). */
const SECRET_PARAMETER = /token|secret|passw|api[-_]?key|auth|session|cookie|signature/i;

/**
 * The server's own secrets by their shape (see common/auth/secrets.ts), and the customers' survey and chat tokens
 * (`svy_`, `cht_`), wherever they turn up in a line.
 */
const SECRET_VALUE = /\b(cca|ccr|cck|svy|cht)_[A-Za-z0-9_-]{16,}/g;

/** A URL with the values of credential-like query parameters replaced. */
export function redactUrl(url: string): string {
  const query = url.indexOf('?');
  if (query < 0) return url;
  const parameters = url
    .slice(query + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      let name = pair.slice(0, eq);
      try {
        name = decodeURIComponent(name);
      } catch {
        // A malformed name is judged as written.
      }
      return SECRET_PARAMETER.test(name) ? `${pair.slice(0, eq)}=${REDACTED}` : pair;
    });
  return `${url.slice(0, query)}?${parameters.join('&')}`;
}

function redactQuery(query: unknown): unknown {
  if (!query || typeof query !== 'object') return query;
  return Object.fromEntries(Object.entries(query as Record<string, unknown>).map(([name, value]) => [name, SECRET_PARAMETER.test(name) ? REDACTED : value]));
}

/**
 * The last step before a line is written: any token of the server's own making still in it (in a body, a
 * message, an error, a header under an unexpected name) is cut down to its kind.
 */
export function redactSecrets(line: string): string {
  return line.replace(SECRET_VALUE, `$1_${REDACTED}`);
}

/**
 * Structured JSON logs with a request id; pretty-printed when the output is a terminal. No line holds a
 * credential: credential headers are redacted by path, credential query parameters by name, and anything
 * shaped like one of the server's tokens wherever it appears.
 */
export function loggingModule(level: string): DynamicModule {
  const pretty = process.stdout.isTTY && process.env.NODE_ENV !== 'production';
  return LoggerModule.forRoot({
    pinoHttp: {
      level,
      genReqId: (request, response) => {
        const id = requestIdOf(request);
        response.setHeader('X-Request-Id', id);
        return id;
      },
      // A 503 is a refusal the server chose (standby, database away), with Retry-After: a warning, not a fault.
      customLogLevel: (_request, response, error) =>
        error || (response.statusCode >= 500 && response.statusCode !== 503) ? 'error' : response.statusCode >= 400 ? 'warn' : 'info',
      autoLogging: { ignore: (request) => request.url === '/health' || request.url === '/ready' },
      redact: REDACTED_PATHS,
      serializers: {
        req: (request: { url?: string; query?: unknown }) => {
          if (typeof request.url === 'string') request.url = redactUrl(request.url);
          if (request.query !== undefined) request.query = redactQuery(request.query);
          return request;
        },
      },
      hooks: { streamWrite: redactSecrets },
      transport: pretty ? { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l' } } : undefined,
    },
  });
}

/**
 * The one way the console talks HTTP to the server. Every failure becomes an `ApiError` with a
 * stable `code` and a message in plain words, whether the server answered with its error body
 * (`{ statusCode, code, message, fields? }`), with something else, or not at all.
 */

/** One invalid field of a rejected request, as the server's validation reports it. */
export interface FieldError {
  field: string;
  messages: string[];
}

/** The body the server sends with every 4xx and 5xx answer. */
export interface ServerErrorBody {
  statusCode: number;
  code: string;
  message: string;
  fields?: FieldError[];
  /** Facts about the refusal, e.g. `lockedUntil` of a locked account or `currentVersion` of a conflict. */
  details?: Record<string, unknown>;
}

/** Codes the console produces itself, when the server's own code is not available. */
export const CLIENT_ERROR_CODES = {
  network: 'NETWORK_ERROR',
  timeout: 'TIMEOUT',
  invalidResponse: 'INVALID_RESPONSE',
} as const;

export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    /** HTTP status; 0 when no answer arrived. */
    readonly status: number,
    /** Stable machine code, e.g. `QUEUE_NOT_FOUND`, `VALIDATION_FAILED`, `NETWORK_ERROR`. */
    readonly code: string,
    /** What went wrong, in plain words a person on the floor understands. */
    message: string,
    readonly fields: FieldError[] = [],
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }

  /** True when retrying the same request later may succeed (no answer, timeout, server-side fault). */
  get retryable(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

/** Plain-words fallbacks for answers that carry no usable message of their own. */
const STATUS_MESSAGES: Record<number, string> = {
  400: 'The request was not accepted.',
  401: 'You are not signed in, or your sign-in has expired.',
  403: 'You are not allowed to do this.',
  404: 'What you asked for does not exist.',
  409: 'This conflicts with a change made by someone else. Reload and try again.',
  413: 'What you sent is too large.',
  422: 'The request could not be processed.',
  429: 'Too many requests. Wait a moment and try again.',
  502: 'The server is not reachable right now. Try again in a moment.',
  503: 'The server is starting or busy. Try again in a moment.',
  504: 'The server took too long to answer. Try again in a moment.',
};

function messageForStatus(status: number): string {
  return STATUS_MESSAGES[status] ?? (status >= 500 ? 'Something went wrong on the server. Try again in a moment.' : 'The request failed.');
}

function isFieldErrorList(value: unknown): value is FieldError[] {
  return (
    Array.isArray(value) &&
    value.every(
      (item) =>
        typeof item === 'object' &&
        item !== null &&
        typeof (item as FieldError).field === 'string' &&
        Array.isArray((item as FieldError).messages),
    )
  );
}

export function isServerErrorBody(value: unknown): value is ServerErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const body = value as Record<string, unknown>;
  return typeof body.statusCode === 'number' && typeof body.code === 'string' && typeof body.message === 'string';
}

/** Turns a non-2xx answer into an `ApiError`; `text` is the raw body, which may be empty or not JSON. */
export function errorFromResponse(status: number, text: string): ApiError {
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: a proxy's HTML error page, for instance
  }
  if (isServerErrorBody(body)) {
    const fields = isFieldErrorList(body.fields) ? body.fields : [];
    const message = body.message.trim() || messageForStatus(status);
    const details = typeof body.details === 'object' && body.details !== null && !Array.isArray(body.details) ? body.details : {};
    return new ApiError(status, body.code, message, fields, details);
  }
  return new ApiError(status, `HTTP_${status}`, messageForStatus(status));
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Sent as JSON. */
  body?: unknown;
  signal?: AbortSignal;
  /** Give up after this many milliseconds (default 15 s). */
  timeoutMs?: number;
  /**
   * On 401, ask the auth recovery (see `setAuthRecovery`) to renew the session and send the request once
   * more. Default true; the sign-in routes themselves turn it off.
   */
  authRecovery?: boolean;
}

/** Renews the session after a 401; resolves true when the request may be sent again. */
export type AuthRecovery = () => Promise<boolean>;

let authRecovery: AuthRecovery | null = null;

/** Installed by the session keeper while someone is signed in; null removes it. */
export function setAuthRecovery(recovery: AuthRecovery | null): void {
  authRecovery = recovery;
}

/** Renews the session through the installed recovery (e.g. when the socket's handshake was refused). */
export function recoverAuth(): Promise<boolean> {
  return authRecovery ? authRecovery().catch(() => false) : Promise.resolve(false);
}

export interface HttpClient {
  request<T>(path: string, options?: RequestOptions): Promise<T>;
  get<T>(path: string, options?: Omit<RequestOptions, 'method' | 'body'>): Promise<T>;
  post<T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'method' | 'body'>): Promise<T>;
  put<T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'method' | 'body'>): Promise<T>;
}

export interface HttpClientOptions {
  /** Prepended to every path; empty for the same origin the console is served from. */
  baseUrl?: string;
  fetch?: typeof fetch;
}

const DEFAULT_TIMEOUT_MS = 15_000;

export function createHttpClient({ baseUrl = '', fetch: fetchImpl }: HttpClientOptions = {}): HttpClient {
  async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
    try {
      return await send<T>(path, options);
    } catch (error) {
      const recover = authRecovery;
      if (!(error instanceof ApiError) || error.status !== 401 || options.authRecovery === false || !recover) throw error;
      if (!(await recover().catch(() => false))) throw error;
      return send<T>(path, options);
    }
  }

  async function send<T>(path: string, options: RequestOptions): Promise<T> {
    const doFetch = fetchImpl ?? globalThis.fetch;
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const onCallerAbort = () => controller.abort();
    options.signal?.addEventListener('abort', onCallerAbort, { once: true });

    let response: Response;
    try {
      response = await doFetch(`${baseUrl}${path}`, {
        method: options.method ?? 'GET',
        headers: {
          Accept: 'application/json',
          ...(options.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        },
        body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
        credentials: 'same-origin',
        signal: controller.signal,
      });
    } catch (error) {
      if (options.signal?.aborted) throw error; // the caller cancelled: not a failure to report
      if (timedOut) {
        throw new ApiError(0, CLIENT_ERROR_CODES.timeout, 'The server took too long to answer. Try again in a moment.');
      }
      throw new ApiError(0, CLIENT_ERROR_CODES.network, 'Cannot reach the server. Check the network connection and try again.');
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onCallerAbort);
    }

    const text = await response.text();
    if (!response.ok) throw errorFromResponse(response.status, text);
    if (response.status === 204 || text === '') return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ApiError(response.status, CLIENT_ERROR_CODES.invalidResponse, 'The server sent an answer the console cannot read.');
    }
  }

  function get<T>(path: string, options: Omit<RequestOptions, 'method' | 'body'> = {}): Promise<T> {
    return request<T>(path, { ...options, method: 'GET' });
  }

  function post<T>(path: string, body: unknown = {}, options: Omit<RequestOptions, 'method' | 'body'> = {}): Promise<T> {
    return request<T>(path, { ...options, method: 'POST', body });
  }

  function put<T>(path: string, body: unknown = {}, options: Omit<RequestOptions, 'method' | 'body'> = {}): Promise<T> {
    return request<T>(path, { ...options, method: 'PUT', body });
  }

  return { request, get, post, put };
}

/** The client the console uses: same origin as the page (the server serves the console). */
export const http = createHttpClient();

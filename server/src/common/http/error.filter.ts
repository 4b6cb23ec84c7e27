import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { isTransientDatabaseError } from '../database/database.errors';
import { DomainError } from './domain-error';

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  fields?: unknown;
  details?: Record<string, unknown>;
}

const STATUS_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_REQUESTS',
};

/** What a 503 asks a client to wait before trying again, unless the refusal says otherwise. */
export const DEFAULT_RETRY_AFTER_SECONDS = 1;

/** Seconds for the Retry-After header of an answer: every 503 has one, so a PBX or a console tries again. */
export function retryAfterOf(body: ErrorBody): number | null {
  if (body.statusCode !== HttpStatus.SERVICE_UNAVAILABLE) return null;
  const given = body.details?.retryAfterSeconds;
  return typeof given === 'number' && given > 0 ? Math.ceil(given) : DEFAULT_RETRY_AFTER_SECONDS;
}

/**
 * Logs a run of answers refused because the database is away as a state change and a count, not a line each:
 * the first refusal of a run, then at most one line every 10 s with how many more, and the total when a refusal
 * follows a quiet spell (the run before it ended).
 */
export class DatabaseOutageLog {
  private runStartedAt: number | null = null;
  private lastAt = 0;
  private refused = 0;
  private reportedAt = 0;
  private reportedCount = 0;

  constructor(
    private readonly logger: Pick<Logger, 'error' | 'warn' | 'log'>,
    private readonly quietMs = 10_000,
  ) {}

  refusedOne(error: unknown, now = Date.now()): void {
    if (this.runStartedAt !== null && now - this.lastAt > this.quietMs) {
      this.logger.log(`the database answered again: ${this.refused} answers were refused with 503 over ${((this.lastAt - this.runStartedAt) / 1000).toFixed(1)} s`);
      this.runStartedAt = null;
    }
    this.lastAt = now;
    if (this.runStartedAt === null) {
      this.runStartedAt = now;
      this.refused = 1;
      this.reportedAt = now;
      this.reportedCount = 1;
      this.logger.error(`the database cannot be reached (${error instanceof Error ? error.message : String(error)}); answering 503 DATABASE_UNAVAILABLE with Retry-After until it is back`);
      return;
    }
    this.refused += 1;
    if (now - this.reportedAt >= this.quietMs) {
      this.logger.warn(`the database still cannot be reached: ${this.refused - this.reportedCount} more answers refused with 503 in ${((now - this.reportedAt) / 1000).toFixed(0)} s`);
      this.reportedAt = now;
      this.reportedCount = this.refused;
    }
  }
}

/** One log of database outages for the whole process: HTTP answers, the ingestion fast lane and socket commands. */
export const databaseOutages = new DatabaseOutageLog(new Logger('Database'));

/**
 * Prepares a failed answer's log: the request logger writes one line per answer, so a fault's stack rides on that
 * line (`response.err`) instead of a second one; a refusal the server chose (a 503 with Retry-After) carries its
 * code and no stack; a run of refusals for an absent database is logged as a state change and a count.
 */
export function noteFailure(response: Response, error: unknown, body: ErrorBody): void {
  if (body.statusCode < 500) return;
  const carrier = response as unknown as { err?: unknown };
  if (body.code === 'DATABASE_UNAVAILABLE' && !(error instanceof DomainError)) {
    databaseOutages.refusedOne(error);
    carrier.err = { type: body.code, message: body.message };
  } else if (error instanceof DomainError) {
    carrier.err = { type: body.code, message: body.message };
  } else {
    carrier.err = error;
  }
}

/**
 * Hands a request that this process refused because another one routes (ROUTER_STANDBY) to the process that routes,
 * which answers it (RouterForwarding, when several processes run on one database); returns false when it cannot.
 */
export interface StandbyForwarder {
  forward(request: Request, response: Response, refusal: ErrorBody): boolean;
}

/** Where an HTTP application keeps its forwarder (in Express's `app.locals`, so each application has its own). */
export const STANDBY_FORWARDER = 'standbyForwarder';

/** Answers a failed HTTP request with its error body: its log prepared (see noteFailure), and Retry-After on a 503. */
export function answerFailure(response: Response, error: unknown, body: ErrorBody = toErrorBody(error)): void {
  // Work this process cannot do but the one that routes can is answered by that one.
  if (body.code === 'ROUTER_STANDBY' && response.req) {
    const forwarder = response.req.app?.locals?.[STANDBY_FORWARDER] as StandbyForwarder | undefined;
    if (forwarder?.forward(response.req, response, body)) return;
  }
  noteFailure(response, error, body);
  const retryAfter = retryAfterOf(body);
  if (retryAfter !== null) response.setHeader('Retry-After', String(retryAfter));
  response.status(body.statusCode).json(body);
}

/** Turns any thrown error into a stable error body; never leaks stacks or SQL to clients. */
export function toErrorBody(error: unknown): ErrorBody {
  if (error instanceof DomainError) {
    return { statusCode: error.status, code: error.code, message: error.message, details: error.details };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    const body = typeof response === 'object' && response !== null ? (response as Record<string, unknown>) : {};
    const message = typeof body.message === 'string' ? body.message : Array.isArray(body.message) ? body.message.join('; ') : error.message;
    return {
      statusCode: status,
      code: typeof body.code === 'string' ? body.code : (STATUS_CODES[status] ?? 'ERROR'),
      message,
      ...(body.fields ? { fields: body.fields } : {}),
    };
  }
  // The database is away for now (stopped, restarting, unreachable): nothing was done, and a retry may succeed.
  if (isTransientDatabaseError(error)) {
    return {
      statusCode: HttpStatus.SERVICE_UNAVAILABLE,
      code: 'DATABASE_UNAVAILABLE',
      message: 'The database cannot be reached; nothing was changed. Try again shortly.',
      details: { retryAfterSeconds: DEFAULT_RETRY_AFTER_SECONDS },
    };
  }
  // body-parser errors (malformed JSON, payload too large) carry a status but are not HttpExceptions.
  const withStatus = error as { status?: number; type?: string; expose?: boolean; message?: string };
  if (typeof withStatus?.status === 'number' && withStatus.status >= 400 && withStatus.status < 500) {
    if (withStatus.type === 'entity.parse.failed') return { statusCode: 400, code: 'MALFORMED_JSON', message: 'The request body is not valid JSON' };
    if (withStatus.type === 'entity.too.large') return { statusCode: 413, code: 'PAYLOAD_TOO_LARGE', message: 'The request body is larger than the server accepts' };
    const message = (withStatus.expose && withStatus.message) || 'Bad request';
    return { statusCode: withStatus.status, code: STATUS_CODES[withStatus.status] ?? 'BAD_REQUEST', message };
  }
  return { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, code: 'INTERNAL_ERROR', message: 'Something went wrong on the server' };
}

/** Readiness failures keep terminus' report (which check is down), which holds no secrets. */
function isHealthReport(error: unknown): error is HttpException {
  if (!(error instanceof HttpException) || error.getStatus() !== 503) return false;
  const response = error.getResponse();
  return typeof response === 'object' && response !== null && 'details' in response && 'error' in response;
}

@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ErrorFilter');

  catch(error: unknown, host: ArgumentsHost): void {
    const body = toErrorBody(error);
    if (host.getType() !== 'http') {
      if (body.statusCode >= 500 && !(error instanceof DomainError)) this.logger.error(error instanceof Error ? error.stack : String(error));
      throw error;
    }
    const response = host.switchToHttp().getResponse<Response>();
    // Readiness logs its own changes (HealthController): a probe's 503 is not a fault.
    if (isHealthReport(error)) {
      response.status(body.statusCode).json(error.getResponse());
      return;
    }
    answerFailure(response, error, body);
  }
}

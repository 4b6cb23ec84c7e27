import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
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
    // A refusal the server chose (a standby router's 503) is not a fault worth a stack trace.
    if (body.statusCode >= 500 && !(error instanceof DomainError)) this.logger.error(error instanceof Error ? error.stack : String(error));
    if (host.getType() !== 'http') throw error;
    const response = host.switchToHttp().getResponse<Response>();
    response.status(body.statusCode).json(isHealthReport(error) ? error.getResponse() : body);
  }
}

import { Logger } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import { REALTIME_COMMAND_ROLES, REALTIME_MAX_PAYLOAD_BYTES, type RealtimeAck, type RealtimeCommand, type RealtimeError } from '@callcentre/shared';
import type { AuthenticatedUser } from '../../common/auth';
import { DomainError } from '../../common/http/domain-error';
import { databaseOutages, retryAfterOf, toErrorBody } from '../../common/http/error.filter';
import { unsafeInput } from '../../common/http/validation';
import type { RealtimeSocket } from './realtime.service';

/** Command rate per socket: a burst of this many, refilled at COMMANDS_PER_SECOND. */
const COMMAND_BURST = 30;
const COMMANDS_PER_SECOND = 10;

const logger = new Logger('RealtimeCommands');

type Failure = { readonly ok: false; readonly error: RealtimeError };

const failure = (code: string, message: string, extra: Partial<RealtimeError> = {}): Failure => ({ ok: false, error: { code, message, ...extra } });

function fieldErrors(errors: ValidationError[], parent = ''): Array<{ field: string; messages: string[] }> {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...fieldErrors(error.children ?? [], field)];
  });
}

function takeToken(socket: RealtimeSocket, now: number): boolean {
  const data = socket.data;
  data.tokens = Math.min(COMMAND_BURST, data.tokens + ((now - data.tokensAt) / 1000) * COMMANDS_PER_SECOND);
  data.tokensAt = now;
  if (data.tokens < 1) return false;
  data.tokens -= 1;
  return true;
}

/**
 * Reads a command payload: an object (or nothing, for commands without fields), at most
 * REALTIME_MAX_PAYLOAD_BYTES as JSON, free of what no request may carry (prototype keys, NUL, unpaired
 * surrogates), validated against its DTO with unknown fields refused.
 * `dto` null: the command takes no fields.
 */
export async function readPayload<T extends object>(dto: (new () => T) | null, raw: unknown): Promise<{ ok: true; value: T } | Failure> {
  const payload = raw === undefined || raw === null || (Array.isArray(raw) && raw.length === 0) ? {} : raw;
  if (typeof payload !== 'object' || Array.isArray(payload)) return failure('VALIDATION_FAILED', 'The payload must be one object');
  let size: number;
  try {
    size = Buffer.byteLength(JSON.stringify(payload), 'utf8');
  } catch {
    return failure('VALIDATION_FAILED', 'The payload must be plain JSON');
  }
  if (size > REALTIME_MAX_PAYLOAD_BYTES) return failure('PAYLOAD_TOO_LARGE', `The payload is larger than ${REALTIME_MAX_PAYLOAD_BYTES} bytes`);
  const unsafe = unsafeInput(payload);
  if (unsafe.length > 0) return failure('VALIDATION_FAILED', 'The payload has invalid fields', { fields: unsafe });
  if (dto === null) {
    const unknown = Object.keys(payload);
    if (unknown.length === 0) return { ok: true, value: {} as T };
    return failure('VALIDATION_FAILED', 'The payload has invalid fields', { fields: unknown.map((field) => ({ field, messages: [`property ${field} should not exist`] })) });
  }
  const instance = plainToInstance(dto, payload, { enableImplicitConversion: false });
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true, stopAtFirstError: false });
  if (errors.length > 0) return failure('VALIDATION_FAILED', 'The payload has invalid fields', { fields: fieldErrors(errors) });
  return { ok: true, value: instance };
}

/**
 * Runs one client command the way an HTTP route runs: rate limit, the REST route's role rule, payload
 * validation, then one service call with the caller's identity. Every outcome is an acknowledgement; errors
 * carry the same codes and messages as the REST error body, never a stack.
 */
export async function runCommand<T extends object, R>(
  socket: RealtimeSocket,
  command: RealtimeCommand,
  dto: (new () => T) | null,
  raw: unknown,
  call: (payload: T, user: AuthenticatedUser) => Promise<R>,
): Promise<RealtimeAck<R>> {
  const user = socket.data.user;
  if (!takeToken(socket, Date.now())) return failure('RATE_LIMITED', 'Too many commands; slow down');
  const roles = REALTIME_COMMAND_ROLES[command];
  if (!user.roles.some((role) => roles.includes(role))) return failure('FORBIDDEN', 'Your roles do not allow this');
  const payload = await readPayload(dto, raw);
  if (!payload.ok) return payload;
  try {
    return { ok: true, data: await call(payload.value, user) };
  } catch (error) {
    const body = toErrorBody(error);
    // A 503 (standby, database away, change not saved) keeps its code and when to try again: the console says why.
    if (body.statusCode === 503) {
      if (body.code === 'DATABASE_UNAVAILABLE' && !(error instanceof DomainError)) databaseOutages.refusedOne(error);
      return failure(body.code, body.message, { details: { ...body.details, retryAfterSeconds: retryAfterOf(body) } });
    }
    if (body.statusCode >= 500) {
      logger.error(`${command} failed: ${error instanceof Error ? error.stack : String(error)}`);
      return failure('INTERNAL_ERROR', body.message);
    }
    return failure(body.code, body.message, { ...(body.fields ? { fields: body.fields as RealtimeError['fields'] } : {}), ...(body.details ? { details: body.details } : {}) });
  }
}

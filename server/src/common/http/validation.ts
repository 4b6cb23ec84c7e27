import { ArgumentMetadata, BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

export interface FieldError {
  field: string;
  messages: string[];
}

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** Keys that reach an object's prototype once a DTO is built from the JSON, so no DTO may carry them. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** Far deeper than any DTO nests; deeper input only serves to exhaust the stack. */
const MAX_DEPTH = 32;
/** NUL (PostgreSQL text cannot hold it) and UTF-16 surrogates without their pair (not text at all). */
// eslint-disable-next-line no-control-regex -- NUL is exactly what this looks for
const UNSAFE_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * What no request may carry, whatever its DTO says: prototype keys (`__proto__`, `constructor`, `prototype`),
 * text with NUL characters or unpaired surrogates, and nesting deeper than any DTO. Empty when the input is clean.
 */
export function unsafeInput(value: unknown, path = '', depth = 0, found: FieldError[] = []): FieldError[] {
  const field = path || 'value';
  if (typeof value === 'string') {
    if (UNSAFE_TEXT.test(value)) found.push({ field, messages: [`${field} must be text without NUL characters or unpaired surrogates`] });
    return found;
  }
  if (typeof value !== 'object' || value === null) return found;
  if (depth >= MAX_DEPTH) {
    found.push({ field, messages: [`${field} is nested too deeply`] });
    return found;
  }
  for (const key of Object.keys(value)) {
    const child = path ? `${path}.${key}` : key;
    if (PROTOTYPE_KEYS.has(key) || UNSAFE_TEXT.test(key)) found.push({ field: child, messages: [`property ${key} is not allowed`] });
    else unsafeInput((value as Record<string, unknown>)[key], child, depth + 1, found);
  }
  return found;
}

function validationFailed(fields: FieldError[]): BadRequestException {
  return new BadRequestException({ code: 'VALIDATION_FAILED', message: 'The request has invalid fields', fields });
}

/** The DTO validation, after a check of what no DTO may accept (see `unsafeInput`). */
class RequestValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom') {
      const unsafe = unsafeInput(value);
      if (unsafe.length > 0) throw validationFailed(unsafe);
    }
    return super.transform(value, metadata);
  }
}

/**
 * Every body, param and query is validated against its DTO: unknown fields are rejected,
 * values converted only where the DTO says so, and the 400 lists each bad field.
 */
export function createValidationPipe(): ValidationPipe {
  return new RequestValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    stopAtFirstError: false,
    exceptionFactory: (errors) => validationFailed(flatten(errors)),
  });
}

import { BadRequestException, ParseUUIDPipe } from '@nestjs/common';

/** Validates a path id as a UUID and answers with the same field-level 400 as body validation. */
export function uuidParam(name = 'id'): ParseUUIDPipe {
  return new ParseUUIDPipe({
    exceptionFactory: () =>
      new BadRequestException({ code: 'VALIDATION_FAILED', message: `${name} must be a UUID`, fields: [{ field: name, messages: [`${name} must be a UUID`] }] }),
  });
}

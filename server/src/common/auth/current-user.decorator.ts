import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { PRINCIPAL_KEY, type RequestWithPrincipal } from './access.guard';
import type { AuthenticatedPrincipal } from './principal';

/**
 * The authenticated caller (`AuthenticatedPrincipal`: a user or an API key), as the global guard
 * found it. Undefined only on `@Public()` routes.
 */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): AuthenticatedPrincipal | undefined => {
  return context.switchToHttp().getRequest<RequestWithPrincipal>()[PRINCIPAL_KEY];
});

import type { RoutingError } from '@callcentre/shared';
import { DomainError } from '../../common/http/domain-error';

/** HTTP status of each refusal of the routing core; codes not listed are conflicts with the current state (409). */
const HTTP_STATUS_OF_ROUTING_ERROR: Record<string, 400 | 404 | 409> = {
  UNKNOWN_QUEUE: 404,
  UNKNOWN_AGENT: 404,
  UNKNOWN_CONTACT: 404,
  INVALID_QUEUE: 400,
  INVALID_AGENT: 400,
  INVALID_CONTACT: 400,
};

/** A refusal of the routing core, as the HTTP and socket layers show it (current state in the details). */
export function toDomainError(error: RoutingError): DomainError {
  return new DomainError(error.code, error.message, HTTP_STATUS_OF_ROUTING_ERROR[error.code] ?? 409, { ...error.details });
}

/** Seconds a client is told to wait (Retry-After) before trying again a command refused while routing is away. */
export const ROUTING_RETRY_AFTER_SECONDS = 1;

/** Why routing takes no command now, or what became of a change it was given. */
export const routingErrors = {
  standby: () => new DomainError('ROUTER_STANDBY', 'Another server instance routes contacts; this one stands by', 503, { retryAfterSeconds: 2 }),
  databaseUnavailable: () =>
    new DomainError('DATABASE_UNAVAILABLE', 'The database cannot be reached; nothing was changed. Try again shortly.', 503, { retryAfterSeconds: ROUTING_RETRY_AFTER_SECONDS }),
  notSaved: () => new DomainError('ROUTING_NOT_SAVED', 'The change could not be saved; nothing was changed. Try again.', 503, { retryAfterSeconds: ROUTING_RETRY_AFTER_SECONDS }),
  stopping: () => new DomainError('ROUTER_STOPPING', 'The server is stopping; try again in a moment', 409),
  invalidPolicy: (problem: string) => new DomainError('INVALID_POLICY', problem, 400),
  changeSavedNotApplied: () =>
    new DomainError(
      'CHANGE_SAVED_NOT_APPLIED',
      'The change is saved, but routing could not apply it yet (this server stopped routing, or the database could not be read). It applies when routing next loads the configuration: when the routing server starts or takes over, or when the change is saved again.',
      503,
    ),
};

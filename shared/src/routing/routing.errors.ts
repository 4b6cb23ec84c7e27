import type { AgentView, ContactView } from './routing.types';

/** Why the engine refused a command. A refused command changes nothing. */
export const ROUTING_ERROR_CODES = [
  'UNKNOWN_QUEUE',
  'UNKNOWN_AGENT',
  'UNKNOWN_CONTACT',
  'DUPLICATE_CONTACT',
  'INVALID_QUEUE',
  'INVALID_AGENT',
  'INVALID_CONTACT',
  'INVALID_SNAPSHOT',
  'OFFER_NOT_FOUND',
  'OFFER_NOT_YOURS',
  'OFFER_EXPIRED',
  'CONTACT_NOT_YOURS',
  'AGENT_OVER_CAPACITY',
  'AGENT_NOT_LOGGED_IN',
  'INVALID_AGENT_TRANSITION',
  'INVALID_CONTACT_TRANSITION',
] as const;
export type RoutingErrorCode = (typeof ROUTING_ERROR_CODES)[number];

/** Human messages for the codes; servers map the code to HTTP and socket errors. */
export const ROUTING_ERROR_MESSAGES: Readonly<Record<RoutingErrorCode, string>> = {
  UNKNOWN_QUEUE: 'No such queue.',
  UNKNOWN_AGENT: 'No such agent.',
  UNKNOWN_CONTACT: 'No such contact in routing (it may already be completed or abandoned).',
  DUPLICATE_CONTACT: 'A contact with this id is already in routing.',
  INVALID_QUEUE: 'The queue definition is invalid.',
  INVALID_AGENT: 'The agent profile is invalid.',
  INVALID_CONTACT: 'The contact is invalid.',
  INVALID_SNAPSHOT: 'The routing state to restore is inconsistent.',
  OFFER_NOT_FOUND: 'The contact has no ringing offer (or not this one).',
  OFFER_NOT_YOURS: 'The offer rings at another agent.',
  OFFER_EXPIRED: 'The offer has expired.',
  CONTACT_NOT_YOURS: 'The contact is handled by another agent.',
  AGENT_OVER_CAPACITY: 'The agent holds more contacts than their capacity allows.',
  AGENT_NOT_LOGGED_IN: 'The agent is not logged in.',
  INVALID_AGENT_TRANSITION: 'The agent cannot make this state change now.',
  INVALID_CONTACT_TRANSITION: 'The contact cannot make this change in its current status.',
};

/** The current state of whatever the refused command was about, so the caller can resync. */
export interface RoutingErrorDetails {
  readonly agent?: AgentView;
  readonly contact?: ContactView;
  readonly queueId?: string;
  readonly problem?: string;
}

export class RoutingError extends Error {
  constructor(
    readonly code: RoutingErrorCode,
    readonly details: RoutingErrorDetails = {},
  ) {
    super(details.problem ? `${ROUTING_ERROR_MESSAGES[code]} ${details.problem}` : ROUTING_ERROR_MESSAGES[code]);
    this.name = 'RoutingError';
  }
}

export function isRoutingError(error: unknown, code?: RoutingErrorCode): error is RoutingError {
  return error instanceof RoutingError && (code === undefined || error.code === code);
}

import type { ComplaintEventType, ComplaintState } from '@callcentre/shared';
import { DomainError } from '../../common/http/domain-error';

/** Where the complaint stands, sent with every refusal so a console can refresh its buttons without another request. */
export interface ComplaintStanding {
  state: ComplaintState;
  stateValue: unknown;
  version: number;
  /** Event types the machine accepts now (from anyone). */
  allowedEvents: ComplaintEventType[];
  /** Those the caller may send. */
  yourAllowedEvents: ComplaintEventType[];
}

export const complaintErrors = {
  notFound: (id: string) => new DomainError('COMPLAINT_NOT_FOUND', `complaint '${id}' does not exist`, 404, { complaintId: id }),
  notVisible: (number: string) => new DomainError('COMPLAINT_NOT_VISIBLE', `complaint ${number} is not yours to see`, 403, { number }),
  mayNotSend: (number: string, type: ComplaintEventType, standing: ComplaintStanding) =>
    new DomainError('COMPLAINT_EVENT_FORBIDDEN', `you may not send '${type}' to complaint ${number}: only its owner, its team lead or a supervisor moves it, each for their own events`, 403, {
      number,
      type,
      ...standing,
    }),
  eventRefused: (number: string, type: ComplaintEventType, standing: ComplaintStanding) => {
    const acceptedType = standing.allowedEvents.includes(type);
    const message = acceptedType
      ? `complaint ${number} (${standing.state}) does not accept '${type}' with these details; check them against the complaint (remedy offered, due date ahead, a new owner...)`
      : `complaint ${number} is in '${standing.state}', where '${type}' is not possible; allowed now: ${standing.allowedEvents.join(', ') || 'nothing (closed)'}`;
    return new DomainError('COMPLAINT_EVENT_REFUSED', message, 409, { number, type, reason: acceptedType ? 'details_refused' : 'not_allowed_now', ...standing });
  },
  versionConflict: (number: string, expected: number, standing: ComplaintStanding) =>
    new DomainError('COMPLAINT_VERSION_CONFLICT', `complaint ${number} changed meanwhile (version ${standing.version}, you expected ${expected}); it is now in '${standing.state}'`, 409, {
      number,
      expectedVersion: expected,
      ...standing,
    }),
  customerOrInteractionRequired: () =>
    new DomainError('CUSTOMER_OR_INTERACTION_REQUIRED', 'Give the interaction the complaint came through, or the customer it is for', 400),
  customerNotFound: (customerId: string) => new DomainError('CUSTOMER_NOT_FOUND', `customer '${customerId}' does not exist`, 404, { customerId }),
  interactionNotFound: (interactionId: string) => new DomainError('INTERACTION_NOT_FOUND', `interaction '${interactionId}' does not exist`, 404, { interactionId }),
  customerMismatch: (interactionId: string, customerId: string) =>
    new DomainError('CUSTOMER_MISMATCH', `interaction '${interactionId}' belongs to another customer than '${customerId}'`, 400, { interactionId, customerId }),
  interactionNotYours: (interactionId: string) =>
    new DomainError('INTERACTION_NOT_YOURS', `interaction '${interactionId}' was not handled by you; a team lead can open a complaint from it`, 403, { interactionId }),
  customerNotServed: (customerId: string) =>
    new DomainError('CUSTOMER_NOT_SERVED', `you have not handled a contact of customer '${customerId}'; open the complaint from their contact, or ask a team lead`, 403, { customerId }),
  linkNotYours: (interactionId: string, number: string) =>
    new DomainError('INTERACTION_NOT_YOURS', `interaction '${interactionId}' was not handled by you; the team lead of complaint ${number} or a supervisor can link it`, 403, {
      interactionId,
      number,
    }),
  interactionAlreadyLinked: (interactionId: string, number: string) =>
    new DomainError('INTERACTION_ALREADY_LINKED', `interaction '${interactionId}' is already linked to complaint ${number}`, 409, { interactionId, number }),
  userNotFound: (field: string, userId: string) => new DomainError('USER_NOT_FOUND', `${field}: user '${userId}' does not exist`, 404, { field, userId }),
  notAnAgent: (field: string, userId: string) => new DomainError('NOT_AN_AGENT', `${field}: user '${userId}' is not an agent or team lead`, 400, { field, userId }),
};

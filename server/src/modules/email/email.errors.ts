import { DomainError } from '../../common/http/domain-error';

/** Error codes of the e-mail channel, mapped to HTTP by the one error filter. */
export const emailErrors = {
  notEmailContact: (interactionId: string) => new DomainError('EMAIL_CONTACT_NOT_FOUND', `interaction '${interactionId}' is not an e-mail contact`, 404, { interactionId }),
  attachmentNotFound: (id: string) => new DomainError('EMAIL_ATTACHMENT_NOT_FOUND', `attachment '${id}' does not exist`, 404, { attachmentId: id }),
  messageNotFound: (id: string) => new DomainError('EMAIL_MESSAGE_NOT_FOUND', `e-mail message '${id}' does not exist`, 404, { messageId: id }),
  notYourContact: (interactionId: string) => new DomainError('EMAIL_NOT_YOUR_CONTACT', 'only the agent handling this e-mail, or a supervisor, may reply to it', 403, { interactionId }),
  unsafeHeader: (field: string) => new DomainError('EMAIL_UNSAFE_HEADER', `${field} may not contain line breaks or control characters`, 400, { field }),
  noRecipient: (interactionId: string) => new DomainError('EMAIL_NO_RECIPIENT', 'the message being answered has no address to reply to', 422, { interactionId }),
  notRetryable: (id: string, state: string) => new DomainError('EMAIL_NOT_RETRYABLE', `a reply that is ${state} cannot be sent again`, 409, { messageId: id, state }),
  notOurAddress: () => new DomainError('EMAIL_NOT_OUR_ADDRESS', 'no recipient of the message is one of the centre\'s addresses', 422),
  refused: (smtpCode: number, reason: string) => new DomainError('EMAIL_REFUSED', reason, 422, { smtpCode }),
  tooBig: (maxBytes: number) => new DomainError('EMAIL_TOO_BIG', `the message is larger than ${maxBytes} bytes`, 422, { maxBytes }),
  invalidSettings: (message: string) => new DomainError('EMAIL_SETTINGS_INVALID', message, 400),
  unknownQueue: (department: string, queue: string) => new DomainError('EMAIL_QUEUE_NOT_FOUND', `queue '${queue}' of department ${department} does not exist`, 400, { department, queue }),
};

import { DomainError } from '../../common/http/domain-error';

export const chatErrors = {
  notFound: () => new DomainError('CHAT_NOT_FOUND', 'This chat does not exist or its token is not valid', 404),
  ended: (chatId: string) => new DomainError('CHAT_ENDED', 'This chat has ended', 409, { chatId }),
  notYours: (chatId: string) => new DomainError('CHAT_NOT_YOURS', `chat '${chatId}' is not handled by you`, 403, { chatId }),
  notConnected: (chatId: string) => new DomainError('CHAT_NOT_CONNECTED', 'No agent has joined this chat yet', 409, { chatId }),
  invalidMessage: () => new DomainError('CHAT_MESSAGE_INVALID', 'A message is text of 1 to 2000 characters', 400),
  rateLimited: () => new DomainError('CHAT_RATE_LIMITED', 'Too many messages; wait a moment and try again', 429),
  foreignOrigin: () => new DomainError('CHAT_FOREIGN_ORIGIN', 'A chat must be started from the chat page itself', 403),
};

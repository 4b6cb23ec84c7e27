import { DomainError } from '../../common/http/domain-error';

export const statisticsErrors = {
  unknownQueue: (queueId: string) => new DomainError('QUEUE_NOT_FOUND', `queue '${queueId}' does not exist`, 404, { queueId }),
  badRange: (message: string, details: Record<string, unknown>) => new DomainError('INVALID_RANGE', message, 400, details),
};

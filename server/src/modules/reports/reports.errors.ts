import { DomainError } from '../../common/http/domain-error';

export const reportErrors = {
  badRange: (message: string, details: Record<string, unknown>) => new DomainError('REPORT_INVALID_RANGE', message, 400, details),
  unknownQueue: (queueId: string) => new DomainError('REPORT_QUEUE_NOT_FOUND', `queue '${queueId}' does not exist`, 404, { queueId }),
  unknownAgent: (agentId: string) => new DomainError('REPORT_AGENT_NOT_FOUND', `agent '${agentId}' does not exist or is not in your team`, 404, { agentId }),
};

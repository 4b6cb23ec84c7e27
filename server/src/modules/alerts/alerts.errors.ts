import { DomainError } from '../../common/http/domain-error';

export const alertErrors = {
  notFound: (id: string) => new DomainError('ALERT_NOT_FOUND', `alert '${id}' does not exist`, 404, { alertId: id }),
  notAddressed: (id: string) => new DomainError('ALERT_NOT_ADDRESSED_TO_YOU', `alert '${id}' is not addressed to you`, 403, { alertId: id }),
};

import { BadRequestException } from '@nestjs/common';
import { DomainError, NotFoundDomainError } from '../../common/http/domain-error';

/** Errors of churn, the retention worklist, lost customers, shared notes and the value reports. */
export const retentionErrors = {
  actionNotFound: (id: string) => new NotFoundDomainError('retention_action', id),
  actionNotYours: (id: string) =>
    new DomainError('RETENTION_ACTION_NOT_YOURS', `care action '${id}' belongs to another team's worklist`, 403, { retentionActionId: id }),
  actionClosed: (id: string, status: string) =>
    new DomainError('RETENTION_ACTION_CLOSED', `care action '${id}' is already ${status}`, 409, { retentionActionId: id, status }),
  customerNotLost: (id: string) => new DomainError('CUSTOMER_NOT_LOST', `customer '${id}' is not marked lost`, 404, { customerId: id }),
  runNotFound: (id: number) => new NotFoundDomainError('value_run', String(id)),
  noCompletedRun: () => new DomainError('NO_COMPLETED_VALUE_RUN', 'no value run has completed yet', 404),
  noPreviousRun: () => new DomainError('NO_PREVIOUS_VALUE_RUN', 'a tier migration needs two completed value runs', 404),
  unknownCursor: (customerId: string) => {
    const message = `before must be the nextBefore of a previous page of customer '${customerId}'`;
    return new BadRequestException({ code: 'VALIDATION_FAILED', message, fields: [{ field: 'before', messages: [message] }] });
  },
};

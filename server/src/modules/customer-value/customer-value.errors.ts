import { DomainError } from '../../common/http/domain-error';

export const customerValueErrors = {
  runInProgress: (runId: string) =>
    new DomainError('VALUE_RUN_IN_PROGRESS', `value run ${runId} is already pending or running; wait for it to finish`, 409, { runId: Number(runId) }),
  runNotFound: (runId: string) => new DomainError('VALUE_RUN_NOT_FOUND', `value run '${runId}' does not exist`, 404, { runId }),
  asOfInFuture: () => new DomainError('AS_OF_IN_FUTURE', 'asOf must not be in the future: a value run looks at purchases up to it', 400, { field: 'asOf' }),
  customerNotFound: (customerId: string) => new DomainError('CUSTOMER_NOT_FOUND', `customer '${customerId}' does not exist`, 404, { customerId }),
  expiryPassed: () => new DomainError('OVERRIDE_EXPIRY_PASSED', 'expiresAt must be in the future', 400, { field: 'expiresAt' }),
  noOverride: (customerId: string) => new DomainError('TIER_OVERRIDE_NOT_FOUND', `customer '${customerId}' has no tier override`, 404, { customerId }),
};

import { DomainError } from '../../common/http/domain-error';

export const calendarErrors = {
  invalid: (message: string) => new DomainError('CALENDAR_INVALID', message, 400),
};

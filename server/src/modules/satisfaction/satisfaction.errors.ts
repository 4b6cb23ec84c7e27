import { DomainError } from '../../common/http/domain-error';

export const satisfactionErrors = {
  surveyNotFound: () => new DomainError('SURVEY_NOT_FOUND', 'This survey link is not valid', 404),
  noSurveyForContact: (interactionId: string) =>
    new DomainError('SURVEY_NOT_AVAILABLE', `interaction '${interactionId}' has not ended with an agent, so it has no survey`, 409, { interactionId }),
  alreadyAnswered: () => new DomainError('SURVEY_ALREADY_ANSWERED', 'This survey was answered already; thank you', 409),
  expired: () => new DomainError('SURVEY_EXPIRED', 'This survey has expired', 409),
  wrongChannel: (interactionId: string) =>
    new DomainError('SURVEY_NOT_BY_KEYPAD', `interaction '${interactionId}' was not a call: its survey is answered on the survey page`, 409, { interactionId }),
  foreignOrigin: () => new DomainError('SURVEY_FOREIGN_ORIGIN', 'A survey must be answered from the survey page itself', 403),
  rangeInvalid: () => new DomainError('SATISFACTION_RANGE_INVALID', 'from must be before to, and the range at most 366 days', 400),
  rateLimited: () => new DomainError('SURVEY_RATE_LIMITED', 'Too many requests; wait a moment and try again', 429),
};

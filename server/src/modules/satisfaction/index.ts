export { SURVEY_ANSWERED, SURVEY_CREATED, type SurveyAnswered, type SurveyCreated } from './satisfaction.events';
export { SatisfactionModule } from './satisfaction.module';
export { SatisfactionService } from './satisfaction.service';
export { PublicRateLimit } from './public-rate-limit';
export { hashPublicToken, newPublicToken } from './survey-token';

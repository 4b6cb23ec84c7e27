import { publicPageController } from '../../common/http/public-page';
import { SURVEY_PAGE_HTML, SURVEY_PAGE_JS } from './survey-page';

/** The one-page survey customers open from a chat's end or an e-mail's link. */
export class SurveyPageController extends publicPageController('survey', { html: SURVEY_PAGE_HTML, js: SURVEY_PAGE_JS }) {}

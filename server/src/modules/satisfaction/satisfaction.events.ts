import type { Channel, SurveyResult } from '@callcentre/shared';
import type { StoredAlert } from '../alerts';

/**
 * Emitted after a contact's survey was committed. `token` (web surveys only) exists in memory only: listeners that
 * hand the link to the customer (the chat page, the e-mail reply) take it from here; it is never logged or stored.
 */
export const SURVEY_CREATED = 'satisfaction.survey-created';
export interface SurveyCreated {
  interactionId: string;
  channel: Channel;
  language: string | null;
  /** Null for a call (answered from the keypad). */
  token: string | null;
  surveyPath: string | null;
}

/** Emitted after an answer was committed (with its alert, when poor). */
export const SURVEY_ANSWERED = 'satisfaction.answered';
export interface SurveyAnswered {
  result: SurveyResult;
  agentId: string | null;
  queueId: string;
  customerId: string | null;
  /** The team-lead alert stored with the answer, when it was poor. */
  alert: StoredAlert | null;
}

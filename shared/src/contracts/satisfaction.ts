/**
 * Satisfaction after every contact: the survey's questions and scales, what the customer's page and the PBX send,
 * and the figures per agent, queue, value tier and RFM cell. Domain rule: satisfaction = experience minus
 * expectation. Both questions use the same 1–5 scale, so the difference reads directly: 0 = as expected,
 * above 0 = better than expected, below 0 = worse (−4..+4).
 */
import type { Channel } from '../domain/call-centre';

export const SURVEY_SCORE_MIN = 1;
export const SURVEY_SCORE_MAX = 5;

/** Satisfaction = experience − expectation, both on 1–5. */
export function satisfactionOf(experience: number, expectation: number): number {
  return experience - expectation;
}

/** The two questions, in the order asked (web page, IVR prompts). */
export const SURVEY_QUESTIONS = ['experience', 'expectation'] as const;
export type SurveyQuestion = (typeof SURVEY_QUESTIONS)[number];

/** `POST /api/interactions/:id/survey` (PBX, API key of the ingest scope): the caller's keypad answers. */
export interface KeypadSurveyAnswers {
  readonly experience: number;
  readonly expectation: number;
}

/** `POST /api/surveys/lookup` with the token: what the survey page shows. */
export interface SurveyLookupResponse {
  readonly channel: Channel;
  readonly language: string | null;
  readonly status: 'open' | 'answered' | 'expired';
  readonly expiresAt: string;
}

/** `POST /api/surveys/answer`: the token and both answers. */
export interface SurveyAnswerRequest {
  readonly token: string;
  readonly experience: number;
  readonly expectation: number;
}

/** One answered survey, as stored (answer of both posting routes). */
export interface SurveyResult {
  readonly interactionId: string;
  readonly channel: Channel;
  readonly source: 'keypad' | 'web';
  readonly experience: number;
  readonly expectation: number;
  readonly satisfaction: number;
  readonly poor: boolean;
  readonly answeredAt: string;
}

export const SATISFACTION_GROUPINGS = ['agent', 'queue', 'tier', 'cell'] as const;
export type SatisfactionGrouping = (typeof SATISFACTION_GROUPINGS)[number];

/** Figures of one group (or of everything). Averages are null when nothing was answered. */
export interface SatisfactionFigures {
  /** Surveys created (contacts that ended with an agent) in the period. */
  readonly surveys: number;
  readonly answered: number;
  /** answered / surveys, 0..1; null without surveys. */
  readonly responseRate: number | null;
  readonly averageExperience: number | null;
  readonly averageExpectation: number | null;
  /** Mean of experience − expectation over answered surveys. */
  readonly averageSatisfaction: number | null;
  /** Answers at or below the poor threshold. */
  readonly poor: number;
}

export interface SatisfactionGroup extends SatisfactionFigures {
  /** Agent id, queue id, value tier or RFM cell; null for contacts without one (no agent, no customer, no cell). */
  readonly key: string | null;
  /** Agent's or queue's name; the tier or cell code otherwise. */
  readonly label: string | null;
}

/** `GET /api/satisfaction/summary?from&to&groupBy=`: figures over [from, to) by answer time. */
export interface SatisfactionSummaryResponse {
  readonly from: string;
  readonly to: string;
  readonly groupBy: SatisfactionGrouping;
  readonly poorThreshold: number;
  readonly total: SatisfactionFigures;
  readonly groups: readonly SatisfactionGroup[];
}

/** `GET /api/satisfaction/live`: since the centre's midnight, every grouping at once (the wallboard's panel). */
export interface SatisfactionLiveResponse {
  readonly since: string;
  readonly poorThreshold: number;
  readonly total: SatisfactionFigures;
  readonly byAgent: readonly SatisfactionGroup[];
  readonly byQueue: readonly SatisfactionGroup[];
  readonly byTier: readonly SatisfactionGroup[];
  readonly byCell: readonly SatisfactionGroup[];
}

/** Alert kind raised to the team lead by a poor answer. */
export const POOR_SATISFACTION_ALERT = 'satisfaction.poor';


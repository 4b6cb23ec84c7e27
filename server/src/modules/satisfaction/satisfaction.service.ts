import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { DataSource } from 'typeorm';
import {
  POOR_SATISFACTION_ALERT,
  startOfLocalDay,
  type RealtimeAlert,
  type SatisfactionGrouping,
  type SatisfactionLiveResponse,
  type SatisfactionSummaryResponse,
  type SurveyLookupResponse,
  type SurveyResult,
} from '@callcentre/shared';
import { AppConfig } from '../../common/config/app-config';
import { APP_CONFIG } from '../../common/config/config.tokens';
import { AlertsService } from '../alerts';
import type { StoredAlert } from '../alerts';
import { ROUTING_COMMITTED, type RoutingCommitted } from '../routing';
import { satisfactionErrors } from './satisfaction.errors';
import { SURVEY_ANSWERED, SURVEY_CREATED, type SurveyAnswered, type SurveyCreated } from './satisfaction.events';
import { resultOf, SatisfactionRepository, type SurveyRow } from './satisfaction.repository';
import { isPoorAnswer } from './satisfaction.rules';
import { hashPublicToken, newPublicToken, surveyPathOf } from './survey-token';

const DAY_MS = 86_400_000;
/** Longest report range. */
const MAX_RANGE_MS = 366 * DAY_MS;
/** Surveys created at start for contacts whose end was not followed by one, at most this many per start. */
const CATCH_UP_LIMIT = 10_000;

export interface Answers {
  experience: number;
  expectation: number;
}

/**
 * Satisfaction after every contact (domain rule: satisfaction = experience − expectation, measured at the end of
 * every contact). A survey is created, committed, then announced (SURVEY_CREATED) when routing reports that a
 * contact ended with an agent; the PBX answers a call's from the caller's keypad, the customer answers a chat's or
 * an e-mail's on the one-page survey with a single-use token. An answer is committed with the team-lead alert a
 * poor one raises, then announced (SURVEY_ANSWERED) for the live views.
 */
@Injectable()
export class SatisfactionService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Satisfaction');
  private readonly committed = (committed: RoutingCommitted) => {
    const ended = new Set<string>();
    for (const event of committed.events) {
      if (event.type === 'contact.wrap_up' || (event.type === 'contact.completed' && event.endedBy === 'contact_end')) ended.add(event.contactId);
    }
    if (ended.size > 0) void this.createSurveys([...ended]).catch((error) => this.logger.error(`surveys not created: ${error instanceof Error ? error.message : String(error)}`));
  };

  constructor(
    private readonly dataSource: DataSource,
    private readonly surveys: SatisfactionRepository,
    private readonly alerts: AlertsService,
    private readonly events: EventEmitter2,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.events.on(ROUTING_COMMITTED, this.committed);
  }

  /** Contacts that ended while no survey could be created (a stop in between) get theirs now. */
  async onApplicationBootstrap(): Promise<void> {
    try {
      const missing = await this.surveys.endedWithoutSurvey(new Date(Date.now() - this.config.SURVEY_TTL_HOURS * 3_600_000), CATCH_UP_LIMIT);
      await this.createSurveys(missing);
    } catch (error) {
      this.logger.error(`surveys of contacts ended before the start not created: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  onModuleDestroy(): void {
    this.events.off(ROUTING_COMMITTED, this.committed);
  }

  /** Creates the surveys of these ended contacts (those that have none), then announces each. */
  async createSurveys(interactionIds: readonly string[]): Promise<void> {
    if (interactionIds.length === 0) return;
    const tokens = new Map(interactionIds.map((id) => [id, newPublicToken('svy')]));
    const created = await this.surveys.create(
      interactionIds.map((id) => ({ interactionId: id, tokenHash: hashPublicToken(tokens.get(id) as string) })),
      this.config.SURVEY_TTL_HOURS,
    );
    for (const survey of created) {
      const token = survey.web ? (tokens.get(survey.interactionId) as string) : null;
      this.announce<SurveyCreated>(SURVEY_CREATED, {
        interactionId: survey.interactionId,
        channel: survey.channel,
        language: survey.language,
        token,
        surveyPath: token ? surveyPathOf(token) : null,
      });
    }
  }

  /**
   * A fresh link for a contact's unanswered web survey (the chat page asks again after a reload): the previous
   * link stops working. Null when there is none to answer.
   */
  async reissueLink(interactionId: string): Promise<string | null> {
    const token = newPublicToken('svy');
    return (await this.surveys.replaceToken(interactionId, hashPublicToken(token))) ? surveyPathOf(token) : null;
  }

  /** The PBX reports a caller's keypad answers; the same answers again are answered as stored. */
  async answerByKeypad(interactionId: string, answers: Answers): Promise<SurveyResult> {
    let survey = await this.surveys.find(interactionId);
    if (!survey) {
      // The PBX may ask right after the end, before the survey created on the end's announcement is stored.
      await this.createSurveys([interactionId]);
      survey = await this.surveys.find(interactionId);
    }
    if (!survey) throw satisfactionErrors.noSurveyForContact(interactionId);
    if (survey.channel !== 'voice') throw satisfactionErrors.wrongChannel(interactionId);
    return this.answer(survey.interaction_id, 'keypad', answers, (stored) => stored.source === 'keypad' && stored.experience === answers.experience && stored.expectation === answers.expectation);
  }

  async lookup(token: string): Promise<SurveyLookupResponse> {
    const survey = await this.byToken(token);
    const status = survey.answered_at ? 'answered' : survey.expires_at.getTime() <= Date.now() ? 'expired' : 'open';
    return { channel: survey.channel, language: survey.language, status, expiresAt: survey.expires_at.toISOString() };
  }

  /** The customer's answers from the survey page: once per token, before it expires. */
  async answerByToken(token: string, answers: Answers): Promise<SurveyResult> {
    const survey = await this.byToken(token);
    return this.answer(survey.interaction_id, 'web', answers, () => false);
  }

  async summary(range: { from?: number; to?: number }, groupBy: SatisfactionGrouping): Promise<SatisfactionSummaryResponse> {
    const to = range.to ?? Date.now();
    const from = range.from ?? startOfLocalDay(to - 1, this.config.CENTRE_TIME_ZONE);
    if (!(from < to) || to - from > MAX_RANGE_MS) throw satisfactionErrors.rangeInvalid();
    const { total, groups } = await this.surveys.figures(new Date(from), new Date(to), groupBy);
    return { from: new Date(from).toISOString(), to: new Date(to).toISOString(), groupBy, poorThreshold: this.config.SATISFACTION_POOR_SCORE, total, groups };
  }

  /** Since the centre's midnight, by every grouping: the live figures of the wallboard. */
  async live(now = Date.now()): Promise<SatisfactionLiveResponse> {
    const from = new Date(startOfLocalDay(now, this.config.CENTRE_TIME_ZONE));
    const to = new Date(now + 1);
    const [agent, queue, tier, cell] = await Promise.all((['agent', 'queue', 'tier', 'cell'] as const).map((groupBy) => this.surveys.figures(from, to, groupBy)));
    return {
      since: from.toISOString(),
      poorThreshold: this.config.SATISFACTION_POOR_SCORE,
      total: agent.total,
      byAgent: agent.groups,
      byQueue: queue.groups,
      byTier: tier.groups,
      byCell: cell.groups,
    };
  }

  private async byToken(token: string): Promise<SurveyRow> {
    const survey = await this.surveys.findByTokenHash(hashPublicToken(token));
    if (!survey) throw satisfactionErrors.surveyNotFound();
    return survey;
  }

  /**
   * Stores the answer with the alert a poor one raises, in one transaction, then announces both. `sameAsStored`
   * says whether a survey answered already was answered with these very answers (an idempotent repeat).
   */
  private async answer(interactionId: string, source: 'keypad' | 'web', answers: Answers, sameAsStored: (stored: SurveyRow) => boolean): Promise<SurveyResult> {
    const poor = isPoorAnswer(answers.experience, answers.expectation, this.config.SATISFACTION_POOR_SCORE);
    const outcome = await this.dataSource.transaction(async (manager) => {
      const locked = await this.surveys.lock(manager, interactionId);
      if (!locked) throw satisfactionErrors.surveyNotFound();
      if (locked.answered_at) {
        if (sameAsStored(locked)) return { row: locked, alert: null, fresh: false };
        throw satisfactionErrors.alreadyAnswered();
      }
      if (locked.expires_at.getTime() <= Date.now()) throw satisfactionErrors.expired();
      const row = await this.surveys.answer(manager, interactionId, { source, ...answers, poor });
      const alert = poor ? await this.poorAlert(row) : null;
      if (alert) await this.alerts.store(manager, alert);
      return { row, alert, fresh: true };
    });
    const result = resultOf(outcome.row);
    if (outcome.fresh) {
      this.announce<SurveyAnswered>(SURVEY_ANSWERED, { result, agentId: outcome.row.agent_id, queueId: outcome.row.queue_id, customerId: outcome.row.customer_id, alert: outcome.alert });
    }
    return result;
  }

  /** A poor answer's alert: to the agent's team lead, or to every team lead when the agent has none. */
  private async poorAlert(row: SurveyRow): Promise<StoredAlert> {
    const agent = row.agent_id ? await this.surveys.agentOf(row.agent_id) : null;
    const satisfaction = (row.experience ?? 0) - (row.expectation ?? 0);
    const alert: RealtimeAlert = {
      id: randomUUID(),
      kind: POOR_SATISFACTION_ALERT,
      severity: 'warning',
      at: Date.now(),
      message: `Poor satisfaction ${satisfaction} (experience ${row.experience}, expected ${row.expectation}) after a ${row.channel} contact${agent ? ` handled by ${agent.displayName}` : ''}`,
      ...(row.agent_id ? { agentId: row.agent_id } : {}),
      ...(agent ? { agentName: agent.displayName } : {}),
      contactId: row.interaction_id,
      queueId: row.queue_id,
      details: { experience: row.experience, expectation: row.expectation, satisfaction, channel: row.channel, customerId: row.customer_id },
      acknowledged: null,
    };
    return { alert, audience: agent?.teamLeadId ? { users: [agent.teamLeadId], roles: [] } : { users: [], roles: ['team_lead'] } };
  }

  private announce<T>(event: string, payload: T): void {
    try {
      this.events.emit(event, payload);
    } catch (error) {
      this.logger.error(`${event} listener failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Channel, SatisfactionFigures, SatisfactionGroup, SatisfactionGrouping, SurveyResult } from '@callcentre/shared';

export interface SurveyRow {
  interaction_id: string;
  channel: Channel;
  agent_id: string | null;
  queue_id: string;
  customer_id: string | null;
  language: string | null;
  token_hash: string | null;
  expires_at: Date;
  answered_at: Date | null;
  source: 'keypad' | 'web' | null;
  experience: number | null;
  expectation: number | null;
  satisfaction: number | null;
  poor: boolean | null;
}

export interface CreatedSurvey {
  interactionId: string;
  channel: Channel;
  language: string | null;
  web: boolean;
}

interface FigureRow {
  key: string | null;
  label: string | null;
  surveys: number;
  answered: number;
  average_experience: number | null;
  average_expectation: number | null;
  average_satisfaction: number | null;
  poor: number;
}

const GROUP_KEYS: Record<SatisfactionGrouping, { key: string; label: string }> = {
  agent: { key: 's.agent_id::text', label: 'u.display_name' },
  queue: { key: 's.queue_id::text', label: 'q.name' },
  tier: { key: 's.value_tier', label: 's.value_tier' },
  cell: { key: 's.rfm_segment', label: 's.rfm_segment' },
};

const round2 = (value: number | null) => (value === null ? null : Math.round(Number(value) * 100) / 100);

function figuresOf(row: FigureRow): SatisfactionFigures {
  return {
    surveys: row.surveys,
    answered: row.answered,
    responseRate: row.surveys > 0 ? round2(row.answered / row.surveys) : null,
    averageExperience: round2(row.average_experience),
    averageExpectation: round2(row.average_expectation),
    averageSatisfaction: round2(row.average_satisfaction),
    poor: row.poor,
  };
}

export function resultOf(row: SurveyRow): SurveyResult {
  return {
    interactionId: row.interaction_id,
    channel: row.channel,
    source: row.source ?? 'web',
    experience: row.experience ?? 0,
    expectation: row.expectation ?? 0,
    satisfaction: row.satisfaction ?? 0,
    poor: row.poor ?? false,
    answeredAt: (row.answered_at ?? new Date(0)).toISOString(),
  };
}

const FIGURES = `count(*)::int AS surveys, count(s.answered_at)::int AS answered,
  avg(s.experience)::float8 AS average_experience, avg(s.expectation)::float8 AS average_expectation,
  avg(s.satisfaction)::float8 AS average_satisfaction, (count(*) FILTER (WHERE s.poor))::int AS poor`;

/** All SQL of satisfaction surveys. */
@Injectable()
export class SatisfactionRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Creates the surveys of contacts that ended with an agent (others are skipped), each with its token hash (null
   * for calls), as they stand now: who served, queue, tier and cell. A contact that has a survey keeps it.
   */
  async create(surveys: readonly { interactionId: string; tokenHash: string }[], ttlHours: number): Promise<CreatedSurvey[]> {
    if (surveys.length === 0) return [];
    const rows: Array<{ interaction_id: string; channel: Channel; language: string | null; web: boolean }> = await this.dataSource.query(
      `INSERT INTO satisfaction_surveys (interaction_id, channel, agent_id, queue_id, customer_id, value_tier, rfm_segment, language, token_hash, expires_at)
       SELECT i.id, i.channel, i.agent_id, i.queue_id, i.customer_id, i.value_tier, c.rfm_segment, coalesce(cs.language, i.language),
              CASE WHEN i.channel = 'voice' THEN NULL ELSE t.token_hash END, now() + make_interval(hours => $3::int)
         FROM unnest($1::uuid[], $2::text[]) AS t(id, token_hash)
         JOIN interactions i ON i.id = t.id
         LEFT JOIN customers c ON c.id = i.customer_id
         LEFT JOIN chat_sessions cs ON cs.interaction_id = i.id
        WHERE i.agent_id IS NOT NULL AND i.answered_at IS NOT NULL AND i.ended_at IS NOT NULL
       ON CONFLICT (interaction_id) DO NOTHING
       RETURNING interaction_id, channel, language, token_hash IS NOT NULL AS web`,
      [surveys.map((s) => s.interactionId), surveys.map((s) => s.tokenHash), ttlHours],
    );
    return rows.map((row) => ({ interactionId: row.interaction_id, channel: row.channel, language: row.language, web: row.web }));
  }

  /** Contacts that ended with an agent since `since` and have no survey (a stop between the end and its survey). */
  async endedWithoutSurvey(since: Date, limit: number): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT i.id FROM interactions i
        WHERE i.ended_at >= $1 AND i.agent_id IS NOT NULL AND i.answered_at IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM satisfaction_surveys s WHERE s.interaction_id = i.id)
        ORDER BY i.ended_at LIMIT $2`,
      [since, limit],
    );
    return rows.map((row) => row.id);
  }

  async find(interactionId: string): Promise<SurveyRow | null> {
    const [row] = await this.dataSource.query(`SELECT * FROM satisfaction_surveys WHERE interaction_id = $1`, [interactionId]);
    return row ?? null;
  }

  async findByTokenHash(tokenHash: string): Promise<SurveyRow | null> {
    const [row] = await this.dataSource.query(`SELECT * FROM satisfaction_surveys WHERE token_hash = $1`, [tokenHash]);
    return row ?? null;
  }

  /** A new token for an unanswered web survey that has not expired (the old link stops working). */
  async replaceToken(interactionId: string, tokenHash: string): Promise<boolean> {
    const [, count] = await this.dataSource.query(
      `UPDATE satisfaction_surveys SET token_hash = $2 WHERE interaction_id = $1 AND token_hash IS NOT NULL AND answered_at IS NULL AND expires_at > now()`,
      [interactionId, tokenHash],
    );
    return Number(count) > 0;
  }

  /** The survey, locked for the caller's transaction. */
  async lock(manager: EntityManager, interactionId: string): Promise<SurveyRow | null> {
    const [row] = await manager.query(`SELECT * FROM satisfaction_surveys WHERE interaction_id = $1 FOR UPDATE`, [interactionId]);
    return row ?? null;
  }

  /** Records the answer once (a web survey's token stays, so that its page says it was answered). */
  async answer(manager: EntityManager, interactionId: string, answer: { source: 'keypad' | 'web'; experience: number; expectation: number; poor: boolean }): Promise<SurveyRow> {
    const [rows] = await manager.query(
      `UPDATE satisfaction_surveys SET answered_at = now(), source = $2, experience = $3, expectation = $4, poor = $5
        WHERE interaction_id = $1 AND answered_at IS NULL RETURNING *`,
      [interactionId, answer.source, answer.experience, answer.expectation, answer.poor],
    );
    return rows[0];
  }

  /** Who the poor answer's alert goes to: the agent's name and team lead. */
  async agentOf(agentId: string): Promise<{ displayName: string; teamLeadId: string | null } | null> {
    const [row] = await this.dataSource.query(`SELECT display_name, team_lead_id FROM users WHERE id = $1`, [agentId]);
    return row ? { displayName: row.display_name, teamLeadId: row.team_lead_id } : null;
  }

  /** Figures of the surveys created in [from, to): all of them, and per group. */
  async figures(from: Date, to: Date, groupBy: SatisfactionGrouping): Promise<{ total: SatisfactionFigures; groups: SatisfactionGroup[] }> {
    const { key, label } = GROUP_KEYS[groupBy];
    const [rows, [total]]: [FigureRow[], FigureRow[]] = await Promise.all([
      this.dataSource.query(
        `SELECT ${key} AS key, ${label} AS label, ${FIGURES}
           FROM satisfaction_surveys s LEFT JOIN users u ON u.id = s.agent_id LEFT JOIN queues q ON q.id = s.queue_id
          WHERE s.created_at >= $1 AND s.created_at < $2
          GROUP BY 1, 2 ORDER BY count(s.answered_at) DESC, 2 NULLS LAST`,
        [from, to],
      ),
      this.dataSource.query(`SELECT null AS key, null AS label, ${FIGURES} FROM satisfaction_surveys s WHERE s.created_at >= $1 AND s.created_at < $2`, [from, to]),
    ]);
    return { total: figuresOf(total), groups: rows.map((row) => ({ key: row.key, label: row.label, ...figuresOf(row) })) };
  }
}

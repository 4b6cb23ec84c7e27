import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { CARE_ACTION_FOR_SEGMENT, CARE_ACTIONS, type CareAction, type CareActionOutcome, type RetentionActionView, type RfmSegment, type ValueTier } from '@callcentre/shared';
import { TIER_ORDER } from './churn-risk.config';

/** Whose care actions a reader sees: all of them, one team's (its team lead's id), or none. */
export type WorklistScope = { kind: 'all' } | { kind: 'team'; teamLeadId: string } | { kind: 'none' };

export type RetentionStatus = RetentionActionView['status'];

export interface RetentionActionRow {
  id: string;
  customer_id: string;
  customer_name: string;
  value_tier: ValueTier;
  segment: RfmSegment | null;
  churn_score: number;
  team_lead_id: string | null;
  action: CareAction;
  status: RetentionStatus;
  outcome: CareActionOutcome | null;
  outcome_note: string | null;
  created_at: Date;
  completed_at: Date | null;
}

export interface ActionProgress {
  action: CareAction;
  open: number;
  done: number;
  skipped: number;
}

/** SQL condition on the care action `a` for a scope; the team lead's id is the parameter `param`. */
function scopeSql(scope: WorklistScope, param: string): string | null {
  switch (scope.kind) {
    case 'all':
      return null;
    case 'none':
      return 'false';
    case 'team':
      return `a.team_lead_id = ${param}`;
  }
}

/**
 * The agent who last served the customer (an answered contact) and their team: an agent's team lead, or a team
 * lead who took the call themselves. No served contact, or an agent without a team: no team.
 */
const OWNING_TEAM = `
  LEFT JOIN LATERAL (
    SELECT CASE WHEN 'team_lead' = ANY(u.roles) THEN u.id ELSE u.team_lead_id END AS team_lead_id
    FROM interactions i JOIN users u ON u.id = i.agent_id
    WHERE i.customer_id = h.customer_id AND i.status IN ('connected', 'wrap_up', 'completed')
    ORDER BY i.arrived_at DESC LIMIT 1
  ) served ON true`;

/** The action's customer as the latest completed run (or the run that opened the action) saw them. */
const SELECT_ACTION = `
  SELECT a.id, a.customer_id, c.name AS customer_name, c.value_tier, a.team_lead_id, a.action, a.status, a.outcome, a.outcome_note,
         a.created_at, a.completed_at,
         CASE WHEN latest.run_id IS NULL THEN c.rfm_segment ELSE latest.segment END AS segment,
         coalesce(latest.churn_score, 0)::int AS churn_score, latest.monetary
  FROM retention_actions a
  JOIN customers c ON c.id = a.customer_id
  LEFT JOIN LATERAL (
    SELECT h.run_id, h.segment, h.churn_score, h.monetary
    FROM customer_value_history h JOIN customer_value_runs r ON r.id = h.run_id
    WHERE h.customer_id = a.customer_id AND (r.status = 'completed' OR r.id = a.run_id)
    ORDER BY r.as_of DESC, r.id DESC LIMIT 1
  ) latest ON true`;

/** All SQL of the retention worklist. */
@Injectable()
export class RetentionRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * Opens a care action for each customer of the run at risk (score ≥ `atRiskScore`) who is not lost and has no
   * open action yet; an open action is kept as it is. Returns how many were opened.
   */
  async refreshWorklist(runId: number | string, atRiskScore: number, manager: EntityManager): Promise<number> {
    const [{ opened }] = await manager.query(
      `WITH opened AS (
         INSERT INTO retention_actions (customer_id, team_lead_id, run_id, action)
         SELECT h.customer_id, served.team_lead_id, h.run_id, coalesce($3::jsonb ->> h.segment, 'win_back_offer')
         FROM customer_value_history h
         ${OWNING_TEAM}
         WHERE h.run_id = $1 AND h.churn_score >= $2
           AND NOT EXISTS (SELECT 1 FROM customer_losses l WHERE l.customer_id = h.customer_id)
         ON CONFLICT (customer_id) WHERE status = 'open' DO NOTHING
         RETURNING 1)
       SELECT count(*)::int AS opened FROM opened`,
      [runId, atRiskScore, JSON.stringify(CARE_ACTION_FOR_SEGMENT)],
    );
    return opened;
  }

  /** The actions the scope sees, most valuable customers first (tier, then money spent), oldest first within. */
  async list(scope: WorklistScope, filter: { status?: RetentionStatus; customerId?: string; limit: number; offset: number }): Promise<{ rows: RetentionActionRow[]; total: number }> {
    const params: unknown[] = [];
    const where: string[] = [];
    const scoped = scopeSql(scope, `$${params.length + 1}`);
    if (scoped) {
      where.push(scoped);
      if (scope.kind === 'team') params.push(scope.teamLeadId);
    }
    if (filter.status) where.push(`a.status = $${params.push(filter.status)}`);
    if (filter.customerId) where.push(`a.customer_id = $${params.push(filter.customerId)}`);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM retention_actions a ${clause}`, params);
    const rows = await this.dataSource.query(
      `${SELECT_ACTION} ${clause}
       ORDER BY array_position($${params.push(TIER_ORDER)}::text[], c.value_tier::text), latest.monetary DESC NULLS LAST, a.created_at, a.id
       LIMIT $${params.push(filter.limit)} OFFSET $${params.push(filter.offset)}`,
      params,
    );
    return { rows, total };
  }

  async find(id: string, manager: EntityManager = this.dataSource.manager): Promise<RetentionActionRow | null> {
    const [row] = await manager.query(`${SELECT_ACTION} WHERE a.id = $1`, [id]);
    return row ?? null;
  }

  /** Locks the action for recording its outcome; null when it does not exist. */
  async lock(manager: EntityManager, id: string): Promise<{ team_lead_id: string | null; status: RetentionStatus; customer_id: string; action: CareAction } | null> {
    const [row] = await manager.query(`SELECT team_lead_id, status, customer_id, action FROM retention_actions WHERE id = $1 FOR UPDATE`, [id]);
    return row ?? null;
  }

  async complete(
    manager: EntityManager,
    id: string,
    result: { status: Exclude<RetentionStatus, 'open'>; outcome: CareActionOutcome | null; note: string | null; by: string },
  ): Promise<void> {
    await manager.query(
      `UPDATE retention_actions SET status = $2, outcome = $3, outcome_note = $4, completed_at = now(), completed_by = $5 WHERE id = $1`,
      [id, result.status, result.outcome, result.note, result.by],
    );
  }

  /** Skips the customer's open action (the customer was marked lost); returns its id, or null when none was open. */
  async skipOpenActionOf(manager: EntityManager, customerId: string, by: string): Promise<string | null> {
    const [rows] = await manager.query(
      `UPDATE retention_actions SET status = 'skipped', outcome = 'lost', completed_at = now(), completed_by = $2
       WHERE customer_id = $1 AND status = 'open' RETURNING id`,
      [customerId, by],
    );
    return rows[0]?.id ?? null;
  }

  /** Open, done and skipped actions per care action, within the scope; every care action is named, zeros included. */
  async progress(scope: WorklistScope): Promise<ActionProgress[]> {
    const params: unknown[] = [CARE_ACTIONS];
    const scoped = scopeSql(scope, '$2');
    if (scope.kind === 'team') params.push(scope.teamLeadId);
    const rows: ActionProgress[] = await this.dataSource.query(
      `SELECT k.action,
              count(a.id) FILTER (WHERE a.status = 'open')::int AS open,
              count(a.id) FILTER (WHERE a.status = 'done')::int AS done,
              count(a.id) FILTER (WHERE a.status = 'skipped')::int AS skipped
       FROM unnest($1::text[]) WITH ORDINALITY AS k(action, position)
       LEFT JOIN retention_actions a ON a.action = k.action ${scoped ? `AND ${scoped}` : ''}
       GROUP BY k.action, k.position ORDER BY k.position`,
      params,
    );
    return rows;
  }
}

import { Injectable } from '@nestjs/common';
import type { RetentionActionView, RetentionProgressView, RetentionWorklistPage } from '@callcentre/shared';
import { hasRole, type AuthenticatedUser } from '../../common/auth';
import { AuditService } from '../audit';
import type { ListWorklistQuery, RecordOutcomeDto } from './dto/worklist.dto';
import { retentionErrors } from './retention.errors';
import { type RetentionActionRow, RetentionRepository, type WorklistScope } from './retention.repository';

function toView(row: RetentionActionRow): RetentionActionView {
  return {
    id: row.id,
    customerId: row.customer_id,
    customerName: row.customer_name,
    valueTier: row.value_tier,
    segment: row.segment,
    churnScore: row.churn_score,
    teamLeadId: row.team_lead_id,
    action: row.action,
    status: row.status,
    outcome: row.outcome,
    outcomeNote: row.outcome_note,
    createdAt: new Date(row.created_at).toISOString(),
    completedAt: row.completed_at ? new Date(row.completed_at).toISOString() : null,
  };
}

/**
 * The worklist is a team's: supervisors see every action (those of no team too), a team lead their team's, an
 * agent their own team's (the team works it together, so the relationship never rests on one agent).
 */
export function worklistScopeOf(user: AuthenticatedUser): WorklistScope {
  if (hasRole(user, 'supervisor')) return { kind: 'all' };
  if (hasRole(user, 'team_lead')) return { kind: 'team', teamLeadId: user.id };
  if (hasRole(user, 'agent') && user.teamLeadId) return { kind: 'team', teamLeadId: user.teamLeadId };
  return { kind: 'none' };
}

const mayWork = (scope: WorklistScope, teamLeadId: string | null) => scope.kind === 'all' || (scope.kind === 'team' && scope.teamLeadId === teamLeadId);

@Injectable()
export class RetentionService {
  constructor(
    private readonly retention: RetentionRepository,
    private readonly audit: AuditService,
  ) {}

  async list(query: ListWorklistQuery, user: AuthenticatedUser): Promise<RetentionWorklistPage> {
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    const { rows, total } = await this.retention.list(worklistScopeOf(user), { status: query.status, customerId: query.customerId, limit, offset });
    return { items: rows.map(toView), total, limit, offset };
  }

  async progress(user: AuthenticatedUser): Promise<RetentionProgressView> {
    const actions = await this.retention.progress(worklistScopeOf(user));
    const total = actions.reduce((sum, row) => ({ open: sum.open + row.open, done: sum.done + row.done, skipped: sum.skipped + row.skipped }), { open: 0, done: 0, skipped: 0 });
    return { actions, total };
  }

  async recordOutcome(id: string, body: RecordOutcomeDto, user: AuthenticatedUser): Promise<RetentionActionView> {
    await this.retention.transaction(async (manager) => {
      const action = await this.retention.lock(manager, id);
      if (!action) throw retentionErrors.actionNotFound(id);
      if (!mayWork(worklistScopeOf(user), action.team_lead_id)) throw retentionErrors.actionNotYours(id);
      if (action.status !== 'open') throw retentionErrors.actionClosed(id, action.status);
      const outcome = body.outcome ?? null;
      const note = body.note?.trim() || null;
      await this.retention.complete(manager, id, { status: body.status, outcome, note, by: user.id });
      await this.audit.record(
        {
          actor: { kind: 'user', id: user.id, username: user.username },
          action: 'retention.action_completed',
          target: { type: 'retention_action', id },
          details: { customerId: action.customer_id, action: action.action, status: body.status, outcome, note },
        },
        manager,
      );
    });
    const row = await this.retention.find(id);
    return toView(row as RetentionActionRow);
  }
}

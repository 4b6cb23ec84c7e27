import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { TeamView } from '@callcentre/shared';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthenticatedUser } from '../../common/auth';
import { NotFoundDomainError } from '../../common/http/domain-error';
import { AuditService } from '../audit';
import { IDENTITY_AUDIT_ACTIONS as ACTIONS } from './auth.audit';
import { IdentityErrors } from './auth.errors';
import { isUniqueViolation } from '../../common/database/unique-violation';
import { TEAMS_CHANGED } from './teams-changed.event';
import { TeamsRepository, type TeamRow } from './teams.repository';
import { UsersRepository, type UserRow } from './users.repository';

/** How many teams a centre may have: enough for any floor, few enough for one list. */
export const MAX_TEAMS = 500;

function toTeamView(row: TeamRow): TeamView {
  return {
    id: row.id,
    name: row.name,
    teamLeadId: row.team_lead_id,
    teamLeadName: row.team_lead_name,
    memberCount: row.member_count,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/** The name a team gets when it is made for a lead: "<lead>'s team", with the username when that is taken. */
export function defaultTeamName(lead: Pick<UserRow, 'display_name' | 'username'>): [string, string] {
  return [`${lead.display_name}'s team`, `${lead.display_name}'s team (${lead.username})`];
}

/**
 * Teams: a name (unique regardless of case), at most one lead (a user with team_lead who leads no other team) and
 * members. Each change is audited in its own transaction; membership changes also write the member's team lead.
 */
@Injectable()
export class TeamsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly teams: TeamsRepository,
    private readonly users: UsersRepository,
    private readonly audit: AuditService,
    private readonly events: EventEmitter2,
  ) {}

  /** Says that teams changed (TEAMS_CHANGED), once the change is committed; passes `result` through. */
  announce<T>(result: T): T {
    this.events.emit(TEAMS_CHANGED);
    return result;
  }

  async list(): Promise<TeamView[]> {
    return (await this.teams.list()).map(toTeamView);
  }

  async create(actor: AuthenticatedUser, input: { name: string; teamLeadId?: string | null }): Promise<TeamView> {
    return this.named(input.name, input.teamLeadId, () =>
      this.dataSource.transaction(async (manager) => {
        if ((await this.teams.count(manager)) >= MAX_TEAMS) throw IdentityErrors.tooManyTeams(MAX_TEAMS);
        if (await this.teams.nameTaken(input.name, null, manager)) throw IdentityErrors.teamNameTaken(input.name);
        if (input.teamLeadId) await this.checkLead(input.teamLeadId, null, manager);
        const id = await this.teams.insert({ name: input.name, teamLeadId: input.teamLeadId ?? null }, manager);
        await this.audit.record({ actor, action: ACTIONS.teamCreated, target: { type: 'team', id }, details: { name: input.name, teamLeadId: input.teamLeadId ?? null } }, manager);
        return toTeamView((await this.teams.find(id, manager)) as TeamRow);
      }),
    ).then((team) => this.announce(team));
  }

  async update(actor: AuthenticatedUser, id: string, input: { name?: string; teamLeadId?: string | null }): Promise<TeamView> {
    return this.named(input.name ?? '', input.teamLeadId, () =>
      this.dataSource.transaction(async (manager) => {
        const before = await this.teams.find(id, manager, true);
        if (!before) throw new NotFoundDomainError('team', id);
        const renamed = input.name !== undefined && input.name !== before.name;
        const newLead = input.teamLeadId !== undefined && input.teamLeadId !== before.team_lead_id;
        if (!renamed && !newLead) return toTeamView(before);
        if (renamed && (await this.teams.nameTaken(input.name as string, id, manager))) throw IdentityErrors.teamNameTaken(input.name as string);
        if (renamed) await this.teams.rename(id, input.name as string, manager);
        if (newLead) {
          if (input.teamLeadId) await this.checkLead(input.teamLeadId, id, manager);
          await this.teams.setLead(id, input.teamLeadId ?? null, manager);
        }
        const after = (await this.teams.find(id, manager)) as TeamRow;
        await this.audit.record(
          {
            actor,
            action: ACTIONS.teamUpdated,
            target: { type: 'team', id },
            details: { before: { name: before.name, teamLeadId: before.team_lead_id }, after: { name: after.name, teamLeadId: after.team_lead_id } },
          },
          manager,
        );
        return toTeamView(after);
      }),
    ).then((team) => this.announce(team));
  }

  /** Deletes a team that has no members; one with members is refused (they are moved first). */
  async remove(actor: AuthenticatedUser, id: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const team = await this.teams.find(id, manager, true);
      if (!team) throw new NotFoundDomainError('team', id);
      if (!(await this.teams.deleteEmpty(id, manager))) throw IdentityErrors.teamHasMembers(id, team.member_count);
      await this.audit.record({ actor, action: ACTIONS.teamDeleted, target: { type: 'team', id }, details: { name: team.name, teamLeadId: team.team_lead_id } }, manager);
    });
    this.announce(undefined);
  }

  /** Moves a user into the team (out of any other), or with null out of any team. */
  async setMembership(actor: AuthenticatedUser, userId: string, teamId: string | null): Promise<TeamView | null> {
    return this.dataSource.transaction(async (manager) => {
      if (teamId && !(await this.teams.find(teamId, manager, true))) throw new NotFoundDomainError('team', teamId);
      await this.moveIn(actor, userId, teamId, manager);
      return teamId ? toTeamView((await this.teams.find(teamId, manager)) as TeamRow) : null;
    }).then((team) => this.announce(team));
  }

  /** Takes a user out of this team (refused as not found when they are not in it). */
  async removeMember(actor: AuthenticatedUser, teamId: string, userId: string): Promise<TeamView> {
    return this.dataSource.transaction(async (manager) => {
      if (!(await this.teams.find(teamId, manager, true))) throw new NotFoundDomainError('team', teamId);
      if (!(await this.teams.isMember(userId, teamId, manager))) throw new NotFoundDomainError('member', userId);
      await this.moveIn(actor, userId, null, manager);
      return toTeamView((await this.teams.find(teamId, manager)) as TeamRow);
    }).then((team) => this.announce(team));
  }

  /**
   * The team a lead leads, made (named after them, audited) when they lead none yet: the way staff join "the team
   * of a team lead" through PUT /api/users/:id/team-lead and user creation.
   */
  async teamOfLead(actor: AuthenticatedUser, leadId: string, manager: EntityManager): Promise<string> {
    const lead = await this.users.findById(leadId, manager);
    if (!lead?.roles.includes('team_lead')) throw IdentityErrors.notATeamLead(leadId);
    const existing = await this.teams.ledBy(leadId, manager);
    if (existing) return existing.id;
    const [plain, qualified] = defaultTeamName(lead);
    const name = (await this.teams.nameTaken(plain, null, manager)) ? qualified : plain;
    const id = await this.teams.insert({ name, teamLeadId: leadId }, manager);
    await this.audit.record({ actor, action: ACTIONS.teamCreated, target: { type: 'team', id }, details: { name, teamLeadId: leadId } }, manager);
    return id;
  }

  /** The team this user leads, if any, loses its lead (audited); inside the caller's transaction. */
  async releaseLead(actor: AuthenticatedUser, leadId: string, manager: EntityManager): Promise<void> {
    const team = await this.teams.ledBy(leadId, manager);
    if (!team) return;
    await this.teams.setLead(team.id, null, manager);
    await this.audit.record(
      {
        actor,
        action: ACTIONS.teamUpdated,
        target: { type: 'team', id: team.id },
        details: { before: { name: team.name, teamLeadId: leadId }, after: { name: team.name, teamLeadId: null } },
      },
      manager,
    );
  }

  async exists(teamId: string, manager: EntityManager): Promise<boolean> {
    return (await this.teams.find(teamId, manager)) !== null;
  }

  /** Membership of a user being created (their creation's audit entry names the team). */
  async joinUnaudited(userId: string, teamId: string, manager: EntityManager): Promise<void> {
    await this.teams.setMembership(userId, teamId, manager);
  }

  /** Membership change inside the caller's transaction, audited as user.team_changed. */
  async moveIn(actor: AuthenticatedUser, userId: string, teamId: string | null, manager: EntityManager): Promise<UserRow> {
    const before = await this.users.findById(userId, manager);
    if (!before) throw new NotFoundDomainError('user', userId);
    if (before.team_id === teamId) return before;
    if (teamId) {
      const team = (await this.teams.find(teamId, manager)) as TeamRow;
      if (team.team_lead_id === userId) throw IdentityErrors.leadInOwnTeam(userId);
    }
    await this.teams.setMembership(userId, teamId, manager);
    const after = (await this.users.findById(userId, manager)) as UserRow;
    await this.audit.record(
      {
        actor,
        action: ACTIONS.teamChanged,
        target: { type: 'user', id: userId },
        details: { username: after.username, before: before.team_lead_id, after: after.team_lead_id, beforeTeam: before.team_name, afterTeam: after.team_name },
      },
      manager,
    );
    return after;
  }

  /** A lead must hold team_lead, lead no other team and not be a member of this one. */
  private async checkLead(leadId: string, teamId: string | null, manager: EntityManager): Promise<void> {
    const lead = await this.users.findById(leadId, manager);
    if (!lead?.roles.includes('team_lead')) throw IdentityErrors.notATeamLead(leadId);
    const led = await this.teams.ledBy(leadId, manager);
    if (led && led.id !== teamId) throw IdentityErrors.teamLeadTaken(leadId, led.name);
    if (teamId && lead.team_id === teamId) throw IdentityErrors.leadInOwnTeam(leadId);
  }

  /** Two concurrent changes to one name or lead: the loser gets the same 409 as one checked beforehand. */
  private async named<T>(name: string, leadId: string | null | undefined, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isUniqueViolation(error, 'teams_name_key')) throw IdentityErrors.teamNameTaken(name);
      if (isUniqueViolation(error, 'teams_team_lead_key')) throw IdentityErrors.teamLeadTaken(leadId ?? '', 'another team');
      throw error;
    }
  }
}

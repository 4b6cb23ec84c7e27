import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Role, StaffUser } from '@callcentre/shared';
import type { AuthenticatedUser } from '../../common/auth';
import { hashPassword } from '../../common/auth/secrets';
import { NotFoundDomainError } from '../../common/http/domain-error';
import { AuditService } from '../audit';
import { IDENTITY_AUDIT_ACTIONS as ACTIONS } from './auth.audit';
import { IdentityErrors } from './auth.errors';
import type { CreateUserDto } from './dto/create-user.dto';
import type { ListUsersQuery } from './dto/list-users.query';
import { isUniqueViolation } from '../../common/database/unique-violation';
import { TeamsService } from './teams.service';
import { UsersRepository, type UserRow } from './users.repository';

function toStaffUser(row: UserRow): StaffUser {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    roles: row.roles,
    teamLeadId: row.team_lead_id,
    teamId: row.team_id,
    teamName: row.team_name,
    createdAt: new Date(row.created_at).toISOString(),
    lockedUntil: row.locked_until ? new Date(row.locked_until).toISOString() : null,
  };
}

const sameRoles = (a: Role[], b: Role[]) => a.length === b.length && a.every((role) => b.includes(role));

/** Staff accounts: listing, creation and role changes, each change audited in its own transaction. */
@Injectable()
export class UsersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersRepository,
    private readonly audit: AuditService,
    private readonly teams: TeamsService,
  ) {}

  async list(query: ListUsersQuery): Promise<{ items: StaffUser[]; total: number }> {
    const { rows, total } = await this.users.list({ role: query.role, limit: query.limit ?? 100, offset: query.offset ?? 0 });
    return { items: rows.map(toStaffUser), total };
  }

  async create(actor: AuthenticatedUser, input: CreateUserDto): Promise<StaffUser> {
    if (input.password.trim().toLowerCase() === input.username) throw IdentityErrors.passwordEqualsUsername();
    const passwordHash = await hashPassword(input.password);
    try {
      return await this.dataSource.transaction(async (manager) => {
        let row = await this.users.insert({ username: input.username, displayName: input.displayName, roles: input.roles, passwordHash }, manager);
        const teamId = input.teamId ?? (input.teamLeadId ? await this.teams.teamOfLead(actor, input.teamLeadId, manager) : null);
        if (teamId) {
          if (!(await this.teams.exists(teamId, manager))) throw new NotFoundDomainError('team', teamId);
          await this.teams.joinUnaudited(row.id, teamId, manager);
          row = (await this.users.findById(row.id, manager)) as UserRow;
        }
        await this.audit.record(
          {
            actor,
            action: ACTIONS.userCreated,
            target: { type: 'user', id: row.id },
            details: { username: row.username, roles: row.roles, teamLeadId: row.team_lead_id, teamId: row.team_id, team: row.team_name },
          },
          manager,
        );
        return toStaffUser(row);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw IdentityErrors.usernameTaken(input.username);
      throw error;
    }
  }

  /**
   * Replaces a user's roles; the last administrator keeps `admin`; losing `team_lead` leaves the team they led
   * without a lead. Takes effect on the user's next request.
   */
  async setRoles(actor: AuthenticatedUser, id: string, roles: Role[]): Promise<StaffUser> {
    return this.dataSource.transaction(async (manager) => {
      const administrators = await this.users.lockAdministrators(manager);
      const before = await this.users.findById(id, manager);
      if (!before) throw new NotFoundDomainError('user', id);
      if (sameRoles(before.roles, roles)) return toStaffUser(before);
      const losesAdmin = before.roles.includes('admin') && !roles.includes('admin');
      if (losesAdmin && administrators.filter((adminId) => adminId !== id).length === 0) throw IdentityErrors.lastAdministrator();
      const after = await this.users.setRoles(id, roles, manager);
      if (!after) throw new NotFoundDomainError('user', id);
      // Someone who is no longer a team lead leads no team: its members are left without a lead until one is chosen.
      if (before.roles.includes('team_lead') && !roles.includes('team_lead')) await this.teams.releaseLead(actor, id, manager);
      await this.audit.record(
        { actor, action: ACTIONS.rolesChanged, target: { type: 'user', id }, details: { username: after.username, before: before.roles, after: after.roles } },
        manager,
      );
      return toStaffUser(after);
    }).then((user) => this.teams.announce(user));
  }

  /**
   * Moves a user into the team led by `teamLeadId` (who must hold team_lead and not be the user), or out of any
   * team. A lead who leads no team yet gets one, named after them.
   */
  async setTeamLead(actor: AuthenticatedUser, id: string, teamLeadId: string | null): Promise<StaffUser> {
    if (teamLeadId === id) throw IdentityErrors.notATeamLead(teamLeadId);
    return this.dataSource.transaction(async (manager) => {
      const before = await this.users.findById(id, manager);
      if (!before) throw new NotFoundDomainError('user', id);
      const teamId = teamLeadId ? await this.teams.teamOfLead(actor, teamLeadId, manager) : null;
      return toStaffUser(await this.teams.moveIn(actor, id, teamId, manager));
    }).then((user) => this.teams.announce(user));
  }
}

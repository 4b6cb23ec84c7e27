import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthenticatedUser } from '../../common/auth';
import { uuidParam } from '../../common/http/uuid-param';
import { CreateTeamDto, UpdateTeamDto } from './dto/team.dto';
import { TeamsService } from './teams.service';

@ApiTags('teams')
@Controller('api/teams')
export class TeamsController {
  constructor(private readonly teams: TeamsService) {}

  @Get()
  @Roles('admin', 'supervisor', 'team_lead')
  @ApiOperation({ summary: 'Every team with its name, lead and number of members, by name' })
  list() {
    return this.teams.list();
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Create a team: a name unique regardless of case, optionally its lead (audited)' })
  create(@CurrentUser() actor: AuthenticatedUser, @Body() body: CreateTeamDto) {
    return this.teams.create(actor, body);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Rename a team and/or set its lead, null for none; members follow the new lead (audited)' })
  update(@CurrentUser() actor: AuthenticatedUser, @Param('id', uuidParam()) id: string, @Body() body: UpdateTeamDto) {
    return this.teams.update(actor, id, body);
  }

  @Delete(':id')
  @Roles('admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a team without members; a team with members is refused (409 TEAM_HAS_MEMBERS) (audited)' })
  async remove(@CurrentUser() actor: AuthenticatedUser, @Param('id', uuidParam()) id: string): Promise<void> {
    await this.teams.remove(actor, id);
  }

  @Put(':id/members/:userId')
  @Roles('admin')
  @ApiOperation({ summary: 'Move a user into this team, out of any other (audited)' })
  addMember(@CurrentUser() actor: AuthenticatedUser, @Param('id', uuidParam()) id: string, @Param('userId', uuidParam('userId')) userId: string) {
    return this.teams.setMembership(actor, userId, id);
  }

  @Delete(':id/members/:userId')
  @Roles('admin')
  @ApiOperation({ summary: 'Take a user out of this team (audited)' })
  removeMember(@CurrentUser() actor: AuthenticatedUser, @Param('id', uuidParam()) id: string, @Param('userId', uuidParam('userId')) userId: string) {
    return this.teams.removeMember(actor, id, userId);
  }
}

import { Body, Controller, Get, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthenticatedUser } from '../../common/auth';
import { uuidParam } from '../../common/http/uuid-param';
import { CreateUserDto } from './dto/create-user.dto';
import { ListUsersQuery } from './dto/list-users.query';
import { SetRolesDto } from './dto/set-roles.dto';
import { SetTeamLeadDto } from './dto/set-team-lead.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@Controller('api/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @Roles('admin', 'supervisor')
  @ApiOperation({ summary: 'Staff accounts, optionally of one role' })
  list(@Query() query: ListUsersQuery) {
    return this.users.list(query);
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Create a staff account (audited)' })
  create(@CurrentUser() actor: AuthenticatedUser, @Body() body: CreateUserDto) {
    return this.users.create(actor, body);
  }

  @Patch(':id/roles')
  @Roles('admin')
  @ApiOperation({ summary: "Replace a user's roles (audited); the last administrator keeps admin" })
  setRoles(@CurrentUser() actor: AuthenticatedUser, @Param('id', uuidParam()) id: string, @Body() body: SetRolesDto) {
    return this.users.setRoles(actor, id, body.roles);
  }

  @Put(':id/team-lead')
  @Roles('admin')
  @ApiOperation({ summary: "Move a user to a team lead's team, or out of any team with null (audited)" })
  setTeamLead(@CurrentUser() actor: AuthenticatedUser, @Param('id', uuidParam()) id: string, @Body() body: SetTeamLeadDto) {
    return this.users.setTeamLead(actor, id, body.teamLeadId);
  }
}

import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser, Roles } from '../../common/auth';
import { uuidParam } from '../../common/http/uuid-param';
import { AgentDayService } from './agent-day.service';
import { PresenceService } from './presence.service';
import { AgentsService } from './agents.service';
import { ChannelCapacityDto } from './dto/agent-capacity.dto';
import { ChangeAgentStateDto } from './dto/agent-state.dto';
import { UpdateAgentSkillsDto } from './dto/agent-skills.dto';
import { CreateAgentDto } from './dto/create-agent.dto';

@ApiTags('agents')
@Controller('api/agents')
export class AgentsController {
  constructor(
    private readonly agents: AgentsService,
    private readonly presence: PresenceService,
    private readonly days: AgentDayService,
  ) {}

  @Get()
  @Roles('supervisor', 'team_lead', 'admin')
  @ApiOperation({ summary: 'Every agent with skills and live state' })
  list() {
    return this.agents.list();
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Make a user with the agent role routable, with skills, languages and capacity (audited)' })
  create(@Body() body: CreateAgentDto, @CurrentUser() user: AuthenticatedUser) {
    return this.agents.create(body, user);
  }

  @Get('me')
  @Roles('agent')
  @ApiOperation({ summary: 'The signed-in agent, with live state' })
  me(@CurrentUser() user: AuthenticatedUser) {
    return this.agents.get(user.id);
  }

  @Put('me/state')
  @Roles('agent')
  @ApiOperation({ summary: 'Go available, not ready (with a reason; held until the current contact ends) or offline' })
  changeOwnState(@Body() body: ChangeAgentStateDto, @CurrentUser() user: AuthenticatedUser) {
    this.presence.seen(user.id);
    return this.agents.changeState(user.id, body.state, body.reason, user);
  }

  @Post('me/heartbeat')
  @HttpCode(204)
  @Roles('agent')
  @ApiOperation({ summary: 'The desktop is alive (the socket sends the same); a silent desktop counts as disconnected' })
  async heartbeat(@CurrentUser() user: AuthenticatedUser) {
    await this.presence.heartbeat(user.id);
  }

  @Post('me/wrap-up/finish')
  @HttpCode(200)
  @Roles('agent')
  @ApiOperation({ summary: 'End after-contact work on every contact in wrap-up' })
  finishWrapUp(@CurrentUser() user: AuthenticatedUser) {
    return this.agents.finishWrapUp(user.id, { kind: 'agent', id: user.id });
  }

  @Get(':id/day')
  @Roles('supervisor', 'team_lead')
  @ApiOperation({ summary: "The agent's day so far (centre's time zone): states over the day, contacts, handle times (team leads: their team's agents)" })
  day(@Param('id', uuidParam()) agentId: string, @CurrentUser() user: AuthenticatedUser) {
    return this.days.today(agentId, user);
  }

  @Get(':id')
  @Roles('supervisor', 'team_lead', 'admin')
  @ApiOperation({ summary: 'One agent' })
  get(@Param('id', uuidParam()) agentId: string) {
    return this.agents.get(agentId);
  }

  @Put(':id/state')
  @Roles('supervisor')
  @ApiOperation({ summary: 'Supervisor override of an agent’s state (audited)' })
  forceState(@Param('id', uuidParam()) agentId: string, @Body() body: ChangeAgentStateDto, @CurrentUser() user: AuthenticatedUser) {
    return this.agents.changeState(agentId, body.state, body.reason, user);
  }

  @Put(':id/skills')
  @Roles('supervisor', 'admin')
  @ApiOperation({ summary: 'Replace an agent’s skills and languages (audited)' })
  updateSkills(@Param('id', uuidParam()) agentId: string, @Body() body: UpdateAgentSkillsDto, @CurrentUser() user: AuthenticatedUser) {
    return this.agents.updateSkills(agentId, body, user);
  }

  @Put(':id/capacity')
  @Roles('supervisor', 'admin')
  @ApiOperation({
    summary: 'Replace an agent’s contacts-at-once per channel (audited)',
    description: 'Applied to routing at once. Contacts held stay with the agent; an agent left over capacity is offered nothing more on that channel and cannot go available (409 AGENT_OVER_CAPACITY) until back under it.',
  })
  updateCapacity(@Param('id', uuidParam()) agentId: string, @Body() body: ChannelCapacityDto, @CurrentUser() user: AuthenticatedUser) {
    return this.agents.updateCapacity(agentId, body, user);
  }
}

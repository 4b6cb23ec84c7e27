import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser, Roles } from '../../common/auth';
import { AuditService } from '../audit/audit.service';
import { RoutingPolicyDto } from './dto/routing-policy.dto';
import { RoutingService } from './routing.service';

@ApiTags('routing')
@Controller('api/routing')
export class RoutingController {
  constructor(
    private readonly routing: RoutingService,
    private readonly audit: AuditService,
  ) {}

  @Get('policy')
  @Roles('supervisor', 'team_lead', 'admin')
  @ApiOperation({ summary: 'The routing rules in force (priority bonuses, aging, missed offers, windows)' })
  policy() {
    return this.routing.policy;
  }

  @Put('policy')
  @Roles('admin')
  @ApiOperation({ summary: 'Change the routing rules; applied at once (audited)' })
  async changePolicy(@Body() body: RoutingPolicyDto, @CurrentUser() user: AuthenticatedUser) {
    const before = this.routing.policy;
    const overrides = JSON.parse(JSON.stringify(body)) as RoutingPolicyDto; // drops fields left undefined
    const after = await this.routing.applyPolicy(overrides, user.id);
    await this.audit.record({ actor: { kind: 'user', id: user.id, username: user.username }, action: 'routing.policy_changed', target: { type: 'routing_policy', id: '1' }, details: { before, after } });
    return after;
  }
}

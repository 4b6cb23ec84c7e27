import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { RoutingPolicyChange } from '@callcentre/shared';
import { AuthenticatedUser, CurrentUser, Roles } from '../../common/auth';
import { RoutingPolicyDto } from './dto/routing-policy.dto';
import { RoutingPolicyService } from './routing-policy.service';

@ApiTags('routing')
@Controller('api/routing')
export class RoutingController {
  constructor(private readonly policies: RoutingPolicyService) {}

  @Get('policy')
  @Roles('supervisor', 'team_lead', 'admin')
  @ApiOperation({ summary: 'The routing rules in force (priority bonuses, aging, missed offers, windows)' })
  policy() {
    return this.policies.current;
  }

  @Put('policy')
  @Roles('admin')
  @ApiOperation({
    summary: 'Change routing rules; applied at once (audited)',
    description:
      'Changes only the rules in the body: a rule left out keeps its current value, a rule set to null goes back to its default, and valueTierBonus changes tier by tier the same way. Answers with every rule now in force.',
  })
  changePolicy(@Body() body: RoutingPolicyDto, @CurrentUser() user: AuthenticatedUser) {
    return this.policies.change(body as RoutingPolicyChange, user);
  }
}

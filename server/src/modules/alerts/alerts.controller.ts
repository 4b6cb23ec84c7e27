import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser, Roles } from '../../common/auth';
import { uuidParam } from '../../common/http/uuid-param';
import { AlertsService } from './alerts.service';

@ApiTags('alerts')
@Controller('api/alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @Post(':id/acknowledge')
  @HttpCode(200)
  @Roles('supervisor', 'team_lead')
  @ApiOperation({
    summary: 'Acknowledge an alert addressed to you: it leaves everyone’s open list (audited)',
    description: 'Answers with the alert as it stands; one acknowledged already keeps its first acknowledgement. The socket command `alert:acknowledge` does the same.',
  })
  acknowledge(@Param('id', uuidParam('id')) alertId: string, @CurrentUser() user: AuthenticatedUser) {
    return this.alerts.acknowledge(alertId, user);
  }
}

import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { TierOverrideView, ValueRunView } from '@callcentre/shared';
import { CurrentUser, Roles, type AuthenticatedPrincipal } from '../../common/auth';
import { uuidParam } from '../../common/http/uuid-param';
import { CustomerValueService } from './customer-value.service';
import { ListRunsQuery } from './dto/list-runs.query';
import { RecomputeDto } from './dto/recompute.dto';
import { RemoveTierOverrideDto, SetTierOverrideDto } from './dto/tier-override.dto';
import { TierOverridesService } from './tier-overrides.service';

@ApiTags('customer value')
@Controller('api/customer-value')
export class CustomerValueController {
  constructor(private readonly customerValue: CustomerValueService) {}

  @Post('recompute')
  @HttpCode(202)
  @Roles('supervisor', 'admin')
  @ApiOperation({ summary: 'Queues a value run (RFM cells and pyramid tiers of every customer) as of now or asOf; answers with the run. 409 while one is pending or running.' })
  recompute(@Body() body: RecomputeDto, @CurrentUser() caller: AuthenticatedPrincipal): Promise<ValueRunView> {
    return this.customerValue.requestRun(body.asOf, caller);
  }

  @Get('runs')
  @Roles('team_lead', 'supervisor', 'admin')
  @ApiOperation({ summary: 'Value runs, newest first' })
  listRuns(@Query() query: ListRunsQuery): Promise<ValueRunView[]> {
    return this.customerValue.listRuns(query.limit ?? 50, query.before);
  }

  @Get('runs/:id')
  @Roles('team_lead', 'supervisor', 'admin')
  @ApiOperation({ summary: 'One value run: its moment, parameters, counts per tier and cell, duration, status and error' })
  getRun(@Param('id') id: string): Promise<ValueRunView> {
    return this.customerValue.getRun(id);
  }
}

@ApiTags('customer value')
@Controller('api/customers/:id/tier-override')
@Roles('supervisor', 'admin')
export class TierOverridesController {
  constructor(private readonly overrides: TierOverridesService) {}

  @Put()
  @ApiOperation({ summary: "Sets the customer's tier by hand until expiresAt (audited with the reason); routing uses it at once" })
  set(@Param('id', uuidParam()) id: string, @Body() body: SetTierOverrideDto, @CurrentUser() caller: AuthenticatedPrincipal): Promise<TierOverrideView> {
    return this.overrides.set(id, body, caller);
  }

  @Delete()
  @ApiOperation({ summary: "Removes the customer's tier override (audited with the reason): the computed tier applies again" })
  remove(@Param('id', uuidParam()) id: string, @Body() body: RemoveTierOverrideDto, @CurrentUser() caller: AuthenticatedPrincipal): Promise<TierOverrideView> {
    return this.overrides.remove(id, body.reason, caller);
  }
}

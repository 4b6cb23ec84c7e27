import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { StaffingAnswer } from '@callcentre/shared';
import { Roles } from '../../common/auth';
import { StaffingQuery } from './dto/staffing.query';
import { StaffingResponseDto } from './dto/staffing.response';
import { StaffingService } from './staffing.service';

@ApiTags('staffing')
@Roles('supervisor', 'team_lead', 'admin')
@Controller('api/staffing')
export class StaffingController {
  constructor(private readonly staffing: StaffingService) {}

  @Get()
  @ApiOperation({
    summary:
      'Agents needed to meet a service-level target (e.g. 80% answered within 20 s) at a forecast, with the figures at that count and around it; Erlang C, or Erlang A when patienceSeconds is given. With queueId, the queue’s last 60 minutes fill in a missing arrival rate or AHT.',
  })
  @ApiOkResponse({ type: StaffingResponseDto })
  recommend(@Query() query: StaffingQuery): Promise<StaffingAnswer> {
    return this.staffing.recommend(query);
  }
}

import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { QueueHistoryResponse, QueueStatisticsResponse } from '@callcentre/shared';
import { Roles } from '../../common/auth';
import { uuidParam } from '../../common/http/uuid-param';
import { QueueHistoryQuery } from './dto/queue-history.query';
import { StatisticsService } from './statistics.service';

const time = (value: string | undefined) => (value === undefined ? undefined : Date.parse(value));

@ApiTags('statistics')
@Roles('supervisor', 'team_lead', 'admin')
@Controller('api/statistics')
export class StatisticsController {
  constructor(private readonly statistics: StatisticsService) {}

  @Get('queues')
  @ApiOperation({ summary: 'Live figures of every queue: waiting, longest wait, offered, answered, abandoned, service level, ASA, AHT, agents by state; last 60 minutes and since midnight' })
  queues(): QueueStatisticsResponse {
    return this.statistics.overview();
  }

  @Get('queues/:id/history')
  @ApiOperation({ summary: 'Figures of one queue over [from, to) and per interval, computed from the routing journal' })
  history(@Param('id', uuidParam()) queueId: string, @Query() query: QueueHistoryQuery): Promise<QueueHistoryResponse> {
    return this.statistics.history(queueId, { from: time(query.from), to: time(query.to), intervalMinutes: query.intervalMinutes });
  }
}

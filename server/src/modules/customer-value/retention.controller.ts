import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, Roles, type AuthenticatedUser } from '../../common/auth';
import { uuidParam } from '../../common/http/uuid-param';
import { ReportFormatQuery } from './dto/report.query';
import { ListWorklistQuery, RecordOutcomeDto } from './dto/worklist.dto';
import { sendCsv, toCsv, wantsCsv } from './report-export';
import { RetentionService } from './retention.service';

@ApiTags('customer value')
@Roles('agent', 'team_lead', 'supervisor')
@Controller('api/customer-value/worklist')
export class RetentionController {
  constructor(private readonly retention: RetentionService) {}

  @Get()
  @ApiOperation({ summary: 'Care actions for customers at risk, most valuable first (supervisors: all; team leads and agents: their team’s)' })
  list(@Query() query: ListWorklistQuery, @CurrentUser() user: AuthenticatedUser) {
    return this.retention.list(query, user);
  }

  @Get('progress')
  @ApiOperation({ summary: 'Open, done and skipped care actions per action, within the caller’s worklist (CSV with ?format=csv)' })
  async progress(
    @Query() query: ReportFormatQuery,
    @Headers('accept') accept: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) response: Response,
  ) {
    const progress = await this.retention.progress(user);
    if (!wantsCsv(query.format, accept)) return progress;
    return sendCsv(response, 'worklist-progress.csv', toCsv(['action', 'open', 'done', 'skipped'], progress.actions.map((row) => [row.action, row.open, row.done, row.skipped])));
  }

  @Post(':id/outcome')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record how a care action went (done or skipped, with its outcome); audited' })
  recordOutcome(@Param('id', uuidParam()) id: string, @Body() body: RecordOutcomeDto, @CurrentUser() user: AuthenticatedUser) {
    return this.retention.recordOutcome(id, body, user);
  }
}

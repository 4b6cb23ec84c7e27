import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { type AuthenticatedUser, CurrentUser, Roles } from '../../common/auth';
import { AgentReportQuery, QueueReportQuery } from './dto/report.query';
import { AGENT_COLUMNS, QUEUE_COLUMNS, sendReport } from './report-export';
import { ReportsService } from './reports.service';

@ApiTags('reports')
@Roles('supervisor', 'team_lead', 'admin')
@Controller('api/reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('queues')
  @ApiOperation({ summary: 'Queue figures per 15, 30 or 60 minutes or local day from the closed interval records, as JSON, CSV or XLSX' })
  async queues(@Query() query: QueueReportQuery, @Res() response: Response): Promise<void> {
    const { meta, rows } = await this.reports.queueReport(query);
    await sendReport(response, query.format ?? 'json', 'queues', meta, QUEUE_COLUMNS, rows);
  }

  @Get('agents')
  @ApiOperation({ summary: 'Agent figures (contacts, handle time, time by state, occupancy, not-ready by reason) per interval; a team lead sees their team' })
  async agents(@Query() query: AgentReportQuery, @CurrentUser() user: AuthenticatedUser, @Res() response: Response): Promise<void> {
    const { meta, rows } = await this.reports.agentReport(query, user);
    await sendReport(response, query.format ?? 'json', 'agents', meta, AGENT_COLUMNS, rows);
  }
}

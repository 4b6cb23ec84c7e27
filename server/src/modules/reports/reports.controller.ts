import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { type AuthenticatedUser, CurrentUser, Roles } from '../../common/auth';
import { AgentReportQuery, QueueReportQuery } from './dto/report.query';
import { AGENT_COLUMNS, QUEUE_COLUMNS, sendReportText, sendReportXlsx } from './report-export';
import { ReportsService } from './reports.service';

const QUEUE_HEADERS = QUEUE_COLUMNS.map((column) => column.header);
const AGENT_HEADERS = AGENT_COLUMNS.map((column) => column.header);

@ApiTags('reports')
@Roles('supervisor', 'team_lead', 'admin')
@Controller('api/reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('queues')
  @ApiOperation({ summary: 'Queue figures per 15, 30 or 60 minutes or local day from the closed interval records, as JSON, CSV or XLSX' })
  async queues(@Query() query: QueueReportQuery, @Res() response: Response): Promise<void> {
    const format = query.format ?? 'json';
    const { meta, rows } = await this.reports.queueReportText(query, format, QUEUE_HEADERS);
    if (format === 'xlsx') return sendReportXlsx(response, 'queues', meta, QUEUE_COLUMNS, rows);
    await sendReportText(response, format, 'queues', meta, QUEUE_COLUMNS, rows);
  }

  @Get('agents')
  @ApiOperation({ summary: 'Agent figures (contacts, handle time, time by state, occupancy, not-ready by reason) per interval; a team lead sees their team' })
  async agents(@Query() query: AgentReportQuery, @CurrentUser() user: AuthenticatedUser, @Res() response: Response): Promise<void> {
    const format = query.format ?? 'json';
    const { meta, rows } = await this.reports.agentReportText(query, user, format, AGENT_HEADERS);
    if (format === 'xlsx') return sendReportXlsx(response, 'agents', meta, AGENT_COLUMNS, rows);
    await sendReportText(response, format, 'agents', meta, AGENT_COLUMNS, rows);
  }
}

import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Put, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, Roles, type AuthenticatedUser } from '../../common/auth';
import { uuidParam } from '../../common/http/uuid-param';
import { CustomerLossesService } from './customer-losses.service';
import { MarkLossDto } from './dto/mark-loss.dto';
import { ReportFormatQuery } from './dto/report.query';
import { sendCsv, share, toCsv, wantsCsv } from './report-export';

@ApiTags('customer value')
@Controller('api')
export class CustomerLossesController {
  constructor(private readonly losses: CustomerLossesService) {}

  @Put('customers/:id/loss')
  @Roles('team_lead', 'supervisor')
  @ApiOperation({ summary: 'Mark a customer lost, with its cause (team leads: a customer of their team); audited' })
  mark(@Param('id', uuidParam()) id: string, @Body() body: MarkLossDto, @CurrentUser() user: AuthenticatedUser) {
    return this.losses.mark(id, body, user);
  }

  @Delete('customers/:id/loss')
  @HttpCode(204)
  @Roles('team_lead', 'supervisor')
  @ApiOperation({ summary: 'Reinstate a customer marked lost; audited' })
  async reinstate(@Param('id', uuidParam()) id: string, @CurrentUser() user: AuthenticatedUser): Promise<void> {
    await this.losses.reinstate(id, user);
  }

  @Get('customer-value/losses')
  @Roles('team_lead', 'supervisor')
  @ApiOperation({ summary: 'Lost customers by cause and the preventable share (fault of all); CSV with ?format=csv' })
  async report(@Query() query: ReportFormatQuery, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) response: Response) {
    const report = await this.losses.report();
    if (!wantsCsv(query.format, accept)) return report;
    const rows = report.causes.map((row) => [row.cause, row.customers, share(row.customers, report.total)]);
    return sendCsv(response, 'customer-losses.csv', toCsv(['cause', 'customers', 'share'], rows));
  }
}

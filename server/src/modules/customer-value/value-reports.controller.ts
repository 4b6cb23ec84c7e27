import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../../common/auth';
import { MigrationReportQuery, RunReportQuery } from './dto/report.query';
import { sendCsv, toCsv, wantsCsv } from './report-export';
import { ValueReportsService } from './value-reports.service';

/** Figures over the whole customer base, no customer named: for supervisors and the team leads who steer retention. */
@ApiTags('customer value')
@Roles('team_lead', 'supervisor')
@Controller('api/customer-value')
export class ValueReportsController {
  constructor(private readonly reports: ValueReportsService) {}

  @Get('pyramid')
  @ApiOperation({ summary: 'Customers and share of value per tier in a completed run (the latest by default); CSV with ?format=csv' })
  async pyramid(@Query() query: RunReportQuery, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) response: Response) {
    const pyramid = await this.reports.pyramid(query.runId);
    if (!wantsCsv(query.format, accept)) return pyramid;
    const rows = pyramid.tiers.map((tier) => [tier.tier, tier.customers, tier.value, tier.valueShare]);
    return sendCsv(response, `value-pyramid-run-${pyramid.runId}.csv`, toCsv(['tier', 'customers', 'value', 'value_share'], rows));
  }

  @Get('rfm-grid')
  @ApiOperation({ summary: 'The eight RFM cells: customers, value and change since the previous completed run; the inactive; CSV with ?format=csv' })
  async rfmGrid(@Query() query: RunReportQuery, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) response: Response) {
    const grid = await this.reports.rfmGrid(query.runId);
    if (!wantsCsv(query.format, accept)) return grid;
    const rows = [
      ...grid.cells.map((cell) => [cell.segment, cell.recency, cell.frequency, cell.monetary, cell.customers, cell.value, cell.customersChange]),
      ['inactive', null, null, null, grid.inactive, null, null],
    ];
    return sendCsv(response, `rfm-grid-run-${grid.runId}.csv`, toCsv(['segment', 'recency', 'frequency', 'monetary', 'customers', 'value', 'customers_change'], rows));
  }

  @Get('migration')
  @ApiOperation({ summary: 'Customers moving between tiers from one completed run to another (by default the last two); CSV with ?format=csv' })
  async migration(@Query() query: MigrationReportQuery, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) response: Response) {
    const migration = await this.reports.migration(query.from, query.to);
    if (!wantsCsv(query.format, accept)) return migration;
    const rows = migration.moves.map((move) => [move.from, move.to, move.customers]);
    return sendCsv(response, `tier-migration-${migration.fromRunId}-to-${migration.toRunId}.csv`, toCsv(['from_tier', 'to_tier', 'customers'], rows));
  }
}

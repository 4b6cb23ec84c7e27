import { Body, Controller, Get, Put, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { ForecastInterval, ForecastResponse, KpiBandSetting, KpiSeriesResponse, ReportMeta } from '@callcentre/shared';
import { type AuthenticatedUser, CurrentUser, Roles } from '../../common/auth';
import { ForecastQueryDto, KpiSeriesQuery, KpiSettingDto, KpiSettingsQuery } from './dto/kpi.dto';
import { ForecastService } from './forecast.service';
import { KpiBandsService } from './kpi-bands.service';
import { type ReportColumn, sendReport } from './report-export';
import { ReportsService } from './reports.service';

const FORECAST_COLUMNS: readonly ReportColumn<ForecastInterval>[] = (
  ['local', 'start', 'dayType', 'forecastOffered', 'forecastAhtSeconds', 'requiredAgents', 'agentsAvailable', 'gap', 'actualOffered', 'actualAhtSeconds', 'agentsScheduled', 'scheduledGap'] as const
).map((key) => ({ header: key, value: (row: ForecastInterval) => row[key] }));

@ApiTags('reports')
@Roles('supervisor', 'team_lead', 'admin')
@Controller('api/reports')
export class KpiForecastController {
  constructor(
    private readonly reports: ReportsService,
    private readonly bands: KpiBandsService,
    private readonly forecasts: ForecastService,
  ) {}

  @Get('kpi')
  @ApiOperation({ summary: 'One KPI of one queue per interval with its normal band (same weekday and interval over the last weeks, mean ± k sd)' })
  kpi(@Query() query: KpiSeriesQuery): Promise<KpiSeriesResponse> {
    const interval = query.interval ?? '60m';
    const range = this.reports.range({ from: query.from, to: query.to, interval });
    return this.bands.series({ queueId: query.queue, kpi: query.kpi, from: range.from, to: range.to, interval });
  }

  @Get('kpi/settings')
  @ApiOperation({ summary: 'KPI band settings per queue and KPI (defaults where none was set)' })
  settings(@Query() query: KpiSettingsQuery): Promise<KpiBandSetting[]> {
    return this.bands.settings(query.queue);
  }

  @Put('kpi/settings')
  @Roles('supervisor', 'admin')
  @ApiOperation({ summary: 'Sets a KPI band: weeks of history, k, hard limits, alerts on or off (audited)' })
  save(@Body() body: KpiSettingDto, @CurrentUser() user: AuthenticatedUser): Promise<KpiBandSetting> {
    return this.bands.save({ ...body, hardMin: body.hardMin ?? null, hardMax: body.hardMax ?? null }, user);
  }

  @Get('forecast')
  @ApiOperation({ summary: 'Forecast arrivals and AHT per interval, Erlang A staffing for the queue’s target, gap against agents signed in and against agents scheduled, forecast vs actual (MAPE); csv export' })
  async forecast(@Query() query: ForecastQueryDto, @Res() response: Response): Promise<void> {
    const forecast: ForecastResponse = await this.forecasts.forecast({ queueId: query.queue, from: query.from, days: query.days, interval: query.interval, patienceSeconds: query.patienceSeconds });
    if (query.format === 'csv') {
      const meta: ReportMeta = { timeZone: forecast.timeZone, interval: forecast.interval, from: forecast.intervals[0]?.start ?? '', to: forecast.intervals.at(-1)?.start ?? '', closedUntil: null };
      await sendReport(response, 'csv', 'forecast', meta, FORECAST_COLUMNS, forecast.intervals);
      return;
    }
    response.json(forecast);
  }
}

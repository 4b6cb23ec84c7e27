import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts';
import { AuditModule } from '../audit';
import { CalendarsModule } from '../calendars';
import { RealtimeModule } from '../realtime';
import { ForecastService } from './forecast.service';
import { ReportsJobs } from './jobs/reports.jobs';
import { KpiAlertPushesListener } from './kpi-alert-pushes.listener';
import { KpiBandsService } from './kpi-bands.service';
import { KpiForecastController } from './kpi-forecast.controller';
import { ReportsController } from './reports.controller';
import { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';

/** Historical reports from closed interval records, KPI bands with their alerts, and forecast to staffing. */
@Module({
  imports: [AlertsModule, AuditModule, CalendarsModule, RealtimeModule],
  controllers: [ReportsController, KpiForecastController],
  providers: [ReportsRepository, ReportsService, KpiBandsService, ForecastService, ReportsJobs, KpiAlertPushesListener],
  exports: [ReportsService],
})
export class ReportsModule {}

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { ServeStaticModule } from '@nestjs/serve-static';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from './common/config/app-config';
import { APP_CONFIG } from './common/config/config.tokens';
import { workspaceRoot } from './common/config/workspace-root';
import { dataSourceOptions } from './common/database/data-source';
import { HealthModule } from './common/health/health.module';
import { ErrorFilter } from './common/http/error.filter';
import { JobsModule } from './common/jobs';
import { loggingModule } from './common/logging/logging.module';
import { AlertsModule } from './modules/alerts/alerts.module';
import { AuditModule } from './modules/audit/audit.module';
import { AuthModule } from './modules/auth/auth.module';
import { CalendarsModule } from './modules/calendars/calendars.module';
import { ComplaintsModule } from './modules/complaints/complaints.module';
import { CrmImportModule } from './modules/crm-import/crm-import.module';
import { EmailModule } from './modules/email/email.module';
import { AgentsModule } from './modules/agents/agents.module';
import { CustomersModule } from './modules/customers/customers.module';
import { CustomerValueModule } from './modules/customer-value/customer-value.module';
import { CustomerValueReadModule } from './modules/customer-value/customer-value-read.module';
import { CustomerRetentionModule } from './modules/customer-value/customer-retention.module';
import { InteractionsModule } from './modules/interactions/interactions.module';
import { RoutingModule } from './modules/routing/routing.module';
import { SkillsModule } from './modules/skills/skills.module';
import { QueuesModule } from './modules/queues/queues.module';
import { RealtimeModule } from './modules/realtime/realtime.module';
import { ReportsModule } from './modules/reports/reports.module';
import { StatisticsModule } from './modules/statistics/statistics.module';
import { StaffingModule } from './modules/staffing/staffing.module';
import { CtiModule } from './modules/cti/cti.module';
import { SatisfactionModule } from './modules/satisfaction/satisfaction.module';
import { ChatModule } from './modules/chat/chat.module';

export interface AppModuleOptions {
  config: AppConfig;
  databaseUrl: string;
}

function consoleDir(config: AppConfig): string | null {
  const candidates = [config.CONSOLE_DIR, join(workspaceRoot(), 'console', 'dist')];
  return candidates.find((dir): dir is string => Boolean(dir) && existsSync(join(dir as string, 'index.html'))) ?? null;
}

@Module({})
export class AppModule {
  static register({ config, databaseUrl }: AppModuleOptions): DynamicModule {
    const staticDir = consoleDir(config);
    return {
      module: AppModule,
      // The validated configuration is injectable everywhere.
      global: true,
      imports: [
        loggingModule(config.LOG_LEVEL),
        EventEmitterModule.forRoot(),
        TypeOrmModule.forRoot({ ...dataSourceOptions(databaseUrl), migrationsRun: true }),
        ...(staticDir
          ? [ServeStaticModule.forRoot({ rootPath: staticDir, exclude: ['/api/{*path}', '/health', '/ready', '/socket.io/{*path}', '/chat', '/chat/{*path}', '/survey', '/survey/{*path}'] })]
          : []),
        JobsModule.register(databaseUrl),
        HealthModule,
        AuditModule,
        AlertsModule,
        AuthModule.register(config),
        QueuesModule,
        CustomerValueReadModule,
        CustomersModule,
        CrmImportModule,
        CustomerValueModule,
        RoutingModule,
        SkillsModule,
        InteractionsModule,
        AgentsModule,
        StatisticsModule,
        RealtimeModule,
        StaffingModule,
        CalendarsModule,
        ComplaintsModule,
        CustomerRetentionModule,
        CtiModule,
        ReportsModule,
        EmailModule,
        SatisfactionModule,
        ChatModule,
      ],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: APP_FILTER, useClass: ErrorFilter },
      ],
      exports: [APP_CONFIG],
    };
  }
}

import { Controller, Get, INestApplication, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AppModule } from '../../../server/src/app.module';
import { AllowApiKey, CurrentUser, Public, Roles, type AuthenticatedPrincipal } from '../../../server/src/common/auth';
import { loadConfig } from '../../../server/src/common/config/app-config';
import { ErrorFilter } from '../../../server/src/common/http/error.filter';
import { createValidationPipe } from '../../../server/src/common/http/validation';
import { createTestDatabase } from '../../support/test-database';
import type { TestApp } from '../../support/test-app';

/** Routes with every kind of rule, including none, mounted beside the real application. */
@Controller('api/probe')
export class ProbeController {
  @Get('no-rule')
  noRule() {
    return { reached: true };
  }

  @Get('public')
  @Public()
  open(@CurrentUser() caller: AuthenticatedPrincipal | undefined) {
    return { reached: true, caller: caller ?? null };
  }

  @Get('supervisors')
  @Roles('supervisor')
  supervisors(@CurrentUser() caller: AuthenticatedPrincipal) {
    return { reached: true, caller };
  }

  @Post('contacts')
  @AllowApiKey('ingest')
  ingest(@CurrentUser() caller: AuthenticatedPrincipal) {
    return { reached: true, caller };
  }

  @Post('contacts-or-admin')
  @Roles('admin')
  @AllowApiKey('ingest')
  ingestOrAdmin(@CurrentUser() caller: AuthenticatedPrincipal) {
    return { reached: true, caller };
  }
}

/** A controller-level rule, overridden by one handler. */
@Controller('api/probe-team')
@Roles('team_lead')
export class ProbeTeamController {
  @Get()
  team() {
    return { reached: true };
  }

  @Get('open')
  @Public()
  open() {
    return { reached: true };
  }
}

@Module({})
class ProbeAppModule {}

/** The real application plus the probe controllers, on its own fresh database. */
export async function startProbeApp(env: Record<string, string> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = loadConfig({ LOG_LEVEL: 'silent', PORT: '0', ...env });
  const app: INestApplication = await NestFactory.create(
    { module: ProbeAppModule, imports: [AppModule.register({ config, databaseUrl: database.url })], controllers: [ProbeController, ProbeTeamController] },
    { logger: false },
  );
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ErrorFilter());
  await app.listen(0, '127.0.0.1');
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const started = {
    app,
    baseUrl,
    database,
    dataSource: app.get(DataSource),
    close: async () => {
      await app.close();
      await database.drop();
    },
    stop: async () => {
      await app.close();
    },
  };
  return started;
}

export async function json(response: Response): Promise<Record<string, unknown>> {
  const text = await response.text();
  return text ? JSON.parse(text) : {};
}

/** The Set-Cookie headers of a response, by cookie name. */
export function setCookies(response: Response): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const header of response.headers.getSetCookie()) cookies[header.slice(0, header.indexOf('='))] = header;
  return cookies;
}

export function cookieValue(setCookie: string): string {
  return decodeURIComponent(setCookie.slice(setCookie.indexOf('=') + 1, setCookie.indexOf(';')));
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

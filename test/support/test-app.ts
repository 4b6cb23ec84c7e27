import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../server/src/common/config/app-config';
import { withDataSource } from '../../server/src/common/database/data-source';
import { createHttpApp } from '../../server/src/common/http/http-app';
import { seedDemoCentre } from '../../server/src/modules/demo/demo-seed';
import { createTestDatabase, TestDatabase } from './test-database';

export interface TestApp {
  app: INestApplication;
  baseUrl: string;
  database: TestDatabase;
  dataSource: DataSource;
  /** Stops the server and drops its database. */
  close(): Promise<void>;
  /** Stops the server and keeps the database, for restart tests. */
  stop(): Promise<void>;
}

export interface TestAppOptions {
  /** Extra environment, validated like the real one. */
  env?: Record<string, string>;
  /** Seed the demo centre before the server starts (users get no passwords: tests sign in with createSession). */
  seedDemo?: boolean;
  /** Reuse a database (a restart); a fresh copy of the migrated template otherwise. */
  database?: TestDatabase;
}

/** The real server on its own PostgreSQL database, listening on a free port. */
export async function startTestApp(options: TestAppOptions | Record<string, string> = {}): Promise<TestApp> {
  const { env = {}, seedDemo = false, database: reused } = isOptions(options) ? options : { env: options };
  const database = reused ?? (await createTestDatabase());
  if (seedDemo && !reused) await withDataSource(database.url, (dataSource) => seedDemoCentre(dataSource));
  // The SMTP listener is off unless a test asks for it (SMTP_PORT: '0' for a free port). Agents in most tests act
  // over HTTP with no desktop sending heartbeats, and a loaded machine can leave more than the 6-second production
  // timeout between two of their requests: presence waits ten minutes unless a test sets its own timeout.
  const config = loadConfig({ LOG_LEVEL: 'silent', PORT: '0', SMTP_PORT: 'off', HEARTBEAT_TIMEOUT_SECONDS: '600', ...env });
  const app = await createHttpApp({ config, databaseUrl: database.url });
  await app.listen(0, '127.0.0.1');
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
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
}

function isOptions(value: TestAppOptions | Record<string, string>): value is TestAppOptions {
  return 'env' in value || 'seedDemo' in value || 'database' in value;
}

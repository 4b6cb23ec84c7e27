import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../server/src/common/config/app-config';
import { createHttpApp } from '../../server/src/common/http/http-app';
import { createTestDatabase, TestDatabase } from './test-database';

export interface TestApp {
  app: INestApplication;
  baseUrl: string;
  database: TestDatabase;
  dataSource: DataSource;
  close(): Promise<void>;
}

/** The real server on its own fresh database, listening on a free port. */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = loadConfig({ LOG_LEVEL: 'silent', PORT: '0', ...env });
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
  };
}

import { Client } from 'pg';
import { TEST_DATABASE_ENV, TestDatabaseServer } from './test-database';

export default async function globalTeardown(): Promise<void> {
  const raw = process.env[TEST_DATABASE_ENV];
  if (raw) {
    const { serverUrl, templateName } = JSON.parse(raw) as TestDatabaseServer;
    const client = new Client({ connectionString: serverUrl });
    await client.connect();
    try {
      const { rows } = await client.query(`SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE 'cc_test_%'`, [templateName]);
      // Only this run's databases: the template and copies made by its workers still present.
      for (const row of rows) if (row.datname === templateName) await client.query(`DROP DATABASE IF EXISTS "${row.datname}" WITH (FORCE)`);
    } finally {
      await client.end();
    }
  }
  await globalThis.__stopTestPostgres?.();
}

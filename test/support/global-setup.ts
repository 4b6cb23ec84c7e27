import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { withDataSource } from '../../server/src/common/database/data-source';
import { startEmbeddedPostgres, withDatabase } from '../../server/src/common/database/embedded-postgres';
import { installJobSchema } from '../../server/src/common/jobs/job-schema';
import { TEST_DATABASE_ENV, TestDatabaseServer } from './test-database';

declare global {
  var __stopTestPostgres: (() => Promise<void>) | undefined;
}

/**
 * Starts the embedded PostgreSQL (or uses TEST_DATABASE_URL), then builds a migrated template
 * database once; each test file copies it.
 */
export default async function globalSetup(): Promise<void> {
  let serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const postgres = await startEmbeddedPostgres({ dataDir: mkdtempSync(join(tmpdir(), 'callcentre-test-pg-')), persistent: false });
    serverUrl = postgres.serverUrl;
    globalThis.__stopTestPostgres = () => postgres.stop();
  }
  const templateName = `cc_template_${process.pid}`;
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${templateName}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${templateName}"`);
  } finally {
    await client.end();
  }
  await withDataSource(withDatabase(serverUrl, templateName), (dataSource) => dataSource.runMigrations({ transaction: 'each' }));
  // The job worker's schema too, so each server a test starts finds it current instead of installing it.
  await installJobSchema(withDatabase(serverUrl, templateName));
  const server: TestDatabaseServer = { serverUrl, templateName };
  process.env[TEST_DATABASE_ENV] = JSON.stringify(server);
}

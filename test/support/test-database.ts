import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { withDatabase } from '../../server/src/common/database/embedded-postgres';

/** Written by the global setup for the workers: where the test PostgreSQL is and which template to copy. */
export interface TestDatabaseServer {
  serverUrl: string;
  templateName: string;
}

export const TEST_DATABASE_ENV = 'CALLCENTRE_TEST_DATABASE';

export function testDatabaseServer(): TestDatabaseServer {
  const raw = process.env[TEST_DATABASE_ENV];
  if (!raw) throw new Error(`${TEST_DATABASE_ENV} is not set: run the suite through jest's global setup (test/jest.config.js)`);
  return JSON.parse(raw) as TestDatabaseServer;
}

async function admin<T>(serverUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/**
 * A fresh database for one test file, copied from the migrated template: isolated from every
 * other file and fast, since the migrations ran once for the whole run.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const { serverUrl, templateName } = testDatabaseServer();
  const name = `cc_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin(serverUrl, (client) => client.query(`CREATE DATABASE "${name}" TEMPLATE "${templateName}"`));
  return {
    url: withDatabase(serverUrl, name),
    name,
    drop: () => admin(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

export { admin as withAdminClient };

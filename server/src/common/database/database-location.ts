import { Client } from 'pg';
import { AppConfig } from '../config/app-config';
import { RunningPostgres, startEmbeddedPostgres, withDatabase } from './embedded-postgres';

export const EMBEDDED_DATABASE_NAME = 'callcentre';

export interface DatabaseLocation {
  url: string;
  /** True when the server runs its own embedded PostgreSQL. */
  embedded: boolean;
  /** Stops the embedded PostgreSQL; a no-op for an external one. */
  release(): Promise<void>;
}

export async function createDatabaseIfMissing(serverUrl: string, name: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

/** Uses DATABASE_URL when set; otherwise starts the embedded PostgreSQL with its data under DATA_DIR. */
export async function locateDatabase(config: AppConfig, onLog?: (message: unknown) => void): Promise<DatabaseLocation> {
  if (config.DATABASE_URL) {
    return { url: config.DATABASE_URL, embedded: false, release: async () => undefined };
  }
  const postgres: RunningPostgres = await startEmbeddedPostgres({ dataDir: config.DATA_DIR, persistent: true, avoidPorts: [config.PORT], onLog });
  try {
    await createDatabaseIfMissing(postgres.serverUrl, EMBEDDED_DATABASE_NAME);
  } catch (error) {
    await postgres.stop();
    throw error;
  }
  return {
    url: withDatabase(postgres.serverUrl, EMBEDDED_DATABASE_NAME),
    embedded: true,
    release: () => postgres.stop(),
  };
}

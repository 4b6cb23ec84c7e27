import { existsSync, mkdirSync, readdirSync, renameSync, rmdirSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { Client } from 'pg';
import { AppConfig } from '../config/app-config';
import { fromWorkspaceRoot, workspaceRoot } from '../config/workspace-root';
import { RunningPostgres, runningPostmasterPid, startEmbeddedPostgres, withDatabase } from './embedded-postgres';

export const EMBEDDED_DATABASE_NAME = 'callcentre';

export interface DatabaseLocation {
  url: string;
  /** True when the server runs its own embedded PostgreSQL. */
  embedded: boolean;
  /** The embedded PostgreSQL's folder (absolute); undefined for an external one. */
  dataDir?: string;
  /** Something the operator should know about where the data is (kept from an earlier version). */
  notice?: string;
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

function holdsCluster(dataDir: string): boolean {
  return existsSync(join(dataDir, 'postgres', 'PG_VERSION'));
}

function isEmptyFolder(path: string): boolean {
  return existsSync(path) && readdirSync(path).length === 0;
}

/**
 * The embedded PostgreSQL's folder: DATA_DIR, a relative one taken from the repository root (whatever folder the
 * server was started from). Earlier versions took it from `server/`, where `npm start` runs; a cluster found
 * there is moved to the new place, or used where it is (with a notice) when it cannot be moved safely: the new
 * place already holds files, or a PostgreSQL still runs on it.
 */
export function embeddedDataDir(configured: string, root: string = workspaceRoot()): { path: string; notice?: string } {
  const path = fromWorkspaceRoot(configured, root);
  if (isAbsolute(configured)) return { path };
  const earlier = join(root, 'server', configured);
  if (earlier === path || !holdsCluster(earlier) || holdsCluster(path)) return { path };
  if ((existsSync(path) && !isEmptyFolder(path)) || runningPostmasterPid(join(earlier, 'postgres')) !== null) {
    return { path: earlier, notice: `data kept in ${earlier}, where an earlier version put it; to use ${path}, stop the server and move the folder there` };
  }
  if (isEmptyFolder(path)) rmdirSync(path);
  mkdirSync(dirname(path), { recursive: true });
  renameSync(earlier, path);
  return { path, notice: `data moved from ${earlier}, where an earlier version put it, to ${path}` };
}

/** Uses DATABASE_URL when set; otherwise starts the embedded PostgreSQL with its data under DATA_DIR. */
export async function locateDatabase(config: AppConfig, onLog?: (message: unknown) => void): Promise<DatabaseLocation> {
  if (config.DATABASE_URL) {
    return { url: config.DATABASE_URL, embedded: false, release: async () => undefined };
  }
  const dataDir = embeddedDataDir(config.DATA_DIR);
  const postgres: RunningPostgres = await startEmbeddedPostgres({ dataDir: dataDir.path, persistent: true, avoidPorts: [config.PORT], onLog });
  try {
    await createDatabaseIfMissing(postgres.serverUrl, EMBEDDED_DATABASE_NAME);
  } catch (error) {
    await postgres.stop();
    throw error;
  }
  return {
    url: withDatabase(postgres.serverUrl, EMBEDDED_DATABASE_NAME),
    embedded: true,
    dataDir: dataDir.path,
    notice: dataDir.notice,
    release: () => postgres.stop(),
  };
}

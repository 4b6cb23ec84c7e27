import { Logger, runMigrations } from 'graphile-worker';

const silent = new Logger(() => () => undefined);

/**
 * graphile-worker's own schema (`graphile_worker`), brought up to date by its own migrations; quick when it is
 * already current. The server runs it at start; the test harness runs it once on its template database. Quiet
 * unless given a logger.
 */
export function installJobSchema(connectionString: string, logger?: Logger): Promise<void> {
  return runMigrations({ connectionString, logger: logger ?? silent });
}

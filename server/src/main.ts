import 'reflect-metadata';
import pino from 'pino';
import { ConfigError, DEMO_HOST, listenHost, loadConfig } from './common/config/app-config';
import { locateDatabase } from './common/database/database-location';
import { leaveStopSignalsToCaller } from './common/database/embedded-postgres';
import { createHttpApp } from './common/http/http-app';
import { hashPassword } from './common/auth';
import { prepareIdentity } from './modules/auth/identity-startup';
import { announceDemoSignIns, refuseDemoPasswordsInProduction } from './modules/demo/demo-accounts';
import { DEMO_HISTORY_DAYS } from './modules/demo/demo-history';
import { seedDemoCentre } from './modules/demo/demo-seed';
import { ValueRunService } from './modules/customer-value/value-runs.service';
import { DataSource } from 'typeorm';

/**
 * Connections the kernel may hold for the server before it accepts them (Node's default is 511). After a failover
 * or a network cut a whole floor reconnects in the same second; with a short queue most desks are refused or time
 * out and try again, each try costing another handshake. The kernel caps it at net.core.somaxconn.
 */
const LISTEN_BACKLOG = 4096;

async function main(): Promise<void> {
  let config;
  let host: string;
  try {
    config = loadConfig();
    host = listenHost(config);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Invalid configuration: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const log = pino({ level: config.LOG_LEVEL, name: 'callcentre' });

  const database = await locateDatabase(config);
  if (database.notice) log.warn(database.notice);
  log.info({ embedded: database.embedded }, database.embedded ? `embedded PostgreSQL started (data in ${database.dataDir})` : 'using DATABASE_URL');

  // Signals are handled from here on, so a stop while starting still closes the server and its database.
  let app: Awaited<ReturnType<typeof createHttpApp>> | undefined;
  let stopping = false;
  let started = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal} received: stopping`);
    if (started) {
      log.info('closing the HTTP server, live connections, routing and the database pool');
      await app?.close().catch((error: unknown) => log.warn(`closing the server failed: ${error instanceof Error ? error.message : String(error)}`));
    }
    if (database.embedded) {
      log.info('stopping the embedded PostgreSQL');
      await database.release();
    }
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  leaveStopSignalsToCaller();

  try {
    app = await createHttpApp({ config, databaseUrl: database.url });
    if (config.MODE === 'demo' && config.SEED_DEMO === 'true') {
      const seedStarted = Date.now();
      const seeded = await seedDemoCentre(app.get(DataSource), hashPassword, { timeZone: config.CENTRE_TIME_ZONE, history: true });
      if (seeded.seeded) {
        log.info(
          `demo call centre seeded in ${((Date.now() - seedStarted) / 1000).toFixed(1)} s: ${seeded.users} staff, ${seeded.customers} customers, ${seeded.purchases} purchases, ${seeded.pastContacts} contacts of the past ${DEMO_HISTORY_DAYS} days`,
        );
        // The demo customers' tiers, cells and churn risk come from their purchases, as a nightly run would compute them.
        const run = await app.get(ValueRunService).start({ trigger: 'demo_seed' });
        log.info(`demo customer value computed: run ${run.id} ${run.status}${run.error ? ` (${run.error})` : ''}`);
      }
    }
    // Refuses production with demo accounts, creates the first administrator, prints the demo sign-ins in demo mode.
    await refuseDemoPasswordsInProduction(app.get(DataSource), config);
    await prepareIdentity(app.get(DataSource), config, log);
    await announceDemoSignIns(app.get(DataSource), config, log);
    // Nest hands the arguments after the port to Node's listen(port, host, backlog).
    await (app.listen as unknown as (port: number, host: string, backlog: number) => Promise<unknown>)(config.PORT, host, LISTEN_BACKLOG);
    started = true;
  } catch (error) {
    await app?.close().catch(() => undefined);
    await database.release();
    throw error;
  }
  const url = await app.getUrl();
  log.info(`call-centre console and API on ${url.replace('[::1]', 'localhost').replace('0.0.0.0', 'localhost')} (OpenAPI at /api/docs)`);
  log.info(host === DEMO_HOST ? `listening on ${host} only: set HOST=0.0.0.0 to open the console to other machines` : `listening on ${host}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`Server failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

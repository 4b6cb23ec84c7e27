import 'reflect-metadata';
import { hashPassword } from '../common/auth/secrets';
import { ConfigError, loadConfig } from '../common/config/app-config';
import { withDataSource } from '../common/database/data-source';
import { locateDatabase } from '../common/database/database-location';
import { seedDemoCentre } from '../modules/demo/demo-seed';

const USAGE = 'usage: migrate <run|revert|status|seed>';

/** `npm run migrate`, `npm run migrate:revert` and `npm run seed`: on DATABASE_URL or the embedded PostgreSQL. */
async function main(command: string | undefined): Promise<void> {
  if (!command || !['run', 'revert', 'status', 'seed'].includes(command)) {
    process.stderr.write(`${USAGE}\n`);
    process.exit(2);
  }
  const config = loadConfig();
  const database = await locateDatabase(config);
  try {
    await withDataSource(database.url, async (dataSource) => {
      if (command === 'run') {
        const applied = await dataSource.runMigrations({ transaction: 'each' });
        process.stdout.write(applied.length ? applied.map((m) => `applied ${m.name}\n`).join('') : 'no pending migrations\n');
      } else if (command === 'revert') {
        const before = await dataSource.query(`SELECT name FROM schema_migrations ORDER BY id DESC LIMIT 1`).catch(() => []);
        await dataSource.undoLastMigration({ transaction: 'each' });
        process.stdout.write(before.length ? `reverted ${before[0].name}\n` : 'nothing to revert\n');
      } else if (command === 'status') {
        const pending = await dataSource.showMigrations();
        process.stdout.write(pending ? 'pending migrations exist\n' : 'all migrations applied\n');
      } else {
        await dataSource.runMigrations({ transaction: 'each' });
        const result = await seedDemoCentre(dataSource, hashPassword, { timeZone: config.CENTRE_TIME_ZONE, history: true });
        process.stdout.write(
          result.seeded
            ? `seeded ${result.users} staff, ${result.customers} customers, ${result.purchases} purchases and ${result.pastContacts} contacts of the past weeks\n`
            : 'database already holds a call centre; nothing seeded\n',
        );
      }
    });
  } finally {
    await database.release();
  }
}

main(process.argv[2]).catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? 'Invalid configuration: ' : ''}${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

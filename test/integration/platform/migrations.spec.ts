import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../../migrations';
import { dataSourceOptions } from '../../../server/src/common/database/data-source';
import { withDatabase } from '../../../server/src/common/database/embedded-postgres';
import { testDatabaseServer, withAdminClient } from '../../support/test-database';

const ROOT = resolve(__dirname, '../../..');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run migrate` / `npm run migrate:revert` as shipped: the CLI entry point, run from source through swc. */
function migrateCli(command: 'run' | 'revert', databaseUrl: string): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['-r', require.resolve('@swc-node/register'), resolve(ROOT, 'server/src/cli/migrate.ts'), command], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', SWC_NODE_PROJECT: resolve(ROOT, 'server/tsconfig.json'), DATABASE_URL: databaseUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const run: Run = { code: null, stdout: '', stderr: '' };
    child.stdout.on('data', (chunk) => (run.stdout += chunk));
    child.stderr.on('data', (chunk) => (run.stderr += chunk));
    child.on('error', fail);
    child.on('exit', (code) => done({ ...run, code }));
  });
}

/**
 * Everything a migration can create in the public schema, as sorted text: relations, storage parameters, columns,
 * indexes, constraints, triggers, functions, types and extensions. The migrations' own bookkeeping table is left
 * out: TypeORM creates it on first use and keeps it when everything is reverted.
 */
async function schemaOf(databaseUrl: string): Promise<Record<string, string[]>> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const lines = async (sql: string) => (await client.query<{ line: string }>(sql)).rows.map((row) => row.line).sort();
  try {
    return {
      relations: await lines(`
        SELECT concat_ws(' ', c.relkind, c.relname) AS line FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
           AND c.relname NOT IN ('schema_migrations', 'schema_migrations_id_seq')`),
      // Storage parameters (a table's fillfactor) are schema too.
      storage: await lines(`
        SELECT concat_ws(' ', c.relname, array_to_string(c.reloptions, ',')) AS line FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'public' AND c.reloptions IS NOT NULL`),
      // Without the column's position: a column that a down() adds back can only go at the end of its table.
      columns: await lines(`
        SELECT concat_ws(' ', table_name, column_name, data_type, udt_name, character_maximum_length, numeric_precision, numeric_scale,
                         'nullable=' || is_nullable, 'default=' || coalesce(column_default, '-'), 'identity=' || is_identity,
                         'generated=' || coalesce(generation_expression, '-'), 'collation=' || coalesce(collation_name, '-')) AS line
          FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> 'schema_migrations'`),
      indexes: await lines(`SELECT indexdef AS line FROM pg_indexes WHERE schemaname = 'public' AND tablename <> 'schema_migrations'`),
      constraints: await lines(`
        SELECT concat_ws(' ', c.relname, k.conname, k.contype, pg_get_constraintdef(k.oid)) AS line
          FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'public' AND c.relname <> 'schema_migrations'`),
      triggers: await lines(`
        SELECT pg_get_triggerdef(t.oid) AS line FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'public' AND NOT t.tgisinternal`),
      functions: await lines(`
        SELECT pg_get_functiondef(p.oid) AS line FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'`),
      types: await lines(`
        SELECT concat_ws(' ', t.typname, t.typtype, (SELECT string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid)) AS line
          FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
         WHERE n.nspname = 'public' AND t.typtype IN ('e', 'd', 'r')`),
      views: await lines(`SELECT viewname || ' ' || definition AS line FROM pg_views WHERE schemaname = 'public'`),
      extensions: await lines(`SELECT extname AS line FROM pg_extension`),
    };
  } finally {
    await client.end();
  }
}

/** Applies the first `count` migrations (those not yet applied), as the server would with only them shipped. */
async function applyFirst(databaseUrl: string, count: number): Promise<void> {
  const dataSource = new DataSource(dataSourceOptions(databaseUrl, { migrations: MIGRATIONS.slice(0, count) }));
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
}

describe('platform: every migration reverts to exactly the schema before it', () => {
  const { serverUrl } = testDatabaseServer();
  const name = `cc_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const databaseUrl = withDatabase(serverUrl, name);

  beforeAll(async () => {
    await withAdminClient(serverUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  });
  afterAll(async () => {
    await withAdminClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  });

  it('applies the migrations one by one, reverts each with migrate:revert down to nothing, then applies them all again', async () => {
    const migrationNames = MIGRATIONS.map((migration) => new migration().name as string);
    // before[i] is the schema with the first i migrations applied. The first connection already installs
    // uuid-ossp (TypeORM does it for the entities' uuid columns), which no migration owns.
    await applyFirst(databaseUrl, 0);
    const before = [await schemaOf(databaseUrl)];
    for (let count = 1; count <= MIGRATIONS.length; count++) {
      await applyFirst(databaseUrl, count);
      before.push(await schemaOf(databaseUrl));
      // Each migration changes something, so comparing against its neighbours says something.
      expect(before[count]).not.toEqual(before[count - 1]);
    }

    for (let applied = MIGRATIONS.length; applied > 0; applied--) {
      const revert = await migrateCli('revert', databaseUrl);
      expect({ code: revert.code, stdout: revert.stdout, stderr: revert.stderr }).toEqual({ code: 0, stdout: `reverted ${migrationNames[applied - 1]}\n`, stderr: '' });
      expect(await schemaOf(databaseUrl)).toEqual(before[applied - 1]);
    }
    const nothingLeft = await migrateCli('revert', databaseUrl);
    expect({ code: nothingLeft.code, stdout: nothingLeft.stdout }).toEqual({ code: 0, stdout: 'nothing to revert\n' });
    expect(await schemaOf(databaseUrl)).toEqual(before[0]);

    const again = await migrateCli('run', databaseUrl);
    expect({ code: again.code, stdout: again.stdout, stderr: again.stderr }).toEqual({ code: 0, stdout: migrationNames.map((migration) => `applied ${migration}\n`).join(''), stderr: '' });
    expect(await schemaOf(databaseUrl)).toEqual(before[MIGRATIONS.length]);
    // One CLI process per migration and step: minutes on a loaded machine.
  }, 480_000);
});

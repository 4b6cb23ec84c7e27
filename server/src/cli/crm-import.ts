import 'reflect-metadata';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import { ConfigError, loadConfig, type AppConfig } from '../common/config/app-config';
import { withDataSource } from '../common/database/data-source';
import { EMBEDDED_DATABASE_NAME, embeddedDataDir, locateDatabase, type DatabaseLocation } from '../common/database/database-location';
import { runningPostmasterPid, withDatabase } from '../common/database/embedded-postgres';
import { crmImportServiceFor, DEFAULT_CHUNK_ROWS, DEFAULT_TIDY_AFTER_ROWS, fileSource, type CrmImportKind, type CrmImportOutcome, type CrmImportProgress } from '../modules/crm-import';

const USAGE = `usage: npm run crm:import -- [--customers FILE.csv] [--transactions FILE.csv] [--chunk-rows N] [--tidy-after-rows N] [--cwd DIR]

Imports customers and their purchases from CSV files (customers first when both are given). A row that breaks a
rule is refused with its line and the file goes on. Run the same command again after an interruption: the import
resumes after the last rows it committed. Uses DATABASE_URL, or the embedded PostgreSQL that \`npm start\` uses.
Relative paths are taken from --cwd (\`npm run crm:import\` passes the folder it was typed in), else from here.
A file that writes at least --tidy-after-rows rows (default ${DEFAULT_TIDY_AFTER_ROWS.toLocaleString('en')}) has its table vacuumed and analysed
as it ends, so that what reads it next does not pay for that.`;

/** The first refusals printed at the end; the import keeps the first 100 (GET /api/crm/imports/:id). */
const REFUSALS_SHOWN = 10;

const count = (value: number) => value.toLocaleString('en');

/**
 * The database `npm start` uses: DATABASE_URL, or the embedded PostgreSQL under DATA_DIR. A server running on it
 * keeps it: the import connects to the running cluster (its port is in postmaster.pid) instead of starting another,
 * which would stop the server's; otherwise the cluster is started for the import and stopped after it.
 */
async function openDatabase(config: AppConfig): Promise<DatabaseLocation> {
  if (!config.DATABASE_URL) {
    const { path } = embeddedDataDir(config.DATA_DIR);
    const clusterDir = join(path, 'postgres');
    const credentialsFile = join(path, 'postgres-credentials.json');
    if (runningPostmasterPid(clusterDir) !== null && existsSync(credentialsFile)) {
      const port = Number(readFileSync(join(clusterDir, 'postmaster.pid'), 'utf8').split('\n')[3]);
      const { user, password } = JSON.parse(readFileSync(credentialsFile, 'utf8')) as { user: string; password: string };
      const serverUrl = `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
      return { url: withDatabase(serverUrl, EMBEDDED_DATABASE_NAME), embedded: true, dataDir: path, release: async () => undefined };
    }
  }
  return locateDatabase(config);
}

function progressBar(kind: CrmImportKind, name: string): { update(progress: CrmImportProgress): void; stop(): void } {
  const bar = new SingleBar({
    format: `${kind} ${name} [{bar}] {percentage}% | {doneMb}/{totalMb} MB | line {line} | {rate} rows/s | ETA {eta_formatted}`,
    hideCursor: true,
    etaBuffer: 50,
  });
  const started = Date.now();
  let shown = false;
  return {
    update(progress) {
      const payload = {
        doneMb: (progress.bytesRead / 1_048_576).toFixed(1),
        totalMb: (progress.sourceBytes / 1_048_576).toFixed(1),
        line: count(progress.linesRead),
        rate: count(Math.round(progress.rowsRead / Math.max(0.001, (Date.now() - started) / 1000))),
      };
      if (!shown) {
        bar.start(Math.max(1, progress.sourceBytes), progress.bytesRead, payload);
        shown = true;
      } else {
        bar.update(progress.bytesRead, payload);
      }
    },
    stop: () => bar.stop(),
  };
}

function summary(kind: CrmImportKind, outcome: CrmImportOutcome, seconds: number, rowsRead: number): string {
  const { view } = outcome;
  const lines = [
    `${view.sourceName} (${kind}): ${outcome.error ? 'STOPPED' : 'done'} — ${count(view.rowsTaken)} rows taken, ${count(view.rowsRefused)} refused, ` +
      `${count(view.linesDone)} lines; this run ${count(outcome.created)} created, ${count(outcome.updated)} updated, ` +
      `${count(rowsRead)} rows in ${seconds.toFixed(1)} s (${count(Math.round(rowsRead / Math.max(0.001, seconds)))} rows/s)`,
  ];
  for (const refusal of view.refusals.slice(0, REFUSALS_SHOWN)) lines.push(`  line ${refusal.line}: ${refusal.field}: ${refusal.message}`);
  if (view.rowsRefused > REFUSALS_SHOWN) lines.push(`  … ${count(view.rowsRefused - Math.min(REFUSALS_SHOWN, view.refusals.length))} more refused (import ${view.id} keeps the first ${view.refusals.length})`);
  if (outcome.tidySeconds !== null) lines.push(`  table vacuumed and analysed in ${outcome.tidySeconds.toFixed(1)} s (included above)`);
  if (outcome.error) lines.push(`  stopped: ${outcome.error}`, '  run the same command again to resume after the last committed line');
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<number> {
  let options;
  try {
    ({ values: options } = parseArgs({
      options: {
        customers: { type: 'string' },
        transactions: { type: 'string' },
        'chunk-rows': { type: 'string' },
        'tidy-after-rows': { type: 'string' },
        cwd: { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    return 2;
  }
  const chunkRows = options['chunk-rows'] === undefined ? DEFAULT_CHUNK_ROWS : Number(options['chunk-rows']);
  const tidyAfterRows = options['tidy-after-rows'] === undefined ? DEFAULT_TIDY_AFTER_ROWS : Number(options['tidy-after-rows']);
  const badCount = (value: number) => !Number.isSafeInteger(value) || value < 1;
  if (options.help || (!options.customers && !options.transactions) || badCount(chunkRows) || badCount(tidyAfterRows)) {
    process.stderr.write(`${USAGE}\n`);
    return options.help ? 0 : 2;
  }
  // npm and Nx run the script in server/; paths are meant from where the command was typed.
  const from = options.cwd || process.cwd();
  const files = (['customers', 'transactions'] as const).flatMap((kind) => (options[kind] ? [{ kind, path: resolve(from, options[kind]) }] : []));
  for (const file of files) {
    if (!existsSync(file.path)) {
      process.stderr.write(`no such file: ${file.path}\n`);
      return 2;
    }
  }

  const database = await openDatabase(loadConfig());
  const stop = () => {
    process.stderr.write('\ninterrupted: run the same command again to resume after the last committed line\n');
    void database.release().finally(() => process.exit(130));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    return await withDataSource(database.url, async (dataSource) => {
      // As `npm start` and `npm run seed` do: the schema the import writes to is the current one.
      await dataSource.runMigrations({ transaction: 'each' });
      const imports = crmImportServiceFor(dataSource);
      let failed = false;
      for (const file of files) {
        const source = await fileSource(file.path);
        const bar = process.stderr.isTTY ? progressBar(file.kind, source.name) : null;
        let rowsRead = 0;
        const started = Date.now();
        const running = await imports.start(file.kind, source, {
          actor: { kind: 'system', name: 'crm-import command' },
          chunkRows,
          tidyAfterRows,
          onProgress: (progress) => {
            rowsRead = progress.rowsRead;
            bar?.update(progress);
          },
          onTidying: () => {
            bar?.stop();
            process.stderr.write(`${source.name}: rows in after ${((Date.now() - started) / 1000).toFixed(1)} s; vacuuming and analysing the ${file.kind === 'customers' ? 'customers' : 'purchases'} table …\n`);
          },
        });
        if (running.resumedAtLine !== null) process.stdout.write(`${source.name}: resuming at line ${count(running.resumedAtLine)}\n`);
        const outcome = await running.finished;
        bar?.stop();
        process.stdout.write(summary(file.kind, outcome, (Date.now() - started) / 1000, rowsRead));
        if (outcome.error) {
          failed = true;
          break;
        }
      }
      return failed ? 1 : 0;
    });
  } finally {
    await database.release();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof ConfigError ? 'Invalid configuration: ' : ''}${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);

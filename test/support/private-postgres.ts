import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import { withDataSource } from '../../server/src/common/database/data-source';
import { findFreePort, withDatabase } from '../../server/src/common/database/embedded-postgres';
import type { TestDatabase } from './test-database';

/**
 * A PostgreSQL cluster of one test's own, which the test may stop (fast or immediate) and start again without
 * touching the server every other test uses. It runs the binaries the embedded-postgres packages ship (as the
 * `postgres` user under root, as the embedded server does); its data survives the stops; `remove` deletes it.
 */
export interface PrivatePostgres {
  /** A migrated database on this cluster, for a server under test (`drop` does nothing: `remove` takes the cluster). */
  database: TestDatabase;
  /** `pg_ctl stop -m fast`: sessions are ended (admin shutdown), transactions rolled back, then the server exits. */
  stopFast(): Promise<void>;
  /** `pg_ctl stop -m immediate`: the server quits at once, as a crash would; the next start recovers from the WAL. */
  stopImmediate(): Promise<void>;
  /** Starts the cluster again, on the same port and data. */
  start(): Promise<void>;
  remove(): Promise<void>;
  /** The postmaster's process id while it runs (its backends are its children), for the CPU it uses. */
  pid(): number | null;
}

/** Where the platform package of embedded-postgres keeps initdb and postgres (resolved, not loaded: it is an ES module). */
function binaries(): { initdb: string; postgres: string } {
  const entry = require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
  const bin = join(dirname(entry), '..', 'native', 'bin');
  return { initdb: join(bin, 'initdb'), postgres: join(bin, 'postgres') };
}

/** Under root the cluster runs as the postgres user, like the embedded server. */
function runAs(): { uid: number; gid: number } | Record<string, never> {
  if (process.getuid?.() !== 0) return {};
  return { uid: Number(execFileSync('id', ['-u', 'postgres']).toString().trim()), gid: Number(execFileSync('id', ['-g', 'postgres']).toString().trim()) };
}

/** `maxConnections`: PostgreSQL's max_connections, 100 unless several server processes share the cluster. */
export async function startPrivatePostgres(options: { maxConnections?: number } = {}): Promise<PrivatePostgres> {
  const { initdb, postgres } = binaries();
  const user = runAs();
  const dataDir = mkdtempSync(join(tmpdir(), 'callcentre-private-pg-'));
  chmodSync(dataDir, 0o755);
  const clusterDir = join(dataDir, 'cluster');
  mkdirSync(clusterDir, { mode: 0o700 });
  if ('uid' in user) chownSync(clusterDir, user.uid, user.gid);
  const init = spawnSync(initdb, [`--pgdata=${clusterDir}`, '--auth=trust', '--username=postgres', '--lc-messages=C', '--encoding=UTF8'], { ...user, encoding: 'utf8' });
  if (init.status !== 0) {
    rmSync(dataDir, { recursive: true, force: true });
    throw new Error(`initdb failed: ${init.stderr}`);
  }
  const port = await findFreePort();

  let server: ChildProcess | null = null;
  const start = () =>
    new Promise<void>((resolve, reject) => {
      const child = spawn(postgres, ['-D', clusterDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', `max_connections=${options.maxConnections ?? 100}`], {
        ...user,
        env: { ...process.env, LC_MESSAGES: 'C' },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let output = '';
      child.stderr?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('database system is ready to accept connections')) resolve();
      });
      child.once('exit', () => reject(new Error(`postgres exited: ${output}`)));
      server = child;
    });
  const stopWith = async (signal: NodeJS.Signals) => {
    const child = server;
    server = null;
    // Ended already (e.g. by the terminal's Ctrl-C, which reaches the whole process group): no exit event will come.
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  };

  const serverUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const url = withDatabase(serverUrl, 'callcentre');
  try {
    await start();
    const admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE callcentre`);
    await admin.end();
    await withDataSource(url, (dataSource) => dataSource.runMigrations({ transaction: 'each' }));
  } catch (error) {
    // Nothing is left behind when the cluster does not come up.
    await stopWith('SIGINT');
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }

  return {
    database: { url, name: 'callcentre', drop: async () => undefined },
    stopFast: () => stopWith('SIGINT'),
    stopImmediate: () => stopWith('SIGQUIT'),
    start,
    pid: () => (server as ChildProcess | null)?.pid ?? null,
    async remove() {
      await stopWith('SIGINT');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

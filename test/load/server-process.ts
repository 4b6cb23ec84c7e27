/**
 * The server as `npm start` runs it (the built `server/dist/server/src/main.js`), in a child process with its
 * embedded PostgreSQL in a temporary folder, for the load generator's default, realistic path.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface StartedServer {
  baseUrl: string;
  /** The server's process id (its embedded PostgreSQL runs as its descendants). */
  pid: number;
  /** The embedded database, for setting up bench agents and checking the journal afterwards. */
  databaseUrl: string;
  stop(): Promise<void>;
  /** Kills the server with SIGKILL, as a crash would, and waits for it to exit (meant for a server on `databaseUrl`). */
  kill(): Promise<void>;
}

const REPOSITORY_ROOT = join(__dirname, '..', '..');
/** The built server; LOAD_SERVER_ENTRY names another build (e.g. a copy of an earlier one, to compare with). */
export const SERVER_ENTRY = process.env.LOAD_SERVER_ENTRY ?? join(REPOSITORY_ROOT, 'server', 'dist', 'server', 'src', 'main.js');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts the built server on `port` (a free one by default), with a fresh embedded PostgreSQL or on `databaseUrl`;
 * resolves once /ready answers 200.
 */
export async function startServer(options: { env?: Record<string, string>; log?: (line: string) => void; databaseUrl?: string; port?: number } = {}): Promise<StartedServer> {
  if (!existsSync(SERVER_ENTRY)) throw new Error(`${SERVER_ENTRY} is missing: build the server first (npm run build, or run through npm run load)`);
  const dataDir = mkdtempSync(join(tmpdir(), 'callcentre-load-'));
  const port = options.port ?? (await freePort());
  // LOAD_SERVER_NODE_ARGS passes flags to the server's node, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to find a bottleneck.
  const nodeArgs = (process.env.LOAD_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, SERVER_ENTRY], {
    cwd: REPOSITORY_ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      MODE: 'demo',
      SEED_DEMO: 'false',
      LOG_LEVEL: 'warn',
      LOGIN_RATE_LIMIT: '10000',
      // No mail listener: a run never receives mail, and another server on this machine may hold the demo's port.
      SMTP_PORT: 'off',
      ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    const text = chunk.toString();
    output.push(text);
    if (output.length > 200) output.shift();
    options.log?.(text);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));

  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (!exited) {
      child.kill('SIGTERM');
      // A server that has not stopped within 30 s is killed.
      const forceKill = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exit;
      clearTimeout(forceKill);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  const kill = async () => {
    if (!exited) child.kill('SIGKILL');
    await exit;
  };

  const deadline = Date.now() + 180_000;
  for (;;) {
    if (exited) {
      await stop();
      throw new Error(`the server exited while starting:\n${output.join('').slice(-4000)}`);
    }
    try {
      const response = await fetch(`${baseUrl}/ready`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the server was not ready within 180 s:\n${output.join('').slice(-4000)}`);
    }
    await sleep(250);
  }
  return { baseUrl, pid: child.pid as number, databaseUrl: options.databaseUrl ?? embeddedDatabaseUrl(dataDir), stop, kill };
}

const CLOCK_TICKS_PER_SECOND = 100;

/**
 * CPU seconds (user + system) used so far by a process and, separately, by all its descendants including their
 * reaped children (Linux /proc).
 */
export function processTreeCpuSeconds(rootPid: number): { process: number; descendants: number } | null {
  return processTreesCpuSeconds([rootPid]).get(rootPid) ?? null;
}

/** The same for several processes from one reading of /proc; a process that has ended is missing from the answer. */
export function processTreesCpuSeconds(rootPids: readonly number[]): Map<number, { process: number; descendants: number }> {
  const found = new Map<number, { process: number; descendants: number }>();
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return found;
  }
  const stats = new Map<number, { parent: number; cpu: number; reaped: number }>();
  for (const name of entries) {
    try {
      const text = readFileSync(`/proc/${name}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces) start after the last ')'.
      const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
      // utime, stime, then cutime, cstime: the CPU of children already reaped (e.g. PostgreSQL backends that ended).
      stats.set(Number(name), {
        parent: Number(fields[1]),
        cpu: (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND,
        reaped: (Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS_PER_SECOND,
      });
    } catch {
      // the process ended meanwhile
    }
  }
  const children = new Map<number, number[]>();
  for (const [pid, stat] of stats) children.set(stat.parent, [...(children.get(stat.parent) ?? []), pid]);
  for (const rootPid of rootPids) {
    const root = stats.get(rootPid);
    if (!root) continue;
    let descendants = 0;
    const stack = [...(children.get(rootPid) ?? [])];
    while (stack.length > 0) {
      const pid = stack.pop() as number;
      descendants += (stats.get(pid)?.cpu ?? 0) + (stats.get(pid)?.reaped ?? 0);
      stack.push(...(children.get(pid) ?? []));
    }
    found.set(rootPid, { process: root.cpu, descendants });
  }
  return found;
}

/** The embedded cluster's address, from the credentials the server keeps in DATA_DIR and the port in postmaster.pid. */
function embeddedDatabaseUrl(dataDir: string): string {
  const credentials = JSON.parse(readFileSync(join(dataDir, 'postgres-credentials.json'), 'utf8')) as { user: string; password: string };
  const port = readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[3]?.trim();
  if (!port) throw new Error('cannot read the embedded PostgreSQL port');
  return `postgres://${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/callcentre`;
}

/** Machine-wide CPU time counters (Linux /proc/stat), in seconds: all, idle and waiting for I/O. */
export function machineCpuSeconds(): { total: number; idle: number; iowait: number } | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const values = line.trim().split(/\s+/).slice(1).map(Number);
    const total = values.slice(0, 8).reduce((a, b) => a + b, 0);
    return { total: total / CLOCK_TICKS_PER_SECOND, idle: values[3] / CLOCK_TICKS_PER_SECOND, iowait: values[4] / CLOCK_TICKS_PER_SECOND };
  } catch {
    return null;
  }
}

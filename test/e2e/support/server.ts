import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The repository root (this file lives in test/e2e/support). */
export const REPO_ROOT = resolve(__dirname, '..', '..', '..');
const SERVER_ENTRY = join(REPO_ROOT, 'server', 'dist', 'server', 'src', 'main.js');
const CONSOLE_INDEX = join(REPO_ROOT, 'console', 'dist', 'index.html');

/** How much of the server's output is kept for failure messages. */
const OUTPUT_LINES_KEPT = 400;

export interface RunningServer {
  /** e.g. http://127.0.0.1:41234 */
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  /** The server's stdout and stderr so far (the last lines), for failure messages. */
  output(): string;
  /** SIGTERM, wait for the process to exit, then remove the data folder. */
  stop(): Promise<void>;
  /**
   * Stops the server cleanly and starts it again on the same port and data (a new process, so a new realtime
   * epoch). `whileDown` runs between the two, with the server gone; resolves once /ready answers again.
   */
  restart(whileDown?: () => Promise<void>): Promise<void>;
}

export interface StartServerOptions {
  /** Extra environment on top of the demo defaults. */
  env?: Record<string, string>;
  /** Give up waiting for /ready after this long. */
  readyTimeoutMs?: number;
  /** Give up waiting for a clean exit after SIGTERM after this long, then SIGKILL. */
  stopTimeoutMs?: number;
  /** The address browsers use; the server then listens on every interface (HOST=0.0.0.0). Default: 127.0.0.1. */
  publicHost?: string;
}

export async function findFreePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolvePort(port));
    });
  });
}

function assertBuilt(): void {
  const missing = [SERVER_ENTRY, CONSOLE_INDEX].filter((file) => !existsSync(file));
  if (missing.length > 0) {
    throw new Error(`The product is not built (missing ${missing.join(', ')}). Run \`npm run build\` first.`);
  }
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((done) => {
    const timer = setTimeout(() => done(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      done(true);
    });
  });
}

/**
 * Starts the built product exactly as `npm start` runs it (`node server/dist/server/src/main.js`),
 * in demo mode with its own embedded PostgreSQL in a fresh temporary DATA_DIR and a free PORT,
 * and resolves once GET /ready answers 200.
 */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  assertBuilt();
  const { readyTimeoutMs = 120_000, stopTimeoutMs = 30_000 } = options;
  const port = await findFreePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'callcentre-e2e-'));
  const url = `http://${options.publicHost ?? '127.0.0.1'}:${port}`;

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...(options.publicHost ? { HOST: '0.0.0.0' } : {}),
    PORT: String(port),
    DATA_DIR: dataDir,
    MODE: 'demo',
    ...options.env,
  };
  delete env.DATABASE_URL; // always the embedded database, never a developer's own
  delete env.CONSOLE_DIR; // always the console built from this tree

  const lines: string[] = [];
  const keep = (stream: string) => (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim() === '') continue;
      lines.push(`[${stream}] ${line}`);
      if (lines.length > OUTPUT_LINES_KEPT) lines.shift();
    }
  };
  const output = () => lines.join('\n');

  let child: ChildProcess;
  let exitReason: string | null = null;
  const spawnServer = () => {
    exitReason = null;
    child = spawn(process.execPath, [SERVER_ENTRY], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', keep('out'));
    child.stderr?.on('data', keep('err'));
    const current = child;
    current.once('exit', (code, signal) => {
      if (child === current) exitReason = `exited with ${signal ?? `code ${code}`}`;
    });
    current.once('error', (error) => {
      if (child === current) exitReason = `could not start: ${error.message}`;
    });
  };

  const terminate = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      if (!(await waitForExit(child, stopTimeoutMs))) {
        child.kill('SIGKILL');
        await waitForExit(child, 5_000);
      }
    }
  };

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await terminate();
    rmSync(dataDir, { recursive: true, force: true });
  };

  /** Polls /ready until it answers 200; throws with the server's output when it exits or takes too long. */
  const waitReady = async (): Promise<void> => {
    const deadline = Date.now() + readyTimeoutMs;
    let lastProblem = 'no answer yet';
    while (Date.now() < deadline) {
      if (exitReason) {
        const reason = exitReason;
        await stop();
        throw new Error(`The server ${reason} before it was ready.\n--- server output ---\n${output()}`);
      }
      try {
        const response = await fetch(`${url}/ready`, { signal: AbortSignal.timeout(3_000) });
        if (response.ok) return;
        lastProblem = `/ready answered ${response.status}: ${(await response.text()).slice(0, 300)}`;
      } catch (error) {
        lastProblem = error instanceof Error ? error.message : String(error);
      }
      await new Promise((done) => setTimeout(done, 500));
    }
    await stop();
    throw new Error(`The server was not ready within ${readyTimeoutMs / 1000} s (last: ${lastProblem}).\n--- server output ---\n${output()}`);
  };

  const restart = async (whileDown?: () => Promise<void>) => {
    await terminate();
    if (whileDown) await whileDown();
    spawnServer();
    await waitReady();
  };

  spawnServer();
  await waitReady();
  return { url, port, dataDir, output, stop, restart };
}

import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

const ROOT = resolve(__dirname, '../../..');
const BUILT_SERVER = join(ROOT, 'server', 'dist');

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * `npm start`'s launcher (server/start.mjs) in a folder of its own: the built server of this tree, and an `nx` that
 * only records the build it was asked for (the build itself is Nx's business, and would rebuild the shared tree).
 */
function launcherFolder(): { root: string; buildArgs: () => string[] } {
  const root = mkdtempSync(join(tmpdir(), 'callcentre-npm-start-'));
  mkdirSync(join(root, 'server'));
  copyFileSync(join(ROOT, 'server', 'start.mjs'), join(root, 'server', 'start.mjs'));
  symlinkSync(BUILT_SERVER, join(root, 'server', 'dist'), 'dir');
  const nxBin = join(root, 'node_modules', 'nx', 'bin');
  mkdirSync(nxBin, { recursive: true });
  writeFileSync(join(root, 'node_modules', 'nx', 'package.json'), JSON.stringify({ name: 'nx', version: '0.0.0' }));
  writeFileSync(join(nxBin, 'nx.js'), `require('node:fs').writeFileSync(${JSON.stringify(join(root, 'build-args.json'))}, JSON.stringify(process.argv.slice(2)));\n`);
  return { root, buildArgs: () => JSON.parse(readFileSync(join(root, 'build-args.json'), 'utf8')) as string[] };
}

/**
 * Runs the launcher against `databaseUrl`; once the server says it listens, `stop` sends the signal, as a terminal's
 * Ctrl-C (to the whole process group) or a service manager (to the launcher) would. Resolves when the launcher exits.
 */
function runLauncher(root: string, database: { DATABASE_URL: string } | { DATA_DIR: string }, stop: (pid: number) => void): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(root, 'server', 'start.mjs')], {
      cwd: root,
      detached: true, // a process group of its own, as `npm start` in a terminal
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0', LOG_LEVEL: 'info', MODE: 'demo', SMTP_PORT: 'off', ...database },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const run: Run = { code: null, signal: null, stdout: '', stderr: '' };
    let signalled = false;
    const timer = setTimeout(() => {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    }, 150_000);
    child.stdout.on('data', (chunk) => {
      run.stdout += chunk;
      if (!signalled && /listening on/.test(run.stdout) && child.pid) {
        signalled = true;
        stop(child.pid);
      }
    });
    child.stderr.on('data', (chunk) => (run.stderr += chunk));
    child.on('error', fail);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      done({ ...run, code, signal });
    });
  });
}

/** The start-up and shutdown narrative of the server's JSON log, apart from the modules' own lines. */
function narrative(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { name?: string; msg: string })
    .filter((line) => line.name === 'callcentre')
    .map((line) => line.msg);
}

describe('npm start: ends quietly with 0 on SIGINT and SIGTERM', () => {
  let database: TestDatabase;
  const folders: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
    await database?.drop();
  });

  it('is what `npm start` runs', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(manifest.scripts.start).toMatch(/^(exec )?node server\/start\.mjs$/);
  });

  it.each([
    ['Ctrl-C in a terminal (SIGINT to the whole process group)', 'SIGINT', 'group'],
    ['SIGINT to the launcher', 'SIGINT', 'launcher'],
    ['SIGTERM to the launcher (a service manager)', 'SIGTERM', 'launcher'],
  ] as const)('builds, runs the server and stops it cleanly on %s', async (_, signal, to) => {
    const folder = launcherFolder();
    folders.push(folder.root);
    const run = await runLauncher(folder.root, { DATABASE_URL: database.url }, (pid) => process.kill(to === 'group' ? -pid : pid, signal));
    expect({ code: run.code, signal: run.signal }).toEqual({ code: 0, signal: null });
    expect(folder.buildArgs()).toEqual(expect.arrayContaining(['run-many', '-t', 'build', 'server', 'console']));
    const said = narrative(run.stdout);
    expect(said.slice(said.indexOf(`${signal} received: stopping`))).toEqual([
      `${signal} received: stopping`,
      'closing the HTTP server, live connections, routing and the database pool',
      'stopped',
    ]);
    // Quiet: no stack, no warning, nothing on stderr.
    expect(run.stderr).toBe('');
  }, 120_000);

  it.each([
    ['Ctrl-C in a terminal (SIGINT to the whole process group)', 'SIGINT', 'group'],
    ['SIGTERM to the launcher (a service manager)', 'SIGTERM', 'launcher'],
  ] as const)('with the embedded PostgreSQL, closes every connection before the database stops on %s', async (_, signal, to) => {
    const folder = launcherFolder();
    folders.push(folder.root);
    // Run as root, the embedded cluster runs as the postgres user, who must be able to enter the folder.
    chmodSync(folder.root, 0o755);
    const dataDir = join(folder.root, 'data');
    const run = await runLauncher(folder.root, { DATA_DIR: dataDir }, (pid) => process.kill(to === 'group' ? -pid : pid, signal));
    expect({ code: run.code, signal: run.signal }).toEqual({ code: 0, signal: null });
    const said = narrative(run.stdout);
    expect(said.slice(said.indexOf(`${signal} received: stopping`))).toEqual([
      `${signal} received: stopping`,
      'closing the HTTP server, live connections, routing and the database pool',
      'stopping the embedded PostgreSQL',
      'stopped',
    ]);
    // Nothing complained while stopping: no connection was cut under a module by the database going first.
    const lines = run.stdout.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as { level: number; msg: string });
    const stopping = lines.findIndex((line) => line.msg === `${signal} received: stopping`);
    expect(lines.slice(stopping).filter((line) => line.level >= 40).map((line) => line.msg)).toEqual([]);
    expect(run.stderr).toBe('');
  }, 160_000);
});

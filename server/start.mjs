// `npm start`: builds what is needed through Nx, then runs the server as a direct child, so a signal sent to
// `npm start` (Ctrl-C, SIGTERM) reaches the server, which stops cleanly, and npm ends with its exit code.
// Run through Nx's task runner instead, the server sat under several shells that drop signals, and Nx reported
// the interrupted task as "did not complete".
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const nx = createRequire(import.meta.url).resolve('nx/bin/nx.js');
let child = null;
let stopping = null;

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    // A terminal's Ctrl-C reaches every process of its group, npm forwards it too: pass it on once. A closed
    // terminal (SIGHUP) stops the server as SIGTERM does.
    if (stopping) return;
    stopping = signal;
    child?.kill(signal === 'SIGHUP' ? 'SIGTERM' : signal);
  });
}

function run(args, options = {}) {
  return new Promise((resolve) => {
    child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit', ...options });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

const built = await run([nx, 'run-many', '-t', 'build', '-p', 'server', 'console', '--output-style=stream']);
if (built !== 0 || stopping) process.exit(stopping ? 130 : built);
// The server runs in a process group of its own, and so does the embedded PostgreSQL it starts: a terminal's Ctrl-C
// reaches this launcher, which passes it on, and not the database directly, which would stop at once under a
// server still closing its connections. The server stops the database itself, last.
process.exit(await run([join(root, 'server', 'dist', 'server', 'src', 'main.js')], { detached: true }));

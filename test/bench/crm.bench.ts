/**
 * `npm run bench:crm [-- --customers 1000000 --transactions 10000000 --dir /tmp/crm-bench --json --generate-only]`: generates a
 * book of customers and purchases as CSV files (heavy-tailed: a few customers buy often and much), imports them with
 * `npm run crm:import` into the embedded PostgreSQL of a server started as `npm start` runs it, then runs a value
 * recompute with `npm run crm:recompute` while reading customer records through the API.
 *
 * Prints import rows/s, the import's peak memory for a file a tenth the size and for the full one (the import
 * streams, so the two should match), recompute seconds and the customer record's p50/p99 during the recompute.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdirSync, statSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { startServer, type StartedServer } from '../load/server-process';

const REPOSITORY_ROOT = join(__dirname, '..', '..');
const CLI = (name: string) => join(REPOSITORY_ROOT, 'server', 'dist', 'server', 'src', 'cli', `${name}.js`);
const AS_OF = '2026-06-30T23:59:59+08:00';
const DAY_MS = 86_400_000;

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(name);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
}

function textOption(name: string, fallback: string): string {
  const index = process.argv.indexOf(name);
  return index > 0 ? process.argv[index + 1] : fallback;
}

/** mulberry32: the same files on every run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function writeLines(path: string, header: string, count: number, line: (index: number) => string): Promise<void> {
  const out: WriteStream = createWriteStream(path);
  out.write(`${header}\n`);
  let chunk: string[] = [];
  for (let index = 0; index < count; index += 1) {
    chunk.push(line(index));
    if (chunk.length === 10_000) {
      if (!out.write(`${chunk.join('\n')}\n`)) await once(out, 'drain');
      chunk = [];
    }
  }
  if (chunk.length) out.write(`${chunk.join('\n')}\n`);
  out.end();
  await once(out, 'finish');
}

const customerId = (index: number) => `B${String(index + 1).padStart(8, '0')}`;
const LANGUAGES = ['en', 'en', 'en', 'zh-cmn', 'zh-yue'];
const ZONES = ['Europe/London', 'Asia/Shanghai', 'Asia/Hong_Kong', 'America/New_York'];

/** Customers, then purchases spread over the 400 days before the as-of time, 3 % of them refunds. */
async function generate(dir: string, customers: number, transactions: number, tag: string): Promise<{ customersFile: string; transactionsFile: string }> {
  mkdirSync(dir, { recursive: true });
  const customersFile = join(dir, `customers-${tag}.csv`);
  const transactionsFile = join(dir, `transactions-${tag}.csv`);
  if (existsSync(customersFile) && existsSync(transactionsFile)) return { customersFile, transactionsFile };
  const random = seededRandom(2026);
  await writeLines(customersFile, 'external_id,name,phone,email,language,time_zone,birthday', customers, (index) => {
    const month = 1 + (index % 12);
    const day = 1 + (index % 28);
    return `${customerId(index)},Customer ${index + 1},,,${LANGUAGES[index % LANGUAGES.length]},${ZONES[index % ZONES.length]},19${50 + (index % 50)}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  });
  const asOf = Date.parse(AS_OF);
  await writeLines(transactionsFile, 'external_id,customer_external_id,occurred_at,amount,product,channel', transactions, (index) => {
    // Low customer numbers buy more often: the frequency is heavy-tailed, and so is the amount.
    const customer = Math.floor(customers * random() ** 2.2);
    const cents = Math.floor(500 + 50_000 * random() ** 4);
    const amount = random() < 0.03 ? -cents : cents;
    const occurredAt = new Date(asOf - Math.floor(random() * 400 * DAY_MS)).toISOString();
    return `T${String(index + 1).padStart(9, '0')},${customerId(customer)},${occurredAt},${(amount / 100).toFixed(2)},P${index % 40},web`;
  });
  return { customersFile, transactionsFile };
}

/** Runs a compiled CLI under GNU time; returns wall seconds, peak resident memory and its output. */
async function timed(cli: string, args: string[], databaseUrl: string): Promise<{ seconds: number; peakRssMb: number; output: string }> {
  const child = spawn('/usr/bin/time', ['-f', 'TIME %e %M', process.execPath, CLI(cli), ...args], {
    cwd: REPOSITORY_ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const [code] = await once(child, 'exit');
  const figures = /TIME ([\d.]+) (\d+)/.exec(output);
  if (code !== 0 || !figures) throw new Error(`${cli} ${args.join(' ')} failed (${code}):\n${output.slice(-3000)}`);
  return { seconds: Number(figures[1]), peakRssMb: Number(figures[2]) / 1024, output };
}

async function signIn(server: StartedServer, username: string): Promise<string> {
  const response = await fetch(`${server.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password: username }) });
  if (!response.ok) throw new Error(`sign-in as ${username}: ${response.status}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/** Reads random customers' records (as a supervisor) until `done` resolves; returns the answer times in ms. */
async function readRecordsUntil(server: StartedServer, token: string, ids: string[], done: Promise<unknown>): Promise<number[]> {
  let finished = false;
  void done.finally(() => (finished = true));
  const times: number[] = [];
  const random = seededRandom(5);
  while (!finished) {
    const id = ids[Math.floor(random() * ids.length)];
    const started = performance.now();
    const response = await fetch(`${server.baseUrl}/api/customers/${id}`, { headers: { Authorization: `Bearer ${token}` } });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`customer record: ${response.status}`);
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}

async function main(): Promise<void> {
  const customers = option('--customers', 1_000_000);
  const transactions = option('--transactions', 10_000_000);
  const dir = textOption('--dir', '/tmp/crm-bench');
  const json = process.argv.includes('--json');
  const say = (line: string) => (json ? process.stderr : process.stdout).write(`${line}\n`);

  say(`generating ${customers.toLocaleString('en')} customers and ${transactions.toLocaleString('en')} purchases in ${dir} …`);
  const small = await generate(dir, Math.ceil(customers / 10), Math.ceil(transactions / 10), `${customers / 10}-${transactions / 10}`);
  const full = await generate(dir, customers, transactions, `${customers}-${transactions}`);
  if (process.argv.includes('--generate-only')) {
    say(`files: ${small.customersFile}, ${small.transactionsFile}, ${full.customersFile}, ${full.transactionsFile}`);
    return;
  }

  const figures: Record<string, number> = { customers, transactions };
  // The tenth-size import runs on a server of its own so both imports start from an empty book.
  for (const [label, files] of [['tenth', small], ['full', full]] as const) {
    const server = await startServer({ env: { SEED_DEMO: 'true', LOG_LEVEL: 'warn' } });
    try {
      say(`importing the ${label}-size files …`);
      const imported = await timed('crm-import', ['--customers', files.customersFile, '--transactions', files.transactionsFile], server.databaseUrl);
      const rows = label === 'full' ? customers + transactions : Math.ceil(customers / 10) + Math.ceil(transactions / 10);
      const bytes = statSync(files.customersFile).size + statSync(files.transactionsFile).size;
      figures[`${label}ImportSeconds`] = imported.seconds;
      // Part of the import's time: a large file's table is vacuumed and analysed as the import ends.
      const tidied = [...imported.output.matchAll(/table vacuumed and analysed in ([\d.]+) s/g)].reduce((total, match) => total + Number(match[1]), 0);
      figures[`${label}ImportTidySeconds`] = tidied;
      figures[`${label}ImportRowsPerSec`] = rows / imported.seconds;
      figures[`${label}ImportPeakRssMb`] = imported.peakRssMb;
      figures[`${label}FileMb`] = bytes / 1_048_576;
      if (label !== 'full') continue;

      const token = await signIn(server, 'sophie');
      const listed = await fetch(`${server.baseUrl}/api/customers?limit=200`, { headers: { Authorization: `Bearer ${token}` } });
      const ids = ((await listed.json()) as { items: { id: string }[] }).items.map((item) => item.id);
      say('recomputing customer value while reading customer records …');
      const recompute = timed('crm-recompute', ['--as-of', AS_OF], server.databaseUrl);
      const during = await readRecordsUntil(server, token, ids, recompute);
      const recomputed = await recompute;
      // The run's steps as the command printed them, each with the seconds since it started.
      for (const line of recomputed.output.split('\n').filter((text) => text.startsWith('['))) say(`  ${line}`);
      figures.recomputeSeconds = recomputed.seconds;
      figures.recordAnswers = during.length;
      figures.recordP50Ms = percentile(during, 50);
      figures.recordP99Ms = percentile(during, 99);
    } finally {
      await server.stop();
    }
  }

  if (json) {
    process.stdout.write(`${JSON.stringify(figures)}\n`);
    return;
  }
  say(
    [
      `import: ${Math.round(figures.fullImportRowsPerSec).toLocaleString('en')} rows/s (${(customers + transactions).toLocaleString('en')} rows, ${figures.fullFileMb.toFixed(0)} MB, ${figures.fullImportSeconds.toFixed(1)} s, of which ${figures.fullImportTidySeconds.toFixed(1)} s vacuuming and analysing)`,
      `import peak memory: ${figures.tenthImportPeakRssMb.toFixed(0)} MB for ${figures.tenthFileMb.toFixed(0)} MB of files, ${figures.fullImportPeakRssMb.toFixed(0)} MB for ${figures.fullFileMb.toFixed(0)} MB`,
      `recompute: ${figures.recomputeSeconds.toFixed(1)} s`,
      `customer record during the recompute: p50 ${figures.recordP50Ms.toFixed(1)} ms, p99 ${figures.recordP99Ms.toFixed(1)} ms over ${figures.recordAnswers} answers`,
    ].join('\n'),
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);

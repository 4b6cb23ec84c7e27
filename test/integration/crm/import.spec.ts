import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { partOf } from '../../../server/src/modules/crm-import/crm-import.service';
import { createApiKey, createSignedInUser, type SignedInStaff } from '../../factories/users';
import { startTestApp, type TestApp } from '../../support/test-app';
import { send } from '../security/support';

const REPOSITORY_ROOT = join(__dirname, '..', '..', '..');
const CLI = join(REPOSITORY_ROOT, 'server', 'dist', 'server', 'src', 'cli', 'crm-import.js');

interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * The CSV import, as `npm run crm:import` runs it (the compiled command, on the test's database) and as the console
 * uploads a file: rows refused with their line while the file goes on, a repeat updating rather than adding, an
 * import killed mid-way resumed exactly, and an upload answered at once with its progress to follow.
 */
describe('crm: CSV imports', () => {
  let server: TestApp;
  let admin: SignedInStaff;
  let agent: SignedInStaff;
  let dir: string;

  beforeAll(async () => {
    server = await startTestApp();
    admin = await createSignedInUser(server.dataSource, { roles: ['admin'] });
    agent = await createSignedInUser(server.dataSource, { roles: ['agent'] });
    dir = mkdtempSync(join(tmpdir(), 'crm-import-'));
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function startCli(args: string[]): { child: ChildProcess; done: Promise<CliRun> } {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: REPOSITORY_ROOT,
      env: { ...process.env, DATABASE_URL: server.database.url, LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const done = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null, stdout, stderr }));
    return { child, done };
  }
  const runCli = (args: string[]) => startCli(args).done;

  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const latestImport = async (name: string) => {
    const [row] = await server.dataSource.query(`SELECT * FROM crm_imports WHERE source_name = $1 ORDER BY started_at DESC LIMIT 1`, [name]);
    return row;
  };
  const count = async (sql: string) => Number((await server.dataSource.query(sql))[0].count);

  it('imports customers then purchases, refusing each bad row with its line while the rest go in', async () => {
    const customers = file(
      'customers.csv',
      [
        'name,external_id,email,time_zone,birthday,phone,language',
        'Ada Lovelace,C-1,ada@example.com,Europe/London,1990-12-10,+44 20 7946 0201,en',
        ',C-2,,,,,',
        '"Grace ""Amazing"" Hopper",C-3,GRACE@example.com,America/New_York,,,',
        'Zed,C-4,,Mars/Olympus,,,',
        '',
        'Bo,C-5,bo@example.com,,1985-02-30,,',
        'Too,many,fields,here,,,,',
        'Wong Ka Ming,C-6,,Asia/Hong_Kong,,,zh-yue',
        'Copycat,C-7,ada@example.com,,,,',
      ].join('\n') + '\n',
    );
    const purchases = file(
      'purchases.csv',
      [
        'external_id,customer_external_id,occurred_at,amount,product,channel',
        'P-1,C-1,2026-03-01T14:30:00+08:00,120.50,Kettle,web',
        'P-2,C-3,2026-03-02T09:00:00Z,-20,Kettle refund,',
        'P-3,C-404,2026-03-02T09:00:00Z,5,,',
        'P-4,C-1,2026-03-02 09:00:00,5,,',
        'P-5,C-6,2026-03-03T10:00:00+08:00,9.999,,',
        'P-6,C-6,2026-03-03T10:00:00+08:00,10,"Tea, green",shop',
      ].join('\r\n') + '\r\n',
    );
    const run = await runCli(['--customers', customers, '--transactions', purchases]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);

    const customersImport = await latestImport('customers.csv');
    expect(customersImport).toMatchObject({ kind: 'customers', status: 'completed', rows_taken: '3', rows_refused: '5', lines_done: '10' });
    expect(customersImport.refusals.map((refusal: { line: number; field: string }) => `${refusal.line}:${refusal.field}`)).toEqual([
      '3:name',
      '5:time_zone',
      '7:birthday',
      '8:row',
      '10:email',
    ]);
    expect(customersImport.refusals[4].message).toBe('another customer already has this email');
    expect(Number(customersImport.bytes_done)).toBe(statSync(customers).size);

    const purchasesImport = await latestImport('purchases.csv');
    expect(purchasesImport).toMatchObject({ kind: 'transactions', status: 'completed', rows_taken: '3', rows_refused: '3', lines_done: '7' });
    expect(purchasesImport.refusals).toEqual([
      { line: 4, field: 'customer_external_id', message: "no customer has external_id 'C-404'" },
      { line: 5, field: 'occurred_at', message: expect.stringMatching(/^occurred_at must be an ISO 8601 date and time with an offset/) },
      { line: 6, field: 'amount', message: expect.stringMatching(/^amount must be a decimal number/) },
    ]);

    // The summary names what was taken and each refusal with its line.
    expect(run.stdout).toContain('customers.csv (customers): done — 3 rows taken, 5 refused, 10 lines');
    expect(run.stdout).toContain('  line 3: name: name is required (1 to 160 characters)');
    expect(run.stdout).toContain("  line 4: customer_external_id: no customer has external_id 'C-404'");

    const stored = await server.dataSource.query(`SELECT external_id, name, email, time_zone, language FROM customers WHERE external_id LIKE 'C-%' ORDER BY external_id`);
    expect(stored).toEqual([
      { external_id: 'C-1', name: 'Ada Lovelace', email: 'ada@example.com', time_zone: 'Europe/London', language: 'en' },
      { external_id: 'C-3', name: 'Grace "Amazing" Hopper', email: 'grace@example.com', time_zone: 'America/New_York', language: null },
      { external_id: 'C-6', name: 'Wong Ka Ming', email: null, time_zone: 'Asia/Hong_Kong', language: 'zh-yue' },
    ]);
    const bought = await server.dataSource.query(`SELECT external_id, amount::text AS amount, product, channel FROM customer_transactions WHERE external_id LIKE 'P-%' ORDER BY external_id`);
    expect(bought).toEqual([
      { external_id: 'P-1', amount: '120.50', product: 'Kettle', channel: 'web' },
      { external_id: 'P-2', amount: '-20.00', product: 'Kettle refund', channel: null },
      { external_id: 'P-6', amount: '10.00', product: 'Tea, green', channel: 'shop' },
    ]);
  });

  it('imports the same files again as updates, adding no row', async () => {
    const customersBefore = await count(`SELECT count(*) FROM customers`);
    const purchasesBefore = await count(`SELECT count(*) FROM customer_transactions`);
    const run = await runCli(['--customers', join(dir, 'customers.csv'), '--transactions', join(dir, 'purchases.csv')]);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('resuming');
    expect(run.stdout).toContain('this run 0 created, 3 updated');
    expect(await count(`SELECT count(*) FROM customers`)).toBe(customersBefore);
    expect(await count(`SELECT count(*) FROM customer_transactions`)).toBe(purchasesBefore);
    expect(await count(`SELECT count(*) FROM crm_imports WHERE source_name = 'customers.csv' AND status = 'completed'`)).toBe(2);
  });

  it('vacuums and analyses the table after a file that wrote at least --tidy-after-rows rows, and not after a smaller one', async () => {
    const vacuums = async () => count(`SELECT vacuum_count AS count FROM pg_stat_user_tables WHERE relname = 'customer_transactions'`);
    const lines = (prefix: string) => ['external_id,customer_external_id,occurred_at,amount', ...[1, 2, 3].map((n) => `${prefix}-${n},C-1,2026-05-0${n}T10:00:00+08:00,1${n}.00`)].join('\n');
    const before = await vacuums();
    const small = await runCli(['--transactions', file('tidy-small.csv', lines('TS')), '--tidy-after-rows', '4']);
    expect(small.code).toBe(0);
    expect(small.stdout).not.toContain('vacuumed');
    expect(await vacuums()).toBe(before);

    const large = await runCli(['--transactions', file('tidy-large.csv', lines('TL')), '--tidy-after-rows', '3']);
    expect(large.code).toBe(0);
    expect(large.stderr).toContain('vacuuming and analysing the purchases table');
    expect(large.stdout).toMatch(/table vacuumed and analysed in \d+\.\d s/);
    expect(await vacuums()).toBe(before + 1);
    expect((await runCli(['--transactions', file('tidy-bad.csv', lines('TB')), '--tidy-after-rows', '0'])).code).not.toBe(0);
  });

  it('merges purchases in parts and chunks to the same book as in one piece: a purchase listed twice ends with its later line', async () => {
    const customerFile = file('twice-customers.csv', `external_id,name\n${Array.from({ length: 10 }, (_, index) => `R-${index},Repeat ${index}`).join('\n')}\n`);
    expect((await runCli(['--customers', customerFile])).code).toBe(0);
    // Each purchase twice, the second time with another amount (refunds among them), and a bad row now and then.
    const lines: string[] = [];
    for (let round = 0; round < 2; round += 1) {
      for (let index = 0; index < 20; index += 1) {
        const amount = round === 0 ? `${index + 1}.00` : `${index % 3 === 0 ? '-' : ''}${index + 1}.5${round}`;
        lines.push(`D-${index},R-${index % 10},2026-04-0${1 + round}T10:00:00Z,${amount},P,web`);
        if (index % 7 === 3) lines.push(`D-bad-${round}-${index},R-1,2026-04-01T10:00:00Z,lots,P,web`);
      }
    }
    const text = `external_id,customer_external_id,occurred_at,amount,product,channel\n${lines.join('\n')}\n`;
    const badLines = lines.flatMap((line, index) => (line.includes(',lots,') ? [index + 2] : []));
    // Both parts hold purchases, and bad rows.
    expect(new Set(lines.map((line) => partOf(line.split(',')[0], 2))).size).toBe(2);

    const chunked = await runCli(['--transactions', file('twice-chunked.csv', text), '--chunk-rows', '3']);
    expect(chunked.code).toBe(0);
    expect(chunked.stdout).toContain(`this run 20 created, 20 updated`);
    const book = () =>
      server.dataSource.query(
        `SELECT t.external_id, c.external_id AS customer, t.occurred_at, t.amount::text AS amount FROM customer_transactions t JOIN customers c ON c.id = t.customer_id
          WHERE t.external_id LIKE 'D-%' ORDER BY t.external_id`,
      );
    const stored = await book();
    expect(stored).toHaveLength(20);
    for (const row of stored) {
      const index = Number(row.external_id.slice(2));
      expect(row).toMatchObject({ customer: `R-${index % 10}`, amount: `${index % 3 === 0 ? '-' : ''}${index + 1}.51` });
      expect(new Date(row.occurred_at).toISOString()).toBe('2026-04-02T10:00:00.000Z');
    }
    const chunkedImport = await latestImport('twice-chunked.csv');
    expect(chunkedImport).toMatchObject({ status: 'completed', rows_taken: '40', rows_refused: String(badLines.length), lines_done: String(lines.length + 1) });
    expect(chunkedImport.refusals.map((refusal: { line: number }) => refusal.line)).toEqual(badLines);

    // The same rows in one chunk: every purchase updated to the same values.
    const whole = await runCli(['--transactions', file('twice-whole.csv', text)]);
    expect(whole.code).toBe(0);
    expect(whole.stdout).toContain(`this run 0 created, 20 updated`);
    expect(await book()).toEqual(stored);
    expect((await latestImport('twice-whole.csv')).refusals).toEqual(chunkedImport.refusals);
  });

  it('resumes an import killed mid-way after its last committed line, ending with every row exactly once', async () => {
    const customers = 1_000;
    const purchases = 200_000;
    const customerLines = Array.from({ length: customers }, (_, index) => `K-${index},Customer ${index},Asia/Shanghai`);
    const customerFile = file('book-customers.csv', `external_id,name,time_zone\n${customerLines.join('\n')}\n`);
    expect((await runCli(['--customers', customerFile])).code).toBe(0);

    const purchaseLines: string[] = [];
    for (let index = 0; index < purchases; index += 1) {
      purchaseLines.push(`B-${index},K-${index % customers},2026-0${1 + (index % 9)}-1${index % 10}T12:00:00+08:00,${(index % 500) + 0.25},P${index % 40},web`);
    }
    const purchaseFile = file('book-purchases.csv', `external_id,customer_external_id,occurred_at,amount,product,channel\n${purchaseLines.join('\n')}\n`);

    const first = startCli(['--transactions', purchaseFile, '--chunk-rows', '5000']);
    let linesDone = 0;
    for (let waited = 0; linesDone === 0 && waited < 60_000; waited += 10) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      linesDone = Number((await latestImport('book-purchases.csv'))?.lines_done ?? 0);
    }
    first.child.kill('SIGKILL');
    const killed = await first.done;
    expect(killed.signal).toBe('SIGKILL');
    const interrupted = await latestImport('book-purchases.csv');
    // Purchases merge in two parts by external id, each committing its own progress; the import's lines_done is the
    // part furthest behind, and the rows in are exactly those each part had reached.
    const committedLines = Number(interrupted.lines_done);
    const partLines: number[] = interrupted.part_lines_done.map(Number);
    expect(partLines).toHaveLength(2);
    expect(committedLines).toBe(Math.min(...partLines));
    expect(committedLines).toBeGreaterThan(1);
    expect(Math.max(...partLines)).toBeLessThan(purchases + 1);
    const committedRows = await count(`SELECT count(*) FROM customer_transactions WHERE external_id LIKE 'B-%'`);
    expect(committedRows).toBe(Number(interrupted.rows_taken));
    const reached = purchaseLines.filter((line, index) => index + 2 <= partLines[partOf(line.split(',')[0], 2)]).length;
    expect(committedRows).toBe(reached);
    expect(committedRows).toBeGreaterThanOrEqual(committedLines - 1);

    // The killed process's connection goes, and its lock with it: the import then reads as stopped.
    for (let waited = 0; waited < 10_000; waited += 50) {
      if ((await send(server.baseUrl, 'GET', `/api/crm/imports/${interrupted.id}`, { headers: admin.headers })).body.status !== 'running') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const resumed = await runCli(['--transactions', purchaseFile, '--chunk-rows', '5000']);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain(`book-purchases.csv: resuming at line ${(committedLines + 1).toLocaleString('en')}`);

    const finished = await latestImport('book-purchases.csv');
    expect(finished.id).toBe(interrupted.id);
    expect(finished).toMatchObject({ status: 'completed', rows_taken: String(purchases), rows_refused: '0', lines_done: String(purchases + 1) });
    expect(await count(`SELECT count(*) FROM customer_transactions WHERE external_id LIKE 'B-%'`)).toBe(purchases);
    expect(await count(`SELECT count(DISTINCT external_id) FROM customer_transactions WHERE external_id LIKE 'B-%'`)).toBe(purchases);
    const [sum] = await server.dataSource.query(`SELECT sum(amount)::text AS total FROM customer_transactions WHERE external_id LIKE 'B-%'`);
    const expected = purchaseLines.reduce((total, line) => total + Math.round(Number(line.split(',')[3]) * 100), 0);
    expect(sum.total).toBe((expected / 100).toFixed(2));
  }, 180_000);

  it('takes an upload at once (202) and shows its progress until it completes', async () => {
    const rows = 60_000;
    // Columns in another order than the documented one: the header decides.
    const lines = Array.from({ length: rows }, (_, index) => `K-${index % 1000},U-${index},2026-05-01T08:00:00Z,${index % 100}.10,phone`);
    const csv = `customer_external_id,external_id,occurred_at,amount,channel\n${lines.join('\n')}\n`;
    const started = await send(server.baseUrl, 'POST', '/api/crm/imports?kind=transactions&name=upload.csv', { headers: admin.headers, body: csv, raw: true, contentType: 'text/csv' });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ kind: 'transactions', sourceName: 'upload.csv', status: 'running', sourceBytes: Buffer.byteLength(csv), linesDone: 0, rowsTaken: 0 });

    const seen: { status: string; bytesDone: number }[] = [];
    let view = started.body;
    for (let waited = 0; view.status === 'running' && waited < 60_000; waited += 25) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      view = (await send(server.baseUrl, 'GET', `/api/crm/imports/${started.body.id}`, { headers: admin.headers })).body;
      seen.push({ status: view.status, bytesDone: view.bytesDone });
    }
    expect(view).toMatchObject({ status: 'completed', rowsTaken: rows, rowsRefused: 0, linesDone: rows + 1, bytesDone: Buffer.byteLength(csv), refusals: [] });
    expect(view.finishedAt).not.toBeNull();
    // Progress only moves forward.
    const done = seen.map((step) => step.bytesDone);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(await count(`SELECT count(*) FROM customer_transactions WHERE external_id LIKE 'U-%'`)).toBe(rows);

    const listed = await send(server.baseUrl, 'GET', '/api/crm/imports?limit=5', { headers: admin.headers });
    expect(listed.status).toBe(200);
    expect(listed.body[0]).toMatchObject({ id: started.body.id, status: 'completed' });
  });

  it('refuses an upload that is not a CSV file of the kind named, and callers other than administrators and crm keys', async () => {
    const crmKey = (await createApiKey(server.dataSource, { scopes: ['crm'] })).headers;
    const ingestKey = (await createApiKey(server.dataSource, { scopes: ['ingest'] })).headers;
    const upload = (headers: Record<string, string>, body: string, query = 'kind=customers&name=few.csv', contentType = 'text/csv') =>
      send(server.baseUrl, 'POST', `/api/crm/imports?${query}`, { headers, body, raw: true, contentType });

    const badHeader = await upload(admin.headers, 'id,full_name\n1,Ann\n');
    expect(badHeader.status).toBe(400);
    expect(badHeader.body).toMatchObject({ code: 'CRM_IMPORT_BAD_HEADER', details: { field: 'header' } });
    expect(badHeader.body.message).toContain("unknown column(s) 'id', 'full_name'");
    expect((await upload(admin.headers, 'external_id,name\nA,Ann\n', 'kind=customers&name=few.csv', 'application/json')).status).toBe(400);
    expect((await upload(admin.headers, 'external_id,name\nA,Ann\n', 'kind=customers&name=few.csv', 'text/plain')).status).toBe(415);
    expect((await upload(admin.headers, 'external_id,name\nA,Ann\n', 'kind=people&name=few.csv')).status).toBe(400);
    expect((await upload(agent.headers, 'external_id,name\nA,Ann\n')).status).toBe(403);
    expect((await upload(ingestKey, 'external_id,name\nA,Ann\n')).status).toBe(403);
    expect((await send(server.baseUrl, 'GET', '/api/crm/imports', { headers: agent.headers })).status).toBe(403);

    const byKey = await upload(crmKey, 'external_id,name\nKEY-1,Kay\n');
    expect(byKey.status).toBe(202);
    for (let waited = 0; waited < 10_000; waited += 25) {
      if ((await send(server.baseUrl, 'GET', `/api/crm/imports/${byKey.body.id}`, { headers: crmKey })).body.status === 'completed') break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(await count(`SELECT count(*) FROM customers WHERE external_id = 'KEY-1'`)).toBe(1);
  });
});

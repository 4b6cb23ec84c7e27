import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { hashPassword, verifyPassword } from '../../../server/src/common/auth';
import { loadConfig } from '../../../server/src/common/config/app-config';
import { dataSourceOptions } from '../../../server/src/common/database/data-source';
import { prepareIdentity } from '../../../server/src/modules/auth/identity-startup';
import { demoCredentialLines, refuseDemoPasswordsInProduction } from '../../../server/src/modules/demo/demo-accounts';
import { seedDemoCentre } from '../../../server/src/modules/demo/demo-seed';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

const ROOT = resolve(__dirname, '../../..');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real server entry point (TypeScript through swc) against `databaseUrl`. Resolves when the
 * process exits, or when stdout shows `until` (then stops it with SIGTERM).
 */
function runServer(env: Record<string, string>, until?: RegExp): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['-r', require.resolve('@swc-node/register'), resolve(ROOT, 'server/src/main.ts')], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', SWC_NODE_PROJECT: resolve(ROOT, 'server/tsconfig.json'), PORT: '0', LOG_LEVEL: 'info', SMTP_PORT: 'off', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const run: Run = { code: null, stdout: '', stderr: '' };
    const timer = setTimeout(() => child.kill('SIGKILL'), 100_000);
    child.stdout.on('data', (chunk) => {
      run.stdout += chunk;
      if (until?.test(run.stdout)) child.kill('SIGTERM');
    });
    child.stderr.on('data', (chunk) => (run.stderr += chunk));
    child.on('error', fail);
    child.on('exit', (code) => {
      clearTimeout(timer);
      done({ ...run, code });
    });
  });
}

const log = () => {
  const lines: string[] = [];
  return { lines, info: (line: string) => lines.push(`info ${line}`), warn: (line: string) => lines.push(`warn ${line}`) };
};

describe('auth: production refuses demo accounts; demo mode shows them', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = new DataSource(dataSourceOptions(database.url));
    await dataSource.initialize();
    await seedDemoCentre(dataSource, hashPassword);
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('seeds demo users with argon2id hashes of their username', async () => {
    const [sophie] = await dataSource.query(`SELECT password_hash FROM users WHERE username = 'sophie'`);
    expect(sophie.password_hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(sophie.password_hash, 'sophie')).toBe(true);
  });

  it('names one demo sign-in per role', async () => {
    expect(await demoCredentialLines(dataSource)).toEqual([
      'demo sign-in as admin: username "admin", password "admin"',
      'demo sign-in as supervisor: username "sophie", password "sophie"',
      'demo sign-in as team_lead: username "grace", password "grace"',
      'demo sign-in as agent: username "amy", password "amy"',
    ]);
  });

  it('names the same demo sign-ins whatever order the rows are stored in', async () => {
    const before = await demoCredentialLines(dataSource);
    // An update writes a new row version at the end of the table, as a sign-in or a lockout does.
    await dataSource.query(`UPDATE users SET display_name = display_name WHERE username IN ('admin', 'sophie', 'grace', 'amy')`);
    expect(await demoCredentialLines(dataSource)).toEqual(before);
  });

  it('starts the real server in demo mode, printing the demo sign-ins', async () => {
    const run = await runServer({ MODE: 'demo', DATABASE_URL: database.url }, /call-centre console and API on/);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('demo sign-in as supervisor: username \\"sophie\\"');
    expect(run.stdout).toContain('demo sign-in as agent: username \\"amy\\"');
    expect(run.stdout).toContain('call-centre console and API on');
  }, 120_000);

  it('refuses to start the real server in production while demo accounts keep their username as password', async () => {
    const run = await runServer({ MODE: 'production', HOST: '127.0.0.1', DATABASE_URL: database.url });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Server failed to start: MODE=production refuses to start: demo accounts sign in with their username as password \(.*sophie.*\)/);
    expect(run.stdout).not.toContain('call-centre console and API on');
  }, 120_000);

  it('refuses to start the real server in production until HOST names the address to listen on', async () => {
    const run = await runServer({ MODE: 'production', DATABASE_URL: database.url });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('Invalid configuration: HOST must be set in production: the address to listen on, such as 0.0.0.0 (every interface) or 127.0.0.1\n');
  }, 120_000);

  it('listens on 127.0.0.1 only in demo mode unless HOST opens it up', async () => {
    const run = await runServer({ MODE: 'demo', DATABASE_URL: database.url }, /listening on/);
    expect(run.stdout).toMatch(/call-centre console and API on http:\/\/127\.0\.0\.1:\d+/);
    expect(run.stdout).toContain('listening on 127.0.0.1 only: set HOST=0.0.0.0 to open the console to other machines');
    const open = await runServer({ MODE: 'demo', HOST: '0.0.0.0', DATABASE_URL: database.url }, /listening on/);
    expect(open.stdout).toContain('"listening on 0.0.0.0"');
  }, 120_000);

  it('says what it does while stopping on SIGTERM, and exits with 0', async () => {
    const run = await runServer({ MODE: 'demo', DATABASE_URL: database.url }, /listening on/);
    expect(run.code).toBe(0);
    const messages = run.stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { name?: string; msg: string })
      // The start-up and shutdown narrative, apart from the modules' own lines.
      .filter((line) => line.name === 'callcentre')
      .map((line) => line.msg);
    const stopping = messages.slice(messages.indexOf('SIGTERM received: stopping'));
    expect(stopping).toEqual(['SIGTERM received: stopping', 'closing the HTTP server, live connections, routing and the database pool', 'stopped']);
  }, 120_000);

  it('refuses production until every demo password is changed, then starts quietly', async () => {
    const production = loadConfig({ MODE: 'production' });
    await expect(refuseDemoPasswordsInProduction(dataSource, production)).rejects.toThrow(/refuses to start.*admin, amy, ben/);
    await dataSource.query(`UPDATE users SET password_hash = $1 WHERE username <> 'sophie'`, [await hashPassword('a long private passphrase')]);
    await expect(refuseDemoPasswordsInProduction(dataSource, production)).rejects.toThrow(/\(sophie\)/);
    await dataSource.query(`UPDATE users SET password_hash = $1 WHERE username = 'sophie'`, [await hashPassword('another private passphrase')]);
    const quiet = log();
    await expect(refuseDemoPasswordsInProduction(dataSource, production)).resolves.toBeUndefined();
    await expect(prepareIdentity(dataSource, production, quiet)).resolves.toBeUndefined();
    expect(quiet.lines).toEqual([]);
  });
});

describe('auth: the first administrator from ADMIN_PASSWORD', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = new DataSource(dataSourceOptions(database.url));
    await dataSource.initialize();
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('warns in production when no administrator exists and none can be created', async () => {
    const output = log();
    await prepareIdentity(dataSource, loadConfig({ MODE: 'production' }), output);
    expect(output.lines).toEqual([expect.stringMatching(/^warn no administrator exists: set ADMIN_PASSWORD/)]);
  });

  it('refuses an ADMIN_PASSWORD equal to ADMIN_USERNAME', async () => {
    const config = loadConfig({ MODE: 'production', ADMIN_USERNAME: 'chief.admin.x', ADMIN_PASSWORD: 'Chief.Admin.X' });
    await expect(prepareIdentity(dataSource, config, log())).rejects.toThrow('ADMIN_PASSWORD must differ from ADMIN_USERNAME');
  });

  it('creates the administrator once, audited, with an argon2id hash of ADMIN_PASSWORD', async () => {
    const config = loadConfig({ MODE: 'production', ADMIN_USERNAME: 'chief', ADMIN_PASSWORD: 'a very long passphrase' });
    await prepareIdentity(dataSource, config, log());
    await prepareIdentity(dataSource, loadConfig({ MODE: 'production', ADMIN_USERNAME: 'other', ADMIN_PASSWORD: 'another long passphrase' }), log());
    const admins = await dataSource.query(`SELECT username, roles, password_hash FROM users`);
    expect(admins).toEqual([{ username: 'chief', roles: ['admin'], password_hash: expect.stringMatching(/^\$argon2id\$/) }]);
    expect(await verifyPassword(admins[0].password_hash, 'a very long passphrase')).toBe(true);
    const [entry] = await dataSource.query(`SELECT actor_kind, action, details FROM audit_log`);
    expect(entry).toMatchObject({ actor_kind: 'system', action: 'user.created', details: { username: 'chief', roles: ['admin'] } });
  });

  it('rejects a short ADMIN_PASSWORD at configuration time', () => {
    expect(() => loadConfig({ ADMIN_PASSWORD: 'short' })).toThrow('ADMIN_PASSWORD must be at least 12 characters');
  });
});

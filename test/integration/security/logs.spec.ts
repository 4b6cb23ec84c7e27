import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { send } from './support';

const ROOT = resolve(__dirname, '../../..');

/** The real server entry point (TypeScript through swc) writing its JSON log to a pipe, as in production. */
function startServer(databaseUrl: string): { child: ChildProcess; output: () => string; url: Promise<string>; exited: Promise<void> } {
  const child = spawn(process.execPath, ['-r', require.resolve('@swc-node/register'), resolve(ROOT, 'server/src/main.ts')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      SWC_NODE_PROJECT: resolve(ROOT, 'server/tsconfig.json'),
      PORT: '0',
      LOG_LEVEL: 'info',
      MODE: 'demo',
      DATABASE_URL: databaseUrl,
      LOGIN_RATE_LIMIT: '1000',
      // The demo's SMTP listener on 2525 would clash with any other demo server on the machine.
      SMTP_PORT: 'off',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = new Promise<string>((found, fail) => {
    const timer = setTimeout(() => fail(new Error(`the server did not start:\n${output}`)), 100_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /console and API on (http:\/\/[^\s"(]+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        found(match[1].replace('localhost', '127.0.0.1'));
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.on('exit', () => fail(new Error(`the server stopped:\n${output}`)));
  });
  const exited = new Promise<void>((done) => child.on('exit', () => done()));
  return { child, output: () => output, url, exited };
}

function cookiesOf(response: Response): string[] {
  return response.headers.getSetCookie().map((header) => header.slice(0, header.indexOf(';')));
}

describe('security: the log holds no credential', () => {
  let database: TestDatabase;
  let server: ReturnType<typeof startServer>;

  beforeAll(async () => {
    database = await createTestDatabase();
    server = startServer(database.url);
    await server.url;
  }, 120_000);
  afterAll(async () => {
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    await database?.drop();
  });

  it('writes sign-in, refresh, token-bearing URLs and sign-out without any token, cookie or API key', async () => {
    const baseUrl = await server.url;
    const secrets: string[] = [];

    // Sign in: the tokens come back in the body and as cookies.
    const login = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'amy', password: 'amy' }) });
    expect(login.status).toBe(200);
    const signedIn = await login.json();
    secrets.push(signedIn.accessToken, signedIn.refreshToken);
    const cookies = cookiesOf(login);
    expect(cookies.join('; ')).toContain(signedIn.accessToken);

    // Refresh by cookie (as the console does), then by body (as a script does).
    const byCookie = await fetch(`${baseUrl}/api/auth/refresh`, { method: 'POST', headers: { cookie: cookies.join('; '), 'sec-fetch-site': 'same-origin', origin: baseUrl } });
    expect(byCookie.status).toBe(200);
    const refreshed = await byCookie.json();
    secrets.push(refreshed.accessToken, refreshed.refreshToken);
    const byBody = await send(baseUrl, 'POST', '/api/auth/refresh', { body: { refreshToken: refreshed.refreshToken } });
    expect(byBody.status).toBe(200);
    secrets.push(byBody.body.accessToken, byBody.body.refreshToken);
    const { accessToken, refreshToken } = byBody.body as { accessToken: string; refreshToken: string };

    // A token in the query string, a bearer header, a cookie on a refused request, a wrong API key.
    await send(baseUrl, 'GET', `/api/auth/me?token=${accessToken}&access_token=${accessToken}&limit=5`, {});
    expect((await send(baseUrl, 'GET', '/api/auth/me', { headers: { authorization: `Bearer ${accessToken}` } })).status).toBe(200);
    await send(baseUrl, 'GET', '/api/customers/not-a-uuid', { headers: { cookie: `cc_session=${accessToken}` } });
    const apiKey = 'cck_0000000000000000000000000000000000000000000';
    secrets.push(apiKey);
    await send(baseUrl, 'POST', '/api/interactions', { headers: { 'x-api-key': apiKey }, body: { channel: 'voice', caller: {}, queue: 'general' } });
    expect((await send(baseUrl, 'POST', '/api/auth/logout', { body: { refreshToken } })).status).toBe(204);

    server.child.kill('SIGTERM');
    await server.exited;
    const log = server.output();
    // The requests above are in the log: the test reads the real output.
    expect(log).toContain('/api/auth/login');
    expect(log).toContain('/api/auth/refresh');
    expect(log).toContain('/api/auth/me?token=[Redacted]');
    expect(log).toContain('set-cookie');
    const found = secrets.filter((secret) => log.includes(secret) || log.includes(secret.slice(4, 24)));
    expect(found).toEqual([]);
    expect(log).not.toMatch(/\b(cca|ccr|cck)_[A-Za-z0-9_-]{16,}/);
  }, 120_000);
});

import { customerByTier, signInAs } from '../../factories/routing';
import { createSession, createUser } from '../../factories/users';
import { startTestApp, type TestApp } from '../../support/test-app';
import { send } from './support';

const LISTED_ORIGIN = 'https://console.example.test';

/**
 * What a browser may do with the console's cookies: another site's page cannot make a signed-in change
 * (cross-site request forgery), and no answer holding tokens, customers or contacts is kept in a cache.
 */
describe('security: requests from browsers', () => {
  let server: TestApp;

  beforeAll(async () => {
    server = await startTestApp({ seedDemo: true, env: { CORS_ORIGINS: LISTED_ORIGIN, LOGIN_RATE_LIMIT: '1000', HEARTBEAT_TIMEOUT_SECONDS: '600' } });
  }, 60_000);
  afterAll(async () => {
    await server.close();
  });

  /** A fresh session of Amy's, presented as the console presents it: by cookie. */
  async function amyByCookie(): Promise<{ cookie: string; accessToken: string }> {
    const [amy] = await server.dataSource.query(`SELECT id FROM users WHERE username = 'amy'`);
    const session = await createSession(server.dataSource, amy.id);
    return { cookie: `cc_session=${session.accessToken}; cc_refresh=${session.refreshToken}`, accessToken: session.accessToken };
  }

  const stillSignedIn = async (accessToken: string) => (await send(server.baseUrl, 'GET', '/api/auth/me', { headers: { authorization: `Bearer ${accessToken}` } })).status === 200;

  const UNSAFE_ROUTES = [
    ['POST', '/api/agents/me/heartbeat'],
    ['POST', '/api/agents/me/wrap-up/finish'],
    ['POST', '/api/auth/logout'],
  ] as const;

  describe.each(UNSAFE_ROUTES)('%s %s', (method, path) => {
    const refusedWith = async (headers: Record<string, string>) => {
      const { cookie, accessToken } = await amyByCookie();
      const response = await send(server.baseUrl, method, path, { headers: { cookie, ...headers }, body: {} });
      return { status: response.status, code: response.body?.code, signedIn: await stillSignedIn(accessToken) };
    };

    it('refuses the cookie-signed request of a foreign page, or one the browser calls cross-site, and changes nothing', async () => {
      const refused = { status: 403, code: 'CROSS_SITE_REQUEST', signedIn: true };
      expect(await refusedWith({ origin: 'https://evil.example' })).toEqual(refused);
      expect(await refusedWith({ origin: 'null' })).toEqual(refused);
      expect(await refusedWith({ origin: `${server.baseUrl}.evil.example` })).toEqual(refused);
      expect(await refusedWith({ origin: server.baseUrl, 'sec-fetch-site': 'cross-site' })).toEqual(refused);
      expect(await refusedWith({ 'sec-fetch-site': 'cross-site' })).toEqual(refused);
      expect(await refusedWith({ 'sec-fetch-site': 'same-site' })).toEqual(refused);
    });

    it('serves the console’s own page, a listed origin, a client that is not a browser page, and a bearer token from anywhere', async () => {
      const fromAllowedPages: Record<string, string>[] = [
        { origin: server.baseUrl, 'sec-fetch-site': 'same-origin' },
        { origin: server.baseUrl },
        { origin: LISTED_ORIGIN, 'sec-fetch-site': 'cross-site' },
        { 'sec-fetch-site': 'same-origin' },
        {},
      ];
      for (const headers of fromAllowedPages) {
        const { cookie } = await amyByCookie();
        const response = await send(server.baseUrl, method, path, { headers: { cookie, ...headers }, body: {} });
        expect({ headers, code: response.body?.code }).not.toEqual({ headers, code: 'CROSS_SITE_REQUEST' });
        expect(response.status).toBeLessThan(500);
      }
      const { accessToken } = await amyByCookie();
      const byBearer = await send(server.baseUrl, method, path, { headers: { authorization: `Bearer ${accessToken}`, origin: 'https://evil.example' }, body: {} });
      expect(byBearer.body?.code).not.toBe('CROSS_SITE_REQUEST');
      expect(byBearer.status).toBeLessThan(500);
    });
  });

  it('signs out from the console’s own page', async () => {
    const { cookie, accessToken } = await amyByCookie();
    const response = await send(server.baseUrl, 'POST', '/api/auth/logout', { headers: { cookie, origin: server.baseUrl, 'sec-fetch-site': 'same-origin' }, body: {} });
    expect(response.status).toBe(204);
    expect(await stillSignedIn(accessToken)).toBe(false);
  });

  describe('caching', () => {
    const noStore = (response: Response) => response.headers.get('cache-control');

    it('marks sign-in, refresh and me answers no-store', async () => {
      const password = 'a private passphrase for caching';
      const user = await createUser(server.dataSource, { username: 'cache.check', roles: ['agent'], password });
      const login = await fetch(`${server.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: user.username, password }) });
      expect(login.status).toBe(200);
      expect(noStore(login)).toBe('no-store');
      const { refreshToken, accessToken } = await login.json();
      const refresh = await fetch(`${server.baseUrl}/api/auth/refresh`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken }) });
      expect(refresh.status).toBe(200);
      expect(noStore(refresh)).toBe('no-store');
      const me = await fetch(`${server.baseUrl}/api/auth/me`, { headers: { authorization: `Bearer ${(await refresh.json()).accessToken ?? accessToken}` } });
      expect(me.status).toBe(200);
      expect(noStore(me)).toBe('no-store');
    });

    it('marks customer records, contact lists and refusals no-store', async () => {
      const sophie = await signInAs(server.dataSource, 'sophie');
      const customer = await customerByTier(server.dataSource, 'ordinary');
      for (const path of [`/api/customers/${customer.id}`, '/api/customers', '/api/interactions', '/api/complaints']) {
        const response = await fetch(`${server.baseUrl}${path}`, { headers: { authorization: sophie.headers.authorization } });
        expect({ path, status: response.status, cacheControl: noStore(response) }).toEqual({ path, status: 200, cacheControl: 'no-store' });
      }
      const refused = await fetch(`${server.baseUrl}/api/customers/${customer.id}`);
      expect({ status: refused.status, cacheControl: noStore(refused) }).toEqual({ status: 401, cacheControl: 'no-store' });
    });
  });
});

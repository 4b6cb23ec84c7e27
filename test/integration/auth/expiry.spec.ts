import { authenticateSocketHandshake, socketHandshakeToken } from '../../../server/src/common/auth';
import { SessionAuthenticator } from '../../../server/src/modules/auth/session.authenticator';
import { createUser } from '../../factories/users';
import { startTestApp, type TestApp } from '../../support/test-app';
import { json, sleep } from './support';

const ACCESS_TTL_SECONDS = 1;
const SESSION_TTL_SECONDS = 4;

describe('auth: access tokens and sessions expire (short TTLs)', () => {
  let server: TestApp;

  const login = async (username: string, password: string) => {
    const response = await fetch(`${server.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }) });
    expect(response.status).toBe(200);
    return json(response) as Promise<{ accessToken: string; refreshToken: string; accessTokenExpiresAt: string; sessionExpiresAt: string }>;
  };
  const refresh = (refreshToken: string) =>
    fetch(`${server.baseUrl}/api/auth/refresh`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ refreshToken }) });
  const me = (token: string) => fetch(`${server.baseUrl}/api/auth/me`, { headers: { Authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    server = await startTestApp({ ACCESS_TOKEN_TTL_SECONDS: String(ACCESS_TTL_SECONDS), SESSION_TTL_SECONDS: String(SESSION_TTL_SECONDS), LOGIN_RATE_LIMIT: '1000' });
    await createUser(server.dataSource, { username: 'amy', roles: ['agent'], password: 'amy password 1' });
  });
  afterAll(async () => {
    await server.close();
  });

  it('refuses an expired access token with 401, and a refresh brings a working one', async () => {
    const session = await login('amy', 'amy password 1');
    expect(Date.parse(session.accessTokenExpiresAt) - Date.now()).toBeLessThanOrEqual(ACCESS_TTL_SECONDS * 1000);
    expect((await me(session.accessToken)).status).toBe(200);
    await sleep(Math.max(0, Date.parse(session.accessTokenExpiresAt) - Date.now()) + 150);
    const expired = await me(session.accessToken);
    expect(expired.status).toBe(401);
    expect(await json(expired)).toMatchObject({ code: 'UNAUTHENTICATED' });

    const renewed = await refresh(session.refreshToken);
    expect(renewed.status).toBe(200);
    expect((await me(((await json(renewed)) as { accessToken: string }).accessToken)).status).toBe(200);
  });

  it('ends the session at its lifetime: refresh is refused after it, and no access token outlives it', async () => {
    const session = await login('amy', 'amy password 1');
    const sessionEnd = Date.parse(session.sessionExpiresAt);
    expect(sessionEnd - Date.now()).toBeLessThanOrEqual(SESSION_TTL_SECONDS * 1000);
    await sleep(Math.max(0, sessionEnd - Date.now() - 1500));
    const late = await refresh(session.refreshToken);
    expect(late.status).toBe(200);
    const lastTokens = (await json(late)) as { accessToken: string; refreshToken: string; accessTokenExpiresAt: string };
    expect(Date.parse(lastTokens.accessTokenExpiresAt)).toBeLessThanOrEqual(sessionEnd);

    await sleep(Math.max(0, sessionEnd - Date.now()) + 150);
    const tooLate = await refresh(lastTokens.refreshToken);
    expect(tooLate.status).toBe(401);
    expect(await json(tooLate)).toMatchObject({ code: 'INVALID_REFRESH_TOKEN' });
    expect((await me(lastTokens.accessToken)).status).toBe(401);
  });

  it('authenticates a socket handshake by auth token, bearer header or cookie, and no longer once the session is revoked', async () => {
    const authenticator = server.app.get(SessionAuthenticator);
    const session = await login('amy', 'amy password 1');
    const viaCookie = await authenticateSocketHandshake(authenticator, { headers: { cookie: `cc_session=${session.accessToken}` } });
    const sessionId = viaCookie?.sessionId as string;
    expect(viaCookie).toMatchObject({ kind: 'user', username: 'amy', roles: ['agent'], sessionId: expect.any(String) });
    expect(await authenticateSocketHandshake(authenticator, { headers: {}, auth: { token: session.accessToken } })).toMatchObject({ username: 'amy' });
    expect(await authenticateSocketHandshake(authenticator, { headers: { authorization: `Bearer ${session.accessToken}` } })).toMatchObject({ username: 'amy' });
    expect(await authenticateSocketHandshake(authenticator, { headers: {} })).toBeNull();
    expect(await authenticateSocketHandshake(authenticator, { headers: { cookie: 'cc_session=cca_forged' } })).toBeNull();

    // The gateway keeps the token and re-checks it periodically.
    const token = socketHandshakeToken({ headers: { cookie: `cc_session=${session.accessToken}` } }) as string;
    expect(await authenticator.isSessionActive(sessionId)).toBe(true);
    const logout = await fetch(`${server.baseUrl}/api/auth/logout`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
    expect(logout.status).toBe(204);
    expect(await authenticator.authenticateToken(token)).toBeNull();
    expect(await authenticator.isSessionActive(sessionId)).toBe(false);
  });
});

import { createSession, createUser, type Staff } from '../../factories/users';
import { startTestApp, type TestApp } from '../../support/test-app';
import { cookieValue, json, setCookies, sleep } from './support';

const LOCK_SECONDS = 2;

describe('auth: sign-in, lockout, sign-out, refresh rotation, password change', () => {
  let server: TestApp;
  let sophie: Staff;

  const post = (path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.baseUrl}${path}`, {
      method: 'POST',
      headers: { ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const login = (username: string, password: string) => post('/api/auth/login', { username, password });
  const me = (headers: Record<string, string>) => fetch(`${server.baseUrl}/api/auth/me`, { headers });
  const auditActions = async (userId: string) =>
    (await server.dataSource.query(`SELECT action, details->>'reason' AS reason FROM audit_log WHERE target_id = $1 ORDER BY id`, [userId])).map(
      (row: { action: string; reason: string | null }) => (row.reason ? `${row.action}:${row.reason}` : row.action),
    );

  beforeAll(async () => {
    server = await startTestApp({ LOGIN_MAX_FAILURES: '3', LOGIN_LOCK_SECONDS: String(LOCK_SECONDS), LOGIN_RATE_LIMIT: '1000' });
    sophie = await createUser(server.dataSource, { username: 'sophie', displayName: 'Sophie Turner', roles: ['supervisor'], password: 'correct horse battery' });
  });
  afterAll(async () => {
    await server.close();
  });

  it('signs in with the right password: tokens in the body, httpOnly SameSite=Strict cookies, and /me answers', async () => {
    const response = await login('Sophie ', 'correct horse battery');
    expect(response.status).toBe(200);
    const body = await json(response);
    expect(body).toMatchObject({
      tokenType: 'Bearer',
      accessToken: expect.stringMatching(/^cca_/),
      refreshToken: expect.stringMatching(/^ccr_/),
      user: { id: sophie.id, username: 'sophie', displayName: 'Sophie Turner', roles: ['supervisor'], teamLeadId: null },
    });
    const accessLifetime = Date.parse(body.accessTokenExpiresAt as string) - Date.now();
    expect(accessLifetime).toBeGreaterThan(14 * 60_000);
    expect(accessLifetime).toBeLessThanOrEqual(15 * 60_000);

    const cookies = setCookies(response);
    expect(cookies.cc_session).toMatch(/HttpOnly/);
    expect(cookies.cc_session).toMatch(/SameSite=Strict/);
    expect(cookies.cc_session).toMatch(/Path=\//);
    expect(cookies.cc_refresh).toMatch(/HttpOnly/);
    expect(cookies.cc_refresh).toMatch(/SameSite=Strict/);
    expect(cookies.cc_refresh).toMatch(/Path=\/api\/auth/);
    expect(cookieValue(cookies.cc_session)).toBe(body.accessToken);

    const viaBearer = await me({ Authorization: `Bearer ${body.accessToken}` });
    expect(viaBearer.status).toBe(200);
    expect(await json(viaBearer)).toEqual({ id: sophie.id, username: 'sophie', displayName: 'Sophie Turner', roles: ['supervisor'], teamLeadId: null });
    const viaCookie = await me({ Cookie: `other=1; cc_session=${encodeURIComponent(body.accessToken as string)}` });
    expect(viaCookie.status).toBe(200);

    const [stored] = await server.dataSource.query(`SELECT access_token_hash, refresh_token_hash FROM sessions WHERE user_id = $1`, [sophie.id]);
    expect(JSON.stringify(stored)).not.toContain(body.accessToken);
    expect(JSON.stringify(stored)).not.toContain(body.refreshToken);
    expect(await auditActions(sophie.id)).toContain('auth.login');
  });

  it('answers a wrong password and an unknown user alike, without saying which', async () => {
    const wrong = await login('sophie', 'not her password');
    const unknown = await login('nobody-here', 'whatever');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const [wrongBody, unknownBody] = [await json(wrong), await json(unknown)];
    expect(wrongBody).toEqual({ statusCode: 401, code: 'INVALID_CREDENTIALS', message: 'Wrong username or password' });
    expect(unknownBody).toEqual(wrongBody);
    const [failure] = await server.dataSource.query(`SELECT actor_kind, actor_name, details FROM audit_log WHERE action = 'auth.login_failed' AND target_id IS NULL`);
    expect(failure).toMatchObject({ actor_kind: 'anonymous', actor_name: 'nobody-here', details: { reason: 'unknown_user' } });
    // A successful sign-in forgets the failures.
    expect((await login('sophie', 'correct horse battery')).status).toBe(200);
  });

  it('leaves health, readiness and the OpenAPI document open to anyone', async () => {
    for (const path of ['/health', '/ready', '/api/docs-json', '/api/docs']) expect({ path, status: (await fetch(`${server.baseUrl}${path}`)).status }).toEqual({ path, status: 200 });
  });

  it('rejects a body with unknown or missing fields', async () => {
    const response = await post('/api/auth/login', { username: 'sophie', password: 'x', remember: true });
    expect(response.status).toBe(400);
    expect((await post('/api/auth/login', { username: 'sophie' })).status).toBe(400);
  });

  it('locks the account after repeated failures, answers 423 with the unlock time even to the right password, and unlocks after the window', async () => {
    const grace = await createUser(server.dataSource, { username: 'grace', roles: ['team_lead', 'agent'], password: 'grace password 1' });
    expect((await login('grace', 'guess one')).status).toBe(401);
    expect((await login('grace', 'guess two')).status).toBe(401);
    const third = await login('grace', 'guess three');
    expect(third.status).toBe(423);
    const locked = await json(third);
    expect(locked).toMatchObject({ statusCode: 423, code: 'ACCOUNT_LOCKED', details: { lockedUntil: expect.any(String) } });
    const lockedUntil = Date.parse((locked.details as { lockedUntil: string }).lockedUntil);
    expect(lockedUntil - Date.now()).toBeGreaterThan(0);
    expect(lockedUntil - Date.now()).toBeLessThanOrEqual(LOCK_SECONDS * 1000 + 500);

    const rightButLocked = await login('grace', 'grace password 1');
    expect(rightButLocked.status).toBe(423);
    expect(await json(rightButLocked)).toMatchObject({ code: 'ACCOUNT_LOCKED', details: { lockedUntil: new Date(lockedUntil).toISOString() } });

    await sleep(Math.max(0, lockedUntil - Date.now()) + 100);
    expect((await login('grace', 'grace password 1')).status).toBe(200);
    expect(await auditActions(grace.id)).toEqual([
      'auth.login_failed:wrong_password',
      'auth.login_failed:wrong_password',
      'auth.login_failed:wrong_password',
      'auth.locked_out',
      'auth.login_failed:locked',
      'auth.login',
    ]);
  });

  it('counts only consecutive failures: a success in between starts the count again', async () => {
    await createUser(server.dataSource, { username: 'daniel', roles: ['team_lead'], password: 'daniel password 1' });
    expect((await login('daniel', 'nope')).status).toBe(401);
    expect((await login('daniel', 'nope')).status).toBe(401);
    expect((await login('daniel', 'daniel password 1')).status).toBe(200);
    expect((await login('daniel', 'nope')).status).toBe(401);
    expect((await login('daniel', 'nope')).status).toBe(401);
    expect((await login('daniel', 'daniel password 1')).status).toBe(200);
  });

  it('signs out: the access token is refused at once (bearer or cookie), the refresh token too, and the cookies are cleared', async () => {
    const session = await json(await login('sophie', 'correct horse battery'));
    const headers = { Authorization: `Bearer ${session.accessToken}` };
    expect((await me(headers)).status).toBe(200);

    const logout = await post('/api/auth/logout', undefined, headers);
    expect(logout.status).toBe(204);
    const cleared = setCookies(logout);
    expect(cleared.cc_session).toMatch(/Expires=Thu, 01 Jan 1970/);
    expect(cleared.cc_refresh).toMatch(/Expires=Thu, 01 Jan 1970/);

    const after = await me(headers);
    expect(after.status).toBe(401);
    expect(await json(after)).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect((await me({ Cookie: `cc_session=${session.accessToken}` })).status).toBe(401);
    expect((await post('/api/auth/refresh', { refreshToken: session.refreshToken })).status).toBe(401);
    // Other tests revoke sessions too: the one signed out last is this one.
    const [revoked] = await server.dataSource.query(`SELECT revoked_reason FROM sessions WHERE revoked_at IS NOT NULL ORDER BY revoked_at DESC LIMIT 1`);
    expect(revoked.revoked_reason).toBe('logout');
    expect(await auditActions(sophie.id)).toContain('auth.logout');
  });

  it('signs out the console with its refresh cookie alone, after its access token has gone', async () => {
    const session = await json(await login('sophie', 'correct horse battery'));
    const logout = await post('/api/auth/logout', undefined, { Cookie: `cc_refresh=${session.refreshToken}` });
    expect(logout.status).toBe(204);
    expect((await me({ Authorization: `Bearer ${session.accessToken}` })).status).toBe(401);
  });

  it('rotates on refresh: new tokens work, the old access and refresh tokens are dead', async () => {
    const first = await json(await login('sophie', 'correct horse battery'));
    const refreshed = await post('/api/auth/refresh', { refreshToken: first.refreshToken });
    expect(refreshed.status).toBe(200);
    const second = await json(refreshed);
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.sessionExpiresAt).toBe(first.sessionExpiresAt);
    expect(cookieValue(setCookies(refreshed).cc_session)).toBe(second.accessToken);

    expect((await me({ Authorization: `Bearer ${second.accessToken}` })).status).toBe(200);
    expect((await me({ Authorization: `Bearer ${first.accessToken}` })).status).toBe(401);
    const reused = await post('/api/auth/refresh', { refreshToken: first.refreshToken });
    expect(reused.status).toBe(401);
    // Within the grace of a concurrent tab, the session survives the reuse.
    expect(await json(reused)).toMatchObject({ code: 'REFRESH_TOKEN_ROTATED' });
    expect((await me({ Authorization: `Bearer ${second.accessToken}` })).status).toBe(200);

    // The console refreshes with its cookie and an empty body.
    const viaCookie = await post('/api/auth/refresh', undefined, { Cookie: `cc_refresh=${second.refreshToken}` });
    expect(viaCookie.status).toBe(200);
    const third = await json(viaCookie);
    expect((await me({ Authorization: `Bearer ${third.accessToken}` })).status).toBe(200);
    expect((await me({ Authorization: `Bearer ${second.accessToken}` })).status).toBe(401);
  });

  it('revokes the whole session when a replaced refresh token comes back later: it leaked', async () => {
    const first = await json(await login('sophie', 'correct horse battery'));
    const second = await json(await post('/api/auth/refresh', { refreshToken: first.refreshToken }));
    await server.dataSource.query(`UPDATE sessions SET refreshed_at = refreshed_at - interval '5 minutes' WHERE refresh_token_hash IS NOT NULL AND refreshed_at IS NOT NULL`);
    const replay = await post('/api/auth/refresh', { refreshToken: first.refreshToken });
    expect(replay.status).toBe(401);
    expect(await json(replay)).toMatchObject({ code: 'INVALID_REFRESH_TOKEN' });
    expect((await me({ Authorization: `Bearer ${second.accessToken}` })).status).toBe(401);
    expect((await post('/api/auth/refresh', { refreshToken: second.refreshToken })).status).toBe(401);
    const [entry] = await server.dataSource.query(`SELECT actor_kind, target_id FROM audit_log WHERE action = 'auth.refresh_reused'`);
    expect(entry).toEqual({ actor_kind: 'system', target_id: sophie.id });
  });

  it('refuses refresh with a missing, malformed or access token', async () => {
    expect((await post('/api/auth/refresh')).status).toBe(401);
    expect((await post('/api/auth/refresh', { refreshToken: 'ccr_short' })).status).toBe(401);
    const { accessToken } = await createSession(server.dataSource, sophie.id);
    expect((await post('/api/auth/refresh', { refreshToken: accessToken })).status).toBe(401);
  });

  it('refuses malformed and unknown credentials with 401', async () => {
    expect((await me({})).status).toBe(401);
    expect((await me({ Authorization: 'Basic c29waGllOnNvcGhpZQ==' })).status).toBe(401);
    expect((await me({ Authorization: 'Bearer cca_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' })).status).toBe(401);
    expect((await me({ Authorization: "Bearer ' OR 1=1 --" })).status).toBe(401);
  });

  it('changes your own password: the old one stops working and your other sessions end', async () => {
    const ben = await createUser(server.dataSource, { username: 'ben', roles: ['agent'], password: 'ben old password' });
    const current = await json(await login('ben', 'ben old password'));
    const other = await json(await login('ben', 'ben old password'));
    const headers = { Authorization: `Bearer ${current.accessToken}` };

    const wrong = await post('/api/auth/password', { currentPassword: 'not it', newPassword: 'ben new password' }, headers);
    expect(wrong.status).toBe(403);
    expect((await post('/api/auth/password', { currentPassword: 'ben old password', newPassword: 'short' }, headers)).status).toBe(400);
    const sameAsUsername = await post('/api/auth/password', { currentPassword: 'ben old password', newPassword: 'BEN' + ' '.repeat(7) }, headers);
    expect(sameAsUsername.status).toBe(422);
    expect(await json(sameAsUsername)).toMatchObject({ code: 'PASSWORD_EQUALS_USERNAME' });

    const changed = await post('/api/auth/password', { currentPassword: 'ben old password', newPassword: 'ben new password' }, headers);
    expect(changed.status).toBe(204);
    expect((await me(headers)).status).toBe(200);
    expect((await me({ Authorization: `Bearer ${other.accessToken}` })).status).toBe(401);
    expect((await login('ben', 'ben old password')).status).toBe(401);
    expect((await login('ben', 'ben new password')).status).toBe(200);
    expect(await auditActions(ben.id)).toContain('user.password_changed');
  });
});

describe('auth: sign-in throttling per client address', () => {
  let server: TestApp;

  beforeAll(async () => {
    server = await startTestApp({ LOGIN_RATE_LIMIT: '3' });
  });
  afterAll(async () => {
    await server.close();
  });

  it('answers 429 with Retry-After once the address has spent its attempts for the minute', async () => {
    const attempt = () =>
      fetch(`${server.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'x', password: 'y' }) });
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await attempt()).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    const throttled = await attempt();
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await json(throttled)).toMatchObject({ statusCode: 429, code: 'TOO_MANY_REQUESTS' });
    // Other routes are not throttled.
    expect((await fetch(`${server.baseUrl}/health`)).status).toBe(200);
  });
});

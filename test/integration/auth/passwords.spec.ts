import { ConfigError, loadConfig } from '../../../server/src/common/config/app-config';
import { createSession, createUser, bearer } from '../../factories/users';
import { startTestApp, type TestApp } from '../../support/test-app';

const COMMON = ['password12', '1234567890', 'Password12', ' qwertyuiop ', 'iloveyou12', '123456789012'];

/** Passwords from the breach lists are refused wherever a password is set, with an error naming the field. */
describe('auth: common and breached passwords are refused', () => {
  let server: TestApp;
  let admin: Record<string, string>;

  beforeAll(async () => {
    server = await startTestApp({ LOGIN_RATE_LIMIT: '1000' });
    const created = await createUser(server.dataSource, { username: 'pw.admin', roles: ['admin'] });
    admin = { ...bearer((await createSession(server.dataSource, created.id)).accessToken), 'content-type': 'application/json' };
  });
  afterAll(async () => {
    await server.close();
  });

  const post = async (path: string, headers: Record<string, string>, body: unknown) => {
    const response = await fetch(`${server.baseUrl}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };

  it('refuses a common password when an administrator creates a user, naming the field, and creates nothing', async () => {
    for (const [index, password] of COMMON.entries()) {
      const answer = await post('/api/users', admin, { username: `weak.${index}`, displayName: 'Weak Password', roles: ['agent'], password });
      expect({ password, status: answer.status, code: answer.body.code, fields: answer.body.fields }).toEqual({
        password,
        status: 400,
        code: 'VALIDATION_FAILED',
        fields: [{ field: 'password', messages: [expect.stringMatching(/^password is one of the most common passwords/)] }],
      });
    }
    const [{ count }] = await server.dataSource.query(`SELECT count(*)::int AS count FROM users WHERE username LIKE 'weak.%'`);
    expect(count).toBe(0);
    const strong = await post('/api/users', admin, { username: 'strong.one', displayName: 'Strong Password', roles: ['agent'], password: 'kettle orbit lantern' });
    expect(strong.status).toBe(201);
  });

  it('refuses a common new password on a password change, naming the field, and keeps the old one', async () => {
    const user = await createUser(server.dataSource, { username: 'pw.changer', roles: ['agent'], password: 'my current passphrase' });
    const headers = { ...bearer((await createSession(server.dataSource, user.id)).accessToken), 'content-type': 'application/json' };
    const refused = await post('/api/auth/password', headers, { currentPassword: 'my current passphrase', newPassword: 'password12' });
    expect(refused.status).toBe(400);
    expect(refused.body.fields).toEqual([{ field: 'newPassword', messages: [expect.stringMatching(/^newPassword is one of the most common passwords/)] }]);
    expect((await post('/api/auth/login', { 'content-type': 'application/json' }, { username: user.username, password: 'my current passphrase' })).status).toBe(200);
    expect((await post('/api/auth/password', headers, { currentPassword: 'my current passphrase', newPassword: 'violet harbour nine' })).status).toBe(204);
  });

  it('refuses a common ADMIN_PASSWORD at start, naming the variable', () => {
    expect(() => loadConfig({ ADMIN_PASSWORD: '123456789012' })).toThrow(ConfigError);
    expect(() => loadConfig({ ADMIN_PASSWORD: 'Password1234' })).toThrow(/ADMIN_PASSWORD is one of the most common passwords/);
    expect(loadConfig({ ADMIN_PASSWORD: 'a long private passphrase' }).ADMIN_PASSWORD).toBe('a long private passphrase');
  });
});

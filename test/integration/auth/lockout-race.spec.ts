import { createUser } from '../../factories/users';
import { startTestApp, type TestApp } from '../../support/test-app';

const MAX_FAILURES = 5;
const GUESSES = 20;
const PASSWORD = 'the right passphrase';

/**
 * The lockout holds under concurrency: each attempt is counted in PostgreSQL before its password is checked,
 * so guesses sent all at once are checked no more than LOGIN_MAX_FAILURES times, and a right guess among them
 * cannot clear a lock they reached. An unknown name locks exactly like a real one.
 */
describe('auth: lockout under concurrent guesses, and for unknown names', () => {
  let server: TestApp;

  beforeAll(async () => {
    server = await startTestApp({ LOGIN_MAX_FAILURES: String(MAX_FAILURES), LOGIN_LOCK_SECONDS: '600', LOGIN_RATE_LIMIT: '10000' });
  });
  afterAll(async () => {
    await server.close();
  });

  const login = async (username: string, password: string) => {
    const response = await fetch(`${server.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    const body = await response.json();
    return { status: response.status, code: body.code as string | undefined, lockedUntil: body.details?.lockedUntil as string | undefined };
  };

  /** How many sign-ins of this user had their password checked: the failures audited as wrong, and the successes. */
  const checkedPasswords = async (userId: string) => {
    const [row] = await server.dataSource.query(
      `SELECT count(*) FILTER (WHERE action = 'auth.login_failed' AND details->>'reason' = 'wrong_password')::int AS wrong,
              count(*) FILTER (WHERE action = 'auth.login')::int AS right
         FROM audit_log WHERE target_id = $1`,
      [userId],
    );
    return row as { wrong: number; right: number };
  };

  const fireAtOnce = (username: string, rightAt: number | null) =>
    Promise.all(Array.from({ length: GUESSES }, (_, index) => login(username, index === rightAt ? PASSWORD : `wrong guess ${index}`)));

  it(`checks at most ${MAX_FAILURES} of ${GUESSES} simultaneous guesses, and the right password cannot clear the lock they reached`, async () => {
    const user = await createUser(server.dataSource, { username: 'race.target', roles: ['agent'], password: PASSWORD });
    const answers = await fireAtOnce(user.username, null);

    // The guesses checked answer 401 until the last one locks (423); the rest are refused unchecked.
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 401)).toHaveLength(MAX_FAILURES - 1);
    expect(statuses.every((status) => [401, 423, 429].includes(status))).toBe(true);
    expect(await checkedPasswords(user.id)).toEqual({ wrong: MAX_FAILURES, right: 0 });

    const afterwards = await login(user.username, PASSWORD);
    expect(afterwards).toMatchObject({ status: 423, code: 'ACCOUNT_LOCKED', lockedUntil: expect.any(String) });
    expect(await checkedPasswords(user.id)).toEqual({ wrong: MAX_FAILURES, right: 0 });
  });

  it('with the right password among the guesses: it never gets in past a reached lock, and no more guesses are checked than the limit allows', async () => {
    for (let round = 0; round < 3; round += 1) {
      const user = await createUser(server.dataSource, { username: `race.mixed.${round}`, roles: ['agent'], password: PASSWORD });
      const answers = await fireAtOnce(user.username, GUESSES - 1 - round);
      const right = answers.filter((answer) => answer.status === 200).length;
      const { wrong, right: signedIn } = await checkedPasswords(user.id);
      expect(signedIn).toBe(right);
      const journal: { action: string }[] = await server.dataSource.query(
        `SELECT action FROM audit_log WHERE target_id = $1 AND action IN ('auth.login', 'auth.locked_out') ORDER BY id`,
        [user.id],
      );
      const afterwards = (await login(user.username, PASSWORD)).status;
      const locked = journal.some((entry) => entry.action === 'auth.locked_out');
      const outcome = { wrong, first: journal[0]?.action, afterwards, withinLimit: wrong <= 2 * MAX_FAILURES - 1 };
      expect(outcome).toEqual(
        right === 0
          ? // The limit was spent on wrong guesses: exactly that many were checked, and the lock holds.
            { wrong: MAX_FAILURES, first: 'auth.locked_out', afterwards: 423, withinLimit: true }
          : // The right guess got a place among the first checked, before any lock; a success starts the count again.
            { wrong, first: 'auth.login', afterwards: locked ? 423 : 200, withinLimit: true },
      );
    }
  });

  it('does not leave a name locked for ever when a server died with attempts in flight: they stop counting', async () => {
    const user = await createUser(server.dataSource, { username: 'race.crashed', roles: ['agent'], password: PASSWORD });
    await server.dataSource.query(`INSERT INTO sign_in_attempts (username) VALUES ($1)`, [user.username]);
    for (let index = 0; index < MAX_FAILURES; index += 1) {
      await server.dataSource.query(`INSERT INTO sign_in_attempts_in_flight (username) VALUES ($1)`, [user.username]);
    }
    // Attempts still being checked fill the allowance: no more guesses pass.
    expect(await login(user.username, PASSWORD)).toMatchObject({ status: 429, code: 'SIGN_IN_ATTEMPTS_IN_PROGRESS' });
    // Their server never finished them; a minute later they are forgotten.
    await server.dataSource.query(`UPDATE sign_in_attempts_in_flight SET started_at = now() - interval '61 seconds' WHERE username = $1`, [user.username]);
    expect((await login(user.username, PASSWORD)).status).toBe(200);
    const [{ count }] = await server.dataSource.query(`SELECT count(*)::int AS count FROM sign_in_attempts_in_flight WHERE username = $1`, [user.username]);
    expect(count).toBe(0);
  });

  it('locks an unknown name after the same number of failures, with the same answers as a real one', async () => {
    await createUser(server.dataSource, { username: 'real.name', roles: ['agent'], password: PASSWORD });
    const sequence = async (username: string) => {
      const answers = [];
      for (let index = 0; index < MAX_FAILURES + 1; index += 1) {
        const answer = await login(username, `wrong guess ${index}`);
        answers.push({ status: answer.status, code: answer.code, locked: answer.lockedUntil !== undefined });
      }
      return answers;
    };
    const real = await sequence('real.name');
    const unknown = await sequence('no.such.name');
    const expected = [
      ...Array.from({ length: MAX_FAILURES - 1 }, () => ({ status: 401, code: 'INVALID_CREDENTIALS', locked: false })),
      { status: 423, code: 'ACCOUNT_LOCKED', locked: true },
      { status: 423, code: 'ACCOUNT_LOCKED', locked: true },
    ];
    expect(real).toEqual(expected);
    expect(unknown).toEqual(expected);
    // Simultaneous guesses at an unknown name are held to the same limit.
    await fireAtOnce('another.unknown.name', null);
    const [{ checked }] = await server.dataSource.query(
      `SELECT count(*)::int AS checked FROM audit_log WHERE action = 'auth.login_failed' AND actor_name = 'another.unknown.name' AND details->>'reason' = 'unknown_user'`,
    );
    expect(checked).toBe(MAX_FAILURES);
  });
});

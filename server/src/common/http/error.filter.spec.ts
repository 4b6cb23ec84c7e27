import { DatabaseOutageLog, retryAfterOf, toErrorBody } from './error.filter';

const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('answers for a database that is away', () => {
  it.each([
    ['a fast stop (admin shutdown)', pgError('57P01', 'terminating connection due to administrator command')],
    ['an immediate stop (crash shutdown)', pgError('57P02', 'terminating connection because of crash of another server process')],
    ['a server that cannot take connections now', pgError('57P03', 'the database system is shutting down')],
    ['a refused connection', pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['a connection ended under a query', new Error('Connection terminated unexpectedly')],
    ['a query error wrapping one', Object.assign(new Error('query failed'), { driverError: pgError('57P01', 'terminating connection') })],
  ])('are 503 DATABASE_UNAVAILABLE with Retry-After for %s', (_, error) => {
    const body = toErrorBody(error);
    expect(body).toMatchObject({ statusCode: 503, code: 'DATABASE_UNAVAILABLE' });
    expect(retryAfterOf(body)).toBe(1);
  });

  it('leave other faults a 500 without Retry-After', () => {
    const body = toErrorBody(pgError('42P01', 'relation "nowhere" does not exist'));
    expect(body).toMatchObject({ statusCode: 500, code: 'INTERNAL_ERROR' });
    expect(retryAfterOf(body)).toBeNull();
  });

  it('are logged as a change and a count, not a line each', () => {
    const logger = { error: jest.fn(), warn: jest.fn(), log: jest.fn() };
    const outages = new DatabaseOutageLog(logger, 10_000);
    const down = pgError('57P01', 'terminating connection due to administrator command');
    for (let at = 0; at < 25_000; at += 20) outages.refusedOne(down, at);
    expect(logger.error).toHaveBeenCalledTimes(1);
    expect(logger.warn.mock.calls.map(([message]) => message)).toEqual([
      'the database still cannot be reached: 500 more answers refused with 503 in 10 s',
      'the database still cannot be reached: 500 more answers refused with 503 in 10 s',
    ]);
    // A refusal after a quiet spell starts a new outage, and the one before is summed up.
    outages.refusedOne(down, 60_000);
    expect(logger.log.mock.calls.map(([message]) => message)).toEqual(['the database answered again: 1250 answers were refused with 503 over 25.0 s']);
    expect(logger.error).toHaveBeenCalledTimes(2);
  });
});

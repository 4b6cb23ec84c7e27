import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { returnedRows } from './sql';

/** An attempt in flight stops counting after this long: its server died before it could say how it ended. */
export const IN_FLIGHT_EXPIRY_SECONDS = 60;

export interface LockoutRules {
  /** LOGIN_MAX_FAILURES: failures, plus attempts still being checked, that no further attempt may pass. */
  maxFailures: number;
  /** LOGIN_LOCK_SECONDS: how long a lock lasts, and how long a failure is remembered. */
  lockSeconds: number;
}

export type AttemptStart =
  | { kind: 'started'; attemptId: string }
  | { kind: 'locked'; lockedUntil: Date }
  /** Failures plus the attempts being checked already reach the limit: this one is not checked at all. */
  | { kind: 'busy' };

export type AttemptEnd = { lockedUntil: Date | null; justLocked: boolean };

/**
 * Sign-in counters per name typed (a real user's or not), in PostgreSQL so that every server instance and
 * every concurrent request sees the same count. The name's row is locked for each step, so counting an
 * attempt and checking the limit are one atomic decision.
 */
@Injectable()
export class SignInAttemptsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Counts an attempt in flight before its password is checked, or refuses it: while the name is locked, or
   * when failures within the lock window plus the attempts in flight already reach `maxFailures`.
   */
  async start(username: string, rules: LockoutRules): Promise<AttemptStart> {
    return this.dataSource.transaction(async (manager) => {
      const row = await this.lockRow(manager, username, rules);
      if (row.locked_until) return { kind: 'locked', lockedUntil: new Date(row.locked_until) };
      if (row.failures + row.in_flight >= rules.maxFailures) return { kind: 'busy' };
      const [attempt] = await manager.query(`INSERT INTO sign_in_attempts_in_flight (username) VALUES ($1) RETURNING id`, [username]);
      return { kind: 'started', attemptId: attempt.id as string };
    });
  }

  /** A wrong password: the attempt ends as a failure; the `maxFailures`-th within the window locks the name. */
  async fail(username: string, attemptId: string, rules: LockoutRules): Promise<AttemptEnd> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`DELETE FROM sign_in_attempts_in_flight WHERE id = $1`, [attemptId]);
      const row = await this.lockRow(manager, username, rules);
      if (row.locked_until) return { lockedUntil: new Date(row.locked_until), justLocked: false };
      const failures = row.failures + 1;
      const locks = failures >= rules.maxFailures;
      const [updated] = returnedRows<{ locked_until: Date }>(
        await manager.query(
        `UPDATE sign_in_attempts SET
           failures = CASE WHEN $2 THEN 0 ELSE $3::int END,
           last_failed_at = now(),
           locked_until = CASE WHEN $2 THEN now() + make_interval(secs => $4) END
         WHERE username = $1 RETURNING locked_until`,
          [username, locks, failures, rules.lockSeconds],
        ),
      );
      return { lockedUntil: locks ? new Date(updated.locked_until) : null, justLocked: locks };
    });
  }

  /**
   * The right password: the failures are forgotten, unless the name was locked meanwhile (then the lock
   * stands and the sign-in is refused, whatever the password).
   */
  async succeed(username: string, attemptId: string, rules: LockoutRules): Promise<{ lockedUntil: Date | null }> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`DELETE FROM sign_in_attempts_in_flight WHERE id = $1`, [attemptId]);
      const row = await this.lockRow(manager, username, rules);
      if (row.locked_until) return { lockedUntil: new Date(row.locked_until) };
      await manager.query(`UPDATE sign_in_attempts SET failures = 0, last_failed_at = NULL, locked_until = NULL WHERE username = $1`, [username]);
      return { lockedUntil: null };
    });
  }

  /** Forgets names with nothing left to remember: no failure within the window, no lock, no attempt in flight. */
  async purgeSettled(lockSeconds: number): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM sign_in_attempts_in_flight WHERE started_at < now() - make_interval(secs => $1)`,
      [IN_FLIGHT_EXPIRY_SECONDS],
    );
    await this.dataSource.query(
      `DELETE FROM sign_in_attempts a
        WHERE (a.locked_until IS NULL OR a.locked_until <= now())
          AND (a.last_failed_at IS NULL OR a.last_failed_at <= now() - make_interval(secs => $1))
          AND NOT EXISTS (SELECT 1 FROM sign_in_attempts_in_flight f WHERE f.username = a.username)`,
      [lockSeconds],
    );
  }

  /**
   * The name's row, created if missing and locked for the transaction; stale attempts in flight are
   * dropped. `failures` counts only those within the lock window, `locked_until` only a lock in force.
   */
  private async lockRow(manager: EntityManager, username: string, rules: LockoutRules): Promise<{ failures: number; locked_until: Date | null; in_flight: number }> {
    await manager.query(
      `INSERT INTO sign_in_attempts (username) VALUES ($1) ON CONFLICT (username) DO NOTHING`,
      [username],
    );
    const [row] = await manager.query(
      `SELECT CASE WHEN last_failed_at > now() - make_interval(secs => $2) THEN failures ELSE 0 END AS failures,
              CASE WHEN locked_until > now() THEN locked_until END AS locked_until
         FROM sign_in_attempts WHERE username = $1 FOR UPDATE`,
      [username, rules.lockSeconds],
    );
    await manager.query(`DELETE FROM sign_in_attempts_in_flight WHERE username = $1 AND started_at <= now() - make_interval(secs => $2)`, [
      username,
      IN_FLIGHT_EXPIRY_SECONDS,
    ]);
    const [flight] = await manager.query(`SELECT count(*)::int AS in_flight FROM sign_in_attempts_in_flight WHERE username = $1`, [username]);
    return { failures: row.failures, locked_until: row.locked_until, in_flight: flight.in_flight };
  }
}

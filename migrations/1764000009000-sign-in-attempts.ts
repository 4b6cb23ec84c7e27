import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in attempts by the name typed, whether or not such a user exists, so an unknown name locks exactly
 * like a real one and the lockout does not tell which names are taken. Each attempt is counted in flight
 * before its password is checked: concurrent guesses cannot exceed LOGIN_MAX_FAILURES. An attempt whose
 * server died before it finished stops counting when it is old (`started_at`), so no user stays locked.
 * The counters move here from `users`.
 */
export class SignInAttempts1764000009000 implements MigrationInterface {
  name = 'SignInAttempts1764000009000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE sign_in_attempts (
        username text PRIMARY KEY,
        failures integer NOT NULL DEFAULT 0 CHECK (failures >= 0),
        last_failed_at timestamptz,
        locked_until timestamptz
      )`);
    await queryRunner.query(`
      CREATE TABLE sign_in_attempts_in_flight (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username text NOT NULL REFERENCES sign_in_attempts(username) ON DELETE CASCADE,
        started_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX sign_in_attempts_in_flight_username_idx ON sign_in_attempts_in_flight (username, started_at)`);
    await queryRunner.query(`
      INSERT INTO sign_in_attempts (username, failures, last_failed_at, locked_until)
      SELECT username, failed_login_count, last_failed_login_at, locked_until FROM users
       WHERE failed_login_count > 0 OR locked_until > now()`);
    await queryRunner.query(`ALTER TABLE users DROP COLUMN failed_login_count, DROP COLUMN last_failed_login_at, DROP COLUMN locked_until`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE users
        ADD COLUMN failed_login_count integer NOT NULL DEFAULT 0 CHECK (failed_login_count >= 0),
        ADD COLUMN last_failed_login_at timestamptz,
        ADD COLUMN locked_until timestamptz`);
    await queryRunner.query(`
      UPDATE users u SET failed_login_count = a.failures, last_failed_login_at = a.last_failed_at, locked_until = a.locked_until
        FROM sign_in_attempts a WHERE a.username = u.username`);
    await queryRunner.query(`DROP TABLE sign_in_attempts_in_flight`);
    await queryRunner.query(`DROP TABLE sign_in_attempts`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Identity and the audit trail: sign-in lockout on users, sessions (opaque tokens stored as
 * sha256 hashes), API keys for the systems that feed contacts, and the append-only audit log.
 */
export class Identity1764000001000 implements MigrationInterface {
  name = 'Identity1764000001000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE users
        ADD COLUMN failed_login_count integer NOT NULL DEFAULT 0 CHECK (failed_login_count >= 0),
        ADD COLUMN last_failed_login_at timestamptz,
        ADD COLUMN locked_until timestamptz,
        ADD COLUMN password_changed_at timestamptz,
        ADD CONSTRAINT users_roles_known CHECK (roles <@ ARRAY['agent', 'team_lead', 'supervisor', 'admin']::text[])`);

    await queryRunner.query(`
      CREATE TABLE sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        access_token_hash char(64) NOT NULL UNIQUE,
        access_expires_at timestamptz NOT NULL,
        refresh_token_hash char(64) NOT NULL UNIQUE,
        previous_refresh_token_hash char(64),
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        refreshed_at timestamptz,
        revoked_at timestamptz,
        revoked_reason varchar(32),
        client_address varchar(64),
        user_agent varchar(256),
        CHECK (access_expires_at <= expires_at)
      )`);
    await queryRunner.query(`CREATE INDEX sessions_user_active_idx ON sessions (user_id) WHERE revoked_at IS NULL`);
    await queryRunner.query(`CREATE INDEX sessions_previous_refresh_idx ON sessions (previous_refresh_token_hash) WHERE previous_refresh_token_hash IS NOT NULL`);

    await queryRunner.query(`
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(120) NOT NULL,
        key_prefix varchar(16) NOT NULL,
        key_hash char(64) NOT NULL UNIQUE,
        scopes text[] NOT NULL CHECK (cardinality(scopes) > 0),
        created_by uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        last_used_at timestamptz
      )`);

    await queryRunner.query(`
      CREATE TABLE audit_log (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor_kind varchar(16) NOT NULL CHECK (actor_kind IN ('user', 'api_key', 'system', 'anonymous')),
        actor_id uuid,
        actor_name varchar(120),
        action varchar(64) NOT NULL CHECK (action ~ '^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+$'),
        target_type varchar(32),
        target_id varchar(128),
        details jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(details) = 'object')
      )`);
    await queryRunner.query(`CREATE INDEX audit_log_at_idx ON audit_log (at)`);
    await queryRunner.query(`CREATE INDEX audit_log_action_idx ON audit_log (action, id)`);
    await queryRunner.query(`CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, id)`);
    await queryRunner.query(`CREATE INDEX audit_log_target_idx ON audit_log (target_type, target_id, id)`);
    // Append-only: no role, not even the server's own, may rewrite or erase history.
    await queryRunner.query(`
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER audit_log_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);
    await queryRunner.query(`
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE audit_log`);
    await queryRunner.query(`DROP FUNCTION audit_log_append_only()`);
    await queryRunner.query(`DROP TABLE api_keys`);
    await queryRunner.query(`DROP TABLE sessions`);
    await queryRunner.query(`
      ALTER TABLE users
        DROP CONSTRAINT users_roles_known,
        DROP COLUMN password_changed_at,
        DROP COLUMN locked_until,
        DROP COLUMN last_failed_login_at,
        DROP COLUMN failed_login_count`);
  }
}

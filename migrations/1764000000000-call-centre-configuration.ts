import { MigrationInterface, QueryRunner } from 'typeorm';

/** People, skills, queues, agents and customers: the configuration of a call centre. */
export class CallCentreConfiguration1764000000000 implements MigrationInterface {
  name = 'CallCentreConfiguration1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username varchar(64) NOT NULL UNIQUE,
        display_name varchar(120) NOT NULL,
        roles text[] NOT NULL CHECK (cardinality(roles) > 0),
        password_hash text,
        team_lead_id uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE skills (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code varchar(64) NOT NULL UNIQUE,
        name varchar(120) NOT NULL,
        kind varchar(16) NOT NULL CHECK (kind IN ('product', 'language', 'expertise')),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE queues (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code varchar(64) NOT NULL UNIQUE,
        name varchar(120) NOT NULL,
        base_priority integer NOT NULL DEFAULT 0,
        service_level_percent integer NOT NULL DEFAULT 80 CHECK (service_level_percent BETWEEN 1 AND 100),
        service_level_seconds integer NOT NULL DEFAULT 20 CHECK (service_level_seconds > 0),
        service_level_formula varchar(32) NOT NULL DEFAULT 'abandons_in_denominator',
        short_abandon_seconds integer NOT NULL DEFAULT 5 CHECK (short_abandon_seconds >= 0),
        offer_timeout_seconds integer NOT NULL DEFAULT 15 CHECK (offer_timeout_seconds > 0),
        wrap_up_seconds integer NOT NULL DEFAULT 30 CHECK (wrap_up_seconds >= 0),
        max_wait_seconds integer CHECK (max_wait_seconds > 0),
        overflow_queue_id uuid REFERENCES queues(id) ON DELETE SET NULL,
        strategy varchar(32) NOT NULL DEFAULT 'longest_idle',
        relaxation_steps jsonb NOT NULL DEFAULT '[]',
        business_hours jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE queue_skills (
        queue_id uuid NOT NULL REFERENCES queues(id) ON DELETE CASCADE,
        skill_id uuid NOT NULL REFERENCES skills(id) ON DELETE RESTRICT,
        min_proficiency smallint NOT NULL CHECK (min_proficiency BETWEEN 1 AND 5),
        optional boolean NOT NULL DEFAULT false,
        PRIMARY KEY (queue_id, skill_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE agents (
        user_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
        capacity jsonb NOT NULL DEFAULT '{"voice":1,"chat":3,"email":5,"ticket":5}',
        languages text[] NOT NULL DEFAULT '{}',
        state varchar(16) NOT NULL DEFAULT 'offline',
        state_reason varchar(32),
        state_since timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE agent_skills (
        agent_id uuid NOT NULL REFERENCES agents(user_id) ON DELETE CASCADE,
        skill_id uuid NOT NULL REFERENCES skills(id) ON DELETE RESTRICT,
        proficiency smallint NOT NULL CHECK (proficiency BETWEEN 1 AND 5),
        PRIMARY KEY (agent_id, skill_id)
      )`);
    await queryRunner.query(`CREATE INDEX agent_skills_skill_idx ON agent_skills (skill_id)`);
    await queryRunner.query(`
      CREATE TABLE customers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(160) NOT NULL,
        phone varchar(32) UNIQUE,
        email varchar(254) UNIQUE,
        value_tier varchar(16) NOT NULL DEFAULT 'ordinary' CHECK (value_tier IN ('important', 'secondary', 'ordinary', 'small')),
        rfm_segment varchar(32),
        lifetime_value numeric(14, 2) NOT NULL DEFAULT 0,
        language varchar(16),
        notes text NOT NULL DEFAULT '',
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['customers', 'agent_skills', 'agents', 'queue_skills', 'queues', 'skills', 'users']) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}

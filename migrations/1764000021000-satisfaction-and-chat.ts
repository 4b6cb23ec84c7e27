import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Satisfaction after every contact, and chat.
 * - `satisfaction_surveys`: one survey per contact that ended with an agent, created when the contact ends. Who
 *   served it, the queue, the customer's value tier and RFM cell are kept as they were then, so reports do not
 *   move when a customer changes tier later. A web survey (chat, e-mail) has a single-use token, stored as its
 *   SHA-256 only; a call's survey is answered by the PBX from the caller's keypad. Experience and expectation are
 *   both 1–5; satisfaction is experience minus expectation (−4..+4).
 * - `chat_sessions` and `chat_messages`: a customer's chat (its token stored as SHA-256) and its transcript.
 */
export class SatisfactionAndChat1764000021000 implements MigrationInterface {
  name = 'SatisfactionAndChat1764000021000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE satisfaction_surveys (
        interaction_id uuid PRIMARY KEY REFERENCES interactions(id) ON DELETE CASCADE,
        channel varchar(16) NOT NULL,
        agent_id uuid REFERENCES users(id) ON DELETE SET NULL,
        queue_id uuid NOT NULL REFERENCES queues(id),
        customer_id uuid REFERENCES customers(id) ON DELETE SET NULL,
        value_tier varchar(16) NOT NULL,
        rfm_segment varchar(32),
        language varchar(16),
        token_hash char(64) UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        answered_at timestamptz,
        source varchar(16) CHECK (source IN ('keypad', 'web')),
        experience smallint CHECK (experience BETWEEN 1 AND 5),
        expectation smallint CHECK (expectation BETWEEN 1 AND 5),
        satisfaction smallint GENERATED ALWAYS AS (experience - expectation) STORED,
        poor boolean,
        CHECK ((answered_at IS NULL) = (experience IS NULL) AND (experience IS NULL) = (expectation IS NULL))
      )`);
    await queryRunner.query(`CREATE INDEX satisfaction_surveys_answered_idx ON satisfaction_surveys (answered_at) WHERE answered_at IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX satisfaction_surveys_customer_idx ON satisfaction_surveys (customer_id, answered_at DESC) WHERE poor`);
    await queryRunner.query(`
      CREATE TABLE chat_sessions (
        interaction_id uuid PRIMARY KEY REFERENCES interactions(id) ON DELETE CASCADE,
        token_hash char(64) NOT NULL UNIQUE,
        customer_name varchar(120) NOT NULL,
        language varchar(16),
        created_at timestamptz NOT NULL DEFAULT now(),
        ended_at timestamptz,
        ended_by varchar(16) CHECK (ended_by IN ('customer', 'agent', 'system'))
      )`);
    await queryRunner.query(`
      CREATE TABLE chat_messages (
        id bigserial PRIMARY KEY,
        interaction_id uuid NOT NULL REFERENCES chat_sessions(interaction_id) ON DELETE CASCADE,
        author varchar(16) NOT NULL CHECK (author IN ('customer', 'agent', 'system')),
        agent_id uuid REFERENCES users(id) ON DELETE SET NULL,
        body text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 2000),
        sent_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX chat_messages_interaction_idx ON chat_messages (interaction_id, id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE chat_messages`);
    await queryRunner.query(`DROP TABLE chat_sessions`);
    await queryRunner.query(`DROP TABLE satisfaction_surveys`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Customer value: customers and their purchases arrive from the business's own systems (keyed by their external
 * ids), each value run turns purchases into RFM cells and pyramid tiers, and the team shares one record per customer
 * (notes, care actions, a lost customer's cause).
 *
 * `customers.value_tier` and `customers.rfm_segment` stay the effective values that routing reads at arrival: a run
 * writes them from its computation, unless an unexpired override names the tier.
 */
export class CustomerValue1764000011000 implements MigrationInterface {
  name = 'CustomerValue1764000011000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE customers
        ADD COLUMN external_id varchar(64) UNIQUE,
        ADD COLUMN time_zone varchar(64),
        ADD COLUMN birthday date,
        ADD COLUMN computed_value_tier varchar(16) CHECK (computed_value_tier IN ('important', 'secondary', 'ordinary', 'small')),
        ADD COLUMN value_run_id bigint,
        ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()`);

    await queryRunner.query(`
      CREATE TABLE customer_transactions (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        external_id varchar(64) NOT NULL UNIQUE,
        customer_id uuid NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
        occurred_at timestamptz NOT NULL,
        amount numeric(14, 2) NOT NULL,
        product varchar(160),
        channel varchar(32),
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX customer_transactions_customer_idx ON customer_transactions (customer_id, occurred_at DESC)`);

    await queryRunner.query(`
      CREATE TABLE customer_value_runs (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        as_of timestamptz NOT NULL,
        parameters jsonb NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'completed', 'failed')),
        requested_by uuid REFERENCES users(id) ON DELETE SET NULL,
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        duration_ms integer,
        counts jsonb,
        averages jsonb,
        error text
      )`);
    await queryRunner.query(`CREATE INDEX customer_value_runs_finished_idx ON customer_value_runs (status, finished_at DESC)`);
    await queryRunner.query(`ALTER TABLE customers ADD CONSTRAINT customers_value_run_fk FOREIGN KEY (value_run_id) REFERENCES customer_value_runs(id) ON DELETE SET NULL`);

    // A run writes a row per customer (a million in one statement at scale): customer_id carries no foreign key so
    // that statement does not check each row; customers are never deleted while their history matters.
    await queryRunner.query(`
      CREATE TABLE customer_value_history (
        run_id bigint NOT NULL REFERENCES customer_value_runs(id) ON DELETE CASCADE,
        customer_id uuid NOT NULL,
        rank integer NOT NULL,
        computed_tier varchar(16) NOT NULL,
        effective_tier varchar(16) NOT NULL,
        monetary numeric(16, 2) NOT NULL,
        frequency integer NOT NULL,
        recency_days integer,
        usual_gap_days numeric(10, 2),
        recency_level varchar(4) CHECK (recency_level IN ('low', 'high')),
        frequency_level varchar(4) CHECK (frequency_level IN ('low', 'high')),
        monetary_level varchar(4) CHECK (monetary_level IN ('low', 'high')),
        segment varchar(32),
        churn_score smallint NOT NULL DEFAULT 0,
        churn_reasons jsonb NOT NULL DEFAULT '[]',
        PRIMARY KEY (run_id, customer_id)
      )`);
    await queryRunner.query(`CREATE INDEX customer_value_history_customer_idx ON customer_value_history (customer_id, run_id DESC)`);

    await queryRunner.query(`
      CREATE TABLE customer_tier_overrides (
        customer_id uuid PRIMARY KEY REFERENCES customers(id) ON DELETE CASCADE,
        value_tier varchar(16) NOT NULL CHECK (value_tier IN ('important', 'secondary', 'ordinary', 'small')),
        reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
        expires_at timestamptz NOT NULL,
        set_by uuid REFERENCES users(id) ON DELETE SET NULL,
        set_at timestamptz NOT NULL DEFAULT now()
      )`);

    await queryRunner.query(`
      CREATE TABLE customer_losses (
        customer_id uuid PRIMARY KEY REFERENCES customers(id) ON DELETE CASCADE,
        cause varchar(16) NOT NULL CHECK (cause IN ('natural', 'competitive', 'fault', 'malicious', 'other')),
        note text NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
        marked_by uuid REFERENCES users(id) ON DELETE SET NULL,
        marked_at timestamptz NOT NULL DEFAULT now()
      )`);

    // The worklist belongs to a team (its team lead), never to one agent: a relationship held by one agent leaves
    // with that agent.
    await queryRunner.query(`
      CREATE TABLE retention_actions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        customer_id uuid NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
        team_lead_id uuid REFERENCES users(id) ON DELETE SET NULL,
        run_id bigint REFERENCES customer_value_runs(id) ON DELETE SET NULL,
        action varchar(24) NOT NULL CHECK (action IN ('greeting', 'return_visit', 'new_product_notice', 'coupon', 'win_back_offer')),
        status varchar(16) NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'skipped')),
        outcome varchar(24) CHECK (outcome IN ('reached', 'not_reached', 'declined', 'accepted', 'retained', 'lost')),
        outcome_note text CHECK (length(outcome_note) <= 2000),
        created_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        completed_by uuid REFERENCES users(id) ON DELETE SET NULL
      )`);
    await queryRunner.query(`CREATE INDEX retention_actions_open_idx ON retention_actions (status, team_lead_id, created_at)`);
    await queryRunner.query(`CREATE UNIQUE INDEX retention_actions_one_open_idx ON retention_actions (customer_id) WHERE status = 'open'`);

    await queryRunner.query(`
      CREATE TABLE customer_notes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        customer_id uuid NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
        author_id uuid REFERENCES users(id) ON DELETE SET NULL,
        body text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX customer_notes_customer_idx ON customer_notes (customer_id, created_at DESC)`);

    // One row per file import; an interrupted import resumes from lines_done of the same file (same fingerprint).
    await queryRunner.query(`
      CREATE TABLE crm_imports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind varchar(16) NOT NULL CHECK (kind IN ('customers', 'transactions')),
        source_name text NOT NULL,
        source_bytes bigint NOT NULL,
        source_fingerprint text NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'completed', 'failed')),
        lines_done bigint NOT NULL DEFAULT 0,
        bytes_done bigint NOT NULL DEFAULT 0,
        rows_taken bigint NOT NULL DEFAULT 0,
        rows_refused bigint NOT NULL DEFAULT 0,
        refusals jsonb NOT NULL DEFAULT '[]',
        started_by uuid REFERENCES users(id) ON DELETE SET NULL,
        started_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX crm_imports_resume_idx ON crm_imports (kind, source_fingerprint, started_at DESC)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['crm_imports', 'customer_notes', 'retention_actions', 'customer_losses', 'customer_tier_overrides', 'customer_value_history']) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
    await queryRunner.query(`ALTER TABLE customers DROP CONSTRAINT customers_value_run_fk`);
    await queryRunner.query(`DROP TABLE customer_value_runs`);
    await queryRunner.query(`DROP TABLE customer_transactions`);
    await queryRunner.query(`
      ALTER TABLE customers
        DROP COLUMN updated_at, DROP COLUMN value_run_id, DROP COLUMN computed_value_tier,
        DROP COLUMN birthday, DROP COLUMN time_zone, DROP COLUMN external_id`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Complaints: the record the server runs the complaint machine on, the contacts each came through, the
 * append-only history of every transition, the complaint clock (start, pauses, resumes, crossings), the
 * alerts raised about complaints, the per-year number sequence and the business calendars deadlines are
 * counted on.
 */
export class Complaints1764000003000 implements MigrationInterface {
  name = 'Complaints1764000003000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE business_calendars (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(120) NOT NULL,
        is_default boolean NOT NULL DEFAULT false,
        config jsonb NOT NULL CHECK (jsonb_typeof(config) = 'object'),
        updated_by uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX business_calendars_one_default ON business_calendars (is_default) WHERE is_default`);

    // Gap-free complaint numbers per year: CMP-<year>-<6 digits>.
    await queryRunner.query(`
      CREATE TABLE complaint_number_sequences (
        year smallint PRIMARY KEY CHECK (year BETWEEN 2000 AND 9999),
        last_value integer NOT NULL CHECK (last_value BETWEEN 1 AND 999999)
      )`);

    await queryRunner.query(`
      CREATE TABLE complaints (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        number varchar(20) NOT NULL UNIQUE CHECK (number ~ '^CMP-[0-9]{4}-[0-9]{6}$'),
        customer_id uuid REFERENCES customers(id),
        category varchar(64) NOT NULL,
        complexity varchar(16) NOT NULL CHECK (complexity IN ('simple', 'general', 'complex')),
        description text NOT NULL,
        value_tier varchar(16) NOT NULL CHECK (value_tier IN ('important', 'secondary', 'ordinary', 'small')),
        received_by uuid NOT NULL REFERENCES users(id),
        owner_id uuid NOT NULL REFERENCES users(id),
        team_lead_id uuid REFERENCES users(id) ON DELETE SET NULL,
        threatening boolean NOT NULL DEFAULT false,
        threat_caller_number varchar(40),
        threat_at timestamptz,
        threat_workstation varchar(120),
        threat_statement text,
        about_agent boolean NOT NULL DEFAULT false,
        about_agent_id uuid REFERENCES users(id),
        snapshot jsonb NOT NULL CHECK (jsonb_typeof(snapshot) = 'object'),
        machine_version varchar(16) NOT NULL,
        state varchar(16) NOT NULL CHECK (state IN ('receive', 'calm', 'clarify', 'resolve', 'act', 'follow_up', 'escalated', 'thank', 'closed')),
        step varchar(16) CHECK (step IN ('receive', 'calm', 'clarify', 'resolve', 'act', 'thank')),
        version integer NOT NULL DEFAULT 1 CHECK (version > 0),
        deadline_kind varchar(16) CHECK (deadline_kind IN ('resolution', 'progress_call')),
        due_at timestamptz,
        commitment_due_at timestamptz,
        deadline_status varchar(16) NOT NULL DEFAULT 'on_track' CHECK (deadline_status IN ('on_track', 'due_soon', 'breached')),
        clock varchar(16) NOT NULL DEFAULT 'running' CHECK (clock IN ('running', 'paused', 'stopped')),
        next_crossing_at timestamptz,
        received_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        closed_at timestamptz,
        CHECK (threatening = (threat_statement IS NOT NULL)),
        CHECK (about_agent OR about_agent_id IS NULL),
        CHECK ((state = 'closed') = (closed_at IS NOT NULL))
      )`);
    await queryRunner.query(`CREATE INDEX complaints_owner_idx ON complaints (owner_id, created_at DESC)`);
    await queryRunner.query(`CREATE INDEX complaints_team_lead_idx ON complaints (team_lead_id, created_at DESC)`);
    await queryRunner.query(`CREATE INDEX complaints_customer_idx ON complaints (customer_id, created_at DESC)`);
    await queryRunner.query(`CREATE INDEX complaints_state_idx ON complaints (state, created_at DESC)`);
    await queryRunner.query(`CREATE INDEX complaints_deadline_idx ON complaints (deadline_status, due_at) WHERE closed_at IS NULL`);
    // The deadline scheduler's work list: the next status change of each open complaint.
    await queryRunner.query(`CREATE INDEX complaints_next_crossing_idx ON complaints (next_crossing_at) WHERE next_crossing_at IS NOT NULL AND closed_at IS NULL`);

    await queryRunner.query(`
      CREATE TABLE complaint_interactions (
        complaint_id uuid NOT NULL REFERENCES complaints(id),
        interaction_id uuid NOT NULL REFERENCES interactions(id),
        linked_at timestamptz NOT NULL DEFAULT now(),
        linked_by uuid REFERENCES users(id) ON DELETE SET NULL,
        PRIMARY KEY (complaint_id, interaction_id)
      )`);
    await queryRunner.query(`CREATE INDEX complaint_interactions_interaction_idx ON complaint_interactions (interaction_id)`);

    await queryRunner.query(`
      CREATE TABLE complaint_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        complaint_id uuid NOT NULL REFERENCES complaints(id),
        version integer NOT NULL CHECK (version > 0),
        at timestamptz NOT NULL,
        actor_kind varchar(16) NOT NULL CHECK (actor_kind IN ('user', 'system')),
        actor_id uuid,
        actor_name varchar(120),
        event_type varchar(40) NOT NULL,
        payload jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(payload) = 'object'),
        note text,
        from_state varchar(16),
        to_state varchar(16) NOT NULL,
        from_value jsonb,
        to_value jsonb NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (complaint_id, version),
        CHECK ((actor_kind = 'user') = (actor_id IS NOT NULL))
      )`);

    await queryRunner.query(`
      CREATE TABLE complaint_clock_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        complaint_id uuid NOT NULL REFERENCES complaints(id),
        kind varchar(16) NOT NULL CHECK (kind IN ('started', 'paused', 'resumed', 'progress_call', 'stopped', 'due_soon', 'breached')),
        at timestamptz NOT NULL,
        reason text,
        actor_id uuid,
        details jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(details) = 'object'),
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX complaint_clock_events_complaint_idx ON complaint_clock_events (complaint_id, id)`);

    await queryRunner.query(`
      CREATE TABLE complaint_alerts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        complaint_id uuid NOT NULL REFERENCES complaints(id),
        kind varchar(40) NOT NULL,
        severity varchar(16) NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
        at timestamptz NOT NULL,
        message text NOT NULL,
        recipients uuid[] NOT NULL DEFAULT '{}',
        recipient_roles text[] NOT NULL DEFAULT '{}',
        details jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(details) = 'object')
      )`);
    await queryRunner.query(`CREATE INDEX complaint_alerts_complaint_idx ON complaint_alerts (complaint_id, at)`);
    await queryRunner.query(`CREATE INDEX complaint_alerts_at_idx ON complaint_alerts (at DESC)`);

    // History is evidence: no role, not even the server's own, may rewrite or erase it.
    await queryRunner.query(`
      CREATE FUNCTION complaint_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    for (const table of ['complaint_events', 'complaint_clock_events', 'complaint_alerts']) {
      await queryRunner.query(`
        CREATE TRIGGER ${table}_no_update_or_delete BEFORE UPDATE OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION complaint_history_append_only()`);
      await queryRunner.query(`
        CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION complaint_history_append_only()`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['complaint_alerts', 'complaint_clock_events', 'complaint_events', 'complaint_interactions', 'complaints', 'complaint_number_sequences', 'business_calendars']) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
    await queryRunner.query(`DROP FUNCTION complaint_history_append_only()`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Interval records for reports: per queue and per agent, one row per closed 15-minute interval (UTC-aligned, which
 * every zone's 15-, 30- and 60-minute local boundaries fall on), and one row per local day of the centre's zone,
 * derived from them. `report_close_state` remembers up to where intervals are closed, so the closing job catches up
 * after a restart. KPI band settings per queue and figure, and the intervals already checked against their band.
 */
export class Reports1764000024000 implements MigrationInterface {
  name = 'Reports1764000024000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const queueFigures = `
        offered integer NOT NULL DEFAULT 0,
        answered integer NOT NULL DEFAULT 0,
        answered_within integer NOT NULL DEFAULT 0,
        answered_wait_ms bigint NOT NULL DEFAULT 0,
        abandoned integer NOT NULL DEFAULT 0,
        short_abandoned integer NOT NULL DEFAULT 0,
        overflowed_out integer NOT NULL DEFAULT 0,
        transferred_out integer NOT NULL DEFAULT 0,
        requeued integer NOT NULL DEFAULT 0,
        completed integer NOT NULL DEFAULT 0,
        handled integer NOT NULL DEFAULT 0,
        handle_seconds double precision NOT NULL DEFAULT 0,
        complaints_opened integer NOT NULL DEFAULT 0,
        complaints_closed integer NOT NULL DEFAULT 0,
        complaints_closed_in_time integer NOT NULL DEFAULT 0`;
    const agentFigures = `
        answered integer NOT NULL DEFAULT 0,
        handled integer NOT NULL DEFAULT 0,
        handle_seconds double precision NOT NULL DEFAULT 0,
        transferred_out integer NOT NULL DEFAULT 0,
        available_seconds double precision NOT NULL DEFAULT 0,
        reserved_seconds double precision NOT NULL DEFAULT 0,
        busy_seconds double precision NOT NULL DEFAULT 0,
        wrap_up_seconds double precision NOT NULL DEFAULT 0,
        not_ready_seconds double precision NOT NULL DEFAULT 0,
        not_ready_break double precision NOT NULL DEFAULT 0,
        not_ready_lunch double precision NOT NULL DEFAULT 0,
        not_ready_training double precision NOT NULL DEFAULT 0,
        not_ready_meeting double precision NOT NULL DEFAULT 0,
        not_ready_missed_offers double precision NOT NULL DEFAULT 0,
        not_ready_disconnected double precision NOT NULL DEFAULT 0,
        not_ready_unknown double precision NOT NULL DEFAULT 0`;
    // Closing an interval reads the journal of every queue and agent by time.
    await queryRunner.query(`CREATE INDEX routing_events_at_idx ON routing_events (at)`);
    await queryRunner.query(`CREATE TABLE report_queue_intervals (queue_id uuid NOT NULL, starts_at timestamptz NOT NULL, ${queueFigures}, PRIMARY KEY (queue_id, starts_at))`);
    await queryRunner.query(`CREATE INDEX report_queue_intervals_starts_idx ON report_queue_intervals (starts_at)`);
    await queryRunner.query(`CREATE TABLE report_queue_days (queue_id uuid NOT NULL, local_date date NOT NULL, ${queueFigures}, PRIMARY KEY (queue_id, local_date))`);
    await queryRunner.query(`CREATE INDEX report_queue_days_date_idx ON report_queue_days (local_date)`);
    await queryRunner.query(`CREATE TABLE report_agent_intervals (agent_id uuid NOT NULL, starts_at timestamptz NOT NULL, ${agentFigures}, PRIMARY KEY (agent_id, starts_at))`);
    await queryRunner.query(`CREATE INDEX report_agent_intervals_starts_idx ON report_agent_intervals (starts_at)`);
    await queryRunner.query(`CREATE TABLE report_agent_days (agent_id uuid NOT NULL, local_date date NOT NULL, ${agentFigures}, PRIMARY KEY (agent_id, local_date))`);
    await queryRunner.query(`CREATE INDEX report_agent_days_date_idx ON report_agent_days (local_date)`);
    await queryRunner.query(`
      CREATE TABLE report_close_state (
        id smallint PRIMARY KEY CHECK (id = 1),
        closed_until timestamptz NOT NULL,
        time_zone text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE kpi_band_settings (
        queue_id uuid NOT NULL REFERENCES queues(id) ON DELETE CASCADE,
        kpi varchar(32) NOT NULL,
        weeks smallint NOT NULL DEFAULT 6 CHECK (weeks BETWEEN 2 AND 52),
        k double precision NOT NULL DEFAULT 2 CHECK (k > 0 AND k <= 10),
        hard_min double precision,
        hard_max double precision,
        enabled boolean NOT NULL DEFAULT true,
        updated_by uuid REFERENCES users(id) ON DELETE SET NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (queue_id, kpi),
        CHECK (hard_min IS NULL OR hard_max IS NULL OR hard_min <= hard_max)
      )`);
    await queryRunner.query(`
      CREATE TABLE kpi_band_checks (
        id smallint PRIMARY KEY CHECK (id = 1),
        checked_until timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE kpi_band_checks`);
    await queryRunner.query(`DROP TABLE kpi_band_settings`);
    await queryRunner.query(`DROP TABLE report_close_state`);
    await queryRunner.query(`DROP TABLE report_agent_days`);
    await queryRunner.query(`DROP TABLE report_agent_intervals`);
    await queryRunner.query(`DROP TABLE report_queue_days`);
    await queryRunner.query(`DROP TABLE report_queue_intervals`);
    await queryRunner.query(`DROP INDEX routing_events_at_idx`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The call workspace through the CTI boundary: each live call's state (hold, mute, consult leg, conference
 * parties, the command waiting for the PBX), the commands sent to the PBX with their outcome, the call's own
 * timeline lines (held 0:42, consulted Ben...), and the telephony events already taken (a repeat is ignored).
 */
export class Calls1764000022000 implements MigrationInterface {
  name = 'Calls1764000022000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE calls (
        interaction_id uuid PRIMARY KEY REFERENCES interactions(id) ON DELETE CASCADE,
        agent_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        state varchar(16) NOT NULL CHECK (state IN ('ready', 'pending', 'over')),
        held boolean NOT NULL DEFAULT false,
        hold_seconds numeric(12, 3) NOT NULL DEFAULT 0,
        snapshot jsonb NOT NULL,
        version integer NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX calls_live_idx ON calls (updated_at) WHERE state <> 'over'`);
    await queryRunner.query(`
      CREATE TABLE call_commands (
        id uuid PRIMARY KEY,
        interaction_id uuid NOT NULL REFERENCES interactions(id) ON DELETE CASCADE,
        type varchar(32) NOT NULL,
        message jsonb NOT NULL,
        requested_by uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        requested_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        status varchar(16) NOT NULL CHECK (status IN ('pending', 'confirmed', 'refused', 'timed_out')),
        detail varchar(200),
        settled_at timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX call_commands_interaction_idx ON call_commands (interaction_id, requested_at)`);
    await queryRunner.query(`
      CREATE TABLE call_timeline (
        id bigserial PRIMARY KEY,
        interaction_id uuid NOT NULL REFERENCES interactions(id) ON DELETE CASCADE,
        at timestamptz NOT NULL,
        kind varchar(32) NOT NULL,
        agent_id uuid REFERENCES users(id) ON DELETE SET NULL,
        seconds numeric(12, 3),
        command_type varchar(32),
        reason varchar(200)
      )`);
    await queryRunner.query(`CREATE INDEX call_timeline_interaction_idx ON call_timeline (interaction_id, at, id)`);
    await queryRunner.query(`
      CREATE TABLE telephony_events (
        event_id varchar(128) PRIMARY KEY,
        interaction_id uuid,
        type varchar(32) NOT NULL,
        outcome varchar(16) NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE telephony_events`);
    await queryRunner.query(`DROP TABLE call_timeline`);
    await queryRunner.query(`DROP TABLE call_commands`);
    await queryRunner.query(`DROP TABLE calls`);
  }
}

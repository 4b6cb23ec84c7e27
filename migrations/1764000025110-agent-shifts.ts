import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Agents' shifts: who works from when to when. A shift ends after it starts and lasts at most 16 hours; one agent's
 * shifts do not overlap (checked by the service with the agent's row locked, so it needs no extension). The forecast
 * counts the agents scheduled per interval from these.
 */
export class AgentShifts1764000025110 implements MigrationInterface {
  name = 'AgentShifts1764000025110';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE agent_shifts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        agent_id uuid NOT NULL REFERENCES agents(user_id) ON DELETE CASCADE,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        created_by uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT agent_shifts_length CHECK (ends_at > starts_at AND ends_at - starts_at <= interval '16 hours')
      )`);
    await queryRunner.query(`CREATE INDEX agent_shifts_agent_idx ON agent_shifts (agent_id, starts_at)`);
    // The forecast and the week's view read the shifts that meet a range of time.
    await queryRunner.query(`CREATE INDEX agent_shifts_starts_idx ON agent_shifts (starts_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE agent_shifts`);
  }
}

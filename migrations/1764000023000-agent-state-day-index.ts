import { MigrationInterface, QueryRunner } from 'typeorm';

/** An agent's state changes by time, for the agent's day on the supervisor's floor (one index range per agent and day). */
export class AgentStateDayIndex1764000023000 implements MigrationInterface {
  name = 'AgentStateDayIndex1764000023000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX routing_events_agent_state_at_idx ON routing_events (agent_id, at) WHERE type = 'agent.state_changed'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX routing_events_agent_state_at_idx`);
  }
}

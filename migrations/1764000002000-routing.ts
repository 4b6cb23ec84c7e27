import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Contacts (interactions) and the routing journal. The router's state is rebuilt from these rows
 * after a restart: each live interaction keeps its exact routing record, each agent its own, and
 * every change the router made is appended to routing_events in the same transaction.
 */
export class Routing1764000002000 implements MigrationInterface {
  name = 'Routing1764000002000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE interactions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        external_id varchar(128) UNIQUE,
        channel varchar(16) NOT NULL CHECK (channel IN ('voice', 'chat', 'email', 'ticket')),
        status varchar(16) NOT NULL CHECK (status IN ('waiting', 'offered', 'connected', 'wrap_up', 'completed', 'abandoned')),
        queue_id uuid NOT NULL REFERENCES queues(id),
        first_queue_id uuid NOT NULL REFERENCES queues(id),
        customer_id uuid REFERENCES customers(id),
        caller jsonb NOT NULL DEFAULT '{}',
        language varchar(16),
        value_tier varchar(16) NOT NULL,
        complaint boolean NOT NULL DEFAULT false,
        callback boolean NOT NULL DEFAULT false,
        preferred_agent_id uuid REFERENCES agents(user_id) ON DELETE SET NULL,
        agent_id uuid REFERENCES agents(user_id) ON DELETE SET NULL,
        subject text,
        arrived_at timestamptz NOT NULL,
        answered_at timestamptz,
        ended_at timestamptz,
        closed_at timestamptz,
        wait_seconds double precision,
        handle_seconds double precision,
        disposition varchar(64),
        routing_record jsonb,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX interactions_live_idx ON interactions (status) WHERE routing_record IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX interactions_customer_idx ON interactions (customer_id, arrived_at DESC)`);
    await queryRunner.query(`CREATE INDEX interactions_agent_idx ON interactions (agent_id, arrived_at DESC)`);
    await queryRunner.query(`
      CREATE TABLE routing_events (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL,
        type varchar(40) NOT NULL,
        interaction_id uuid,
        agent_id uuid,
        queue_id uuid,
        payload jsonb NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX routing_events_queue_at_idx ON routing_events (queue_id, at)`);
    await queryRunner.query(`CREATE INDEX routing_events_interaction_idx ON routing_events (interaction_id, id)`);
    await queryRunner.query(`CREATE INDEX routing_events_agent_idx ON routing_events (agent_id, id)`);
    await queryRunner.query(`ALTER TABLE agents ADD COLUMN routing_record jsonb, ADD COLUMN last_heartbeat_at timestamptz`);
    // Engine-wide counters (contact sequence, idle sequence, round-robin cursors), one row.
    await queryRunner.query(`CREATE TABLE router_state (id smallint PRIMARY KEY CHECK (id = 1), record jsonb NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())`);
    // Tunable routing rules (priority bonuses, aging, missed offers, windows); defaults apply to absent fields.
    await queryRunner.query(`CREATE TABLE routing_policy (id smallint PRIMARY KEY CHECK (id = 1), policy jsonb NOT NULL, updated_at timestamptz NOT NULL DEFAULT now(), updated_by uuid REFERENCES users(id) ON DELETE SET NULL)`);
    // Which server instance runs the router: one row, taken with a lease so exactly one is active.
    await queryRunner.query(`
      CREATE TABLE router_lease (
        id smallint PRIMARY KEY CHECK (id = 1),
        holder varchar(80) NOT NULL,
        expires_at timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE router_lease`);
    await queryRunner.query(`DROP TABLE router_state`);
    await queryRunner.query(`DROP TABLE routing_policy`);
    await queryRunner.query(`ALTER TABLE agents DROP COLUMN routing_record, DROP COLUMN last_heartbeat_at`);
    await queryRunner.query(`DROP TABLE routing_events`);
    await queryRunner.query(`DROP TABLE interactions`);
  }
}

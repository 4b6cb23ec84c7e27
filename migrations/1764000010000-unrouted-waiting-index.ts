import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every rebuild of the routing core looks for contacts stored as waiting without a routing record (to queue them
 * again); this partial index keeps that look-up from scanning the whole contact history. It holds no rows normally.
 */
export class UnroutedWaitingIndex1764000010000 implements MigrationInterface {
  name = 'UnroutedWaitingIndex1764000010000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX interactions_unrouted_waiting_idx ON interactions (arrived_at, id)
        WHERE status = 'waiting' AND routing_record IS NULL AND closed_at IS NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX interactions_unrouted_waiting_idx`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A value run writes a history row for every customer (a million at scale), and the foreign key to the run checked
 * each one with a trigger: a fifth of the step's time. Every row is written by its own run, inside that run's
 * transaction, and no part of the platform deletes a run, so ON DELETE CASCADE had nothing to do; readers find
 * the history by a run's id. The key goes, as customer_id's did.
 */
export class ValueHistoryWithoutRunCheck1764000015100 implements MigrationInterface {
  name = 'ValueHistoryWithoutRunCheck1764000015100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE customer_value_history DROP CONSTRAINT customer_value_history_run_id_fkey`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE customer_value_history ADD CONSTRAINT customer_value_history_run_id_fkey FOREIGN KEY (run_id) REFERENCES customer_value_runs(id) ON DELETE CASCADE`,
    );
  }
}

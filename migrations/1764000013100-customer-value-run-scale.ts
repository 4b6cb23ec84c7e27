import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A value run sets customers.value_run_id on every customer in one statement (a million at scale): the foreign key
 * checked that once per row, a large part of the run's time. Like customer_value_history.customer_id it goes;
 * runs are never deleted while customers point at them (no part of the platform deletes a run).
 */
export class CustomerValueRunScale1764000013100 implements MigrationInterface {
  name = 'CustomerValueRunScale1764000013100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE customers DROP CONSTRAINT customers_value_run_fk`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE customers ADD CONSTRAINT customers_value_run_fk FOREIGN KEY (value_run_id) REFERENCES customer_value_runs(id) ON DELETE SET NULL`,
    );
  }
}

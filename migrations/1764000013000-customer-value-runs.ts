import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Value runs: at most one run is pending or running at a time, across every server process and the command line
 * (a second request is refused while one is on its way); an override remembers the tier it replaced, so removing
 * it before any run has computed the customer gives that tier back.
 */
export class CustomerValueRuns1764000013000 implements MigrationInterface {
  name = 'CustomerValueRuns1764000013000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE UNIQUE INDEX customer_value_runs_one_running_idx ON customer_value_runs ((true)) WHERE status = 'running'`);
    await queryRunner.query(`
      ALTER TABLE customer_tier_overrides
        ADD COLUMN tier_before varchar(16) CHECK (tier_before IN ('important', 'secondary', 'ordinary', 'small'))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE customer_tier_overrides DROP COLUMN tier_before`);
    await queryRunner.query(`DROP INDEX customer_value_runs_one_running_idx`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/** What the agent wrote at wrap-up, kept with the contact so the next agent reads it. */
export class WrapUpNotes1764000004000 implements MigrationInterface {
  name = 'WrapUpNotes1764000004000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE interactions ADD COLUMN wrap_up_notes text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE interactions DROP COLUMN wrap_up_notes`);
  }
}

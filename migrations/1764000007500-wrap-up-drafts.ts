import { MigrationInterface, QueryRunner } from 'typeorm';

/** Wrap-up notes as the agent types them, so a reload, another desk or the end of after-call work loses none. */
export class WrapUpDrafts1764000007500 implements MigrationInterface {
  name = 'WrapUpDrafts1764000007500';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE wrap_up_drafts (
        interaction_id uuid PRIMARY KEY REFERENCES interactions(id) ON DELETE CASCADE,
        agent_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        notes text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE wrap_up_drafts`);
  }
}

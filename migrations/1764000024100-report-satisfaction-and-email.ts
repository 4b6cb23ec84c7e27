import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Satisfaction (answered surveys and the sum of experience − expectation, by when they were answered) and e-mails
 * answered within their reply promise (by the first reply) in the interval records of queues and agents.
 */
export class ReportSatisfactionAndEmail1764000024100 implements MigrationInterface {
  name = 'ReportSatisfactionAndEmail1764000024100';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['report_queue_intervals', 'report_queue_days']) {
      await queryRunner.query(`
        ALTER TABLE ${table}
          ADD COLUMN surveys_answered integer NOT NULL DEFAULT 0,
          ADD COLUMN satisfaction_sum integer NOT NULL DEFAULT 0,
          ADD COLUMN emails_replied integer NOT NULL DEFAULT 0,
          ADD COLUMN emails_replied_in_promise integer NOT NULL DEFAULT 0`);
    }
    for (const table of ['report_agent_intervals', 'report_agent_days']) {
      await queryRunner.query(`ALTER TABLE ${table} ADD COLUMN surveys_answered integer NOT NULL DEFAULT 0, ADD COLUMN satisfaction_sum integer NOT NULL DEFAULT 0`);
    }
    // Closing an interval reads the e-mails first replied to in it (the surveys answered in it have their index).
    await queryRunner.query(`CREATE INDEX email_contacts_first_reply_idx ON email_contacts (first_reply_at) WHERE first_reply_at IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX email_contacts_first_reply_idx`);
    for (const table of ['report_agent_intervals', 'report_agent_days']) {
      await queryRunner.query(`ALTER TABLE ${table} DROP COLUMN surveys_answered, DROP COLUMN satisfaction_sum`);
    }
    for (const table of ['report_queue_intervals', 'report_queue_days']) {
      await queryRunner.query(`ALTER TABLE ${table} DROP COLUMN surveys_answered, DROP COLUMN satisfaction_sum, DROP COLUMN emails_replied, DROP COLUMN emails_replied_in_promise`);
    }
  }
}

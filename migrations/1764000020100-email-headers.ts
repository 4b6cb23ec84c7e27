import { MigrationInterface, QueryRunner } from 'typeorm';

/** The header block of each incoming message as received (up to 64 KiB), kept on record with the message. */
export class EmailHeaders1764000020100 implements MigrationInterface {
  name = 'EmailHeaders1764000020100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE email_messages ADD COLUMN raw_headers text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE email_messages DROP COLUMN raw_headers`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Callers are found by the digits of their number, whatever spaces, dashes or brackets the PBX or the
 * customer record uses ("+447700900001" finds "+44 7700 900001").
 */
export class CustomerPhoneDigits1764000005000 implements MigrationInterface {
  name = 'CustomerPhoneDigits1764000005000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE customers ADD COLUMN phone_digits text GENERATED ALWAYS AS (regexp_replace(phone, '[^0-9]', '', 'g')) STORED`);
    await queryRunner.query(`CREATE INDEX customers_phone_digits_idx ON customers (phone_digits)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE customers DROP COLUMN phone_digits`);
  }
}

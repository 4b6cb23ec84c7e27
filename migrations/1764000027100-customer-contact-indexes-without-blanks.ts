import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Many customers come without a phone or an e-mail, and the indexes of both (and of the phone's digits) held an
 * entry for every empty one, written with each new customer and never read: a lookup or a uniqueness check is
 * always for a value. The indexes now hold the customers that have one. Uniqueness is unchanged, as empty values
 * never clashed.
 */
export class CustomerContactIndexesWithoutBlanks1764000027100 implements MigrationInterface {
  name = 'CustomerContactIndexesWithoutBlanks1764000027100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE customers DROP CONSTRAINT customers_phone_key, DROP CONSTRAINT customers_email_key`);
    await queryRunner.query(`DROP INDEX customers_phone_digits_idx`);
    await queryRunner.query(`CREATE UNIQUE INDEX customers_phone_key ON customers (phone) WHERE phone IS NOT NULL`);
    await queryRunner.query(`CREATE UNIQUE INDEX customers_email_key ON customers (email) WHERE email IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX customers_phone_digits_idx ON customers (phone_digits) WHERE phone_digits IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX customers_phone_key, customers_email_key, customers_phone_digits_idx`);
    await queryRunner.query(`ALTER TABLE customers ADD CONSTRAINT customers_phone_key UNIQUE (phone), ADD CONSTRAINT customers_email_key UNIQUE (email)`);
    await queryRunner.query(`CREATE INDEX customers_phone_digits_idx ON customers (phone_digits)`);
  }
}

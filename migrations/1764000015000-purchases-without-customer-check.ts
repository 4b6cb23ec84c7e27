import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A purchase's customer was checked by a foreign key: a trigger run once per row, a third of the time a CSV import
 * takes to merge a chunk of purchases. Every way in already names a customer that exists (the batch API refuses
 * unknown customers and the import's merge joins customers), and no part of the platform deletes a customer, so
 * the key's ON DELETE CASCADE never had anything to do. The key goes, as customer_value_history's did.
 */
export class PurchasesWithoutCustomerCheck1764000015000 implements MigrationInterface {
  name = 'PurchasesWithoutCustomerCheck1764000015000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE customer_transactions DROP CONSTRAINT customer_transactions_customer_id_fkey`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE customer_transactions ADD CONSTRAINT customer_transactions_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers(id) ON DELETE CASCADE`,
    );
  }
}

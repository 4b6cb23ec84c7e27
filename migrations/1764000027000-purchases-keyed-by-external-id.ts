import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A purchase is known by its external id, unique already. The surrogate key beside it cost a CSV import a sequence
 * draw and an index entry per row, and since both merging parts of an import append to that index's last page at
 * once, they waited on each other there: a tenth of the merge's time. The external id becomes the primary key (its
 * index built once more, in one sort) and the surrogate key goes.
 */
export class PurchasesKeyedByExternalId1764000027000 implements MigrationInterface {
  name = 'PurchasesKeyedByExternalId1764000027000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE customer_transactions DROP CONSTRAINT customer_transactions_pkey`);
    await queryRunner.query(`ALTER TABLE customer_transactions DROP COLUMN id`);
    await queryRunner.query(
      `ALTER TABLE customer_transactions DROP CONSTRAINT customer_transactions_external_id_key, ADD CONSTRAINT customer_transactions_pkey PRIMARY KEY (external_id)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE customer_transactions DROP CONSTRAINT customer_transactions_pkey`);
    await queryRunner.query(`ALTER TABLE customer_transactions ADD CONSTRAINT customer_transactions_external_id_key UNIQUE (external_id)`);
    await queryRunner.query(`ALTER TABLE customer_transactions ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY`);
  }
}

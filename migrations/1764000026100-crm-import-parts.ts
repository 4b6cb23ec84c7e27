import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A file of purchases is merged on two connections at once, each taking the rows whose external id falls in its
 * part (so a purchase listed twice is merged twice by the same one, in file order). Each part commits its own
 * progress: the line and byte up to which its rows are in. `lines_done` and `bytes_done` stay the point up to which
 * every row is in (the least of the parts); an import resumed from there skips the rows a part already took.
 */
export class CrmImportParts1764000026100 implements MigrationInterface {
  name = 'CrmImportParts1764000026100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE crm_imports ADD COLUMN part_lines_done bigint[], ADD COLUMN part_bytes_done bigint[]`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE crm_imports DROP COLUMN part_bytes_done, DROP COLUMN part_lines_done`);
  }
}

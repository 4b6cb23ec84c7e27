import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SkillEntity } from './skill.entity';

/** All SQL of the skills table. */
@Injectable()
export class SkillsRepository {
  constructor(private readonly dataSource: DataSource) {}

  list(): Promise<SkillEntity[]> {
    return this.dataSource.getRepository(SkillEntity).find({ order: { kind: 'ASC', code: 'ASC' } });
  }

  get(id: string): Promise<SkillEntity> {
    return this.dataSource.getRepository(SkillEntity).findOneByOrFail({ id });
  }

  /** Runs `work` in one transaction, handing it the transaction's manager. */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Every skill's id and code, read in the caller's transaction. */
  codesAndIds(manager: EntityManager): Promise<Array<{ id: string; code: string }>> {
    return manager.query(`SELECT id, code FROM skills`);
  }

  async codeTaken(manager: EntityManager, code: string): Promise<boolean> {
    const [existing] = await manager.query(`SELECT id FROM skills WHERE code = $1`, [code]);
    return Boolean(existing);
  }

  async insert(manager: EntityManager, skill: { code: string; name: string; kind: string }): Promise<string> {
    const [row] = await manager.query(`INSERT INTO skills (code, name, kind) VALUES ($1, $2, $3) RETURNING id`, [skill.code, skill.name, skill.kind]);
    return row.id as string;
  }
}

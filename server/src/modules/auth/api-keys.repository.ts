import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { returnedRows } from './sql';

export interface ApiKeyRow {
  id: string;
  name: string;
  key_prefix: string;
  scopes: string[];
  created_by: string | null;
  created_at: Date;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

const COLUMNS = 'id, name, key_prefix, scopes, created_by, created_at, revoked_at, last_used_at';

/** API keys are stored as a display prefix and a sha256 hash; the key itself is shown once at creation. */
@Injectable()
export class ApiKeysRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(key: { name: string; keyPrefix: string; keyHash: string; scopes: string[]; createdBy: string | null }, manager: EntityManager): Promise<ApiKeyRow> {
    const [row] = await manager.query(
      `INSERT INTO api_keys (name, key_prefix, key_hash, scopes, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
      [key.name, key.keyPrefix, key.keyHash, key.scopes, key.createdBy],
    );
    return row;
  }

  list(): Promise<ApiKeyRow[]> {
    return this.dataSource.query(`SELECT ${COLUMNS} FROM api_keys ORDER BY revoked_at IS NOT NULL, created_at DESC`);
  }

  async findById(id: string, manager: EntityManager = this.dataSource.manager): Promise<ApiKeyRow | null> {
    const rows = await manager.query(`SELECT ${COLUMNS} FROM api_keys WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** A live key by the hash of its secret; `stale` when its last use was recorded more than `usedWithinSeconds` ago (or never). */
  async findLiveByHash(keyHash: string, usedWithinSeconds: number): Promise<{ id: string; name: string; scopes: string[]; stale: boolean } | null> {
    const rows = await this.dataSource.query(
      `SELECT id, name, scopes, (last_used_at IS NULL OR last_used_at < now() - make_interval(secs => $2)) AS stale
         FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL`,
      [keyHash, usedWithinSeconds],
    );
    return rows[0] ?? null;
  }

  async markUsed(id: string): Promise<void> {
    await this.dataSource.query(`UPDATE api_keys SET last_used_at = now() WHERE id = $1`, [id]);
  }

  /** Revokes a live key; null when it was already revoked (or does not exist). */
  async revoke(id: string, manager: EntityManager): Promise<ApiKeyRow | null> {
    const result = await manager.query(`UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING ${COLUMNS}`, [id]);
    return returnedRows<ApiKeyRow>(result)[0] ?? null;
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuthenticatedApiKey } from './principal';
import { hashSecret, isSecretOfKind } from './secrets';

/** last_used_at is refreshed at most once a minute per key, so ingestion traffic does not rewrite the row on every call. */
const LAST_USED_RESOLUTION_SECONDS = 60;

/** Turns an `X-Api-Key` into its key, or null when unknown or revoked. */
@Injectable()
export class ApiKeyAuthenticator {
  constructor(private readonly dataSource: DataSource) {}

  async authenticateKey(key: string | null | undefined): Promise<AuthenticatedApiKey | null> {
    if (!isSecretOfKind(key, 'cck')) return null;
    const rows: { id: string; name: string; scopes: string[]; stale: boolean }[] = await this.dataSource.query(
      `SELECT id, name, scopes, (last_used_at IS NULL OR last_used_at < now() - make_interval(secs => $2)) AS stale
         FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL`,
      [hashSecret(key), LAST_USED_RESOLUTION_SECONDS],
    );
    const row = rows[0];
    if (!row) return null;
    if (row.stale) await this.dataSource.query(`UPDATE api_keys SET last_used_at = now() WHERE id = $1`, [row.id]);
    return { kind: 'api_key', id: row.id, name: row.name, scopes: row.scopes };
  }
}

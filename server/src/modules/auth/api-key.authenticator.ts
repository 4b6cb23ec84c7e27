import { Injectable } from '@nestjs/common';
import type { AuthenticatedApiKey } from '../../common/auth/principal';
import { hashSecret, isSecretOfKind } from '../../common/auth/secrets';
import { ApiKeysRepository } from './api-keys.repository';

/** last_used_at is refreshed at most once a minute per key, so ingestion traffic does not rewrite the row on every call. */
const LAST_USED_RESOLUTION_SECONDS = 60;

/**
 * A key verified in the last few seconds is trusted without a query: ingestion sends hundreds of
 * contacts a second with one key. Revoking through this server forgets the key at once; another
 * server instance stops accepting it within this time.
 */
const VERIFIED_KEY_SECONDS = 5;
const VERIFIED_KEYS_MAX = 1000;

/** Turns an `X-Api-Key` into its key, or null when unknown or revoked. */
@Injectable()
export class ApiKeyAuthenticator {
  private readonly verified = new Map<string, { key: AuthenticatedApiKey; until: number }>();

  constructor(private readonly keys: ApiKeysRepository) {}

  /** Drops a revoked key from the recently verified ones. */
  forget(keyId: string): void {
    for (const [secret, entry] of this.verified) if (entry.key.id === keyId) this.verified.delete(secret);
  }

  async authenticateKey(key: string | null | undefined): Promise<AuthenticatedApiKey | null> {
    if (!isSecretOfKind(key, 'cck')) return null;
    const recent = this.verified.get(key);
    if (recent && recent.until > Date.now()) return recent.key;
    const found = await this.lookUp(key);
    if (found) {
      if (this.verified.size >= VERIFIED_KEYS_MAX) this.verified.clear();
      this.verified.set(key, { key: found, until: Date.now() + VERIFIED_KEY_SECONDS * 1000 });
    } else {
      this.verified.delete(key);
    }
    return found;
  }

  private async lookUp(key: string): Promise<AuthenticatedApiKey | null> {
    const row = await this.keys.findLiveByHash(hashSecret(key), LAST_USED_RESOLUTION_SECONDS);
    if (!row) return null;
    if (row.stale) await this.keys.markUsed(row.id);
    return { kind: 'api_key', id: row.id, name: row.name, scopes: row.scopes };
  }
}

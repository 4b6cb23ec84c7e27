import { ApiKeyAuthenticator } from './api-key.authenticator';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ApiKeyView, CreatedApiKey } from '@callcentre/shared';
import type { AuthenticatedUser } from '../../common/auth';
import { hashSecret, newSecret } from '../../common/auth/secrets';
import { NotFoundDomainError } from '../../common/http/domain-error';
import { AuditService } from '../audit';
import { ApiKeysRepository, type ApiKeyRow } from './api-keys.repository';
import { IDENTITY_AUDIT_ACTIONS as ACTIONS } from './auth.audit';
import type { CreateApiKeyDto } from './dto/create-api-key.dto';

const iso = (value: Date | null) => (value ? new Date(value).toISOString() : null);

function toView(row: ApiKeyRow): ApiKeyView {
  return {
    id: row.id,
    name: row.name,
    keyPrefix: row.key_prefix,
    scopes: row.scopes,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at).toISOString(),
    revokedAt: iso(row.revoked_at),
    lastUsedAt: iso(row.last_used_at),
  };
}

/** Keys for the systems that feed contacts (PBX, IVR, mail gateway). */
@Injectable()
export class ApiKeysService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly keys: ApiKeysRepository,
    private readonly audit: AuditService,
    private readonly authenticator: ApiKeyAuthenticator,
  ) {}

  async create(actor: AuthenticatedUser, input: CreateApiKeyDto): Promise<CreatedApiKey> {
    const key = newSecret('cck');
    return this.dataSource.transaction(async (manager) => {
      const row = await this.keys.insert({ name: input.name, keyPrefix: key.slice(0, 12), keyHash: hashSecret(key), scopes: input.scopes, createdBy: actor.id }, manager);
      await this.audit.record({ actor, action: ACTIONS.apiKeyCreated, target: { type: 'api_key', id: row.id }, details: { name: row.name, scopes: row.scopes, keyPrefix: row.key_prefix } }, manager);
      return { ...toView(row), key };
    });
  }

  async list(): Promise<ApiKeyView[]> {
    return (await this.keys.list()).map(toView);
  }

  /** Revokes at once: the next request with the key is refused (401). Revoking a revoked key changes nothing. */
  async revoke(actor: AuthenticatedUser, id: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const revoked = await this.keys.revoke(id, manager);
      if (!revoked) {
        if (!(await this.keys.findById(id, manager))) throw new NotFoundDomainError('api_key', id);
        return;
      }
      this.authenticator.forget(id);
      await this.audit.record({ actor, action: ACTIONS.apiKeyRevoked, target: { type: 'api_key', id }, details: { name: revoked.name, keyPrefix: revoked.key_prefix } }, manager);
    });
  }
}

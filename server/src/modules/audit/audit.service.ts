import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditRepository, type AuditRow, type NewAuditRow } from './audit.repository';
import { AUDIT_ACTION_PATTERN, type AuditActor, type AuditEntry, type AuditEvent, type AuditPage } from './audit.types';
import type { ListAuditQuery } from './dto/list-audit.query';

function actorColumns(actor: AuditActor): Pick<AuditRow, 'actor_kind' | 'actor_id' | 'actor_name'> {
  switch (actor.kind) {
    case 'user':
      return { actor_kind: 'user', actor_id: actor.id, actor_name: actor.username };
    case 'api_key':
      return { actor_kind: 'api_key', actor_id: actor.id, actor_name: actor.name };
    default:
      return { actor_kind: actor.kind, actor_id: null, actor_name: actor.name?.slice(0, 120) ?? null };
  }
}

/**
 * The row an event becomes, checked: for a change written by another module's transaction (the routing journal
 * stores a command's audit entry with the command's changes).
 */
export function auditRow(event: AuditEvent): NewAuditRow {
  if (!AUDIT_ACTION_PATTERN.test(event.action) || event.action.length > 64) {
    throw new Error(`audit action '${event.action}' must look like domain.what_happened (lowercase, at most 64 characters)`);
  }
  if (event.target && (event.target.type.length > 32 || event.target.id.length > 128)) {
    throw new Error('audit target type is at most 32 and target id at most 128 characters');
  }
  return {
    ...actorColumns(event.actor),
    action: event.action,
    target_type: event.target?.type ?? null,
    target_id: event.target?.id ?? null,
    details: event.details ?? {},
  };
}

function toEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    at: new Date(row.at).toISOString(),
    actor: { kind: row.actor_kind, id: row.actor_id, name: row.actor_name },
    action: row.action,
    target: row.target_type && row.target_id ? { type: row.target_type, id: row.target_id } : null,
    details: row.details,
  };
}

/**
 * The append-only record of who did what: forced state changes, reassignments, skill changes,
 * complaint closures, sign-ins, role changes, API keys. Pass the transaction's EntityManager so the
 * entry commits (or rolls back) with the change it describes.
 */
@Injectable()
export class AuditService {
  constructor(private readonly repository: AuditRepository) {}

  async record(event: AuditEvent, manager?: EntityManager): Promise<void> {
    await this.repository.insert(auditRow(event), manager);
  }

  async list(query: ListAuditQuery): Promise<AuditPage> {
    const limit = query.limit ?? 50;
    const rows = await this.repository.find(query, limit + 1);
    const items = rows.slice(0, limit).map(toEntry);
    return { items, nextBefore: rows.length > limit ? items[items.length - 1].id : null };
  }
}

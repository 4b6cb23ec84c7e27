import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { AuditActorKind } from './audit.types';
import type { ListAuditQuery } from './dto/list-audit.query';

export interface AuditRow {
  id: string;
  at: Date;
  actor_kind: AuditActorKind;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  details: Record<string, unknown>;
}

export type NewAuditRow = Omit<AuditRow, 'id' | 'at'>;

/** The only code that reads or writes `audit_log`; the table itself refuses updates and deletes. */
@Injectable()
export class AuditRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(row: NewAuditRow, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query(
      `INSERT INTO audit_log (actor_kind, actor_id, actor_name, action, target_type, target_id, details) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [row.actor_kind, row.actor_id, row.actor_name, row.action, row.target_type, row.target_id, JSON.stringify(row.details)],
    );
  }

  /** Newest first, keyset-paginated by id. */
  async find(query: ListAuditQuery, limit: number): Promise<AuditRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (query.action) add('action = ?', query.action);
    // Every action of a domain: 'queue' finds queue.created and queue.updated ('/' sorts right after '.').
    if (query.domain) {
      add("action >= ? || '.'", query.domain);
      add("action < ? || '/'", query.domain);
    }
    if (query.actorId) add('actor_id = ?', query.actorId);
    if (query.actorKind) add('actor_kind = ?', query.actorKind);
    if (query.targetType) add('target_type = ?', query.targetType);
    if (query.targetId) add('target_id = ?', query.targetId);
    if (query.since) add('at >= ?', query.since);
    if (query.until) add('at < ?', query.until);
    if (query.before) add('id < ?', query.before);
    params.push(limit);
    return this.dataSource.query(
      `SELECT id::text AS id, at, actor_kind, actor_id, actor_name, action, target_type, target_id, details
         FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY audit_log.id DESC LIMIT $${params.length}`,
      params,
    );
  }
}

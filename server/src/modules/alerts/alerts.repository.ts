import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { fromAlertRow, toAlertRow, type ReadAlertRow } from './alert-rows';
import type { StoredAlert } from './alerts.types';

const SELECT_ALERTS = `SELECT a.id, a.kind, a.severity, a.at, a.message, a.agent_id, a.agent_name, a.contact_id, a.queue_id, a.complaint_id,
                              a.details, a.recipients, a.recipient_roles, a.acknowledged_at, a.acknowledged_by, u.display_name AS acknowledged_by_name
                         FROM alerts a LEFT JOIN users u ON u.id = a.acknowledged_by`;

/** The only code that reads the `alerts` table and acknowledges alerts (routing's journal inserts its own rows). */
@Injectable()
export class AlertsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores a newly raised alert in the caller's transaction. */
  async insert(manager: EntityManager, stored: StoredAlert): Promise<void> {
    const row = toAlertRow(stored);
    await manager.query(
      `INSERT INTO alerts (id, kind, severity, at, message, agent_id, agent_name, contact_id, queue_id, complaint_id, details, recipients, recipient_roles)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [row.id, row.kind, row.severity, row.at, row.message, row.agent_id, row.agent_name, row.contact_id, row.queue_id, row.complaint_id, JSON.stringify(row.details), row.recipients, row.recipient_roles],
    );
  }

  /** Open alerts, those raised since `since`, and the ones named in `ids`; newest first, at most `limit`, open ones first. */
  async recent(since: Date, ids: readonly string[], limit: number): Promise<StoredAlert[]> {
    const rows: ReadAlertRow[] = await this.dataSource.query(
      `${SELECT_ALERTS}
        WHERE a.acknowledged_at IS NULL OR a.at >= $1 OR a.id = ANY($2::uuid[])
        ORDER BY (a.acknowledged_at IS NULL) DESC, a.at DESC, a.id DESC
        LIMIT $3`,
      [since, ids, limit],
    );
    return rows.map(fromAlertRow);
  }

  /** One alert, locked for the rest of the caller's transaction. */
  async lock(manager: EntityManager, id: string): Promise<StoredAlert | null> {
    const [row]: ReadAlertRow[] = await manager.query(`${SELECT_ALERTS} WHERE a.id = $1 FOR UPDATE OF a`, [id]);
    return row ? fromAlertRow(row) : null;
  }

  async acknowledge(manager: EntityManager, id: string, userId: string, at: Date): Promise<void> {
    await manager.query(`UPDATE alerts SET acknowledged_at = $2, acknowledged_by = $3 WHERE id = $1 AND acknowledged_at IS NULL`, [id, at, userId]);
  }
}

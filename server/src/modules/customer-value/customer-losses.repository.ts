import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { LOSS_CAUSES, type LossCause } from '@callcentre/shared';

export interface LossRow {
  customer_id: string;
  cause: LossCause;
  note: string;
  marked_by: string | null;
  marked_at: Date;
}

/** All SQL of lost customers. */
@Injectable()
export class CustomerLossesRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async find(customerId: string, manager: EntityManager = this.dataSource.manager): Promise<LossRow | null> {
    const [row] = await manager.query(`SELECT * FROM customer_losses WHERE customer_id = $1`, [customerId]);
    return row ?? null;
  }

  /** Marks the customer lost, or changes the cause and note of an earlier marking; returns the marking before (null: none). */
  async upsert(manager: EntityManager, loss: { customerId: string; cause: LossCause; note: string; by: string }): Promise<LossRow | null> {
    const before = await manager.query(`SELECT * FROM customer_losses WHERE customer_id = $1 FOR UPDATE`, [loss.customerId]);
    await manager.query(
      `INSERT INTO customer_losses (customer_id, cause, note, marked_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (customer_id) DO UPDATE SET cause = EXCLUDED.cause, note = EXCLUDED.note, marked_by = EXCLUDED.marked_by, marked_at = now()`,
      [loss.customerId, loss.cause, loss.note, loss.by],
    );
    return before[0] ?? null;
  }

  /** Removes the marking; returns it, or null when the customer was not marked lost. */
  async remove(manager: EntityManager, customerId: string): Promise<LossRow | null> {
    const [rows] = await manager.query(`DELETE FROM customer_losses WHERE customer_id = $1 RETURNING *`, [customerId]);
    return rows[0] ?? null;
  }

  /** Lost customers per cause, every cause named (zeros included). */
  byCause(): Promise<Array<{ cause: LossCause; customers: number }>> {
    return this.dataSource.query(
      `SELECT k.cause, count(l.customer_id)::int AS customers
       FROM unnest($1::text[]) WITH ORDINALITY AS k(cause, position)
       LEFT JOIN customer_losses l ON l.cause = k.cause
       GROUP BY k.cause, k.position ORDER BY k.position`,
      [LOSS_CAUSES],
    );
  }
}

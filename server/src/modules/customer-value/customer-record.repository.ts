import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { TransactionView } from '@callcentre/shared';

interface TransactionRow {
  external_id: string;
  occurred_at: Date;
  amount: string;
  product: string | null;
  channel: string | null;
}

const toView = (row: TransactionRow): TransactionView => ({
  id: row.external_id,
  externalId: row.external_id,
  occurredAt: new Date(row.occurred_at).toISOString(),
  amount: row.amount,
  product: row.product,
  channel: row.channel,
});

/** SQL of the customer record's paged parts that belong to no other module: the customer's purchases. */
@Injectable()
export class CustomerRecordRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Purchases newest first (then by external id, byte-wise); `before` (the external id of a purchase of the same
   * customer) pages to older ones. Reads one
   * row more than `limit` to tell whether more follow; null when `before` is not one of this customer's purchases.
   */
  async transactions(customerId: string, limit: number, before?: string): Promise<TransactionView[] | null> {
    const params: unknown[] = [customerId];
    let cursor = '';
    if (before) {
      const [anchor] = await this.dataSource.query(`SELECT occurred_at, external_id FROM customer_transactions WHERE external_id = $1 AND customer_id = $2`, [before, customerId]);
      if (!anchor) return null;
      cursor = `AND (t.occurred_at, t.external_id COLLATE "C") < ($${params.push(anchor.occurred_at)}::timestamptz, $${params.push(anchor.external_id)}::text COLLATE "C")`;
    }
    const rows: TransactionRow[] = await this.dataSource.query(
      `SELECT t.external_id, t.occurred_at, t.amount, t.product, t.channel FROM customer_transactions t
       WHERE t.customer_id = $1 ${cursor} ORDER BY t.occurred_at DESC, t.external_id COLLATE "C" DESC LIMIT $${params.push(limit + 1)}`,
      params,
    );
    return rows.map(toView);
  }
}

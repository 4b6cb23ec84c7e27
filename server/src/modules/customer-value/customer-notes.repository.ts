import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CustomerNoteView } from '@callcentre/shared';

interface NoteRow {
  id: string;
  body: string;
  author_id: string | null;
  author_name: string | null;
  created_at: Date;
}

const toView = (row: NoteRow): CustomerNoteView => ({
  id: row.id,
  body: row.body,
  authorId: row.author_id,
  authorName: row.author_name,
  createdAt: new Date(row.created_at).toISOString(),
});

const SELECT_NOTE = `SELECT n.id, n.body, n.author_id, u.display_name AS author_name, n.created_at FROM customer_notes n LEFT JOIN users u ON u.id = n.author_id`;

/** All SQL of the notes the team shares on a customer. */
@Injectable()
export class CustomerNotesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Newest first; `before` (a note of the same customer) pages to older ones; one row more than `limit` tells that more follow. */
  async list(customerId: string, limit: number, before?: string): Promise<CustomerNoteView[] | null> {
    const params: unknown[] = [customerId];
    let cursor = '';
    if (before) {
      const [anchor] = await this.dataSource.query(`SELECT created_at, id FROM customer_notes WHERE id = $1 AND customer_id = $2`, [before, customerId]);
      if (!anchor) return null;
      cursor = `AND (n.created_at, n.id) < ($${params.push(anchor.created_at)}::timestamptz, $${params.push(anchor.id)}::uuid)`;
    }
    const rows: NoteRow[] = await this.dataSource.query(
      `${SELECT_NOTE} WHERE n.customer_id = $1 ${cursor} ORDER BY n.created_at DESC, n.id DESC LIMIT $${params.push(limit + 1)}`,
      params,
    );
    return rows.map(toView);
  }

  async insert(customerId: string, authorId: string, body: string): Promise<CustomerNoteView> {
    const [{ id }] = await this.dataSource.query(`INSERT INTO customer_notes (customer_id, author_id, body) VALUES ($1, $2, $3) RETURNING id`, [customerId, authorId, body]);
    const [row] = await this.dataSource.query(`${SELECT_NOTE} WHERE n.id = $1`, [id]);
    return toView(row);
  }
}

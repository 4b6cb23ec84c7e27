import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Channel, InteractionView, ValueTier } from '@callcentre/shared';
import { SkillEntity } from '../skills';
import { type ContactReader, readableContactSql } from '../../common/auth/contact-access.sql';

export interface InteractionFilter {
  status?: string;
  queueId?: string;
  agentId?: string;
  customerId?: string;
  limit: number;
}

export interface CallerMatch {
  id: string;
  name: string;
  valueTier: ValueTier;
}

interface InteractionRow {
  id: string;
  external_id: string | null;
  channel: Channel;
  status: string;
  queue_id: string;
  customer_id: string | null;
  customer_name: string | null;
  caller: Record<string, unknown>;
  value_tier: ValueTier;
  language: string | null;
  complaint: boolean;
  callback: boolean;
  subject: string | null;
  agent_id: string | null;
  arrived_at: Date;
  answered_at: Date | null;
  ended_at: Date | null;
  closed_at: Date | null;
  wait_seconds: number | null;
  handle_seconds: number | null;
  disposition: string | null;
  wrap_up_notes: string | null;
  routing_record: { offer?: { offerId: string; expiresAt: number } | null; agentId?: string | null } | null;
}

const SELECT_INTERACTION = `
  SELECT i.*, c.name AS customer_name FROM interactions i LEFT JOIN customers c ON c.id = i.customer_id`;

function toView(row: InteractionRow): InteractionView {
  const offer = row.routing_record?.offer;
  return {
    id: row.id,
    externalId: row.external_id,
    channel: row.channel,
    status: row.status,
    queueId: row.queue_id,
    customerId: row.customer_id,
    customerName: row.customer_name,
    caller: row.caller,
    valueTier: row.value_tier,
    language: row.language,
    complaint: row.complaint,
    callback: row.callback,
    subject: row.subject,
    agentId: row.agent_id,
    arrivedAt: row.arrived_at.toISOString(),
    answeredAt: row.answered_at?.toISOString() ?? null,
    endedAt: row.ended_at?.toISOString() ?? null,
    closedAt: row.closed_at?.toISOString() ?? null,
    waitSeconds: row.wait_seconds,
    handleSeconds: row.handle_seconds,
    disposition: row.disposition,
    wrapUpNotes: row.wrap_up_notes,
    offer: offer && row.status === 'offered' && row.agent_id ? { offerId: offer.offerId, agentId: row.agent_id, expiresAt: new Date(offer.expiresAt).toISOString() } : null,
  };
}

/**
 * SQL of contacts as the API shows them (the routing journal writes them), and the look-ups ingestion needs:
 * callers by their number or e-mail, a customer's last agent, agents and skills by id.
 */
@Injectable()
export class InteractionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findById(id: string): Promise<InteractionView | null> {
    const [row] = await this.dataSource.query(`${SELECT_INTERACTION} WHERE i.id = $1`, [id]);
    return row ? toView(row) : null;
  }

  async findByExternalId(externalId: string): Promise<InteractionView | null> {
    const [row] = await this.dataSource.query(`${SELECT_INTERACTION} WHERE i.external_id = $1`, [externalId]);
    return row ? toView(row) : null;
  }

  /** Whether the reader may read the contact (always true for a reader without limits). */
  async isReadableBy(id: string, reader: ContactReader, readerId: string): Promise<boolean> {
    const condition = readableContactSql(reader, 'i', '$2');
    if (!condition) return true;
    const [readable] = await this.dataSource.query(`SELECT 1 FROM interactions i WHERE i.id = $1 AND ${condition}`, [id, readerId]);
    return Boolean(readable);
  }

  /** Recent contacts the reader may read, newest first. */
  async list(filter: InteractionFilter, reader: ContactReader, readerId: string): Promise<InteractionView[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const readable = readableContactSql(reader, 'i', `$${params.push(readerId)}`);
    if (readable) where.push(readable);
    else params.pop();
    if (filter.status) where.push(`i.status = $${params.push(filter.status)}`);
    if (filter.queueId) where.push(`i.queue_id = $${params.push(filter.queueId)}`);
    if (filter.agentId) where.push(`i.agent_id = $${params.push(filter.agentId)}`);
    if (filter.customerId) where.push(`i.customer_id = $${params.push(filter.customerId)}`);
    const rows: InteractionRow[] = await this.dataSource.query(
      `${SELECT_INTERACTION} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY i.arrived_at DESC LIMIT $${params.push(filter.limit)}`,
      params,
    );
    return rows.map(toView);
  }

  async customerById(customerId: string): Promise<CallerMatch | null> {
    const [customer] = await this.dataSource.query(`SELECT id, name, value_tier FROM customers WHERE id = $1`, [customerId]);
    return customer ? { id: customer.id, name: customer.name, valueTier: customer.value_tier } : null;
  }

  /** The number as the PBX wrote it wins, then any customer whose number has the same digits in another format. */
  async customerByPhoneOrEmail(phoneKeys: string[], email: string | null, phone: string | null): Promise<CallerMatch | null> {
    const [customer] = await this.dataSource.query(
      `SELECT id, name, value_tier FROM customers WHERE phone_digits = ANY($1::text[]) OR email = lower($2)
        ORDER BY (phone = $3) DESC NULLS LAST, (phone_digits = ANY($1::text[])) DESC NULLS LAST, created_at LIMIT 1`,
      [phoneKeys, email, phone],
    );
    return customer ? { id: customer.id, name: customer.name, valueTier: customer.value_tier } : null;
  }

  /** Who served this customer last, within the last 30 days. */
  async lastAgentOf(customerId: string): Promise<string | null> {
    const [row] = await this.dataSource.query(
      `SELECT agent_id FROM interactions WHERE customer_id = $1 AND agent_id IS NOT NULL AND answered_at > now() - interval '30 days'
       ORDER BY arrived_at DESC LIMIT 1`,
      [customerId],
    );
    return row?.agent_id ?? null;
  }

  async agentExists(agentId: string): Promise<boolean> {
    const [row] = await this.dataSource.query(`SELECT 1 FROM agents WHERE user_id = $1`, [agentId]);
    return Boolean(row);
  }

  skills(): Promise<SkillEntity[]> {
    return this.dataSource.getRepository(SkillEntity).find();
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { EmailDepartment, EmailPriority, EmailRule, EmailSendState, EmailSettings, ValueTier } from '@callcentre/shared';
import type { ParsedInbound } from './email-mime';

export interface MessageRow {
  id: string;
  conversation_id: string;
  direction: 'inbound' | 'outbound';
  message_id: string;
  in_reply_to: string | null;
  reference_ids: string[];
  mailbox: string;
  from_address: string;
  from_name: string | null;
  to_addresses: string[];
  subject: string;
  normalized_subject: string;
  text_body: string;
  had_html: boolean;
  auto_reply: boolean;
  received_at: Date;
  interaction_id: string | null;
  author_id: string | null;
  author_name: string | null;
  send_state: EmailSendState | null;
  send_attempts: number;
  send_error: string | null;
  sent_at: Date | null;
}

export interface AttachmentRow {
  id: string;
  message_id: string;
  filename: string;
  content_type: string;
  size_bytes: number;
}

export interface EmailContactRow {
  interaction_id: string;
  message_id: string;
  conversation_id: string;
  department: EmailDepartment;
  priority: EmailPriority;
  sorting: string[];
  due_at: Date;
  first_reply_at: Date | null;
  breached_at: Date | null;
  created_at: Date;
}

/** What every outbound message stores: a reply an agent writes and the survey invitation the system sends alike. */
interface OutboundRow {
  id: string;
  conversationId: string;
  messageId: string;
  inReplyTo: string;
  references: readonly string[];
  mailbox: string;
  to: string;
  subject: string;
  text: string;
  interactionId: string;
  sendState: EmailSendState;
  at: Date;
}

const MESSAGE_COLUMNS = `m.id, m.conversation_id, m.direction, m.message_id, m.in_reply_to, m.reference_ids, m.mailbox, m.from_address, m.from_name,
  m.to_addresses, m.subject, m.normalized_subject, m.text_body, (m.html_body IS NOT NULL) AS had_html, m.auto_reply, m.received_at,
  m.interaction_id, m.author_id, u.display_name AS author_name, m.send_state, m.send_attempts, m.send_error, m.sent_at`;

/** Every table of the e-mail channel: messages, attachments, e-mail contacts, rules and settings. */
@Injectable()
export class EmailRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async settings(): Promise<EmailSettings> {
    const [row] = await this.dataSource.query(`SELECT settings FROM email_settings WHERE id`);
    return row.settings as EmailSettings;
  }

  async saveSettings(manager: EntityManager, settings: EmailSettings, userId: string): Promise<EmailSettings> {
    const [row] = await manager.query(`SELECT settings FROM email_settings WHERE id FOR UPDATE`);
    await manager.query(`UPDATE email_settings SET settings = $1::jsonb, updated_at = now(), updated_by = $2 WHERE id`, [JSON.stringify(settings), userId]);
    return row.settings as EmailSettings;
  }

  async rules(manager?: EntityManager): Promise<EmailRule[]> {
    const rows: Array<Record<string, unknown>> = await (manager ?? this.dataSource).query(
      `SELECT id, kind, field, pattern, department, priority, complaint, description, enabled FROM email_rules ORDER BY position, id`,
    );
    return rows.map((row) => ({
      id: row.id as string,
      kind: row.kind as EmailRule['kind'],
      field: row.field as EmailRule['field'],
      pattern: row.pattern as string,
      department: (row.department as EmailDepartment | null) ?? null,
      priority: row.priority === null ? null : (Number(row.priority) as EmailPriority),
      complaint: row.complaint as boolean,
      description: row.description as string,
      enabled: row.enabled as boolean,
    }));
  }

  /** Replaces the ordered list of rules. */
  async replaceRules(manager: EntityManager, rules: readonly EmailRule[]): Promise<void> {
    await manager.query(`LOCK TABLE email_rules IN EXCLUSIVE MODE`);
    await manager.query(`DELETE FROM email_rules`);
    for (const [position, rule] of rules.entries()) {
      await manager.query(
        `INSERT INTO email_rules (position, kind, field, pattern, department, priority, complaint, description, enabled)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [position, rule.kind, rule.field, rule.pattern, rule.kind === 'department' ? rule.department : null, rule.kind === 'priority' ? rule.priority : null, rule.complaint ?? false, rule.description ?? '', rule.enabled ?? true],
      );
    }
  }

  async inboundByMessageId(messageId: string): Promise<{ id: string; interaction_id: string | null } | null> {
    const [row] = await this.dataSource.query(`SELECT id, interaction_id FROM email_messages WHERE direction = 'inbound' AND message_id = $1`, [messageId]);
    return row ?? null;
  }

  /** The conversation of the newest message (either way) carrying one of these Message-IDs. */
  async conversationOfMessageIds(manager: EntityManager, messageIds: readonly string[]): Promise<string | null> {
    if (messageIds.length === 0) return null;
    const [row] = await manager.query(`SELECT conversation_id FROM email_messages WHERE message_id = ANY($1::text[]) ORDER BY received_at DESC LIMIT 1`, [messageIds]);
    return row?.conversation_id ?? null;
  }

  /** Fallback threading: the newest conversation in which this sender wrote with the same subject, within 30 days. */
  async conversationOfSubject(manager: EntityManager, from: string, normalizedSubject: string): Promise<string | null> {
    if (!normalizedSubject) return null;
    const [row] = await manager.query(
      `SELECT conversation_id FROM email_messages
        WHERE direction = 'inbound' AND from_address = $1 AND normalized_subject = $2 AND received_at > now() - interval '30 days'
        ORDER BY received_at DESC LIMIT 1`,
      [from, normalizedSubject],
    );
    return row?.conversation_id ?? null;
  }

  /** Stores one incoming message and its attachments, in the caller's transaction; false when it was stored before. */
  async insertInbound(
    manager: EntityManager,
    message: { id: string; conversationId: string; mailbox: string; parsed: ParsedInbound; sizeBytes: number; remoteAddress: string | null; receivedAt: Date },
  ): Promise<boolean> {
    const { parsed } = message;
    const rows: unknown[] = await manager.query(
      `INSERT INTO email_messages (id, conversation_id, direction, message_id, in_reply_to, reference_ids, mailbox, from_address, from_name,
         to_addresses, cc_addresses, subject, normalized_subject, text_body, html_body, auto_reply, size_bytes, remote_address, received_at, raw_headers)
       VALUES ($1, $2, 'inbound', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
       ON CONFLICT (message_id) WHERE direction = 'inbound' DO NOTHING RETURNING id`,
      [
        message.id, message.conversationId, parsed.messageId, parsed.inReplyTo, parsed.references, message.mailbox, parsed.from, parsed.fromName,
        parsed.to, parsed.cc, parsed.subject, parsed.normalizedSubject, parsed.text, parsed.html, parsed.autoReply, message.sizeBytes,
        message.remoteAddress, message.receivedAt, parsed.rawHeaders,
      ],
    );
    if (rows.length === 0) return false;
    for (const [position, attachment] of parsed.attachments.entries()) {
      await manager.query(
        `INSERT INTO email_attachments (message_id, position, filename, content_type, size_bytes, content) VALUES ($1, $2, $3, $4, $5, $6)`,
        [message.id, position, attachment.filename, attachment.contentType, attachment.content.length, attachment.content],
      );
    }
    return true;
  }

  async message(id: string): Promise<MessageRow | null> {
    const [row] = await this.dataSource.query(`SELECT ${MESSAGE_COLUMNS} FROM email_messages m LEFT JOIN users u ON u.id = m.author_id WHERE m.id = $1`, [id]);
    return row ?? null;
  }

  async conversationMessages(conversationId: string): Promise<MessageRow[]> {
    return this.dataSource.query(
      `SELECT ${MESSAGE_COLUMNS} FROM email_messages m LEFT JOIN users u ON u.id = m.author_id
        WHERE m.conversation_id = $1 ORDER BY m.received_at, m.id LIMIT 200`,
      [conversationId],
    );
  }

  async attachmentsOf(messageIds: readonly string[]): Promise<AttachmentRow[]> {
    if (messageIds.length === 0) return [];
    return this.dataSource.query(
      `SELECT id, message_id, filename, content_type, size_bytes FROM email_attachments WHERE message_id = ANY($1::uuid[]) ORDER BY message_id, position`,
      [messageIds],
    );
  }

  async attachment(id: string): Promise<(AttachmentRow & { content: Buffer; interaction_id: string | null; conversation_id: string }) | null> {
    const [row] = await this.dataSource.query(
      `SELECT a.id, a.message_id, a.filename, a.content_type, a.size_bytes, a.content, m.interaction_id, m.conversation_id
         FROM email_attachments a JOIN email_messages m ON m.id = a.message_id WHERE a.id = $1`,
      [id],
    );
    return row ?? null;
  }

  /** Incoming messages stored but not yet made contacts (the routing step failed or the process stopped). */
  async unrouted(limit: number): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id FROM email_messages WHERE direction = 'inbound' AND interaction_id IS NULL ORDER BY received_at LIMIT $1`,
      [limit],
    );
    return rows.map((row) => row.id);
  }

  /** The most recent agent who handled a contact of this conversation. */
  async lastAgentOfConversation(conversationId: string): Promise<string | null> {
    const [row] = await this.dataSource.query(
      `SELECT i.agent_id FROM email_contacts c JOIN interactions i ON i.id = c.interaction_id
        WHERE c.conversation_id = $1 AND i.agent_id IS NOT NULL AND i.answered_at IS NOT NULL
        ORDER BY i.arrived_at DESC LIMIT 1`,
      [conversationId],
    );
    return row?.agent_id ?? null;
  }

  /** Whether a complaint that is not closed is linked to a contact of this conversation, or belongs to this customer. */
  async hasOpenComplaint(conversationId: string, customerId: string | null): Promise<boolean> {
    const [row] = await this.dataSource.query(
      `SELECT 1 FROM complaints c
        WHERE c.closed_at IS NULL AND (
          ($2::uuid IS NOT NULL AND c.customer_id = $2::uuid)
          OR EXISTS (SELECT 1 FROM complaint_interactions ci JOIN email_contacts ec ON ec.interaction_id = ci.interaction_id
                      WHERE ci.complaint_id = c.id AND ec.conversation_id = $1))
        LIMIT 1`,
      [conversationId, customerId],
    );
    return Boolean(row);
  }

  async customerByEmail(address: string): Promise<{ id: string; name: string; valueTier: ValueTier } | null> {
    const [row] = await this.dataSource.query(`SELECT id, name, value_tier AS "valueTier" FROM customers WHERE lower(email) = $1 ORDER BY created_at LIMIT 1`, [address]);
    return row ?? null;
  }

  async insertContact(
    manager: EntityManager,
    contact: { interactionId: string; messageId: string; conversationId: string; department: EmailDepartment; priority: EmailPriority; sorting: readonly string[]; dueAt: Date },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO email_contacts (interaction_id, message_id, conversation_id, department, priority, sorting, due_at) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)
       ON CONFLICT (interaction_id) DO NOTHING`,
      [contact.interactionId, contact.messageId, contact.conversationId, contact.department, contact.priority, JSON.stringify(contact.sorting), contact.dueAt],
    );
    await manager.query(`UPDATE email_messages SET interaction_id = $2 WHERE id = $1 AND interaction_id IS NULL`, [contact.messageId, contact.interactionId]);
  }

  async contact(interactionId: string, manager?: EntityManager, lock = false): Promise<EmailContactRow | null> {
    const [row] = await (manager ?? this.dataSource).query(
      `SELECT interaction_id, message_id, conversation_id, department, priority, sorting, due_at, first_reply_at, breached_at, created_at
         FROM email_contacts WHERE interaction_id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [interactionId],
    );
    return row ? { ...row, priority: Number(row.priority) as EmailPriority } : null;
  }

  async updateSorting(manager: EntityManager, interactionId: string, department: EmailDepartment, priority: EmailPriority, dueAt: Date): Promise<void> {
    await manager.query(`UPDATE email_contacts SET department = $2, priority = $3, due_at = $4 WHERE interaction_id = $1`, [interactionId, department, priority, dueAt]);
  }

  async markBreached(manager: EntityManager, interactionId: string, at: Date): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `UPDATE email_contacts SET breached_at = $2 WHERE interaction_id = $1 AND first_reply_at IS NULL AND breached_at IS NULL AND due_at <= $2 RETURNING 1`,
      [interactionId, at],
    );
    return rows.length > 0;
  }

  /** Open e-mail contacts still without a reply, per queue: how many, how many past due at `now`, the nearest due time ahead. */
  async backlog(now: Date): Promise<Array<{ queueId: string; waiting: number; overdue: number; nextDueAt: Date | null }>> {
    return this.dataSource.query(
      `SELECT i.queue_id AS "queueId", count(*)::int AS waiting,
              count(*) FILTER (WHERE c.due_at <= $1)::int AS overdue,
              min(c.due_at) FILTER (WHERE c.due_at > $1) AS "nextDueAt"
         FROM email_contacts c JOIN interactions i ON i.id = c.interaction_id
        WHERE c.first_reply_at IS NULL AND i.status NOT IN ('completed', 'abandoned')
        GROUP BY i.queue_id ORDER BY i.queue_id`,
      [now],
    );
  }

  async interactionBrief(interactionId: string): Promise<{ agent_id: string | null; customer_name: string | null; queue_id: string; status: string } | null> {
    const [row] = await this.dataSource.query(
      `SELECT i.agent_id, i.queue_id, i.status, cu.name AS customer_name FROM interactions i LEFT JOIN customers cu ON cu.id = i.customer_id WHERE i.id = $1`,
      [interactionId],
    );
    return row ?? null;
  }

  async insertOutbound(manager: EntityManager, message: OutboundRow & { authorId: string }): Promise<void> {
    await this.insertOutboundRow(manager, { ...message, sendError: null }, false);
    await manager.query(`UPDATE email_contacts SET first_reply_at = COALESCE(first_reply_at, $2) WHERE interaction_id = $1`, [message.interactionId, message.at]);
  }

  /** Locks an outbound message for a send attempt. */
  async lockOutbound(manager: EntityManager, id: string): Promise<(MessageRow & { reference_ids: string[] }) | null> {
    const [row] = await manager.query(
      `SELECT ${MESSAGE_COLUMNS} FROM email_messages m LEFT JOIN users u ON u.id = m.author_id WHERE m.id = $1 AND m.direction = 'outbound' FOR UPDATE OF m`,
      [id],
    );
    return row ?? null;
  }

  async recordSendAttempt(manager: EntityManager, id: string, state: EmailSendState, error: string | null, sentAt: Date | null): Promise<void> {
    await manager.query(`UPDATE email_messages SET send_state = $2, send_attempts = send_attempts + 1, send_error = $3, sent_at = $4 WHERE id = $1`, [id, state, error, sentAt]);
  }

  /**
   * Stores the system's invitation to a contact's survey in the thread, once per contact (its Message-ID is made
   * from the contact's id). Unlike a reply it does not count as the first answer to the customer.
   */
  async insertSurveyInvitation(manager: EntityManager, message: OutboundRow & { sendError: string | null }): Promise<boolean> {
    return this.insertOutboundRow(manager, { ...message, authorId: null }, true);
  }

  async setSendState(manager: EntityManager, id: string, state: EmailSendState, error: string | null): Promise<void> {
    await manager.query(`UPDATE email_messages SET send_state = $2, send_error = $3 WHERE id = $1`, [id, state, error]);
  }

  /** One outbound message in its thread; with `onceByMessageId`, none when an outbound message has its Message-ID already. */
  private async insertOutboundRow(
    manager: EntityManager,
    message: OutboundRow & { authorId: string | null; sendError: string | null },
    onceByMessageId: boolean,
  ): Promise<boolean> {
    const inserted: unknown[] = await manager.query(
      `INSERT INTO email_messages (id, conversation_id, direction, message_id, in_reply_to, reference_ids, mailbox, from_address, to_addresses,
         subject, normalized_subject, text_body, received_at, interaction_id, author_id, send_state, send_error, size_bytes)
       SELECT $1::uuid, $2::uuid, 'outbound', $3::varchar, $4::varchar, $5::text[], $6::varchar, $6::varchar, ARRAY[$7::text], $8::text, '',
              $9::text, $10::timestamptz, $11::uuid, $12::uuid, $13::varchar, $14::text, octet_length($9::text)
        ${onceByMessageId ? `WHERE NOT EXISTS (SELECT 1 FROM email_messages WHERE message_id = $3::varchar AND direction = 'outbound')` : ''}
       RETURNING id`,
      [
        message.id,
        message.conversationId,
        message.messageId,
        message.inReplyTo,
        message.references,
        message.mailbox,
        message.to,
        message.subject,
        message.text,
        message.at,
        message.interactionId,
        message.authorId,
        message.sendState,
        message.sendError,
      ],
    );
    return inserted.length > 0;
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * E-mail as a channel: every message in and out (`email_messages`, with its attachments), the e-mail contact each
 * incoming message became (`email_contacts`: conversation, department, priority, reply promise), the sorting rules
 * and the channel's settings (the centre's addresses, department queues, reply promise per priority), all editable
 * by administrators. Attachment bytes live in the database so that a message is stored whole, in one transaction,
 * before the SMTP 250.
 */
export class Email1764000020000 implements MigrationInterface {
  name = 'Email1764000020000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE email_settings (
        id boolean PRIMARY KEY DEFAULT true CHECK (id),
        settings jsonb NOT NULL CHECK (jsonb_typeof(settings) = 'object'),
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by uuid REFERENCES users(id) ON DELETE SET NULL
      )`);
    // Placeholder addresses an administrator replaces with the centre's own (PUT /api/email/settings).
    await queryRunner.query(
      `INSERT INTO email_settings (settings) VALUES ($1::jsonb)`,
      [
        JSON.stringify({
          mailboxes: [
            { address: 'sales@callcentre.example', department: 'sales' },
            { address: 'service@callcentre.example', department: 'customer_service' },
            { address: 'pr@callcentre.example', department: 'pr' },
            { address: 'hr@callcentre.example', department: 'hr' },
            { address: 'finance@callcentre.example', department: 'finance' },
          ],
          departmentQueues: { sales: 'general', customer_service: 'general', pr: 'general', hr: 'general', finance: 'billing' },
          promiseMinutes: { '1': 240, '2': 480, '3': 1440, '4': 1440, '5': 1440 },
        }),
      ],
    );

    await queryRunner.query(`
      CREATE TABLE email_rules (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        position integer NOT NULL CHECK (position >= 0),
        kind varchar(12) NOT NULL CHECK (kind IN ('department', 'priority')),
        field varchar(16) NOT NULL CHECK (field IN ('recipient', 'sender', 'subject', 'text', 'tier', 'auto_reply', 'open_complaint')),
        pattern text NOT NULL DEFAULT '',
        department varchar(20) CHECK (department IN ('sales', 'customer_service', 'pr', 'hr', 'finance')),
        priority smallint CHECK (priority BETWEEN 1 AND 5),
        complaint boolean NOT NULL DEFAULT false,
        description text NOT NULL DEFAULT '',
        enabled boolean NOT NULL DEFAULT true,
        CHECK ((kind = 'department') = (department IS NOT NULL)),
        CHECK ((kind = 'priority') = (priority IS NOT NULL))
      )`);
    await queryRunner.query(`
      INSERT INTO email_rules (position, kind, field, pattern, department, priority, complaint, description) VALUES
        (0, 'priority', 'auto_reply', '', NULL, 5, false, 'Auto-replies, out-of-office notices and bounces'),
        (1, 'priority', 'open_complaint', '', NULL, 1, true, 'Reply to a conversation of an open complaint'),
        (2, 'priority', 'tier', 'important', NULL, 1, false, 'Important (key) customers'),
        (3, 'priority', 'tier', 'secondary', NULL, 2, false, 'Secondary key customers'),
        (4, 'priority', 'text', 'complaint, complain, unacceptable, disgusted, furious, 投诉, 不满, 太差', NULL, 2, true, 'Complaint words'),
        (5, 'department', 'subject', 'job application, resume, cv, vacancy, 简历, 应聘, 招聘', 'hr', NULL, false, 'Job applications'),
        (6, 'department', 'subject', 'press, media, journalist, interview request, 媒体, 采访, 记者', 'pr', NULL, false, 'Press and media'),
        (7, 'department', 'subject', 'invoice, payment, refund, overcharged, 发票, 付款, 退款', 'finance', NULL, false, 'Invoices and payments')`);

    await queryRunner.query(`
      CREATE TABLE email_messages (
        id uuid PRIMARY KEY,
        conversation_id uuid NOT NULL,
        direction varchar(8) NOT NULL CHECK (direction IN ('inbound', 'outbound')),
        message_id varchar(998) NOT NULL,
        in_reply_to varchar(998),
        reference_ids text[] NOT NULL DEFAULT '{}',
        mailbox varchar(254) NOT NULL,
        from_address varchar(254) NOT NULL,
        from_name text,
        to_addresses text[] NOT NULL DEFAULT '{}',
        cc_addresses text[] NOT NULL DEFAULT '{}',
        subject text NOT NULL DEFAULT '',
        normalized_subject text NOT NULL DEFAULT '',
        text_body text NOT NULL DEFAULT '',
        html_body text,
        auto_reply boolean NOT NULL DEFAULT false,
        size_bytes integer NOT NULL DEFAULT 0,
        remote_address varchar(64),
        received_at timestamptz NOT NULL,
        interaction_id uuid REFERENCES interactions(id),
        author_id uuid REFERENCES users(id) ON DELETE SET NULL,
        send_state varchar(12) CHECK (send_state IN ('queued', 'sent', 'failed', 'not_sent')),
        send_attempts integer NOT NULL DEFAULT 0,
        send_error text,
        sent_at timestamptz,
        CHECK ((direction = 'outbound') = (send_state IS NOT NULL))
      )`);
    // An incoming message delivered twice (a sender's retry after a lost 250) is the same message.
    await queryRunner.query(`CREATE UNIQUE INDEX email_messages_inbound_message_id_idx ON email_messages (message_id) WHERE direction = 'inbound'`);
    await queryRunner.query(`CREATE INDEX email_messages_message_id_idx ON email_messages (message_id)`);
    await queryRunner.query(`CREATE INDEX email_messages_conversation_idx ON email_messages (conversation_id, received_at)`);
    await queryRunner.query(`CREATE INDEX email_messages_subject_idx ON email_messages (from_address, normalized_subject, received_at DESC) WHERE direction = 'inbound'`);
    await queryRunner.query(`CREATE INDEX email_messages_interaction_idx ON email_messages (interaction_id)`);
    // Incoming messages not yet routed: the safety-net job routes them.
    await queryRunner.query(`CREATE INDEX email_messages_unrouted_idx ON email_messages (received_at) WHERE direction = 'inbound' AND interaction_id IS NULL`);

    await queryRunner.query(`
      CREATE TABLE email_attachments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        message_id uuid NOT NULL REFERENCES email_messages(id) ON DELETE CASCADE,
        position integer NOT NULL,
        filename varchar(255) NOT NULL,
        content_type varchar(127) NOT NULL,
        size_bytes integer NOT NULL,
        content bytea NOT NULL,
        UNIQUE (message_id, position)
      )`);

    await queryRunner.query(`
      CREATE TABLE email_contacts (
        interaction_id uuid PRIMARY KEY REFERENCES interactions(id),
        message_id uuid NOT NULL UNIQUE REFERENCES email_messages(id),
        conversation_id uuid NOT NULL,
        department varchar(20) NOT NULL CHECK (department IN ('sales', 'customer_service', 'pr', 'hr', 'finance')),
        priority smallint NOT NULL CHECK (priority BETWEEN 1 AND 5),
        sorting jsonb NOT NULL DEFAULT '[]'::jsonb,
        due_at timestamptz NOT NULL,
        first_reply_at timestamptz,
        breached_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX email_contacts_conversation_idx ON email_contacts (conversation_id, created_at DESC)`);
    await queryRunner.query(`CREATE INDEX email_contacts_open_due_idx ON email_contacts (due_at) WHERE first_reply_at IS NULL AND breached_at IS NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['email_contacts', 'email_attachments', 'email_messages', 'email_rules', 'email_settings']) {
      await queryRunner.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}

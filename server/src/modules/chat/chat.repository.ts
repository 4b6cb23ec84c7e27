import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ChatAuthor, ChatMessage } from '@callcentre/shared';

export interface ChatSessionRow {
  interaction_id: string;
  customer_name: string;
  language: string | null;
  ended_at: Date | null;
  ended_by: 'customer' | 'agent' | 'system' | null;
}

interface MessageRow {
  id: string;
  interaction_id: string;
  author: ChatAuthor;
  agent_name: string | null;
  body: string;
  sent_at: Date;
}

const toMessage = (row: MessageRow): ChatMessage => ({
  id: String(row.id),
  chatId: row.interaction_id,
  author: row.author,
  agentName: row.agent_name,
  body: row.body,
  sentAt: row.sent_at.toISOString(),
});

/** Most messages a transcript returns (a chat longer than this shows its latest). */
const TRANSCRIPT_LIMIT = 1000;

/** All SQL of chats: sessions (token hashes) and their transcripts. */
@Injectable()
export class ChatRepository {
  constructor(private readonly dataSource: DataSource) {}

  async createSession(interactionId: string, tokenHash: string, customerName: string, language: string | null): Promise<void> {
    await this.dataSource.query(`INSERT INTO chat_sessions (interaction_id, token_hash, customer_name, language) VALUES ($1, $2, $3, $4)`, [interactionId, tokenHash, customerName, language]);
  }

  async sessionByTokenHash(tokenHash: string): Promise<ChatSessionRow | null> {
    const [row] = await this.dataSource.query(`SELECT interaction_id, customer_name, language, ended_at, ended_by FROM chat_sessions WHERE token_hash = $1`, [tokenHash]);
    return row ?? null;
  }

  async session(interactionId: string): Promise<ChatSessionRow | null> {
    const [row] = await this.dataSource.query(`SELECT interaction_id, customer_name, language, ended_at, ended_by FROM chat_sessions WHERE interaction_id = $1`, [interactionId]);
    return row ?? null;
  }

  /** Stores a message of a chat that has not ended; null when it has. */
  async addMessage(interactionId: string, author: ChatAuthor, agentId: string | null, body: string): Promise<ChatMessage | null> {
    const [row] = await this.dataSource.query(
      `WITH added AS (
         INSERT INTO chat_messages (interaction_id, author, agent_id, body)
         SELECT s.interaction_id, $2, $3, $4 FROM chat_sessions s WHERE s.interaction_id = $1 AND s.ended_at IS NULL
         RETURNING id, interaction_id, author, agent_id, body, sent_at)
       SELECT a.id, a.interaction_id, a.author, u.display_name AS agent_name, a.body, a.sent_at FROM added a LEFT JOIN users u ON u.id = a.agent_id`,
      [interactionId, author, agentId, body],
    );
    return row ? toMessage(row) : null;
  }

  async transcript(interactionId: string): Promise<ChatMessage[]> {
    const rows: MessageRow[] = await this.dataSource.query(
      `SELECT * FROM (
         SELECT m.id, m.interaction_id, m.author, u.display_name AS agent_name, m.body, m.sent_at
           FROM chat_messages m LEFT JOIN users u ON u.id = m.agent_id
          WHERE m.interaction_id = $1 ORDER BY m.id DESC LIMIT $2) latest ORDER BY id`,
      [interactionId, TRANSCRIPT_LIMIT],
    );
    return rows.map(toMessage);
  }

  /** Marks the chat ended once; the first side to leave is kept. Returns who ended it, or null if it had ended. */
  async end(interactionId: string, endedBy: 'customer' | 'agent' | 'system'): Promise<boolean> {
    const [, count] = await this.dataSource.query(`UPDATE chat_sessions SET ended_at = now(), ended_by = $2 WHERE interaction_id = $1 AND ended_at IS NULL`, [interactionId, endedBy]);
    return Number(count) > 0;
  }

  /** The contact as the chat shows it: status and who handles it. */
  async contact(interactionId: string): Promise<{ status: string; agentId: string | null; agentName: string | null } | null> {
    const [row] = await this.dataSource.query(
      `SELECT i.status, i.agent_id, u.display_name AS agent_name FROM interactions i LEFT JOIN users u ON u.id = i.agent_id WHERE i.id = $1`,
      [interactionId],
    );
    return row ? { status: row.status, agentId: row.agent_id, agentName: row.agent_name } : null;
  }

  async displayName(userId: string): Promise<string | null> {
    const [row] = await this.dataSource.query(`SELECT display_name FROM users WHERE id = $1`, [userId]);
    return row?.display_name ?? null;
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { WRAP_UP_TIMED_OUT_DISPOSITION } from '@callcentre/shared';

export interface StoredWrapUpDraft {
  notes: string;
  updatedAt: Date;
}

/** All SQL of wrap-up drafts: the notes an agent is writing, and their move onto the contact once it closes. */
@Injectable()
export class WrapUpDraftsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async find(interactionId: string, agentId: string): Promise<StoredWrapUpDraft | null> {
    const [row] = await this.dataSource.query(`SELECT notes, updated_at FROM wrap_up_drafts WHERE interaction_id = $1 AND agent_id = $2`, [interactionId, agentId]);
    return row ? { notes: row.notes, updatedAt: row.updated_at } : null;
  }

  /** Saves the agent's notes as they stand; the contact passing to another agent hands the draft over too. */
  async save(interactionId: string, agentId: string, notes: string): Promise<StoredWrapUpDraft> {
    const [row] = await this.dataSource.query(
      `INSERT INTO wrap_up_drafts (interaction_id, agent_id, notes, updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (interaction_id) DO UPDATE SET agent_id = EXCLUDED.agent_id, notes = EXCLUDED.notes, updated_at = now()
       RETURNING notes, updated_at`,
      [interactionId, agentId, notes],
    );
    return { notes: row.notes, updatedAt: row.updated_at };
  }

  /** The contacts that have a draft stored. */
  async contactsWithDrafts(): Promise<string[]> {
    const rows: Array<{ interaction_id: string }> = await this.dataSource.query(`SELECT interaction_id FROM wrap_up_drafts`);
    return rows.map((row) => row.interaction_id);
  }

  async remove(interactionId: string, agentId: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM wrap_up_drafts WHERE interaction_id = $1 AND agent_id = $2`, [interactionId, agentId]);
  }

  /**
   * Moves the drafts of closed contacts onto them, in one statement: notes the agent did not send with a finish
   * are kept, and a contact whose after-call work ran out is marked so. Only the closing agent's draft counts.
   * With no ids, every closed contact that still has a draft (after a restart or a takeover).
   */
  async settleClosed(interactionIds?: readonly string[]): Promise<number> {
    const [row] = await this.dataSource.query(
      `WITH settled AS (
         DELETE FROM wrap_up_drafts d USING interactions i
          WHERE d.interaction_id = i.id AND i.status IN ('completed', 'abandoned') ${interactionIds ? 'AND d.interaction_id = ANY($2::uuid[])' : ''}
          RETURNING d.interaction_id, d.agent_id, d.notes
       ), applied AS (
         UPDATE interactions i SET
           wrap_up_notes = COALESCE(i.wrap_up_notes, NULLIF(btrim(s.notes), '')),
           disposition = COALESCE(i.disposition, CASE WHEN EXISTS (
             SELECT 1 FROM routing_events e WHERE e.interaction_id = i.id AND e.type = 'contact.completed' AND e.payload->>'endedBy' = 'wrap_up_timer'
           ) THEN $1 END),
           updated_at = now()
         FROM settled s WHERE i.id = s.interaction_id AND i.agent_id = s.agent_id
         RETURNING 1
       )
       SELECT (SELECT count(*) FROM applied)::int AS n`,
      interactionIds ? [WRAP_UP_TIMED_OUT_DISPOSITION, interactionIds] : [WRAP_UP_TIMED_OUT_DISPOSITION],
    );
    return row.n;
  }

  /** Marks contacts whose after-call work ran out without a disposition (they had no draft to settle). */
  async markTimedOut(interactionIds: readonly string[]): Promise<void> {
    await this.dataSource.query(`UPDATE interactions SET disposition = $1, updated_at = now() WHERE id = ANY($2::uuid[]) AND disposition IS NULL AND status = 'completed'`, [
      WRAP_UP_TIMED_OUT_DISPOSITION,
      interactionIds,
    ]);
  }
}

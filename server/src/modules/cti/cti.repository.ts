import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { CallCommandType, CallTimelineEntry, CallTimelineKind, PersistedCall, TelephonyEventOutcome } from '@callcentre/shared';

export interface StoredCall {
  persisted: PersistedCall;
  version: number;
  updatedAt: number;
}

export interface TimelineLine {
  at: number;
  kind: CallTimelineKind;
  agentId: string | null;
  seconds?: number | null;
  commandType?: CallCommandType | null;
  reason?: string | null;
}

export interface CommandRow {
  id: string;
  interactionId: string;
  type: CallCommandType;
  message: object;
  requestedBy: string;
  requestedAt: number;
  expiresAt: number;
}

export interface CallFacts {
  status: string;
  channel: string;
  externalId: string | null;
  /** The last answer: where the conversation's last part starts. */
  answeredAt: number | null;
  endedAt: number | null;
  /** The parts of the conversation before the last answer (agents who transferred the call or lost their desktop), seconds. */
  earlierTalkSeconds: number;
}

/**
 * A call's conversation with agents in two numbers: its last answer, and the talk of the parts before it as the
 * journal recorded them at each agent's transfer or hand-back after a lost desktop. The conversation is that talk plus
 * the last answer to the end; the caller's waits between the parts (after a blind transfer to a queue, after a
 * hand-back) are not conversation. `$end` bounds the events read (the end of the conversation). The reports' interval
 * records use the same arithmetic (reports.repository.ts, `ENDED_CALL_FACTS`).
 */
const CONVERSATION_PARTS = (end: string) => `
  SELECT coalesce(max(e.at) FILTER (WHERE e.type = 'contact.connected'), i.answered_at) AS last_answer,
         coalesce(sum(greatest(0, (e.payload->>'talkSeconds')::float8)) FILTER (
           WHERE jsonb_typeof(e.payload->'talkSeconds') = 'number'
             AND (e.type = 'contact.requeued' OR jsonb_typeof(e.payload->'fromAgentId') IS DISTINCT FROM 'null')), 0)::float8 AS earlier_talk
    FROM routing_events e
   WHERE e.interaction_id = i.id AND e.type IN ('contact.connected', 'contact.transferred', 'contact.requeued') AND e.at <= ${end}`;

export interface DirectoryRow {
  id: string;
  username: string;
  displayName: string;
  skills: Record<string, number>;
}

const ms = (value: Date | string | null): number | null => (value === null ? null : new Date(value).getTime());

/** All SQL of the CTI module: calls, commands sent to the PBX, the calls' own timeline lines and telephony events taken. */
@Injectable()
export class CtiRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async findCall(interactionId: string): Promise<StoredCall | null> {
    const [row] = await this.dataSource.query(`SELECT snapshot, version, updated_at FROM calls WHERE interaction_id = $1`, [interactionId]);
    return row ? { persisted: row.snapshot as PersistedCall, version: row.version, updatedAt: ms(row.updated_at) as number } : null;
  }

  /** Writes the call's new state if it is still at `previousVersion` (null: not stored yet); false when someone else wrote first. */
  async saveCall(manager: EntityManager, persisted: PersistedCall, previousVersion: number | null, at: number): Promise<boolean> {
    const context = persisted.context;
    const params = [context.contactId, context.agentId, persisted.value, context.held, context.holdSeconds, JSON.stringify(persisted), new Date(at)];
    if (previousVersion === null) {
      const rows = await manager.query(
        `INSERT INTO calls (interaction_id, agent_id, state, held, hold_seconds, snapshot, version, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, 1, $7) ON CONFLICT (interaction_id) DO NOTHING RETURNING version`,
        params,
      );
      return rows.length === 1;
    }
    const [, count] = await manager.query(
      `UPDATE calls SET agent_id = $2, state = $3, held = $4, hold_seconds = $5, snapshot = $6, version = version + 1, updated_at = $7
        WHERE interaction_id = $1 AND version = $8`,
      [...params, previousVersion],
    );
    return count === 1;
  }

  async insertCommand(manager: EntityManager, command: CommandRow): Promise<void> {
    await manager.query(
      `INSERT INTO call_commands (id, interaction_id, type, message, requested_by, requested_at, expires_at, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending')`,
      [command.id, command.interactionId, command.type, JSON.stringify(command.message), command.requestedBy, new Date(command.requestedAt), new Date(command.expiresAt)],
    );
  }

  async settleCommand(manager: EntityManager, commandId: string, status: 'confirmed' | 'refused' | 'timed_out', detail: string | null, at: number): Promise<void> {
    await manager.query(`UPDATE call_commands SET status = $2, detail = $3, settled_at = $4 WHERE id = $1 AND status = 'pending'`, [commandId, status, detail, new Date(at)]);
  }

  async commandMessage(commandId: string): Promise<{ interactionId: string; status: string; message: object } | null> {
    const [row] = await this.dataSource.query(`SELECT interaction_id, status, message FROM call_commands WHERE id = $1`, [commandId]);
    return row ? { interactionId: row.interaction_id, status: row.status, message: row.message } : null;
  }

  async addTimeline(manager: EntityManager, interactionId: string, lines: readonly TimelineLine[]): Promise<void> {
    for (const line of lines) {
      await manager.query(
        `INSERT INTO call_timeline (interaction_id, at, kind, agent_id, seconds, command_type, reason) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [interactionId, new Date(line.at), line.kind, line.agentId, line.seconds ?? null, line.commandType ?? null, line.reason ?? null],
      );
    }
  }

  /** The last hold line of the call gets its length once the hold ends. */
  async closeHold(manager: EntityManager, interactionId: string, seconds: number): Promise<void> {
    await manager.query(
      `UPDATE call_timeline SET seconds = $2
        WHERE id = (SELECT id FROM call_timeline WHERE interaction_id = $1 AND kind = 'held' AND seconds IS NULL ORDER BY at DESC, id DESC LIMIT 1)`,
      [interactionId, seconds],
    );
  }

  /** Takes a telephony event's id once: false when it was taken before. */
  async takeEvent(manager: EntityManager, eventId: string, interactionId: string | null, type: string, outcome: TelephonyEventOutcome): Promise<boolean> {
    const rows = await manager.query(
      `INSERT INTO telephony_events (event_id, interaction_id, type, outcome) VALUES ($1, $2, $3, $4) ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
      [eventId, interactionId, type, outcome],
    );
    return rows.length === 1;
  }

  async eventSeen(eventId: string): Promise<boolean> {
    const rows = await this.dataSource.query(`SELECT 1 FROM telephony_events WHERE event_id = $1`, [eventId]);
    return rows.length > 0;
  }

  async liveCalls(): Promise<StoredCall[]> {
    const rows = await this.dataSource.query(`SELECT snapshot, version, updated_at FROM calls WHERE state <> 'over' ORDER BY updated_at`);
    return rows.map((row: { snapshot: PersistedCall; version: number; updated_at: Date }) => ({ persisted: row.snapshot, version: row.version, updatedAt: row.updated_at.getTime() }));
  }

  async callFacts(interactionId: string): Promise<CallFacts | null> {
    const [row] = await this.dataSource.query(
      `SELECT i.status, i.channel, i.external_id, i.ended_at, a.last_answer, a.earlier_talk
         FROM interactions i CROSS JOIN LATERAL (${CONVERSATION_PARTS(`coalesce(i.ended_at, 'infinity'::timestamptz)`)}) a
        WHERE i.id = $1`,
      [interactionId],
    );
    return row
      ? { status: row.status, channel: row.channel, externalId: row.external_id, answeredAt: ms(row.last_answer), endedAt: ms(row.ended_at), earlierTalkSeconds: Number(row.earlier_talk) }
      : null;
  }

  /** Routing's part of the timeline (rang, answered, transferred, ended, wrapped up) and the call's own lines, in order. */
  async timeline(interactionId: string): Promise<CallTimelineEntry[]> {
    const rows: Array<{ at: Date; kind: CallTimelineKind; agent_id: string | null; agent_name: string | null; seconds: string | null; command_type: CallCommandType | null; reason: string | null; ord: number; id: string }> =
      await this.dataSource.query(
        `SELECT t.at, t.kind, t.agent_id, u.display_name AS agent_name, t.seconds, t.command_type, t.reason, t.ord, t.id FROM (
           SELECT e.at, CASE e.type WHEN 'contact.offered' THEN 'rang' WHEN 'contact.connected' THEN 'answered' WHEN 'contact.transferred' THEN 'transferred'
                                    WHEN 'contact.wrap_up' THEN 'ended' ELSE 'wrapped_up' END AS kind,
                  CASE e.type WHEN 'contact.transferred' THEN (e.payload->>'toAgentId')::uuid ELSE e.agent_id END AS agent_id,
                  NULL::numeric AS seconds, NULL AS command_type,
                  CASE e.type WHEN 'contact.transferred' THEN e.payload->>'toQueueId' ELSE NULL END AS reason, 0 AS ord, e.id
             FROM routing_events e
            WHERE e.interaction_id = $1 AND e.type IN ('contact.offered', 'contact.connected', 'contact.transferred', 'contact.wrap_up', 'contact.completed')
           UNION ALL
           SELECT c.at, c.kind, c.agent_id, c.seconds, c.command_type, c.reason, 1 AS ord, c.id FROM call_timeline c WHERE c.interaction_id = $1
         ) t LEFT JOIN users u ON u.id = t.agent_id
         ORDER BY t.at, t.ord, t.id
         LIMIT 500`,
        [interactionId],
      );
    return rows.map((row) => ({
      at: row.at.getTime(),
      kind: row.kind,
      agentId: row.agent_id,
      agentName: row.agent_name,
      seconds: row.seconds === null ? null : Number(row.seconds),
      commandType: row.command_type,
      reason: row.reason,
    }));
  }

  /** Talk (the conversation with agents, minus hold) and hold of the voice calls that ended in [from, to), per queue. */
  async callTimes(from: Date, to: Date): Promise<Array<{ queueId: string; queueName: string; calls: number; talk: number; hold: number; withHold: number }>> {
    const rows: Array<{ queue_id: string; queue_name: string; calls: number; talk: string | null; hold: string | null; with_hold: number }> = await this.dataSource.query(
      `SELECT i.queue_id, q.name AS queue_name, count(*)::int AS calls,
              sum(GREATEST(a.earlier_talk + extract(epoch FROM i.ended_at - a.last_answer)::float8 - COALESCE(c.hold_seconds, 0)::float8, 0)) AS talk,
              sum(COALESCE(c.hold_seconds, 0)) AS hold,
              (count(*) FILTER (WHERE c.hold_seconds > 0))::int AS with_hold
         FROM interactions i
         JOIN queues q ON q.id = i.queue_id
         LEFT JOIN calls c ON c.interaction_id = i.id
         CROSS JOIN LATERAL (${CONVERSATION_PARTS('i.ended_at')}) a
        WHERE i.channel = 'voice' AND i.ended_at >= $1 AND i.ended_at < $2 AND a.last_answer IS NOT NULL
        GROUP BY i.queue_id, q.name
        ORDER BY q.name, i.queue_id`,
      [from, to],
    );
    return rows.map((row) => ({ queueId: row.queue_id, queueName: row.queue_name, calls: row.calls, talk: Number(row.talk ?? 0), hold: Number(row.hold ?? 0), withHold: row.with_hold }));
  }

  /** Agents with their names, usernames (their PBX extension) and skills by code. */
  async directory(): Promise<DirectoryRow[]> {
    const rows: Array<{ id: string; username: string; display_name: string; skills: Record<string, number> | null }> = await this.dataSource.query(
      `SELECT u.id, u.username, u.display_name,
              (SELECT jsonb_object_agg(s.code, k.proficiency) FROM agent_skills k JOIN skills s ON s.id = k.skill_id WHERE k.agent_id = a.user_id) AS skills
         FROM agents a JOIN users u ON u.id = a.user_id
        ORDER BY u.display_name, u.id`,
    );
    return rows.map((row) => ({ id: row.id, username: row.username, displayName: row.display_name, skills: row.skills ?? {} }));
  }

  async agentExtension(agentId: string): Promise<string | null> {
    const [row] = await this.dataSource.query(`SELECT u.username FROM agents a JOIN users u ON u.id = a.user_id WHERE a.user_id = $1`, [agentId]);
    return row?.username ?? null;
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AgentEntity } from '../agents';
import { toAlertRow } from '../alerts';
import type { NewAuditRow } from '../audit';
import type { StoredAlert } from '../alerts';
import type { QueueEntity } from '../queues';
import type { SkillEntity } from '../skills';
import { RouterLease } from './router-lease';
import type { AgentRecord, Channel, ContactRecord, NewContact, RoutingEvent, RoutingPolicy, RoutingSnapshot, ValueTier } from '@callcentre/shared';
import type { Arrival } from './arrival';

/** What one group commit writes: facts read from the engine synchronously, before any await. */
export interface JournalBatch {
  /** New contacts, each inserted as its interaction's row in the same transaction as the events that queue it. */
  arrivals: Arrival[];
  events: RoutingEvent[];
  /** Live contacts' records; null for a contact that left routing (completed or abandoned). */
  contacts: Map<string, ContactRecord | null>;
  agents: Map<string, AgentRecord>;
  /** Dispositions and notes recorded at wrap-up, by interaction id. */
  dispositions: Map<string, { disposition: string | null; notes: string | null }>;
  /** Alerts the events raised. */
  alerts: StoredAlert[];
  /** Audit entries of the commands in the batch (who asked for them). */
  audits?: NewAuditRow[];
  engine: Pick<RoutingSnapshot, 'roundRobinCursors' | 'counters' | 'clock'>;
}

const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(ms).toISOString());

/** Summary columns of an interaction row, from the events of one batch. */
function interactionFacts(events: RoutingEvent[]): Map<string, Record<string, unknown>> {
  const facts = new Map<string, Record<string, unknown>>();
  const of = (id: string) => {
    let fact = facts.get(id);
    if (!fact) facts.set(id, (fact = {}));
    return fact;
  };
  for (const event of events) {
    switch (event.type) {
      case 'contact.connected':
        Object.assign(of(event.contactId), { answered_at: iso(event.at), wait_seconds: event.totalWaitSeconds, agent_id: event.agentId, status: 'connected' });
        break;
      case 'contact.wrap_up':
        Object.assign(of(event.contactId), { ended_at: iso(event.at), status: 'wrap_up' });
        break;
      case 'contact.completed':
        Object.assign(of(event.contactId), { ended_at_if_missing: iso(event.at), closed_at: iso(event.at), handle_seconds: event.handleSeconds, status: 'completed', agent_id: event.agentId });
        break;
      case 'contact.abandoned':
        Object.assign(of(event.contactId), { closed_at: iso(event.at), wait_seconds: event.totalWaitSeconds, status: 'abandoned' });
        break;
      default:
        break;
    }
  }
  return facts;
}

function agentIdOf(event: RoutingEvent): string | null {
  const withAgent = event as { agentId?: string; offeredAgentId?: string | null; fromAgentId?: string | null };
  return withAgent.agentId ?? withAgent.offeredAgentId ?? withAgent.fromAgentId ?? null;
}

/**
 * The only code that reads and writes the router's durable state. Each batch is one transaction:
 * new interactions, the events, the touched contacts' and agents' records, the engine counters.
 */
@Injectable()
export class RoutingJournal {
  constructor(
    private readonly dataSource: DataSource,
    private readonly lease: RouterLease,
  ) {}

  /**
   * One statement, so one round trip and one atomic commit: new interactions are inserted with their
   * state after the batch, existing ones updated, events appended, the alerts they raised stored, agents and
   * counters saved.
   */
  async write(batch: JournalBatch): Promise<void> {
    const facts = interactionFacts(batch.events);
    const newIds = new Set(batch.arrivals.map((arrival) => arrival.id));
    const contactRows = new Map(
      [...batch.contacts.entries()].map(([id, record]) => {
        const fact = facts.get(id) ?? {};
        return [
          id,
          {
            id,
            record,
            status: record ? (record.status ?? 'waiting') : (fact.status ?? null),
            queue_id: record?.queueId ?? null,
            agent_id: record ? (record.agentId ?? null) : (fact.agent_id ?? null),
            answered_at: fact.answered_at ?? null,
            ended_at: fact.ended_at ?? fact.ended_at_if_missing ?? null,
            closed_at: fact.closed_at ?? null,
            wait_seconds: fact.wait_seconds ?? null,
            handle_seconds: fact.handle_seconds ?? null,
            disposition: batch.dispositions.get(id)?.disposition ?? null,
            wrap_up_notes: batch.dispositions.get(id)?.notes ?? null,
          },
        ] as const;
      }),
    );
    const inserts = batch.arrivals.map((row) => ({
      ...contactRows.get(row.id),
      id: row.id,
      external_id: row.externalId,
      channel: row.channel,
      first_queue_id: row.queueId,
      customer_id: row.customerId,
      caller: row.caller,
      language: row.language,
      value_tier: row.valueTier,
      complaint: row.complaint,
      callback: row.callback,
      preferred_agent_id: row.preferredAgentId,
      subject: row.subject,
      arrived_at: iso(row.arrivedAt),
    }));
    const updates = [...contactRows.values()].filter((row) => !newIds.has(row.id));
    const events = batch.events.map((event) => ({
      at: iso(event.at),
      type: event.type,
      interaction_id: (event as { contactId?: string }).contactId ?? null,
      agent_id: agentIdOf(event),
      queue_id: (event as { queueId?: string }).queueId ?? null,
      payload: event,
    }));
    const agents = [...batch.agents.entries()].map(([id, record]) => ({ id, record }));
    // Through the router lock's own session: an instance that lost the lock cannot journal anything more.
    await this.lease.query(
      `WITH new_interactions AS (
         INSERT INTO interactions (id, external_id, channel, status, queue_id, first_queue_id, customer_id, caller, language, value_tier,
                                   complaint, callback, preferred_agent_id, subject, arrived_at, agent_id, answered_at, ended_at, closed_at,
                                   wait_seconds, handle_seconds, disposition, routing_record)
         SELECT r.id, r.external_id, r.channel, COALESCE(r.status, 'waiting'), COALESCE(r.queue_id, r.first_queue_id), r.first_queue_id, r.customer_id,
                r.caller, r.language, r.value_tier, r.complaint, r.callback, r.preferred_agent_id, r.subject, r.arrived_at, r.agent_id,
                r.answered_at, r.ended_at, r.closed_at, r.wait_seconds, r.handle_seconds, r.disposition, r.record
         FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, external_id text, channel text, status text, queue_id uuid, first_queue_id uuid,
              customer_id uuid, caller jsonb, language text, value_tier text, complaint boolean, callback boolean, preferred_agent_id uuid,
              subject text, arrived_at timestamptz, agent_id uuid, answered_at timestamptz, ended_at timestamptz, closed_at timestamptz,
              wait_seconds double precision, handle_seconds double precision, disposition text, record jsonb)
         RETURNING 1
       ), journal AS (
         INSERT INTO routing_events (at, type, interaction_id, agent_id, queue_id, payload)
         SELECT e.at, e.type, e.interaction_id, e.agent_id, e.queue_id, e.payload
         FROM unnest($7::timestamptz[], $8::text[], $9::uuid[], $10::uuid[], $11::uuid[], $12::jsonb[]) WITH ORDINALITY
              AS e(at, type, interaction_id, agent_id, queue_id, payload, position)
         ORDER BY e.position
         RETURNING 1
       ), contacts AS (
         UPDATE interactions AS i SET
           routing_record = r.record,
           -- A caller who asked to be called back stays a callback in the stored contact, as in routing.
           callback = i.callback OR COALESCE((r.record->>'callback')::boolean, false),
           status = COALESCE(r.status, i.status),
           queue_id = COALESCE(r.queue_id, i.queue_id),
           agent_id = CASE WHEN r.record IS NULL THEN COALESCE(r.agent_id, i.agent_id) ELSE r.agent_id END,
           answered_at = COALESCE(r.answered_at, i.answered_at),
           ended_at = COALESCE(i.ended_at, r.ended_at),
           closed_at = COALESCE(r.closed_at, i.closed_at),
           wait_seconds = COALESCE(r.wait_seconds, i.wait_seconds),
           handle_seconds = COALESCE(r.handle_seconds, i.handle_seconds),
           disposition = COALESCE(r.disposition, i.disposition),
           wrap_up_notes = COALESCE(r.wrap_up_notes, i.wrap_up_notes),
           updated_at = now()
         FROM jsonb_to_recordset($2::jsonb) AS r(id uuid, record jsonb, status text, queue_id uuid, agent_id uuid, answered_at timestamptz,
              ended_at timestamptz, closed_at timestamptz, wait_seconds double precision, handle_seconds double precision, disposition text,
              wrap_up_notes text)
         WHERE i.id = r.id AND i.id = ANY($5::uuid[])
         RETURNING 1
       ), agent_records AS (
         UPDATE agents AS a SET routing_record = r.record
         FROM jsonb_to_recordset($3::jsonb) AS r(id uuid, record jsonb) WHERE a.user_id = r.id AND a.user_id = ANY($6::uuid[])
         RETURNING 1
       ), raised AS (
         INSERT INTO alerts (id, kind, severity, at, message, agent_id, agent_name, contact_id, queue_id, complaint_id, details, recipients, recipient_roles)
         SELECT a.id, a.kind, a.severity, a.at, a.message, a.agent_id, a.agent_name, a.contact_id, a.queue_id, a.complaint_id, a.details, a.recipients, a.recipient_roles
         FROM jsonb_to_recordset($13::jsonb) AS a(id uuid, kind text, severity text, at timestamptz, message text, agent_id uuid, agent_name text,
              contact_id uuid, queue_id uuid, complaint_id uuid, details jsonb, recipients uuid[], recipient_roles text[])
         RETURNING 1
       ), audited AS (
         INSERT INTO audit_log (actor_kind, actor_id, actor_name, action, target_type, target_id, details)
         SELECT a.actor_kind, a.actor_id, a.actor_name, a.action, a.target_type, a.target_id, a.details
         FROM jsonb_to_recordset($14::jsonb) AS a(actor_kind text, actor_id uuid, actor_name text, action text, target_type text, target_id text, details jsonb)
         RETURNING 1
       ), engine AS (
         INSERT INTO router_state (id, record, updated_at) VALUES (1, $4, now())
         ON CONFLICT (id) DO UPDATE SET record = EXCLUDED.record, updated_at = now()
         RETURNING 1
       )
       SELECT (SELECT count(*) FROM new_interactions) AS inserted, (SELECT count(*) FROM journal) AS events,
              (SELECT count(*) FROM contacts) AS contacts, (SELECT count(*) FROM agent_records) AS agents, (SELECT count(*) FROM engine) AS engine,
              (SELECT count(*) FROM raised) AS alerts, (SELECT count(*) FROM audited) AS audits`,
      // The id arrays repeat what the JSON holds so the planner looks the rows up by primary key: it cannot see
      // how few rows a JSON document carries and would otherwise scan whole tables once they are small enough.
      [
        JSON.stringify(inserts),
        JSON.stringify(updates),
        JSON.stringify(agents),
        JSON.stringify(batch.engine),
        updates.map((row) => row.id),
        agents.map((row) => row.id),
        // Events as columns (one array each): no JSON document to parse and take apart per row.
        events.map((event) => event.at),
        events.map((event) => event.type),
        events.map((event) => event.interaction_id),
        events.map((event) => event.agent_id),
        events.map((event) => event.queue_id),
        events.map((event) => JSON.stringify(event.payload)),
        JSON.stringify(batch.alerts.map(toAlertRow)),
        JSON.stringify(batch.audits ?? []),
      ],
      'routing-journal-write',
    );
  }

  async loadPolicy(): Promise<Partial<RoutingPolicy>> {
    const [row] = await this.dataSource.query(`SELECT policy FROM routing_policy WHERE id = 1`);
    return (row?.policy ?? {}) as Partial<RoutingPolicy>;
  }

  async savePolicy(policy: Partial<RoutingPolicy>, byUserId: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO routing_policy (id, policy, updated_at, updated_by) VALUES (1, $1, now(), $2)
       ON CONFLICT (id) DO UPDATE SET policy = EXCLUDED.policy, updated_at = now(), updated_by = EXCLUDED.updated_by`,
      [JSON.stringify(policy), byUserId],
    );
  }

  /**
   * Contacts stored as waiting that routing does not hold (no routing record, never closed), as they arrived: they
   * are queued again from their arrival rather than left waiting for ever.
   */
  async loadUnroutedWaiting(): Promise<NewContact[]> {
    const rows: Array<{
      id: string;
      queue_id: string;
      channel: Channel;
      language: string | null;
      value_tier: ValueTier;
      complaint: boolean;
      callback: boolean;
      preferred_agent_id: string | null;
      arrived_at: Date;
    }> = await this.dataSource.query(
      `SELECT id, queue_id, channel, language, value_tier, complaint, callback, preferred_agent_id, arrived_at FROM interactions
        WHERE status = 'waiting' AND routing_record IS NULL AND closed_at IS NULL ORDER BY arrived_at, id`,
    );
    return rows.map((row) => ({
      id: row.id,
      queueId: row.queue_id,
      channel: row.channel,
      ...(row.language ? { language: row.language } : {}),
      valueTier: row.value_tier,
      complaint: row.complaint,
      callback: row.callback,
      ...(row.preferred_agent_id ? { preferredAgentId: row.preferred_agent_id } : {}),
      enqueuedAt: row.arrived_at.getTime(),
    }));
  }

  /** The routing configuration as stored: skills, queues (oldest first) and agents' profiles. */
  async loadConfiguration(): Promise<{ skills: SkillEntity[]; queues: QueueEntity[]; agents: AgentEntity[] }> {
    // The entities by name: routing reads the tables the agents, queues and skills modules own, and loading their
    // classes here would tie those modules, which depend on routing, into routing's own loading.
    const skills = await this.dataSource.getRepository<SkillEntity>('SkillEntity').find();
    const queues = await this.dataSource.getRepository<QueueEntity>('QueueEntity').find({ order: { createdAt: 'ASC', id: 'ASC' } });
    const agents = await this.dataSource.getRepository<AgentEntity>('AgentEntity').find({ order: { userId: 'ASC' } });
    return { skills, queues, agents };
  }

  /** Live facts to rebuild the engine: agents' and live contacts' records and the engine counters. */
  async loadLiveState(): Promise<{ agents: Map<string, AgentRecord>; contacts: ContactRecord[]; engine: Partial<RoutingSnapshot> }> {
    const agentRows: Array<{ user_id: string; routing_record: AgentRecord | null }> = await this.dataSource.query(
      `SELECT user_id, routing_record FROM agents WHERE routing_record IS NOT NULL`,
    );
    const contactRows: Array<{ routing_record: ContactRecord }> = await this.dataSource.query(
      `SELECT routing_record FROM interactions WHERE routing_record IS NOT NULL ORDER BY (routing_record->>'seq')::bigint NULLS LAST, arrived_at`,
    );
    const [state] = await this.dataSource.query(`SELECT record FROM router_state WHERE id = 1`);
    return {
      agents: new Map(agentRows.map((row) => [row.user_id, row.routing_record as AgentRecord])),
      contacts: contactRows.map((row) => row.routing_record),
      engine: (state?.record ?? {}) as Partial<RoutingSnapshot>,
    };
  }
}

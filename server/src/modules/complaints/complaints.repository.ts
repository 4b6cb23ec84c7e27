import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type {
  ComplaintAlertKind,
  ComplaintComplexity,
  ComplaintEventType,
  ComplaintState,
  ComplaintStepId,
  DeadlineStatus,
  PersistedComplaintSnapshot,
  Role,
  ValueTier,
} from '@callcentre/shared';
import { contactHandledBySql } from '../../common/auth/contact-access.sql';
import type { ClockEntry, DeadlineColumns } from './complaint-records';

/** The columns a new complaint is inserted with. */
export interface NewComplaint extends DeadlineColumns {
  number: string;
  customer_id: string | null;
  category: string;
  complexity: ComplaintComplexity;
  description: string;
  value_tier: ValueTier;
  received_by: string;
  owner_id: string;
  team_lead_id: string | null;
  threatening: boolean;
  threat_caller_number: string | null;
  threat_at: Date | null;
  threat_workstation: string | null;
  threat_statement: string | null;
  about_agent: boolean;
  about_agent_id: string | null;
  snapshot: PersistedComplaintSnapshot;
  machine_version: string;
  state: ComplaintState;
  step: ComplaintStepId | null;
  received_at: Date;
  created_at: Date;
  /** 1 for a complaint just received; more when it is recorded with its history (the demo centre). */
  version?: number;
  updated_at?: Date;
  closed_at?: Date | null;
}

/** A complaints row with the names the views show. */
export interface ComplaintRow extends Omit<NewComplaint, 'version' | 'updated_at' | 'closed_at'> {
  id: string;
  customer_name: string | null;
  owner_name: string | null;
  owner_team_lead_id: string | null;
  team_lead_name: string | null;
  about_agent_name: string | null;
  /** The score asked at the close (1-5), read from the stored snapshot; null before it or when declined. */
  satisfaction: number | null;
  version: number;
  updated_at: Date;
  closed_at: Date | null;
}

/** What a transition changes. */
export interface ComplaintChange extends DeadlineColumns {
  snapshot: PersistedComplaintSnapshot;
  machine_version: string;
  state: ComplaintState;
  step: ComplaintStepId | null;
  owner_id: string;
  team_lead_id: string | null;
  updated_at: Date;
  closed_at: Date | null;
}

export interface HistoryRow {
  complaint_id: string;
  version: number;
  at: Date;
  actor_kind: 'user' | 'system';
  actor_id: string | null;
  actor_name: string | null;
  event_type: ComplaintEventType;
  payload: Record<string, unknown>;
  note: string | null;
  from_state: ComplaintState | null;
  to_state: ComplaintState;
  from_value: unknown;
  to_value: unknown;
}

export interface AlertRow {
  complaint_id: string;
  kind: ComplaintAlertKind;
  severity: 'info' | 'warning' | 'critical';
  at: Date;
  message: string;
  recipients: string[];
  recipient_roles: Role[];
  details: Record<string, unknown>;
}

export interface ComplaintFilters {
  state?: ComplaintState;
  ownerId?: string;
  teamLeadId?: string;
  customerId?: string;
  /** Open complaints with this deadline status. */
  deadline?: DeadlineStatus;
  open?: boolean;
  threatening?: boolean;
  sort: 'newest' | 'due';
  limit: number;
  offset: number;
}

/** Whose complaints a caller may list: all (supervisors), or those they own and, for team leads, their team's and escalations. */
export interface ListScope {
  all: boolean;
  userId: string;
  teamLead: boolean;
}

export interface InteractionRef {
  id: string;
  customer_id: string | null;
  value_tier: ValueTier;
  agent_id: string | null;
  caller: { phone?: string } | null;
  arrived_at: Date;
}

export interface UserRef {
  id: string;
  roles: Role[];
  team_lead_id: string | null;
  display_name: string;
}

const SELECT_COMPLAINT = `
  SELECT c.*, cu.name AS customer_name, o.display_name AS owner_name, o.team_lead_id AS owner_team_lead_id,
         t.display_name AS team_lead_name, a.display_name AS about_agent_name,
         (c.snapshot #>> '{context,closing,satisfaction}')::int AS satisfaction
  FROM complaints c
  JOIN users o ON o.id = c.owner_id
  LEFT JOIN customers cu ON cu.id = c.customer_id
  LEFT JOIN users t ON t.id = c.team_lead_id
  LEFT JOIN users a ON a.id = c.about_agent_id`;

const SELECT_SUMMARY = `
  SELECT c.id, c.number, c.customer_id, cu.name AS customer_name, c.category, c.complexity, c.value_tier, c.state, c.step, c.version,
         c.received_by, c.owner_id, o.display_name AS owner_name, o.team_lead_id AS owner_team_lead_id, c.team_lead_id,
         t.display_name AS team_lead_name, c.threatening, c.about_agent, c.about_agent_id, c.deadline_kind, c.due_at,
         c.commitment_due_at, c.deadline_status, c.clock, c.next_crossing_at, c.received_at, c.created_at, c.updated_at, c.closed_at,
         (c.snapshot #>> '{context,closing,satisfaction}')::int AS satisfaction
  FROM complaints c
  JOIN users o ON o.id = c.owner_id
  LEFT JOIN customers cu ON cu.id = c.customer_id
  LEFT JOIN users t ON t.id = c.team_lead_id`;

export type ComplaintSummaryRow = Omit<
  ComplaintRow,
  'description' | 'snapshot' | 'machine_version' | 'threat_caller_number' | 'threat_at' | 'threat_workstation' | 'threat_statement' | 'about_agent_name'
>;

/** The only code that reads and writes the complaint tables. Writes take the transaction's manager. */
@Injectable()
export class ComplaintsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async find(id: string, manager: EntityManager = this.dataSource.manager): Promise<ComplaintRow | null> {
    const [row] = await manager.query(`${SELECT_COMPLAINT} WHERE c.id = $1`, [id]);
    return row ?? null;
  }

  /** Locks the complaint for a transition; null when it does not exist. */
  async lock(manager: EntityManager, id: string): Promise<{ version: number; deadline_status: DeadlineStatus } | null> {
    const [row] = await manager.query(`SELECT version, deadline_status FROM complaints WHERE id = $1 FOR UPDATE`, [id]);
    return row ?? null;
  }

  /**
   * Locks an open complaint whose next deadline crossing is due, for the scheduler. Skips a row another
   * transaction holds (a transition, or another server's scheduler): it is looked at again on the next scan.
   */
  async lockDue(manager: EntityManager, id: string, now: Date): Promise<ComplaintRow | null> {
    const [locked] = await manager.query(
      `SELECT id FROM complaints WHERE id = $1 AND closed_at IS NULL AND next_crossing_at <= $2 FOR UPDATE SKIP LOCKED`,
      [id, now],
    );
    return locked ? this.find(id, manager) : null;
  }

  /** Open complaints whose next crossing is due, earliest first. */
  async dueForCrossing(now: Date, limit: number, except: readonly string[] = []): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id FROM complaints WHERE next_crossing_at <= $1 AND closed_at IS NULL AND NOT (id = ANY($3::uuid[]))
       ORDER BY next_crossing_at, id LIMIT $2`,
      [now, limit, except],
    );
    return rows.map((row) => row.id);
  }

  /** Every open complaint is evaluated again on the next scan (after the calendar changed). */
  async reevaluateOpen(now: Date): Promise<number> {
    const [, count] = await this.dataSource.query(`UPDATE complaints SET next_crossing_at = $1 WHERE closed_at IS NULL`, [now]);
    return count;
  }

  /** The next number of the year, gap-free: the row lock serialises concurrent receipts. */
  async nextSequence(manager: EntityManager, year: number): Promise<number> {
    const [row] = await manager.query(
      `INSERT INTO complaint_number_sequences (year, last_value) VALUES ($1, 1)
       ON CONFLICT (year) DO UPDATE SET last_value = complaint_number_sequences.last_value + 1
       RETURNING last_value`,
      [year],
    );
    return row.last_value;
  }

  async insert(manager: EntityManager, complaint: NewComplaint): Promise<string> {
    const [row] = await manager.query(
      `INSERT INTO complaints (number, customer_id, category, complexity, description, value_tier, received_by, owner_id, team_lead_id,
         threatening, threat_caller_number, threat_at, threat_workstation, threat_statement, about_agent, about_agent_id,
         snapshot, machine_version, state, step, version, deadline_kind, due_at, commitment_due_at, deadline_status, clock,
         next_crossing_at, received_at, created_at, updated_at, closed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $29, $21, $22, $23, $24, $25, $26, $27, $28, $30, $31)
       RETURNING id`,
      [
        complaint.number,
        complaint.customer_id,
        complaint.category,
        complaint.complexity,
        complaint.description,
        complaint.value_tier,
        complaint.received_by,
        complaint.owner_id,
        complaint.team_lead_id,
        complaint.threatening,
        complaint.threat_caller_number,
        complaint.threat_at,
        complaint.threat_workstation,
        complaint.threat_statement,
        complaint.about_agent,
        complaint.about_agent_id,
        JSON.stringify(complaint.snapshot),
        complaint.machine_version,
        complaint.state,
        complaint.step,
        complaint.deadline_kind,
        complaint.due_at,
        complaint.commitment_due_at,
        complaint.deadline_status,
        complaint.clock,
        complaint.next_crossing_at,
        complaint.received_at,
        complaint.created_at,
        complaint.version ?? 1,
        complaint.updated_at ?? complaint.created_at,
        complaint.closed_at ?? null,
      ],
    );
    return row.id;
  }

  /** Writes a transition if the complaint is still at `expectedVersion`; false when it moved meanwhile. */
  async update(manager: EntityManager, id: string, expectedVersion: number, change: ComplaintChange): Promise<boolean> {
    const [, count] = await manager.query(
      `UPDATE complaints SET snapshot = $3, machine_version = $4, state = $5, step = $6, owner_id = $7, team_lead_id = $8,
         deadline_kind = $9, due_at = $10, commitment_due_at = $11, deadline_status = $12, clock = $13, next_crossing_at = $14,
         updated_at = $15, closed_at = $16, version = version + 1
       WHERE id = $1 AND version = $2`,
      [
        id,
        expectedVersion,
        JSON.stringify(change.snapshot),
        change.machine_version,
        change.state,
        change.step,
        change.owner_id,
        change.team_lead_id,
        change.deadline_kind,
        change.due_at,
        change.commitment_due_at,
        change.deadline_status,
        change.clock,
        change.next_crossing_at,
        change.updated_at,
        change.closed_at,
      ],
    );
    return count === 1;
  }

  /** Stores a fresh deadline evaluation (not a transition: the version stays). */
  async updateDeadline(manager: EntityManager, id: string, deadline: DeadlineColumns): Promise<void> {
    await manager.query(
      `UPDATE complaints SET deadline_kind = $2, due_at = $3, commitment_due_at = $4, deadline_status = $5, clock = $6, next_crossing_at = $7 WHERE id = $1`,
      [id, deadline.deadline_kind, deadline.due_at, deadline.commitment_due_at, deadline.deadline_status, deadline.clock, deadline.next_crossing_at],
    );
  }

  async insertHistory(manager: EntityManager, row: HistoryRow): Promise<void> {
    await manager.query(
      `INSERT INTO complaint_events (complaint_id, version, at, actor_kind, actor_id, actor_name, event_type, payload, note, from_state, to_state, from_value, to_value)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        row.complaint_id,
        row.version,
        row.at,
        row.actor_kind,
        row.actor_id,
        row.actor_name,
        row.event_type,
        JSON.stringify(row.payload),
        row.note,
        row.from_state,
        row.to_state,
        row.from_value === null || row.from_value === undefined ? null : JSON.stringify(row.from_value),
        JSON.stringify(row.to_value),
      ],
    );
  }

  async insertClockEvents(manager: EntityManager, complaintId: string, entries: readonly ClockEntry[]): Promise<void> {
    for (const entry of entries) {
      await manager.query(
        `INSERT INTO complaint_clock_events (complaint_id, kind, at, reason, actor_id, details) VALUES ($1, $2, $3, $4, $5, $6)`,
        [complaintId, entry.kind, entry.at, entry.reason, entry.actorId && isUuid(entry.actorId) ? entry.actorId : null, JSON.stringify(entry.details)],
      );
    }
  }

  async insertCrossing(manager: EntityManager, complaintId: string, kind: 'due_soon' | 'breached', at: Date, details: Record<string, unknown>): Promise<void> {
    await manager.query(`INSERT INTO complaint_clock_events (complaint_id, kind, at, details) VALUES ($1, $2, $3, $4)`, [complaintId, kind, at, JSON.stringify(details)]);
  }

  async insertAlert(manager: EntityManager, alert: AlertRow): Promise<string> {
    const [row] = await manager.query(
      `INSERT INTO complaint_alerts (complaint_id, kind, severity, at, message, recipients, recipient_roles, details)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [alert.complaint_id, alert.kind, alert.severity, alert.at, alert.message, alert.recipients, alert.recipient_roles, JSON.stringify(alert.details)],
    );
    return row.id;
  }

  /** Links a contact to the complaint; false when it was linked already. */
  async linkInteraction(manager: EntityManager, complaintId: string, interactionId: string, linkedBy: string | null, at: Date): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO complaint_interactions (complaint_id, interaction_id, linked_by, linked_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING 1`,
      [complaintId, interactionId, linkedBy, at],
    );
    return rows.length === 1;
  }

  async interactionsOf(complaintId: string): Promise<
    Array<{ interaction_id: string; channel: string | null; arrived_at: Date | null; agent_id: string | null; linked_at: Date; linked_by: string | null }>
  > {
    return this.dataSource.query(
      `SELECT ci.interaction_id, i.channel, i.arrived_at, i.agent_id, ci.linked_at, ci.linked_by
       FROM complaint_interactions ci JOIN interactions i ON i.id = ci.interaction_id
       WHERE ci.complaint_id = $1 ORDER BY ci.linked_at, ci.interaction_id`,
      [complaintId],
    );
  }

  async findInteraction(id: string): Promise<InteractionRef | null> {
    const [row] = await this.dataSource.query(`SELECT id, customer_id, value_tier, agent_id, caller, arrived_at FROM interactions WHERE id = $1`, [id]);
    return row ?? null;
  }

  /** Whether the agent answered the contact at some point (its routing journal says who was connected). */
  async handledInteraction(interactionId: string, agentId: string): Promise<boolean> {
    const [row] = await this.dataSource.query(
      `SELECT 1 FROM interactions i WHERE i.id = $1 AND ${contactHandledBySql('i', '$2')}`,
      [interactionId, agentId],
    );
    return Boolean(row);
  }

  /** Whether the agent answered at least one contact of the customer (the same test as for a single contact). */
  async servedCustomer(customerId: string, agentId: string): Promise<boolean> {
    const [row] = await this.dataSource.query(
      `SELECT 1 FROM interactions i WHERE i.customer_id = $1 AND ${contactHandledBySql('i', '$2')} LIMIT 1`,
      [customerId, agentId],
    );
    return Boolean(row);
  }

  async findCustomer(id: string): Promise<{ id: string; value_tier: ValueTier } | null> {
    const [row] = await this.dataSource.query(`SELECT id, value_tier FROM customers WHERE id = $1`, [id]);
    return row ?? null;
  }

  async findUser(id: string): Promise<UserRef | null> {
    const [row] = await this.dataSource.query(`SELECT id, roles, team_lead_id, display_name FROM users WHERE id = $1`, [id]);
    return row ?? null;
  }

  async list(filters: ComplaintFilters, scope: ListScope): Promise<{ rows: ComplaintSummaryRow[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (!scope.all) {
      const me = param(scope.userId);
      where.push(
        scope.teamLead
          ? `(c.owner_id = ${me} OR c.team_lead_id = ${me} OR o.team_lead_id = ${me} OR c.state = 'escalated')`
          : `c.owner_id = ${me}`,
      );
    }
    if (filters.state) where.push(`c.state = ${param(filters.state)}`);
    if (filters.ownerId) where.push(`c.owner_id = ${param(filters.ownerId)}`);
    if (filters.teamLeadId) where.push(`c.team_lead_id = ${param(filters.teamLeadId)}`);
    if (filters.customerId) where.push(`c.customer_id = ${param(filters.customerId)}`);
    if (filters.deadline) where.push(`c.deadline_status = ${param(filters.deadline)} AND c.closed_at IS NULL`);
    if (filters.open !== undefined) where.push(filters.open ? `c.closed_at IS NULL` : `c.closed_at IS NOT NULL`);
    if (filters.threatening !== undefined) where.push(`c.threatening = ${param(filters.threatening)}`);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const order = filters.sort === 'due' ? `c.due_at ASC NULLS LAST, c.received_at, c.id` : `c.received_at DESC, c.id DESC`;
    const [{ total }] = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM complaints c JOIN users o ON o.id = c.owner_id ${clause}`,
      params,
    );
    const rows = await this.dataSource.query(`${SELECT_SUMMARY} ${clause} ORDER BY ${order} LIMIT ${param(filters.limit)} OFFSET ${param(filters.offset)}`, params);
    return { rows, total };
  }

  async history(complaintId: string): Promise<{
    events: Array<HistoryRow & { id: string }>;
    clock: Array<{ id: string; kind: ClockEntry['kind'] | 'due_soon' | 'breached'; at: Date; reason: string | null; actor_id: string | null; details: Record<string, unknown>; recorded_at: Date }>;
    alerts: Array<AlertRow & { id: string }>;
  }> {
    const [events, clock, alerts] = await Promise.all([
      this.dataSource.query(`SELECT * FROM complaint_events WHERE complaint_id = $1 ORDER BY version`, [complaintId]),
      this.dataSource.query(`SELECT * FROM complaint_clock_events WHERE complaint_id = $1 ORDER BY at, id`, [complaintId]),
      this.dataSource.query(`SELECT * FROM complaint_alerts WHERE complaint_id = $1 ORDER BY at, id`, [complaintId]),
    ]);
    return { events, clock, alerts };
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isUuid = (value: string) => UUID.test(value);

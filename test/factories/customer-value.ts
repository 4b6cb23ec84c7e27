import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';

const DAY_MS = 86_400_000;
const unique = () => randomBytes(4).toString('hex');

/** An instant `days` days before `from` (fractions allowed). */
export const daysBefore = (from: Date, days: number): Date => new Date(from.getTime() - days * DAY_MS);

export async function newCustomer(dataSource: DataSource, name = `Customer ${unique()}`, valueTier = 'ordinary'): Promise<string> {
  const [row] = await dataSource.query(`INSERT INTO customers (name, value_tier) VALUES ($1, $2) RETURNING id`, [name, valueTier]);
  return row.id;
}

/** A value run row as the value run leaves it (completed by default; at most one runs at a time). */
export async function valueRun(dataSource: DataSource, asOf: Date, status: 'running' | 'completed' | 'failed' = 'completed'): Promise<number> {
  const [row] = await dataSource.query(
    `INSERT INTO customer_value_runs (as_of, parameters, status, finished_at) VALUES ($1, '{}', $2::varchar, CASE WHEN $2::varchar <> 'running' THEN now() END) RETURNING id`,
    [asOf, status],
  );
  return Number(row.id);
}

/**
 * What became of a queued run's job: still waiting (due tomorrow), held by a worker with its one attempt taken,
 * used up and given back (its worker's database stopped mid-run), or gone.
 */
export type RunJobState = 'waiting' | 'held' | 'used up' | 'gone';

/**
 * A value run recorded on demand, still running, with its job (as the API queues it) left in `job` state. The job is
 * never due, so no worker takes it.
 */
export async function queuedValueRun(dataSource: DataSource, job: RunJobState): Promise<number> {
  return dataSource.transaction(async (manager) => {
    const [run] = await manager.query(
      `INSERT INTO customer_value_runs (as_of, parameters) VALUES (now(), '{"periodDays": 365, "trigger": "on_demand", "requestedBy": null}') RETURNING id`,
    );
    const key = `customer-value:recompute:${run.id}`;
    if (job === 'gone') return Number(run.id);
    await manager.query(
      `SELECT graphile_worker.add_job('customer-value:recompute', json_build_object('runId', $1::bigint), queue_name => 'customer-value',
                                      run_at => now() + interval '1 day', max_attempts => 1, job_key => $2)`,
      [run.id, key],
    );
    if (job === 'held') {
      await manager.query(`UPDATE graphile_worker._private_jobs SET attempts = max_attempts, locked_at = now(), locked_by = 'pool-elsewhere' WHERE key = $1`, [key]);
    }
    if (job === 'used up') {
      await manager.query(`UPDATE graphile_worker._private_jobs SET attempts = max_attempts, last_error = 'Connection terminated unexpectedly' WHERE key = $1`, [key]);
    }
    return Number(run.id);
  });
}

export interface HistoryFields {
  tier?: string;
  effectiveTier?: string;
  segment?: string | null;
  monetary?: string;
  frequency?: number;
  recencyDays?: number | null;
  usualGapDays?: number | null;
  rank?: number;
}

/** The run's row for one customer, as the value run writes it. */
export async function historyRow(dataSource: DataSource, runId: number, customerId: string, fields: HistoryFields = {}): Promise<void> {
  const tier = fields.tier ?? 'ordinary';
  await dataSource.query(
    `INSERT INTO customer_value_history (run_id, customer_id, rank, computed_tier, effective_tier, monetary, frequency, recency_days, usual_gap_days, segment)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [runId, customerId, fields.rank ?? 1, tier, fields.effectiveTier ?? tier, fields.monetary ?? '100.00', fields.frequency ?? 1, fields.recencyDays ?? 10, fields.usualGapDays ?? null, fields.segment === undefined ? 'ordinary' : fields.segment],
  );
}

/** A finished contact from the customer (answered by `agentId` when given), straight into the table. */
export async function pastContact(
  dataSource: DataSource,
  contact: { customerId: string; queueCode?: string; arrivedAt: Date; agentId?: string | null; subject?: string | null; status?: string },
): Promise<string> {
  const [row] = await dataSource.query(
    `INSERT INTO interactions (channel, status, queue_id, first_queue_id, customer_id, value_tier, agent_id, subject, arrived_at, answered_at, ended_at, closed_at, disposition)
     SELECT 'voice', $1, q.id, q.id, $2, 'ordinary', $3, $4, $5, $5, $5, $5, 'resolved' FROM queues q WHERE q.code = $6
     RETURNING id`,
    [contact.status ?? 'completed', contact.customerId, contact.agentId ?? null, contact.subject ?? null, contact.arrivedAt, contact.queueCode ?? 'general'],
  );
  if (!row) throw new Error(`no queue ${contact.queueCode}`);
  return row.id;
}

let complaintSequence = 0;

/** A complaint row with just what churn risk reads (its snapshot holds only the closing answers). */
export async function storedComplaint(
  dataSource: DataSource,
  complaint: { customerId: string; ownerId: string; receivedAt: Date; closedAt?: Date | null; deadlineStatus?: 'on_track' | 'due_soon' | 'breached'; satisfaction?: number | null },
): Promise<{ id: string; number: string }> {
  complaintSequence += 1;
  const number = `CMP-2099-${String(900000 + complaintSequence).padStart(6, '0')}`;
  const closedAt = complaint.closedAt ?? null;
  const snapshot = { status: closedAt ? 'done' : 'active', value: closedAt ? 'closed' : 'clarify', context: closedAt && complaint.satisfaction !== undefined ? { closing: { settled: true, anythingElse: null, satisfaction: complaint.satisfaction, at: closedAt.toISOString() } } : {} };
  const [row] = await dataSource.query(
    `INSERT INTO complaints (number, customer_id, category, complexity, description, value_tier, received_by, owner_id, snapshot, machine_version, state, step,
       deadline_status, clock, received_at, closed_at)
     VALUES ($1, $2, 'billing', 'simple', 'Crafted for churn risk', 'ordinary', $3, $3, $4, '1', $5, $6, $7, $8, $9, $10) RETURNING id`,
    [number, complaint.customerId, complaint.ownerId, JSON.stringify(snapshot), closedAt ? 'closed' : 'clarify', closedAt ? null : 'clarify', complaint.deadlineStatus ?? 'on_track', closedAt ? 'stopped' : 'running', complaint.receivedAt, closedAt],
  );
  return { id: row.id, number };
}

export async function breachedAt(dataSource: DataSource, complaintId: string, at: Date): Promise<void> {
  await dataSource.query(`INSERT INTO complaint_clock_events (complaint_id, kind, at) VALUES ($1, 'breached', $2)`, [complaintId, at]);
}

export async function purchase(dataSource: DataSource, customerId: string, occurredAt: Date, amount: string): Promise<string> {
  const [row] = await dataSource.query(
    `INSERT INTO customer_transactions (external_id, customer_id, occurred_at, amount, product, channel) VALUES ($1, $2, $3, $4, 'Plan', 'web') RETURNING external_id`,
    [`tx-${unique()}`, customerId, occurredAt, amount],
  );
  return String(row.external_id);
}

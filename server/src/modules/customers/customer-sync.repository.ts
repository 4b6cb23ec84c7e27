import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { BatchResult } from '@callcentre/shared';
import { isUniqueViolation } from '../../common/database/unique-violation';
import type { CheckedCustomer, CheckedTransaction, IndexedRow } from './customer-rows';

/** Runs one SQL statement on a connection and gives its rows: a transaction's EntityManager or an import's own client. */
export type SqlRunner = (sql: string, parameters?: unknown[]) => Promise<Record<string, unknown>[]>;

/** The optional customer fields a source sends; a field it does not send keeps what is stored. */
export const OPTIONAL_CUSTOMER_COLUMNS = ['phone', 'email', 'language', 'time_zone', 'birthday'] as const;
export type OptionalCustomerColumn = (typeof OPTIONAL_CUSTOMER_COLUMNS)[number];

/** A row that a merge could not take: its line (or index in a call), the field at fault and that field's value. */
export interface MergeRefusal {
  readonly line: number;
  readonly field: 'phone' | 'email' | 'customer_external_id';
  readonly value: string;
}

/** Where a CSV import stages a chunk before merging it: temporary tables of its own connection, emptied at each commit. */
export const STAGED_CUSTOMERS = 'crm_staged_customers';
export const STAGED_TRANSACTIONS = 'crm_staged_transactions';
export const STAGED_CUSTOMER_COLUMNS = ['line', 'external_id', 'name', 'phone', 'email', 'language', 'time_zone', 'birthday'] as const;
export const STAGED_TRANSACTION_COLUMNS = ['line', 'external_id', 'customer_external_id', 'occurred_at', 'amount', 'product', 'channel'] as const;

/** How the refusals of a merge are read back: their count, and the first ones by line. */
export interface MergeRefusals {
  readonly count: number;
  readonly first: MergeRefusal[];
}

const managerRunner =
  (manager: EntityManager): SqlRunner =>
  (sql, parameters) =>
    manager.query(sql, parameters);

/**
 * Customers and their purchases as the business's own systems send them (keyed by their external ids), written set
 * by set: one `INSERT … SELECT … ON CONFLICT (external_id) DO UPDATE` per call or per file chunk, `xmax = 0`
 * telling a created row from an updated one. The rows come from arrays (a batch call) or from staging tables that
 * a CSV import fills with COPY; both go through the same statements.
 */
@Injectable()
export class CustomerSyncRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  // A batch call: the rows travel as parallel arrays and are read back with unnest.

  /** Rows of a call whose phone or e-mail another customer (another external id) holds. */
  async customerBatchConflicts(manager: EntityManager, rows: readonly IndexedRow<CheckedCustomer>[]): Promise<MergeRefusal[]> {
    const { source, parameters } = customerBatchSource(rows);
    return conflictsOf(managerRunner(manager), source, parameters);
  }

  async mergeCustomerBatch(manager: EntityManager, rows: readonly IndexedRow<CheckedCustomer>[]): Promise<BatchResult> {
    const { source, parameters } = customerBatchSource(rows);
    return mergeCustomers(managerRunner(manager), source, parameters);
  }

  /** Rows of a call naming a customer that does not exist. */
  async transactionBatchUnknownCustomers(manager: EntityManager, rows: readonly IndexedRow<CheckedTransaction>[]): Promise<MergeRefusal[]> {
    const { source, parameters } = transactionBatchSource(rows);
    const found = await manager.query(
      `WITH source AS (${source})
       SELECT s.line, s.customer_external_id AS value FROM source s
        WHERE NOT EXISTS (SELECT 1 FROM customers c WHERE c.external_id = s.customer_external_id)
        ORDER BY s.line`,
      parameters,
    );
    return found.map((row: { line: number; value: string }) => ({ line: row.line, field: 'customer_external_id' as const, value: row.value }));
  }

  async mergeTransactionBatch(manager: EntityManager, rows: readonly IndexedRow<CheckedTransaction>[]): Promise<BatchResult> {
    const { source, parameters } = transactionBatchSource(rows);
    const { created, updated } = await mergeTransactions(managerRunner(manager), source, parameters);
    return { created, updated };
  }

  // A CSV import: the chunk was copied into a staging table on the import's connection, inside its transaction.

  /** The staging tables of one connection (temporary: they vanish with it, and each commit empties them). */
  stagingTablesSql(): string[] {
    return [
      `CREATE TEMP TABLE IF NOT EXISTS ${STAGED_CUSTOMERS} (
         line bigint NOT NULL, external_id text NOT NULL, name text NOT NULL, phone text, email text, language text, time_zone text,
         birthday date, refused_field text, refused_value text
       ) ON COMMIT DELETE ROWS`,
      `CREATE TEMP TABLE IF NOT EXISTS ${STAGED_TRANSACTIONS} (
         line bigint NOT NULL, external_id text NOT NULL, customer_external_id text NOT NULL, occurred_at timestamptz NOT NULL,
         amount numeric(14, 2) NOT NULL, product text, channel text
       ) ON COMMIT DELETE ROWS`,
    ];
  }

  /**
   * Merges the staged customers. A row is refused when its phone or e-mail belongs to another customer, already
   * stored or earlier in the chunk; `sent`: the optional columns the file has (the others keep what is stored).
   */
  async mergeStagedCustomers(
    run: SqlRunner,
    sent: readonly OptionalCustomerColumn[],
    refusalsToName: number,
    onlyNewExpected: boolean,
  ): Promise<BatchResult & { refusals: MergeRefusals; insertedAsNew: boolean }> {
    await run(`ANALYZE ${STAGED_CUSTOMERS}`);
    // Set by set, not row by row: the lines whose value another stored customer holds, and those whose value an
    // earlier line of the chunk gave another customer (the first one keeps it). A column the chunk leaves empty
    // throughout has nothing to check, and the check would read every stored customer.
    const [given] = await run(`SELECT count(phone)::int AS phone, count(email)::int AS email FROM ${STAGED_CUSTOMERS}`);
    for (const field of ['phone', 'email'] as const) {
      if (!sent.includes(field) || Number(given[field]) === 0) continue;
      await run(
        `UPDATE ${STAGED_CUSTOMERS} s SET refused_field = '${field}', refused_value = s.${field}
           FROM (
             SELECT staged.line FROM ${STAGED_CUSTOMERS} staged JOIN customers c ON c.${field} = staged.${field}
              WHERE c.external_id IS DISTINCT FROM staged.external_id
             UNION
             SELECT holders.line FROM (
               SELECT line, external_id, first_value(external_id) OVER (PARTITION BY ${field} ORDER BY line) AS first_holder
                 FROM ${STAGED_CUSTOMERS} WHERE ${field} IS NOT NULL
             ) holders WHERE holders.external_id <> holders.first_holder
           ) taken
          WHERE s.line = taken.line AND s.refused_field IS NULL`,
      );
    }
    // New customers have nothing stored to keep: the fields a file does not send are empty either way.
    const created = onlyNewExpected
      ? await insertAsNew(
          run,
          `INSERT INTO customers (external_id, name, phone, email, language, time_zone, birthday)
           SELECT external_id, name, phone, email, language, time_zone, birthday FROM ${STAGED_CUSTOMERS} WHERE refused_field IS NULL`,
          CUSTOMER_KEY,
        )
      : null;
    const flags = OPTIONAL_CUSTOMER_COLUMNS.map((column) => `${sent.includes(column)} AS sends_${column}`).join(', ');
    const merged =
      created !== null
        ? { created, updated: 0 }
        : await mergeCustomers(run, `SELECT ${STAGED_CUSTOMER_COLUMNS.join(', ')}, ${flags} FROM ${STAGED_CUSTOMERS} WHERE refused_field IS NULL`, []);
    const refusals = await refusalsOf(run, `SELECT line, refused_field AS field, refused_value AS value FROM ${STAGED_CUSTOMERS} WHERE refused_field IS NOT NULL`, refusalsToName);
    return { ...merged, refusals, insertedAsNew: created !== null };
  }

  /**
   * Merges the staged purchases of known customers; those naming an unknown customer are refused. `onlyNewExpected`:
   * the chunk is first inserted as purchases never seen before (see `insertAsNew`), falling back to the merge when
   * one is known already or comes twice; `insertedAsNew` says which way it went in.
   */
  async mergeStagedTransactions(
    run: SqlRunner,
    refusalsToName: number,
    onlyNewExpected: boolean,
  ): Promise<BatchResult & { refusals: MergeRefusals; insertedAsNew: boolean }> {
    await run(`ANALYZE ${STAGED_TRANSACTIONS}`);
    const staged = `SELECT ${STAGED_TRANSACTION_COLUMNS.join(', ')} FROM ${STAGED_TRANSACTIONS}`;
    const inserted = onlyNewExpected ? await insertNewTransactions(run, staged) : null;
    const { matched, ...merged } = inserted ? { ...inserted, updated: 0 } : await mergeTransactions(run, staged, []);
    // Looking for the rows of unknown customers reads every customer (a hash of a million rows per chunk): done
    // only when the merge found fewer rows with a customer than the chunk has.
    const [{ count }] = await run(`SELECT count(*)::int AS count FROM ${STAGED_TRANSACTIONS}`);
    const insertedAsNew = inserted !== null;
    if (matched === Number(count)) return { ...merged, refusals: { count: 0, first: [] }, insertedAsNew };
    const refusals = await refusalsOf(
      run,
      `SELECT s.line, 'customer_external_id' AS field, s.customer_external_id AS value FROM ${STAGED_TRANSACTIONS} s
        WHERE NOT EXISTS (SELECT 1 FROM customers c WHERE c.external_id = s.customer_external_id)`,
      refusalsToName,
    );
    return { ...merged, refusals, insertedAsNew };
  }
}

function customerBatchSource(rows: readonly IndexedRow<CheckedCustomer>[]): { source: string; parameters: unknown[] } {
  const given = (value: unknown) => value !== undefined;
  const parameters = [
    rows.map(({ index }) => index),
    rows.map(({ row }) => row.externalId),
    rows.map(({ row }) => row.name),
    rows.map(({ row }) => row.phone ?? null),
    rows.map(({ row }) => row.email ?? null),
    rows.map(({ row }) => row.language ?? null),
    rows.map(({ row }) => row.timeZone ?? null),
    rows.map(({ row }) => row.birthday ?? null),
    rows.map(({ row }) => given(row.phone)),
    rows.map(({ row }) => given(row.email)),
    rows.map(({ row }) => given(row.language)),
    rows.map(({ row }) => given(row.timeZone)),
    rows.map(({ row }) => given(row.birthday)),
  ];
  const source = `SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::date[],
                                      $9::bool[], $10::bool[], $11::bool[], $12::bool[], $13::bool[])
                    AS source(${STAGED_CUSTOMER_COLUMNS.join(', ')}, ${OPTIONAL_CUSTOMER_COLUMNS.map((column) => `sends_${column}`).join(', ')})`;
  return { source, parameters };
}

function transactionBatchSource(rows: readonly IndexedRow<CheckedTransaction>[]): { source: string; parameters: unknown[] } {
  const parameters = [
    rows.map(({ index }) => index),
    rows.map(({ row }) => row.externalId),
    rows.map(({ row }) => row.customerExternalId),
    rows.map(({ row }) => row.occurredAt),
    rows.map(({ row }) => row.amount),
    rows.map(({ row }) => row.product),
    rows.map(({ row }) => row.channel),
  ];
  const source = `SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::timestamptz[], $5::numeric[], $6::text[], $7::text[])
                    AS source(${STAGED_TRANSACTION_COLUMNS.join(', ')})`;
  return { source, parameters };
}

async function conflictsOf(run: SqlRunner, source: string, parameters: unknown[]): Promise<MergeRefusal[]> {
  const found = await run(
    `WITH source AS (${source})
     SELECT s.line, 'phone' AS field, s.phone AS value FROM source s JOIN customers c ON c.phone = s.phone
      WHERE s.sends_phone AND c.external_id IS DISTINCT FROM s.external_id
     UNION ALL
     SELECT s.line, 'email', s.email FROM source s JOIN customers c ON c.email = s.email
      WHERE s.sends_email AND c.external_id IS DISTINCT FROM s.external_id
     ORDER BY 1, 2`,
    parameters,
  );
  return found as unknown as MergeRefusal[];
}

async function refusalsOf(run: SqlRunner, refused: string, first: number): Promise<MergeRefusals> {
  const rows = (await run(
    `SELECT count(*) OVER ()::int AS count, refused.line, refused.field, refused.value
       FROM (${refused}) refused ORDER BY refused.line LIMIT ${Math.max(1, Math.floor(first))}`,
  )) as unknown as (MergeRefusal & { count: number })[];
  // bigint lines come back as strings; a file has far fewer lines than 2^53.
  return { count: rows[0]?.count ?? 0, first: rows.slice(0, first).map(({ line, field, value }) => ({ line: Number(line), field, value })) };
}

/** One statement: the last row of each external id wins; a field the source does not send keeps what is stored. */
async function mergeCustomers(run: SqlRunner, source: string, parameters: unknown[]): Promise<BatchResult> {
  const keepUnsent = (column: string) => `CASE WHEN l.sends_${column} THEN l.${column} ELSE stored.${column} END`;
  const [counts] = await run(
    `WITH source AS (${source}),
     latest AS (SELECT DISTINCT ON (external_id) * FROM source ORDER BY external_id, line DESC),
     merged AS (
       INSERT INTO customers AS c (external_id, name, phone, email, language, time_zone, birthday)
       SELECT l.external_id, l.name, ${OPTIONAL_CUSTOMER_COLUMNS.map(keepUnsent).join(', ')}
         FROM latest l LEFT JOIN customers stored ON stored.external_id = l.external_id
       ON CONFLICT (external_id) DO UPDATE
         SET name = EXCLUDED.name, phone = EXCLUDED.phone, email = EXCLUDED.email, language = EXCLUDED.language,
             time_zone = EXCLUDED.time_zone, birthday = EXCLUDED.birthday, updated_at = now()
       RETURNING (xmax = 0) AS created
     )
     SELECT count(*) FILTER (WHERE created)::int AS created, count(*) FILTER (WHERE NOT created)::int AS updated FROM merged`,
    parameters,
  );
  return { created: Number(counts.created), updated: Number(counts.updated) };
}

/** The keys a plain insert of new rows fails on when a row is known already (or comes twice). */
const CUSTOMER_KEY = 'customers_external_id_key';
const PURCHASE_KEY = 'customer_transactions_pkey';

/**
 * Runs `insert` (an INSERT … SELECT of a chunk) as rows never seen before, in a savepoint, and answers how many went
 * in. A file's first import brings new rows, and a plain insert skips what the merge pays for every row: a search of
 * the key's index before the insert, the stored row read to keep the fields not sent, and a sort of the chunk to
 * keep the last line of each key. A row known already, or listed twice, fails the insert on the key's own
 * uniqueness check: the savepoint is rolled back and null says the chunk needs the merge.
 */
async function insertAsNew(run: SqlRunner, insert: string, key: string): Promise<number | null> {
  await run('SAVEPOINT rows_as_new');
  try {
    const [counts] = await run(`WITH inserted AS (${insert} RETURNING 1) SELECT count(*)::int AS created FROM inserted`);
    await run('RELEASE SAVEPOINT rows_as_new');
    return Number(counts.created);
  } catch (error) {
    if (!isUniqueViolation(error, key)) throw error;
    await run('ROLLBACK TO SAVEPOINT rows_as_new');
    return null;
  }
}

/** The source's purchases of known customers inserted as new ones (see `insertAsNew`), by customer (see below). */
async function insertNewTransactions(run: SqlRunner, source: string): Promise<{ created: number; matched: number } | null> {
  const created = await insertAsNew(
    run,
    `INSERT INTO customer_transactions (external_id, customer_id, occurred_at, amount, product, channel)
     SELECT s.external_id, c.id, s.occurred_at, s.amount, s.product, s.channel
       FROM (${source}) s JOIN customers c ON c.external_id = s.customer_external_id
      ORDER BY c.id`,
    PURCHASE_KEY,
  );
  return created === null ? null : { created, matched: created };
}

/**
 * One statement: purchases of known customers only (the others are refused by the caller); the last row of each
 * external id wins (found by a byte-wise sort: equal ids are equal bytes, and the collation's order is not needed
 * for that). `matched`: the source's rows whose customer exists. The rows go in by customer: the index of each
 * customer's purchases is then written page after page rather than at random, which matters once it is larger
 * than the database's buffers.
 */
async function mergeTransactions(run: SqlRunner, source: string, parameters: unknown[]): Promise<BatchResult & { matched: number }> {
  const [counts] = await run(
    `WITH source AS (${source}),
     known AS (SELECT s.*, c.id AS customer_id FROM source s JOIN customers c ON c.external_id = s.customer_external_id),
     latest AS (SELECT DISTINCT ON (external_id COLLATE "C") * FROM known ORDER BY external_id COLLATE "C", line DESC),
     merged AS (
       INSERT INTO customer_transactions AS t (external_id, customer_id, occurred_at, amount, product, channel)
       SELECT external_id, customer_id, occurred_at, amount, product, channel FROM latest ORDER BY customer_id
       ON CONFLICT (external_id) DO UPDATE
         SET customer_id = EXCLUDED.customer_id, occurred_at = EXCLUDED.occurred_at, amount = EXCLUDED.amount,
             product = EXCLUDED.product, channel = EXCLUDED.channel
       RETURNING (xmax = 0) AS created
     )
     SELECT count(*) FILTER (WHERE created)::int AS created, count(*) FILTER (WHERE NOT created)::int AS updated,
            (SELECT count(*) FROM known)::int AS matched
       FROM merged`,
    parameters,
  );
  return { created: Number(counts.created), updated: Number(counts.updated), matched: Number(counts.matched) };
}

import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource, QueryRunner } from 'typeorm';
import type { BatchResult, RefusedRow } from '@callcentre/shared';
import {
  CustomerSyncRepository,
  STAGED_CUSTOMER_COLUMNS,
  STAGED_CUSTOMERS,
  STAGED_TRANSACTION_COLUMNS,
  STAGED_TRANSACTIONS,
  type MergeRefusal,
  type OptionalCustomerColumn,
  type SqlRunner,
} from '../customers';
import type { CrmImportKind } from './crm-csv';

/** A crm_imports row as read; `running` means an import holds it now (its connection holds the row's lock). */
export interface CrmImportRow {
  id: string;
  kind: CrmImportKind;
  source_name: string;
  source_bytes: string;
  status: 'running' | 'completed' | 'failed';
  lines_done: string;
  bytes_done: string;
  rows_taken: string;
  rows_refused: string;
  refusals: RefusedRow[];
  started_at: Date;
  finished_at: Date | null;
}

/** One chunk of a file, ready to merge: its rows in COPY text, and where the file stands once it is in. */
export interface ChunkToCommit {
  readonly kind: CrmImportKind;
  readonly copyText: string;
  /** Optional customer columns the file has (the others keep what is stored). */
  readonly sentColumns: readonly OptionalCustomerColumn[];
  /** Rows of the chunk that passed the row rules (the merge may still refuse some). */
  readonly checkedRows: number;
  /** Rows of the chunk refused by the row rules. */
  readonly refusedByRules: number;
  /** The first refusals of the whole import so far, this chunk's included, by line. */
  readonly refusals: readonly RefusedRow[];
  readonly refusalsKept: number;
  readonly linesDone: number;
  readonly bytesDone: number;
  /** How a refusal found by the merge reads in the import's list. */
  readonly describe: (refusal: MergeRefusal) => RefusedRow;
}

export interface CommittedChunk extends BatchResult {
  readonly taken: number;
  readonly refused: number;
  readonly refusals: readonly RefusedRow[];
}

/** The import's lock: a session lock, so it ends with the connection if the importing process dies. */
const LOCK_KEY = `hashtextextended('crm_import:' || i.id::text, 0)`;
const IS_RUNNING = `EXISTS (
  SELECT 1 FROM pg_locks l
   WHERE l.locktype = 'advisory' AND l.objsubid = 1 AND l.granted
     AND ((l.classid::bigint << 32) | l.objid::bigint) = ${LOCK_KEY})`;
/** A row left `running` by a process that stopped (no lock held) reads as failed: importing the file again resumes it. */
const COLUMNS = `i.id, i.kind, i.source_name, i.source_bytes, CASE WHEN i.status = 'running' AND NOT ${IS_RUNNING} THEN 'failed' ELSE i.status END AS status,
  i.lines_done, i.bytes_done, i.rows_taken, i.rows_refused, i.refusals, i.started_at, i.finished_at`;

/** All SQL of crm_imports, and the connection each import runs on (its lock, its staging tables, its chunks). */
@Injectable()
export class CrmImportRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sync: CustomerSyncRepository,
  ) {}

  async find(id: string): Promise<CrmImportRow | null> {
    const [row] = await this.dataSource.query(`SELECT ${COLUMNS} FROM crm_imports i WHERE i.id = $1`, [id]);
    return row ?? null;
  }

  recent(limit: number): Promise<CrmImportRow[]> {
    return this.dataSource.query(`SELECT ${COLUMNS} FROM crm_imports i ORDER BY i.started_at DESC LIMIT $1`, [limit]);
  }

  /** A connection of its own for one import, with its staging tables. */
  async openSession(): Promise<CrmImportSession> {
    const runner = this.dataSource.createQueryRunner();
    const client = (await runner.connect()) as PoolClient;
    try {
      for (const sql of this.sync.stagingTablesSql()) await client.query(sql);
    } catch (error) {
      await runner.release();
      throw error;
    }
    return new CrmImportSession(runner, client, this.sync);
  }
}

/** The connection one import runs on: it holds the import's lock and commits each chunk with the import's progress. */
export class CrmImportSession {
  private lockedId: string | null = null;

  constructor(
    private readonly runner: QueryRunner,
    private readonly client: PoolClient,
    private readonly sync: CustomerSyncRepository,
  ) {}

  private readonly run: SqlRunner = async (sql, parameters) => (await this.client.query(sql, parameters as unknown[])).rows;

  /**
   * The latest import of this file, locked for this session, when it did not complete: it resumes. Null when the
   * file was never imported or its latest import completed. Throws `ImportHeldError` while another process runs it.
   */
  async claimUnfinished(kind: CrmImportKind, fingerprint: string): Promise<CrmImportRow | null> {
    const [latest] = await this.run(
      `SELECT i.id, i.status, pg_try_advisory_lock(${LOCK_KEY}) AS locked FROM crm_imports i
        WHERE i.id = (SELECT id FROM crm_imports WHERE kind = $1 AND source_fingerprint = $2 ORDER BY started_at DESC LIMIT 1)`,
      [kind, fingerprint],
    );
    if (!latest) return null;
    if (!latest.locked) throw new ImportHeldError(String(latest.id));
    if (latest.status === 'completed') {
      await this.run(`SELECT pg_advisory_unlock(hashtextextended('crm_import:' || $1::text, 0))`, [latest.id]);
      return null;
    }
    this.lockedId = String(latest.id);
    const [row] = await this.run(`UPDATE crm_imports SET status = 'running', finished_at = NULL, updated_at = now() WHERE id = $1 RETURNING *`, [latest.id]);
    return row as unknown as CrmImportRow;
  }

  /** A new import of a file, locked for this session from the start. */
  async create(input: { kind: CrmImportKind; name: string; bytes: number; fingerprint: string; startedBy: string | null }): Promise<CrmImportRow> {
    const [row] = await this.run(
      `WITH created AS (
         INSERT INTO crm_imports (kind, source_name, source_bytes, source_fingerprint, started_by) VALUES ($1, $2, $3, $4, $5) RETURNING *
       )
       SELECT i.*, pg_try_advisory_lock(${LOCK_KEY}) AS locked FROM created i`,
      [input.kind, input.name, input.bytes, input.fingerprint, input.startedBy],
    );
    this.lockedId = String(row.id);
    return row as unknown as CrmImportRow;
  }

  /**
   * Copies a chunk into the staging table, merges it into customers or purchases, and records how far the file is
   * done, in one transaction: after a crash the import resumes exactly after the last chunk that committed.
   */
  async commitChunk(importId: string, chunk: ChunkToCommit): Promise<CommittedChunk> {
    await this.client.query('BEGIN');
    try {
      // The merge sorts a chunk by external id: in memory rather than on disk.
      await this.client.query(`SET LOCAL work_mem = '64MB'`);
      // The commit need not wait for its WAL to reach the disk: the file's progress commits with the rows, so a
      // commit lost in a crash of the database loses both, and the import resumes before that chunk.
      await this.client.query(`SET LOCAL synchronous_commit = off`);
      // The merge's plan needs the staging table's size and distinct counts, which a small sample gives: ANALYZE
      // of a chunk then takes a tenth of the time.
      await this.client.query(`SET LOCAL default_statistics_target = 10`);
      let merged: BatchResult & { refusals: { count: number; first: MergeRefusal[] } } = { created: 0, updated: 0, refusals: { count: 0, first: [] } };
      const room = chunk.refusalsKept - chunk.refusals.length;
      if (chunk.checkedRows > 0) {
        const [table, columns] = chunk.kind === 'customers' ? [STAGED_CUSTOMERS, STAGED_CUSTOMER_COLUMNS] : [STAGED_TRANSACTIONS, STAGED_TRANSACTION_COLUMNS];
        await pipeline(Readable.from([chunk.copyText]), this.client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`)));
        merged = chunk.kind === 'customers' ? await this.sync.mergeStagedCustomers(this.run, chunk.sentColumns, room) : await this.sync.mergeStagedTransactions(this.run, room);
      }
      const refusals = [...chunk.refusals, ...merged.refusals.first.map(chunk.describe)].sort((a, b) => (a.line ?? 0) - (b.line ?? 0)).slice(0, chunk.refusalsKept);
      const taken = chunk.checkedRows - merged.refusals.count;
      const refused = chunk.refusedByRules + merged.refusals.count;
      await this.run(
        `UPDATE crm_imports SET lines_done = $2, bytes_done = $3, rows_taken = rows_taken + $4, rows_refused = rows_refused + $5, refusals = $6, updated_at = now()
          WHERE id = $1`,
        [importId, chunk.linesDone, chunk.bytesDone, taken, refused, JSON.stringify(refusals)],
      );
      await this.client.query('COMMIT');
      return { created: merged.created, updated: merged.updated, taken, refused, refusals };
    } catch (error) {
      await this.client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  async finish(importId: string, outcome: { status: 'completed'; bytesDone: number } | { status: 'failed' }): Promise<void> {
    await this.run(
      `UPDATE crm_imports SET status = $2, bytes_done = COALESCE($3, bytes_done), finished_at = now(), updated_at = now() WHERE id = $1`,
      [importId, outcome.status, outcome.status === 'completed' ? outcome.bytesDone : null],
    );
  }

  /** Gives the connection back: the lock is let go and the staging tables dropped, so the pool gets it clean. */
  async release(): Promise<void> {
    try {
      if (this.lockedId) await this.run(`SELECT pg_advisory_unlock(hashtextextended('crm_import:' || $1::text, 0))`, [this.lockedId]);
      await this.run(`DROP TABLE IF EXISTS ${STAGED_CUSTOMERS}, ${STAGED_TRANSACTIONS}`);
    } finally {
      await this.runner.release();
    }
  }
}

/** The file's import is running in another process (or request) right now. */
export class ImportHeldError extends Error {
  constructor(readonly importId: string) {
    super(`this file is being imported right now (import ${importId})`);
  }
}

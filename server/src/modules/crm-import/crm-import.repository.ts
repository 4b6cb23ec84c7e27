import { Injectable } from '@nestjs/common';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
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
  /** Each part's own progress when the file is merged in parts (null before its first chunk): see `ChunkToMerge.part`. */
  part_lines_done: string[] | null;
  part_bytes_done: string[] | null;
  rows_taken: string;
  rows_refused: string;
  refusals: RefusedRow[];
  started_at: Date;
  finished_at: Date | null;
}

/**
 * One part of a chunk of a file, copied into the staging table and ready to merge: where the file stands for that
 * part once it is in. A file merged in parts (its rows shared out by external id, each part on connections of its
 * own) records each part's progress; the import's own `lines_done` is the least of them.
 */
export interface ChunkToMerge {
  readonly kind: CrmImportKind;
  /** The part (0-based) and how many parts the file is merged in. */
  readonly part: number;
  readonly parts: number;
  /** Optional customer columns the file has (the others keep what is stored). */
  readonly sentColumns: readonly OptionalCustomerColumn[];
  /** Rows of the chunk that passed the row rules (the merge may still refuse some). */
  readonly checkedRows: number;
  /** Rows of the chunk refused by the row rules. */
  readonly refusedByRules: number;
  /** The chunk's refusals by the row rules (the import keeps the first `refusalsKept` of all, by line). */
  readonly refusals: readonly RefusedRow[];
  readonly refusalsKept: number;
  readonly linesDone: number;
  readonly bytesDone: number;
  /** How a refusal found by the merge reads in the import's list. */
  readonly describe: (refusal: MergeRefusal) => RefusedRow;
  /** The chunk is expected to hold only new rows (the part's last chunk did), so it is tried as such first. */
  readonly onlyNewExpected: boolean;
}

export interface CommittedChunk extends BatchResult {
  readonly taken: number;
  readonly refused: number;
  /** The chunk went in as new rows only (none known before, none listed twice). */
  readonly insertedAsNew: boolean;
}

/** The import's lock: a session lock, so it ends with the connection if the importing process dies. */
const LOCK_KEY = `hashtextextended('crm_import:' || i.id::text, 0)`;
const IS_RUNNING = `EXISTS (
  SELECT 1 FROM pg_locks l
   WHERE l.locktype = 'advisory' AND l.objsubid = 1 AND l.granted
     AND ((l.classid::bigint << 32) | l.objid::bigint) = ${LOCK_KEY})`;
/** A row left `running` by a process that stopped (no lock held) reads as failed: importing the file again resumes it. */
const COLUMNS = `i.id, i.kind, i.source_name, i.source_bytes, CASE WHEN i.status = 'running' AND NOT ${IS_RUNNING} THEN 'failed' ELSE i.status END AS status,
  i.lines_done, i.bytes_done, i.part_lines_done, i.part_bytes_done, i.rows_taken, i.rows_refused, i.refusals, i.started_at, i.finished_at`;

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

  /** VACUUM (ANALYZE) of the table a file of `kind` goes into: its rows marked as committed and visible, and its statistics. */
  async vacuumAndAnalyse(kind: CrmImportKind): Promise<void> {
    await this.dataSource.query(`VACUUM (ANALYZE) ${kind === 'customers' ? 'customers' : 'customer_transactions'}`);
  }

  /** The connection an import runs on (its lock, its progress), with its staging tables. */
  async openSession(): Promise<CrmImportSession> {
    const { runner, client } = await this.stagingConnection();
    return new CrmImportSession(runner, client, this.sync);
  }

  /**
   * One more connection with staging tables of its own: while one connection merges a chunk, the next chunk is
   * copied on the other, so reading the file and merging it overlap.
   */
  async openStaging(): Promise<StagingConnection> {
    const { runner, client } = await this.stagingConnection();
    return new StagingConnection(runner, client, this.sync);
  }

  private async stagingConnection(): Promise<{ runner: QueryRunner; client: PoolClient }> {
    const runner = this.dataSource.createQueryRunner();
    const client = (await runner.connect()) as PoolClient;
    try {
      for (const sql of this.sync.stagingTablesSql()) await client.query(sql);
    } catch (error) {
      await runner.release();
      throw error;
    }
    return { runner, client };
  }
}

/**
 * A chunk being copied into a staging table, row text as the file is read: `write` says when to wait for `drained`
 * (the database takes the rows at its own pace, so what waits is never more than a few buffers).
 */
export interface ChunkCopy {
  write(data: Buffer): boolean;
  drained(): Promise<void>;
}

/**
 * A connection with staging tables: each chunk is a transaction that copies the rows into the staging table, merges
 * them into customers or purchases and records how far the file is done, so that after a crash the import resumes
 * exactly after the last chunk that committed.
 */
export class StagingConnection {
  private copy: { stream: Writable; failure: Error | null } | null = null;

  constructor(
    private readonly runner: QueryRunner,
    protected readonly client: PoolClient,
    private readonly sync: CustomerSyncRepository,
  ) {}

  protected readonly run: SqlRunner = async (sql, parameters) => (await this.client.query(sql, parameters as unknown[])).rows;

  /** Opens a chunk's transaction and its COPY into the staging table of `kind`. */
  async beginChunk(kind: CrmImportKind): Promise<ChunkCopy> {
    await this.client.query('BEGIN');
    // The merge sorts a chunk (by external id, then by customer): in memory rather than on disk.
    await this.client.query(`SET LOCAL work_mem = '128MB'`);
    // The commit need not wait for its WAL to reach the disk: the file's progress commits with the rows, so a
    // commit lost in a crash of the database loses both, and the import resumes before that chunk.
    await this.client.query(`SET LOCAL synchronous_commit = off`);
    // The merge's plan needs the staging table's size and distinct counts, which a small sample gives: ANALYZE
    // of a chunk then takes a tenth of the time.
    await this.client.query(`SET LOCAL default_statistics_target = 10`);
    const [table, columns] = kind === 'customers' ? [STAGED_CUSTOMERS, STAGED_CUSTOMER_COLUMNS] : [STAGED_TRANSACTIONS, STAGED_TRANSACTION_COLUMNS];
    const stream = this.client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
    const copy = { stream: stream as Writable, failure: null as Error | null };
    // Met by `drained` or at the end of the chunk; meanwhile it must not go unhandled.
    stream.on('error', (error: Error) => (copy.failure ??= error));
    this.copy = copy;
    return {
      write: (data) => stream.write(data),
      drained: async () => {
        if (copy.failure) throw copy.failure;
        if (stream.writableNeedDrain) await once(stream, 'drain');
      },
    };
  }

  /** Ends the chunk's COPY, merges its rows and records the file's progress, and commits. */
  async mergeChunk(importId: string, chunk: ChunkToMerge): Promise<CommittedChunk> {
    const copy = this.copy;
    if (!copy) throw new Error('no chunk is being copied on this connection');
    try {
      copy.stream.end();
      await finished(copy.stream);
      this.copy = null;
      let merged: BatchResult & { refusals: { count: number; first: MergeRefusal[] }; insertedAsNew?: boolean } = { created: 0, updated: 0, refusals: { count: 0, first: [] } };
      const room = chunk.refusalsKept - chunk.refusals.length;
      if (chunk.checkedRows > 0) {
        merged =
          chunk.kind === 'customers'
            ? await this.sync.mergeStagedCustomers(this.run, chunk.sentColumns, room, chunk.onlyNewExpected)
            : await this.sync.mergeStagedTransactions(this.run, room, chunk.onlyNewExpected);
      }
      const refusals = [...chunk.refusals, ...merged.refusals.first.map(chunk.describe)];
      const taken = chunk.checkedRows - merged.refusals.count;
      const refused = chunk.refusedByRules + merged.refusals.count;
      // The other parts commit on their own connections: this part's progress goes in its place, the refusals are
      // kept in line order with theirs, and the counts add up (a part waits here while another commits).
      const setPart = (column: string, value: string) =>
        `(SELECT array_agg(CASE WHEN n = $2 THEN ${value} ELSE COALESCE(${column}[n], ${column.replace('part_', '')}) END ORDER BY n) FROM generate_series(1, $3::int) n)`;
      await this.run(
        `UPDATE crm_imports SET part_lines_done = ${setPart('part_lines_done', '$4::bigint')}, part_bytes_done = ${setPart('part_bytes_done', '$5::bigint')},
                rows_taken = rows_taken + $6, rows_refused = rows_refused + $7, updated_at = now(),
                refusals = (SELECT COALESCE(jsonb_agg(kept.refusal ORDER BY kept.line, kept.n), '[]'::jsonb) FROM (
                             SELECT refusal, COALESCE((refusal ->> 'line')::bigint, 0) AS line, n FROM jsonb_array_elements(refusals || $8::jsonb) WITH ORDINALITY AS r(refusal, n)
                              ORDER BY 2, 3 LIMIT $9) kept)
          WHERE id = $1`,
        [importId, chunk.part + 1, chunk.parts, chunk.linesDone, chunk.bytesDone, taken, refused, JSON.stringify(refusals), chunk.refusalsKept],
      );
      // Lines and bytes grow together, so the part that is furthest behind gives both.
      await this.run(
        `UPDATE crm_imports SET lines_done = (SELECT min(done) FROM unnest(part_lines_done) done), bytes_done = (SELECT min(done) FROM unnest(part_bytes_done) done) WHERE id = $1`,
        [importId],
      );
      await this.client.query('COMMIT');
      return { created: merged.created, updated: merged.updated, taken, refused, insertedAsNew: merged.insertedAsNew ?? chunk.onlyNewExpected };
    } catch (error) {
      await this.abandonChunk();
      throw error;
    }
  }

  /** Gives up the chunk being copied or merged: nothing of it stays. */
  async abandonChunk(): Promise<void> {
    const copy = this.copy;
    this.copy = null;
    if (copy && !copy.stream.writableFinished) {
      // A COPY still open is failed (CopyFail) so that the connection can take the ROLLBACK.
      copy.stream.destroy(new Error('import stopped'));
      await finished(copy.stream).catch(() => undefined);
    }
    await this.client.query('ROLLBACK').catch(() => undefined);
  }

  /** Gives the connection back with its staging tables dropped, so the pool gets it clean. */
  async release(): Promise<void> {
    try {
      await this.beforeRelease();
      await this.run(`DROP TABLE IF EXISTS ${STAGED_CUSTOMERS}, ${STAGED_TRANSACTIONS}`);
    } finally {
      await this.runner.release();
    }
  }

  /** What a connection lets go of before it goes back (nothing here; the import's lock on its own one). */
  protected beforeRelease(): Promise<void> {
    return Promise.resolve();
  }
}

/** The connection one import runs on: it holds the import's lock, and copies and merges chunks as the other one does. */
export class CrmImportSession extends StagingConnection {
  private lockedId: string | null = null;

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

  async finish(importId: string, outcome: { status: 'completed'; bytesDone: number } | { status: 'failed' }): Promise<void> {
    await this.run(
      `UPDATE crm_imports SET status = $2, bytes_done = COALESCE($3, bytes_done), finished_at = now(), updated_at = now() WHERE id = $1`,
      [importId, outcome.status, outcome.status === 'completed' ? outcome.bytesDone : null],
    );
  }

  /** The import's lock is let go before the connection goes back to the pool. */
  protected override async beforeRelease(): Promise<void> {
    if (this.lockedId) await this.run(`SELECT pg_advisory_unlock(hashtextextended('crm_import:' || $1::text, 0))`, [this.lockedId]);
  }
}

/** The file's import is running in another process (or request) right now. */
export class ImportHeldError extends Error {
  constructor(readonly importId: string) {
    super(`this file is being imported right now (import ${importId})`);
  }
}

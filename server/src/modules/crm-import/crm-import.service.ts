import { pipeline } from 'node:stream';
import type { CsvError } from 'csv-parse';
import type { CrmImportView, RefusedRow } from '@callcentre/shared';
import { NotFoundDomainError } from '../../common/http/domain-error';
import type { AuditActor, AuditService } from '../audit';
import { checkCustomerRow, checkTransactionRow, type RowProblem } from '../customers';
import { OPTIONAL_CUSTOMER_COLUMNS, type MergeRefusal, type OptionalCustomerColumn } from '../customers';
import { copyLine, CSV_COLUMNS, CSV_OPTIONS, PositionedCsvParser, readHeader, type CrmImportKind, type CsvHeader, type PositionedRecord } from './crm-csv';
import { crmImportErrors } from './crm-import.errors';
import { ImportHeldError, type ChunkCopy, type CrmImportRepository, type CrmImportRow, type CrmImportSession, type StagingConnection } from './crm-import.repository';
import { fingerprintOf, type CsvSource } from './csv-source';

/**
 * Rows merged per transaction: large enough for a chunk's walk of the customers (to find each purchase's customer)
 * to be shared by many rows, small enough that a crash loses little. The rows stream into the database as the file
 * is read, so the import's memory does not grow with the chunk (see BENCHMARKS.md). `--chunk-rows` chooses
 * otherwise.
 */
export const DEFAULT_CHUNK_ROWS = 500_000;
/** A chunk also ends at this much COPY text, whatever its rows, so a file of wide rows keeps chunks of a sane size. */
const CHUNK_TEXT_LIMIT = 128 * 1024 * 1024;
/**
 * Row text handed to the database at a time, written as UTF-8 into a buffer as each row is checked: the rows' text
 * never gathers on the JavaScript heap (a growing string outlived the young generation, and the old one then grew
 * with the file until a full collection).
 */
const COPY_BATCH_BYTES = 64 * 1024;
/** How many refusals an import keeps with their lines (all are counted). */
export const REFUSALS_KEPT = 100;
/**
 * Parts a file is merged in, each on connections of its own: purchases in two (the database's merge is what limits an
 * import, and two merges at once use both processors of a small machine), customers in one (a customer's phone or
 * e-mail must be checked against every other customer of the chunk, so its chunk is merged whole).
 */
export const MERGE_PARTS: Readonly<Record<CrmImportKind, number>> = { customers: 1, transactions: 2 };
/** Connections per part: while one merges a chunk, the next chunk streams into the other's staging table. */
const CONNECTIONS_PER_PART = 2;
/** Imports running at once in one process: each holds up to four database connections of its own. */
export const MAX_RUNNING_IMPORTS = 3;
const PROGRESS_EVERY_ROWS = 5_000;
/**
 * Rows an import run must have written for its table to be vacuumed and analysed as it ends. The first reads of rows
 * just written mark each one as committed (and, with page checksums, log each page whole again), and autovacuum
 * comes round to a large load only later, in the middle of whatever runs next: a value run right after ten million
 * purchases took half as long again (see BENCHMARKS.md). Smaller imports leave that to autovacuum.
 */
export const DEFAULT_TIDY_AFTER_ROWS = 100_000;

export interface CrmImportProgress {
  readonly importId: string;
  readonly sourceBytes: number;
  /** Bytes of the file read, an earlier run's included. */
  readonly bytesRead: number;
  /** The last line read (1-based, the header is line 1). */
  readonly linesRead: number;
  /** Rows read by this run. */
  readonly rowsRead: number;
  /** Rows taken and refused so far, as committed. */
  readonly rowsTaken: number;
  readonly rowsRefused: number;
}

export interface CrmImportOutcome {
  readonly view: CrmImportView;
  /** Customers or purchases this run created, and those it updated (known external ids). */
  readonly created: number;
  readonly updated: number;
  /** Why the import stopped early; null when it completed. Importing the same file again resumes it. */
  readonly error: string | null;
  /** Seconds spent vacuuming and analysing the table after a large import (null when it was not done). */
  readonly tidySeconds: number | null;
}

export interface StartedImport {
  readonly view: CrmImportView;
  /** The first line this run reads when it resumes an earlier, interrupted import of the same file; null otherwise. */
  readonly resumedAtLine: number | null;
  /** Settles when the file is done or the import stopped; never rejects (see `error`). */
  readonly finished: Promise<CrmImportOutcome>;
}

export interface CrmImportOptions {
  /** Who imports, for the audit log. */
  readonly actor: AuditActor;
  /** The member of staff who started it (null for an API key or the command line). */
  readonly startedBy?: string | null;
  readonly chunkRows?: number;
  /** Rows written by this run from which the table is vacuumed and analysed as it ends (`DEFAULT_TIDY_AFTER_ROWS`). */
  readonly tidyAfterRows?: number;
  readonly onProgress?: (progress: CrmImportProgress) => void;
  /** The rows are in, and the table is being vacuumed and analysed. */
  readonly onTidying?: () => void;
}

export function toCrmImportView(row: CrmImportRow): CrmImportView {
  return {
    id: row.id,
    kind: row.kind,
    sourceName: row.source_name,
    status: row.status,
    sourceBytes: Number(row.source_bytes),
    bytesDone: Number(row.bytes_done),
    linesDone: Number(row.lines_done),
    rowsTaken: Number(row.rows_taken),
    rowsRefused: Number(row.rows_refused),
    refusals: row.refusals,
    startedAt: new Date(row.started_at).toISOString(),
    finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null,
  };
}

/** How a refusal of the merge reads in an import's list. */
function describeMergeRefusal(refusal: MergeRefusal): RefusedRow {
  if (refusal.field === 'customer_external_id') return { line: refusal.line, field: refusal.field, message: `no customer has external_id '${refusal.value}'` };
  return { line: refusal.line, field: refusal.field, message: `another customer already has this ${refusal.field}` };
}

/** The CSV column of a row field, for messages that name what the file calls it. */
function columnOf(kind: CrmImportKind, field: string): string {
  return Object.entries(CSV_COLUMNS[kind]).find(([, rowField]) => rowField === field)?.[0] ?? field;
}

/**
 * Imports a CSV file of customers or purchases, from a path (the command line) or an upload (the console), through
 * one implementation: the file streams through csv-parse, each row is checked by the rules of the batch API as it
 * passes and streams (COPY) into a staging table, and every 500,000 rows are merged set-based into the real table, in
 * a transaction that also records how far the file is done. A bad row is refused with its line and never stops the
 * file; memory stays flat whatever its size; the same file imported again after an interruption resumes after the
 * last committed chunk, and once complete, a repeat updates the rows rather than adding them again.
 */
export class CrmImportService {
  private running = 0;

  constructor(
    private readonly repository: CrmImportRepository,
    private readonly audit: AuditService,
  ) {}

  async get(id: string): Promise<CrmImportView> {
    const row = await this.repository.find(id);
    if (!row) throw new NotFoundDomainError('crm_import', id);
    return toCrmImportView(row);
  }

  async recent(limit: number): Promise<CrmImportView[]> {
    return (await this.repository.recent(limit)).map(toCrmImportView);
  }

  /**
   * Checks the header, finds the unfinished import of the same file (it resumes) or starts a new one, and runs it
   * on: the answer comes at once, `finished` settles when the file is done.
   */
  async start(kind: CrmImportKind, source: CsvSource, options: CrmImportOptions): Promise<StartedImport> {
    const header = readHeader(kind, source);
    if ('problem' in header) throw crmImportErrors.badHeader(header.problem);
    if (this.running >= MAX_RUNNING_IMPORTS) throw crmImportErrors.busy(this.running);
    this.running += 1;
    let session: CrmImportSession | undefined;
    try {
      session = await this.repository.openSession();
      const fingerprint = fingerprintOf(source);
      const row =
        (await session.claimUnfinished(kind, fingerprint)) ??
        (await session.create({ kind, name: source.name, bytes: source.bytes, fingerprint, startedBy: options.startedBy ?? null }));
      const resumedAtLine = Number(row.lines_done) > 0 ? Number(row.lines_done) + 1 : null;
      await this.audit.record({
        actor: options.actor,
        action: 'crm_import.started',
        target: { type: 'crm_import', id: row.id },
        details: { kind, name: source.name, bytes: source.bytes, resumedAtLine },
      });
      const claimed = session;
      const finished = this.run(claimed, row, kind, header, source, options).finally(() => {
        this.running -= 1;
      });
      return { view: toCrmImportView({ ...row, status: 'running' }), resumedAtLine, finished };
    } catch (error) {
      this.running -= 1;
      await session?.release();
      if (error instanceof ImportHeldError) throw crmImportErrors.held(error.importId);
      throw error;
    }
  }

  private async run(session: CrmImportSession, row: CrmImportRow, kind: CrmImportKind, header: CsvHeader, source: CsvSource, options: CrmImportOptions): Promise<CrmImportOutcome> {
    const file = new FileProgress(row, kind, header, source, options);
    let error: string | null = null;
    const others: StagingConnection[] = [];
    try {
      const parts = MERGE_PARTS[kind];
      while (others.length < parts * CONNECTIONS_PER_PART - 1) others.push(await this.repository.openStaging());
      const connections = [session, ...others];
      await file.readInto(Array.from({ length: parts }, (_, part) => connections.slice(part * CONNECTIONS_PER_PART, (part + 1) * CONNECTIONS_PER_PART)));
      await session.finish(row.id, { status: 'completed', bytesDone: source.bytes });
    } catch (failure) {
      error = failure instanceof Error ? failure.message : String(failure);
      await session.finish(row.id, { status: 'failed' }).catch(() => undefined);
    } finally {
      for (const other of others) await other.release().catch(() => undefined);
      await session.release().catch(() => undefined);
    }
    const tidySeconds = error ? null : await this.tidy(kind, file.created + file.updated, options);
    // Read back for the outcome; a database gone meanwhile leaves the row as it was last written.
    const stored = await this.repository.find(row.id).catch(() => null);
    const view = stored ? toCrmImportView(stored) : toCrmImportView({ ...row, status: error ? 'failed' : 'completed' });
    await this.audit
      .record({
        actor: options.actor,
        action: error ? 'crm_import.failed' : 'crm_import.completed',
        target: { type: 'crm_import', id: row.id },
        details: { kind, name: source.name, rowsTaken: view.rowsTaken, rowsRefused: view.rowsRefused, created: file.created, updated: file.updated, ...(error ? { error } : {}) },
      })
      .catch(() => undefined);
    return { view, created: file.created, updated: file.updated, error, tidySeconds };
  }

  /** Vacuums and analyses the imported table after a large run; a failure is logged in the outcome's place, not fatal. */
  private async tidy(kind: CrmImportKind, rowsWritten: number, options: CrmImportOptions): Promise<number | null> {
    if (rowsWritten < (options.tidyAfterRows ?? DEFAULT_TIDY_AFTER_ROWS)) return null;
    options.onTidying?.();
    const started = Date.now();
    try {
      await this.repository.vacuumAndAnalyse(kind);
    } catch {
      // The rows are committed; the table is left to autovacuum.
      return null;
    }
    return (Date.now() - started) / 1000;
  }
}

type CopyValues = readonly (string | number | null | undefined)[];

/** A CSV row's fields (by row field name) checked and turned into its staging table's columns, or its problems. */
const STAGED_ROW: Record<CrmImportKind, (input: Record<string, string>, line: number) => { values: CopyValues } | { problems: readonly RowProblem[] }> = {
  customers: (input, line) => {
    const { row, problems } = checkCustomerRow(input);
    return row ? { values: [line, row.externalId, row.name, row.phone, row.email, row.language, row.timeZone, row.birthday] } : { problems };
  },
  transactions: (input, line) => {
    const { row, problems } = checkTransactionRow(input);
    return row ? { values: [line, row.externalId, row.customerExternalId, row.occurredAt, row.amount, row.product, row.channel] } : { problems };
  },
};

/** A part of the chunk being read: the connection its rows stream to, row text not handed over yet, its refusals. */
interface PartChunk {
  readonly part: number;
  readonly connection: StagingConnection;
  readonly copy: ChunkCopy;
  /** Row text not handed over yet: `used` bytes of `batch`. */
  batch: Buffer;
  used: number;
  checkedRows: number;
  refusedRows: number;
  refusals: RefusedRow[];
}

/**
 * The part of a file (of `parts`) an external id belongs to: FNV-1a of its characters, the same on every run, so an
 * import resumed later shares the rows out as the one it resumes did.
 */
export function partOf(externalId: string, parts: number): number {
  if (parts === 1) return 0;
  let hash = 0x811c9dc5;
  for (let index = 0; index < externalId.length; index += 1) hash = Math.imul(hash ^ externalId.charCodeAt(index), 0x01000193);
  return (hash >>> 0) % parts;
}

/**
 * One run over a file: where it stands, and the chunk being read. Each row's COPY text goes to the database as the
 * file is read (waiting whenever the database is behind), into the staging table of its part's connection; a part
 * has two connections used in turn, so that while one merges a chunk, the next one streams into the other. The
 * parts merge at the same time; within a part, chunks merge and commit in file order, one at a time, so an
 * external id that comes twice ends with its later line. Nothing but a few buffers of rows is held.
 */
class FileProgress {
  created = 0;
  updated = 0;
  private readonly startLine: number;
  private readonly startByte: number;
  /** The line up to which each part's rows are in (an earlier run's): those rows are skipped. */
  private readonly partLines: readonly number[];
  private taken: number;
  private refused: number;
  private readonly fields: readonly string[];
  private readonly sentColumns: readonly OptionalCustomerColumn[];
  private readonly chunkRows: number;
  private connections: readonly (readonly StagingConnection[])[] = [];
  private chunksOpened = 0;
  // The chunk being read: its parts, its rows and text so far.
  private open: PartChunk[] | null = null;
  private chunkRowsRead = 0;
  private chunkLength = 0;
  /**
   * Broken rows the parser skipped (a stray quote), by line: the parser reports them ahead of the rows it has
   * read, so each waits for the chunk that holds its line. Only the first ones keep their message.
   */
  private skipped: { line: number; refusal: RefusedRow | null }[] = [];
  private lastLine: number;
  private lastByte: number;
  private rowsRead = 0;
  /** The chunk each part is merging now. */
  private storing: (Promise<void> | null)[] = [];
  /**
   * Per part: whether its next chunk is tried as new rows only. A file's first import brings new ones; once a chunk
   * held a known one (the file imported again), the part merges directly rather than trying each chunk first.
   */
  private onlyNewExpected: boolean[] = [];

  constructor(
    private readonly row: CrmImportRow,
    private readonly kind: CrmImportKind,
    header: CsvHeader,
    private readonly source: CsvSource,
    private readonly options: CrmImportOptions,
  ) {
    this.startLine = Number(row.lines_done);
    this.startByte = Number(row.bytes_done);
    const parts = MERGE_PARTS[kind];
    this.partLines = Array.from({ length: parts }, (_, part) => Number(row.part_lines_done?.[part] ?? row.lines_done));
    this.lastLine = this.startLine;
    this.lastByte = this.startByte;
    this.taken = Number(row.rows_taken);
    this.refused = Number(row.rows_refused);
    this.fields = header.columns.map((column) => CSV_COLUMNS[kind][column]);
    this.sentColumns = OPTIONAL_CUSTOMER_COLUMNS.filter((column) => header.columns.includes(column));
    this.chunkRows = Math.max(1, options.chunkRows ?? DEFAULT_CHUNK_ROWS);
  }

  /** `connections`: per part, the connections it uses in turn. */
  async readInto(connections: readonly (readonly StagingConnection[])[]): Promise<void> {
    this.connections = connections;
    this.storing = connections.map(() => null);
    this.onlyNewExpected = connections.map(() => true);
    const parser = new PositionedCsvParser(CSV_OPTIONS);
    parser.on('skip', (error: CsvError & { lines?: number }) => {
      const line = this.startLine + (error.lines ?? 1);
      // A broken row has no external id to go by: its line chooses its part.
      if (line <= this.partLines[line % this.partLines.length]) return;
      this.skipped.push({ line, refusal: this.skipped.length < REFUSALS_KEPT ? { line, field: 'row', message: error.message } : null });
    });
    // An error of the file (an upload cut off) ends the parser with it rather than leaving it waiting.
    pipeline(this.source.open(this.startByte), parser, () => undefined);
    let header = this.startByte === 0;
    try {
      for await (const { record, lines, bytes } of parser as AsyncIterable<PositionedRecord>) {
        this.lastLine = this.startLine + lines;
        this.lastByte = this.startByte + bytes;
        if (header) {
          header = false;
          continue;
        }
        const chunk = this.open ?? (await this.openChunk());
        const part = this.take(chunk, record, this.lastLine);
        if (part && part.used >= COPY_BATCH_BYTES / 2) await this.hand(part);
        if (this.chunkRowsRead + this.skipped.length >= this.chunkRows || this.chunkLength >= CHUNK_TEXT_LIMIT) await this.commit(false);
        if (++this.rowsRead % PROGRESS_EVERY_ROWS === 0) this.report();
      }
      await this.commit(true);
    } finally {
      // Chunks still merging when reading fails end before the import is marked: their outcome is the import's.
      for (const storing of this.storing) await storing?.catch(() => undefined);
      // A chunk still being read when reading fails is given up: the import resumes before it.
      for (const part of this.open ?? []) await part.connection.abandonChunk();
      this.open = null;
    }
    this.lastByte = this.source.bytes;
    this.report();
  }

  /** Starts the next chunk, each part on its connection whose turn it is (its last chunk has committed by then). */
  private async openChunk(): Promise<PartChunk[]> {
    const turn = this.chunksOpened % CONNECTIONS_PER_PART;
    this.chunksOpened += 1;
    const open: PartChunk[] = [];
    this.open = open;
    for (const [part, connections] of this.connections.entries()) {
      const connection = connections[turn % connections.length];
      open.push({ part, connection, copy: await connection.beginChunk(this.kind), batch: Buffer.allocUnsafe(COPY_BATCH_BYTES), used: 0, checkedRows: 0, refusedRows: 0, refusals: [] });
    }
    this.chunkRowsRead = 0;
    this.chunkLength = 0;
    return open;
  }

  /** Hands a part's row text gathered so far to the database, waiting while it is behind. */
  private async hand(part: PartChunk): Promise<void> {
    if (part.used === 0) return;
    this.send(part);
    await part.copy.drained();
  }

  /** Writes a part's gathered row text to its COPY; the stream keeps the buffer until it is sent, so rows go on in a new one. */
  private send(part: PartChunk): void {
    part.copy.write(part.batch.subarray(0, part.used));
    part.batch = Buffer.allocUnsafe(COPY_BATCH_BYTES);
    part.used = 0;
  }

  /** Checks a row and adds it to its part (null when an earlier run already took it). */
  private take(chunk: PartChunk[], record: string[], line: number): PartChunk | null {
    this.chunkRowsRead += 1;
    if (record.length !== this.fields.length) {
      const part = chunk[line % chunk.length];
      if (line <= this.partLines[part.part]) return null;
      this.refuseRow(part, [{ field: 'row', message: `the row has ${record.length} fields; the header names ${this.fields.length}` }], line);
      return part;
    }
    const input: Record<string, string> = {};
    for (let index = 0; index < record.length; index += 1) input[this.fields[index]] = record[index];
    const part = chunk[partOf((input.externalId ?? '').trim(), chunk.length)];
    if (line <= this.partLines[part.part]) return null;
    const staged = STAGED_ROW[this.kind](input, line);
    if ('problems' in staged) {
      this.refuseRow(part, staged.problems, line);
      return part;
    }
    const text = copyLine(staged.values);
    // A UTF-16 unit is at most 3 bytes of UTF-8: a row that may not fit in what is left follows the rows before it
    // in a buffer of its own, or (longer than a buffer) alone.
    if (text.length * 3 > part.batch.length - part.used && part.used > 0) this.send(part);
    if (text.length * 3 <= part.batch.length) part.used += part.batch.write(text, part.used);
    else part.copy.write(Buffer.from(text));
    this.chunkLength += text.length;
    part.checkedRows += 1;
    return part;
  }

  private refuseRow(part: PartChunk, problems: readonly RowProblem[], line: number): void {
    part.refusedRows += 1;
    for (const problem of problems) {
      if (part.refusals.length >= REFUSALS_KEPT) return;
      const column = columnOf(this.kind, problem.field);
      part.refusals.push({ line, field: column, message: problem.message.replace(problem.field, column) });
    }
  }

  /**
   * Ends the chunk being read and has each part merged once that part's chunk before has committed; the next chunk
   * is read meanwhile, on the other connections. The last one is waited for.
   */
  private async commit(last: boolean): Promise<void> {
    const open = this.open ?? (await this.openChunk());
    for (const part of open) await this.hand(part);
    this.open = null;
    const skippedNow = this.skipped.filter((skip) => last || skip.line <= this.lastLine);
    this.skipped = this.skipped.filter((skip) => !last && skip.line > this.lastLine);
    for (const skip of skippedNow) {
      const part = open[skip.line % open.length];
      part.refusedRows += 1;
      if (skip.refusal) part.refusals.push(skip.refusal);
    }
    const failures: unknown[] = [];
    for (const part of open) {
      try {
        await this.storing[part.part];
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length > 0) {
      // A chunk before failed: this one goes with it, and the import stops there.
      for (const part of open) await part.connection.abandonChunk();
      throw failures[0];
    }
    for (const part of open) {
      const storing = this.store(part, { linesDone: this.lastLine, bytesDone: this.lastByte });
      // Its failure is met at the next chunk or at the end; meanwhile it counts as handled.
      storing.catch(() => undefined);
      this.storing[part.part] = storing;
    }
    if (last) for (const storing of this.storing) await storing;
  }

  /** Merges a part of a chunk and records the part's progress with it, in one transaction. */
  private async store(part: PartChunk, at: { linesDone: number; bytesDone: number }): Promise<void> {
    const committed = await part.connection.mergeChunk(this.row.id, {
      kind: this.kind,
      part: part.part,
      parts: this.connections.length,
      sentColumns: this.sentColumns,
      checkedRows: part.checkedRows,
      refusedByRules: part.refusedRows,
      refusals: part.refusals.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)).slice(0, REFUSALS_KEPT),
      refusalsKept: REFUSALS_KEPT,
      linesDone: at.linesDone,
      bytesDone: at.bytesDone,
      describe: describeMergeRefusal,
      onlyNewExpected: this.onlyNewExpected[part.part],
    });
    this.onlyNewExpected[part.part] = committed.insertedAsNew;
    this.created += committed.created;
    this.updated += committed.updated;
    this.taken += committed.taken;
    this.refused += committed.refused;
    this.report();
  }

  private report(): void {
    this.options.onProgress?.({
      importId: this.row.id,
      sourceBytes: this.source.bytes,
      bytesRead: this.lastByte,
      linesRead: this.lastLine,
      rowsRead: this.rowsRead,
      rowsTaken: this.taken,
      rowsRefused: this.refused,
    });
  }
}

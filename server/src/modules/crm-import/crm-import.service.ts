import { pipeline } from 'node:stream';
import type { CsvError } from 'csv-parse';
import type { CrmImportView, RefusedRow } from '@callcentre/shared';
import { NotFoundDomainError } from '../../common/http/domain-error';
import type { AuditActor, AuditService } from '../audit';
import { checkCustomerRow, checkTransactionRow, type RowProblem } from '../customers';
import { OPTIONAL_CUSTOMER_COLUMNS, type MergeRefusal, type OptionalCustomerColumn } from '../customers';
import { copyLine, CSV_COLUMNS, CSV_OPTIONS, PositionedCsvParser, readHeader, type CrmImportKind, type CsvHeader, type PositionedRecord } from './crm-csv';
import { crmImportErrors } from './crm-import.errors';
import { ImportHeldError, type CrmImportRepository, type CrmImportRow, type CrmImportSession } from './crm-import.repository';
import { fingerprintOf, type CsvSource } from './csv-source';

/**
 * Rows merged per transaction: large enough for COPY to pay off and for a chunk's walk of the customers' external
 * id index to be shared by many rows, small enough that a crash loses little and the import's memory stays near
 * the same for any file (200,000-row chunks merged a third faster at a million customers but doubled peak memory;
 * see BENCHMARKS.md). `--chunk-rows` chooses otherwise.
 */
export const DEFAULT_CHUNK_ROWS = 50_000;
/** A chunk also ends at this much COPY text, whatever its rows, so memory stays flat with wide rows. */
const CHUNK_TEXT_LIMIT = 32 * 1024 * 1024;
/** How many refusals an import keeps with their lines (all are counted). */
export const REFUSALS_KEPT = 100;
/** Imports running at once in one process: each holds a database connection of its own. */
export const MAX_RUNNING_IMPORTS = 4;
const PROGRESS_EVERY_ROWS = 5_000;

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
  readonly onProgress?: (progress: CrmImportProgress) => void;
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
 * passes, and every 200,000 rows are copied (COPY) into a staging table and merged set-based into the real table, in
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
    try {
      await file.readInto(session);
      await session.finish(row.id, { status: 'completed', bytesDone: source.bytes });
    } catch (failure) {
      error = failure instanceof Error ? failure.message : String(failure);
      await session.finish(row.id, { status: 'failed' }).catch(() => undefined);
    } finally {
      await session.release().catch(() => undefined);
    }
    const stored = await this.repository.find(row.id);
    const view = stored ? toCrmImportView(stored) : toCrmImportView({ ...row, status: 'failed' });
    await this.audit
      .record({
        actor: options.actor,
        action: error ? 'crm_import.failed' : 'crm_import.completed',
        target: { type: 'crm_import', id: row.id },
        details: { kind, name: source.name, rowsTaken: view.rowsTaken, rowsRefused: view.rowsRefused, created: file.created, updated: file.updated, ...(error ? { error } : {}) },
      })
      .catch(() => undefined);
    return { view, created: file.created, updated: file.updated, error };
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

/** A chunk gathered from the file, ready to store. */
interface GatheredChunk {
  readonly copyText: string;
  readonly checkedRows: number;
  readonly refusedRows: number;
  readonly refusals: readonly RefusedRow[];
  readonly linesDone: number;
  readonly bytesDone: number;
}

/**
 * One run over a file: where it stands, and the chunk being gathered. While a chunk is merged by the database, the
 * next one is read and checked (two processors at work rather than one waiting for the other); never more than one
 * chunk waits, so memory stays flat.
 */
class FileProgress {
  created = 0;
  updated = 0;
  private readonly startLine: number;
  private readonly startByte: number;
  private taken: number;
  private refused: number;
  /** The first refusals of the import as committed (REFUSALS_KEPT at most). */
  private committedRefusals: RefusedRow[];
  private readonly fields: readonly string[];
  private readonly sentColumns: readonly OptionalCustomerColumn[];
  private readonly chunkRows: number;
  // The chunk being gathered.
  private copyLines: string[] = [];
  private copyLength = 0;
  private checkedRows = 0;
  private refusedByRules = 0;
  private chunkRefusals: RefusedRow[] = [];
  /**
   * Broken rows the parser skipped (a stray quote), by line: the parser reports them ahead of the rows it has
   * read, so each waits for the chunk that holds its line. Only the first ones keep their message.
   */
  private skipped: { line: number; refusal: RefusedRow | null }[] = [];
  private lastLine: number;
  private lastByte: number;
  private rowsRead = 0;
  /** The chunk the database is merging now. */
  private storing: Promise<void> | null = null;

  constructor(
    private readonly row: CrmImportRow,
    private readonly kind: CrmImportKind,
    header: CsvHeader,
    private readonly source: CsvSource,
    private readonly options: CrmImportOptions,
  ) {
    this.startLine = Number(row.lines_done);
    this.startByte = Number(row.bytes_done);
    this.lastLine = this.startLine;
    this.lastByte = this.startByte;
    this.taken = Number(row.rows_taken);
    this.refused = Number(row.rows_refused);
    this.committedRefusals = [...row.refusals];
    this.fields = header.columns.map((column) => CSV_COLUMNS[kind][column]);
    this.sentColumns = OPTIONAL_CUSTOMER_COLUMNS.filter((column) => header.columns.includes(column));
    this.chunkRows = Math.max(1, options.chunkRows ?? DEFAULT_CHUNK_ROWS);
  }

  async readInto(session: CrmImportSession): Promise<void> {
    const parser = new PositionedCsvParser(CSV_OPTIONS);
    parser.on('skip', (error: CsvError & { lines?: number }) => {
      const line = this.startLine + (error.lines ?? 1);
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
        this.take(record, this.lastLine);
        if (this.checkedRows + this.refusedByRules + this.skipped.length >= this.chunkRows || this.copyLength >= CHUNK_TEXT_LIMIT) await this.commit(session, false);
        if (++this.rowsRead % PROGRESS_EVERY_ROWS === 0) this.report();
      }
      await this.commit(session, true);
    } finally {
      // A chunk still merging when reading fails ends before the import is marked: its outcome is the import's.
      await this.storing?.catch(() => undefined);
    }
    this.lastByte = this.source.bytes;
    this.report();
  }

  private take(record: string[], line: number): void {
    if (record.length !== this.fields.length) {
      this.refuseRow([{ field: 'row', message: `the row has ${record.length} fields; the header names ${this.fields.length}` }], line);
      return;
    }
    const input: Record<string, string> = {};
    for (let index = 0; index < record.length; index += 1) input[this.fields[index]] = record[index];
    const staged = STAGED_ROW[this.kind](input, line);
    if ('problems' in staged) {
      this.refuseRow(staged.problems, line);
      return;
    }
    const text = copyLine(staged.values);
    this.copyLines.push(text);
    this.copyLength += text.length;
    this.checkedRows += 1;
  }

  private refuseRow(problems: readonly RowProblem[], line: number): void {
    this.refusedByRules += 1;
    for (const problem of problems) {
      if (this.chunkRefusals.length >= REFUSALS_KEPT) return;
      const column = columnOf(this.kind, problem.field);
      this.chunkRefusals.push({ line, field: column, message: problem.message.replace(problem.field, column) });
    }
  }

  /** Hands the gathered chunk to the database once the one before it is in; the last one is waited for. */
  private async commit(session: CrmImportSession, last: boolean): Promise<void> {
    const skippedNow = this.skipped.filter((skip) => last || skip.line <= this.lastLine);
    this.skipped = this.skipped.filter((skip) => !last && skip.line > this.lastLine);
    const chunk: GatheredChunk = {
      copyText: this.copyLines.join(''),
      checkedRows: this.checkedRows,
      refusedRows: this.refusedByRules + skippedNow.length,
      refusals: [...this.chunkRefusals, ...skippedNow.flatMap((skip) => (skip.refusal ? [skip.refusal] : []))],
      linesDone: this.lastLine,
      bytesDone: this.lastByte,
    };
    this.copyLines = [];
    this.copyLength = 0;
    this.checkedRows = 0;
    this.refusedByRules = 0;
    this.chunkRefusals = [];
    if (this.storing) await this.storing;
    this.storing = this.store(session, chunk);
    // Its failure is met at the next chunk or at the end; meanwhile it counts as handled.
    this.storing.catch(() => undefined);
    if (last) await this.storing;
  }

  /** Merges a chunk and records the file's progress with it, in one transaction. */
  private async store(session: CrmImportSession, chunk: GatheredChunk): Promise<void> {
    const refusals = [...this.committedRefusals, ...chunk.refusals].sort((a, b) => (a.line ?? 0) - (b.line ?? 0)).slice(0, REFUSALS_KEPT);
    const committed = await session.commitChunk(this.row.id, {
      kind: this.kind,
      copyText: chunk.copyText,
      sentColumns: this.sentColumns,
      checkedRows: chunk.checkedRows,
      refusedByRules: chunk.refusedRows,
      refusals,
      refusalsKept: REFUSALS_KEPT,
      linesDone: chunk.linesDone,
      bytesDone: chunk.bytesDone,
      describe: describeMergeRefusal,
    });
    this.created += committed.created;
    this.updated += committed.updated;
    this.taken += committed.taken;
    this.refused += committed.refused;
    this.committedRefusals = [...committed.refusals];
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

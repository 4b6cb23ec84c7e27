import { Parser } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import type { CsvSource } from './csv-source';

export const CRM_IMPORT_KINDS = ['customers', 'transactions'] as const;
export type CrmImportKind = (typeof CRM_IMPORT_KINDS)[number];

/** The columns of each file (the header names them, in any order) and the row field each one fills. */
export const CSV_COLUMNS: Readonly<Record<CrmImportKind, Readonly<Record<string, string>>>> = {
  customers: { external_id: 'externalId', name: 'name', phone: 'phone', email: 'email', language: 'language', time_zone: 'timeZone', birthday: 'birthday' },
  transactions: {
    external_id: 'externalId',
    customer_external_id: 'customerExternalId',
    occurred_at: 'occurredAt',
    amount: 'amount',
    product: 'product',
    channel: 'channel',
  },
};

export const REQUIRED_CSV_COLUMNS: Readonly<Record<CrmImportKind, readonly string[]>> = {
  customers: ['external_id', 'name'],
  transactions: ['external_id', 'customer_external_id', 'occurred_at', 'amount'],
};

/** Options of csv-parse shared by the header and the rows (the row rules trim each value). */
export const CSV_OPTIONS = {
  bom: true,
  skip_empty_lines: true,
  // A row of the wrong width is refused with its line rather than stopping the file.
  relax_column_count: true,
  // A broken row (a stray quote) is refused with its line; the import goes on.
  skip_records_with_error: true,
  // Far beyond a real row: an unclosed quote must not gather the rest of a large file in memory.
  max_record_size: 1024 * 1024,
} as const;

/** The header of a file, checked: its columns in file order. */
export interface CsvHeader {
  readonly columns: readonly string[];
}

/** Reads and checks the header line; returns the problem as a sentence when the file cannot be imported. */
export function readHeader(kind: CrmImportKind, source: CsvSource): CsvHeader | { problem: string } {
  if (source.bytes === 0) return { problem: 'the file is empty: it needs a header line naming its columns' };
  let records: string[][];
  try {
    records = parseSync(source.head, { ...CSV_OPTIONS, skip_records_with_error: false, to_line: 1 }) as string[][];
  } catch (error) {
    return { problem: `the header line cannot be read: ${error instanceof Error ? error.message : String(error)}` };
  }
  const firstLineEnds = source.head.indexOf(0x0a);
  if (firstLineEnds < 0 && source.head.length < source.bytes) return { problem: 'the header line is longer than 64 KiB' };
  const columns = (records[0] ?? []).map((column) => column.trim().toLowerCase());
  const known = CSV_COLUMNS[kind];
  const unknown = columns.filter((column) => !(column in known));
  if (unknown.length > 0) return { problem: `unknown column(s) ${unknown.map((c) => `'${c}'`).join(', ')}; a ${kind} file has ${Object.keys(known).join(', ')}` };
  const repeated = columns.filter((column, index) => columns.indexOf(column) !== index);
  if (repeated.length > 0) return { problem: `column(s) ${[...new Set(repeated)].map((c) => `'${c}'`).join(', ')} appear more than once` };
  const missing = REQUIRED_CSV_COLUMNS[kind].filter((column) => !columns.includes(column));
  if (missing.length > 0) return { problem: `the header lacks the column(s) ${missing.join(', ')} (the first line must name the columns)` };
  return { columns };
}

/** A record with where it ends in the file: its last line (1-based) and the byte after it. */
export interface PositionedRecord {
  readonly record: string[];
  readonly lines: number;
  readonly bytes: number;
}

/**
 * csv-parse giving each record with its line and end byte. Its own `info` option builds a fresh object of a dozen
 * fields per record, which took more than half the parsing time of a large file; the parser's running counters,
 * read as each record is pushed, are the same figures.
 */
export class PositionedCsvParser extends Parser {
  override push(record: unknown, encoding?: BufferEncoding): boolean {
    return super.push(record === null ? null : ({ record: record as string[], lines: this.info.lines, bytes: this.info.bytes } satisfies PositionedRecord), encoding);
  }
}

const ESCAPED = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One row in COPY's text format: tab-separated, `\N` for null, backslash escapes. */
export function copyLine(values: readonly (string | number | null | undefined)[]): string {
  let line = '';
  for (let index = 0; index < values.length; index += 1) {
    const value = values[index];
    if (index > 0) line += '\t';
    if (value === null || value === undefined) line += '\\N';
    else if (typeof value === 'number') line += String(value);
    else line += ESCAPED.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]) : value;
  }
  return `${line}\n`;
}

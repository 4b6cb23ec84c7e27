import { Readable } from 'node:stream';
import archiver from 'archiver';
import type { Response } from 'express';
import { type AgentReportRow, NOT_READY_REASONS, type QueueReportRow, type ReportMeta } from '@callcentre/shared';
import { columnLetters } from './reports.repository';

type Cell = string | number | null;
export interface ReportColumn<Row> {
  readonly header: string;
  readonly value: (row: Row) => Cell;
}

const own = <Row>(key: keyof Row & string): ReportColumn<Row> => ({ header: key, value: (row) => row[key] as Cell });

export const QUEUE_COLUMNS: readonly ReportColumn<QueueReportRow>[] = (
  [
    'queueCode', 'queueName', 'local', 'start', 'end', 'offered', 'answered', 'answeredWithinThreshold', 'abandoned', 'shortAbandoned',
    'longAbandoned', 'overflowedOut', 'transferredOut', 'requeued', 'completed', 'handled', 'serviceLevelAnsweredOnly',
    'serviceLevelAbandonsInDenominator', 'serviceLevelShortAbandonsMet', 'asaSeconds', 'ahtSeconds', 'abandonRate',
    'complaintsOpened', 'complaintsClosed', 'complaintsClosedWithinDeadline', 'satisfaction', 'surveysAnswered', 'emailsReplied', 'emailsWithinPromise',
    'callsEnded', 'talkSeconds', 'holdSeconds', 'averageTalkSeconds', 'averageHoldSeconds', 'callsWithHold',
  ] as const
).map((key) => own<QueueReportRow>(key));

export const AGENT_COLUMNS: readonly ReportColumn<AgentReportRow>[] = [
  ...(
    [
      'agentName', 'teamName', 'local', 'start', 'end', 'answered', 'handled', 'transferredOut', 'ahtSeconds', 'occupancy', 'signedInSeconds',
      'availableSeconds', 'reservedSeconds', 'busySeconds', 'wrapUpSeconds', 'notReadySeconds',
    ] as const
  ).map((key) => own<AgentReportRow>(key)),
  ...[...NOT_READY_REASONS, 'unknown' as const].map((reason) => ({ header: `notReady.${reason}`, value: (row: AgentReportRow) => row.notReadyByReason[reason] ?? 0 })),
  ...(['satisfaction', 'surveysAnswered', 'callsEnded', 'talkSeconds', 'holdSeconds', 'averageTalkSeconds', 'averageHoldSeconds', 'callsWithHold'] as const).map((key) => own<AgentReportRow>(key)),
];

/** One CSV field (RFC 4180); a text that a spreadsheet would read as a formula gets a leading apostrophe. */
export function csvField(cell: Cell): string {
  if (cell === null) return '';
  let text = String(cell);
  if (typeof cell === 'string' && /^[=+\-@]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Writes a chunk; false once the client has gone. Waits while the socket's buffer is full, so a large report never
 * sits whole in memory and PostgreSQL is held back to the client's pace.
 */
function write(response: Response, chunk: string | Buffer): Promise<boolean> | boolean {
  if (response.destroyed) return false;
  if (response.write(chunk)) return true;
  return new Promise((resolve) => {
    const done = () => {
      response.off('drain', done);
      response.off('close', done);
      resolve(!response.destroyed);
    };
    response.on('drain', done);
    response.on('close', done);
  });
}

const filenameOf = (name: string, meta: ReportMeta) => `${name}-${meta.interval}-${meta.from.slice(0, 10)}`;

/**
 * Sends a report as JSON (`{ ...meta, rows: [...] }`) or CSV (a header line of `columns`, then a line per row), its
 * rows as the database wrote them (JSON objects joined by commas, or CSV lines), streamed as they come. Nothing is
 * sent before the first rows are read, so a failing read is answered as an error; one failing later cuts the
 * response short rather than ending it as if whole.
 */
export async function sendReportText<Row>(response: Response, format: 'json' | 'csv', name: string, meta: ReportMeta, columns: readonly ReportColumn<Row>[], rows: AsyncIterable<Buffer>): Promise<void> {
  const iterator = rows[Symbol.asyncIterator]();
  let next = await iterator.next();
  if (format === 'json') {
    response.setHeader('Content-Type', 'application/json; charset=utf-8');
    await write(response, `${JSON.stringify(meta).slice(0, -1)},"rows":[`);
  } else {
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', `attachment; filename="${filenameOf(name, meta)}.csv"`);
    await write(response, columns.map((column) => csvField(column.header)).join(',') + '\r\n');
  }
  try {
    while (!next.done) {
      if (!(await write(response, next.value))) {
        await iterator.return?.();
        return;
      }
      next = await iterator.next();
    }
  } catch (error) {
    response.destroy(error as Error);
    return;
  }
  response.end(format === 'json' ? ']}' : undefined);
}

const ROWS_PER_CHUNK = 500;

/**
 * Sends rows built here as JSON (`{ ...meta, rows: [...] }`) or CSV (a header line, then a line per row), streamed
 * in chunks.
 */
export async function sendReport<Row>(response: Response, format: 'json' | 'csv', name: string, meta: ReportMeta, columns: readonly ReportColumn<Row>[], rows: readonly Row[]): Promise<void> {
  if (format === 'json') {
    response.setHeader('Content-Type', 'application/json; charset=utf-8');
    await write(response, `${JSON.stringify(meta).slice(0, -1)},"rows":[`);
    for (let i = 0; i < rows.length; i += ROWS_PER_CHUNK) {
      const part = rows.slice(i, i + ROWS_PER_CHUNK).map((row) => JSON.stringify(row)).join(',');
      await write(response, (i > 0 ? ',' : '') + part);
    }
    response.end(']}');
    return;
  }
  response.setHeader('Content-Type', 'text/csv; charset=utf-8');
  response.setHeader('Content-Disposition', `attachment; filename="${filenameOf(name, meta)}.csv"`);
  await write(response, columns.map((column) => csvField(column.header)).join(',') + '\r\n');
  for (let i = 0; i < rows.length; i += ROWS_PER_CHUNK) {
    const lines = rows.slice(i, i + ROWS_PER_CHUNK).map((row) => columns.map((column) => csvField(column.value(row))).join(',') + '\r\n');
    await write(response, lines.join(''));
  }
  response.end();
}

/**
 * Deflate level of the sheet: the fastest. A sheet's XML repeats itself so much that level 1 already makes it about
 * ten times smaller, and a higher level costs the server far more time than it saves in bytes.
 */
const XLSX_DEFLATE_LEVEL = 1;

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const SPREADSHEET_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELATIONSHIPS_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** Text as XML character data (a header or sheet name: `&`, `<`, `>` and `"` as entities). */
export function xmlText(text: string): string {
  return text.replace(/[&<>"]/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[char] as string);
}

/** The parts of a one-sheet workbook but the sheet itself (ECMA-376: content types, relationships, workbook, styles). */
function workbookParts(sheetName: string): Array<[string, string]> {
  return [
    [
      '[Content_Types].xml',
      `${XML_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
        '</Types>',
    ],
    [
      '_rels/.rels',
      `${XML_DECLARATION}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
        '</Relationships>',
    ],
    [
      'xl/workbook.xml',
      `${XML_DECLARATION}<workbook xmlns="${SPREADSHEET_NS}" xmlns:r="${RELATIONSHIPS_NS}">` +
        `<sheets><sheet name="${xmlText(sheetName)}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ],
    [
      'xl/_rels/workbook.xml.rels',
      `${XML_DECLARATION}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>' +
        '</Relationships>',
    ],
    [
      'xl/styles.xml',
      `${XML_DECLARATION}<styleSheet xmlns="${SPREADSHEET_NS}">` +
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
        '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
        '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>' +
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
        '</styleSheet>',
    ],
  ];
}

/** The sheet's XML: the header row (row 1, the columns' names as text), the rows as PostgreSQL wrote them, the end. */
async function* sheetXml(header: readonly string[], first: Buffer, rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer | string> {
  const cells = header.map((name, index) => `<c r="${columnLetters(index)}1" t="inlineStr"><is><t>${xmlText(name)}</t></is></c>`).join('');
  yield `${XML_DECLARATION}<worksheet xmlns="${SPREADSHEET_NS}" xmlns:r="${RELATIONSHIPS_NS}"><sheetData><row r="1">${cells}</row>`;
  try {
    yield first;
    for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
  } finally {
    // Stopped early (the client went away): the read is ended too.
    await rest.return?.();
  }
  yield '</sheetData></worksheet>';
}

/**
 * Sends a report as an XLSX workbook of one sheet: a header row of `columns`, then the rows as the database wrote
 * them (sheet XML, `<row>` by `<row>`), zipped as they come (deflate at its fastest level) and streamed. As
 * `sendReportText`, nothing is sent before the first rows are read, and a read failing later cuts the response short.
 */
export async function sendReportXlsx<Row>(response: Response, name: string, meta: ReportMeta, columns: readonly ReportColumn<Row>[], rows: AsyncIterable<Buffer>): Promise<void> {
  const iterator = rows[Symbol.asyncIterator]();
  const first = await iterator.next();
  response.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  response.setHeader('Content-Disposition', `attachment; filename="${filenameOf(name, meta)}.xlsx"`);
  const sheet = Readable.from(sheetXml(columns.map((column) => column.header), first.done ? Buffer.alloc(0) : first.value, iterator), { objectMode: false });
  const zip = archiver('zip', { zlib: { level: XLSX_DEFLATE_LEVEL } });
  await new Promise<void>((resolve) => {
    const stop = (error?: Error) => {
      sheet.destroy();
      zip.abort();
      if (!response.destroyed) response.destroy(error);
      resolve();
    };
    sheet.once('error', stop);
    zip.once('error', stop);
    response.once('close', () => (response.writableFinished ? resolve() : stop()));
    zip.pipe(response);
    for (const [path, text] of workbookParts(name)) zip.append(text, { name: path });
    zip.append(sheet, { name: 'xl/worksheets/sheet1.xml' });
    void zip.finalize().catch(stop);
  });
}

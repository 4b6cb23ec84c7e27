import type { Response } from 'express';
import ExcelJS from 'exceljs';
import { type AgentReportRow, NOT_READY_REASONS, type QueueReportRow, type ReportFormat, type ReportMeta } from '@callcentre/shared';

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
      'agentName', 'local', 'start', 'end', 'answered', 'handled', 'transferredOut', 'ahtSeconds', 'occupancy', 'signedInSeconds',
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
 * Sends rows built here in the format asked for, streamed: JSON (`{ ...meta, rows: [...] }`), CSV (a header line, then
 * a line per row) or an XLSX workbook written by exceljs's streaming writer (one sheet, a row committed at a time).
 */
export async function sendReport<Row>(response: Response, format: ReportFormat, name: string, meta: ReportMeta, columns: readonly ReportColumn<Row>[], rows: readonly Row[]): Promise<void> {
  const filename = filenameOf(name, meta);
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
  if (format === 'csv') {
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', `attachment; filename="${filename}.csv"`);
    await write(response, columns.map((column) => csvField(column.header)).join(',') + '\r\n');
    for (let i = 0; i < rows.length; i += ROWS_PER_CHUNK) {
      const lines = rows.slice(i, i + ROWS_PER_CHUNK).map((row) => columns.map((column) => csvField(column.value(row))).join(',') + '\r\n');
      await write(response, lines.join(''));
    }
    response.end();
    return;
  }
  response.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  response.setHeader('Content-Disposition', `attachment; filename="${filename}.xlsx"`);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: response, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet(name);
  sheet.addRow(columns.map((column) => column.header)).commit();
  for (const row of rows) sheet.addRow(columns.map((column) => column.value(row))).commit();
  sheet.commit();
  await workbook.commit();
}

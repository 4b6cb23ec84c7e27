import { Readable } from 'node:stream';
import { copyLine, CSV_OPTIONS, PositionedCsvParser, readHeader, type PositionedRecord } from './crm-csv';
import { fingerprintOf, streamSource, type CsvSource } from './csv-source';

const sourceOf = (text: string): CsvSource => {
  const buffer = Buffer.from(text);
  return { name: 'file.csv', bytes: buffer.length, head: buffer, open: (offset) => Readable.from([buffer.subarray(offset)]) };
};

async function records(text: string, offset = 0): Promise<{ records: PositionedRecord[]; skipped: number[] }> {
  const parser = new PositionedCsvParser(CSV_OPTIONS);
  const skipped: number[] = [];
  parser.on('skip', (error: { lines?: number }) => skipped.push(error.lines ?? 0));
  Readable.from([Buffer.from(text).subarray(offset)]).pipe(parser);
  const found: PositionedRecord[] = [];
  for await (const record of parser as AsyncIterable<PositionedRecord>) found.push(record);
  return { records: found, skipped };
}

describe('CSV files of customers and purchases', () => {
  it('reads the header in any order and any case, and refuses unknown, repeated or missing columns', () => {
    expect(readHeader('customers', sourceOf('Name, External_ID ,phone\nAnn,A,\n'))).toEqual({ columns: ['name', 'external_id', 'phone'] });
    expect(readHeader('customers', sourceOf('external_id,name,colour\n'))).toEqual({ problem: expect.stringContaining("unknown column(s) 'colour'") });
    expect(readHeader('customers', sourceOf('external_id,name,name\n'))).toEqual({ problem: "column(s) 'name' appear more than once" });
    expect(readHeader('transactions', sourceOf('external_id,amount\n'))).toEqual({ problem: expect.stringContaining('lacks the column(s) customer_external_id, occurred_at') });
    expect(readHeader('customers', sourceOf(''))).toEqual({ problem: expect.stringContaining('empty') });
  });

  it('gives each record with its line and the byte after it, blank lines and a byte-order mark included', async () => {
    const text = '\uFEFFexternal_id,name\r\nA,Ann\r\n\r\nB,"Bo\nBrown"\r\nC,Cy';
    const { records: found } = await records(text);
    expect(found.map(({ record, lines, bytes }) => [record, lines, bytes])).toEqual([
      [['external_id', 'name'], 1, 21],
      [['A', 'Ann'], 2, 28],
      [['B', 'Bo\nBrown'], 5, 44],
      [['C', 'Cy'], 6, Buffer.byteLength(text)],
    ]);
    // Read again from the end of a record, the rest gives the same lines counted from there.
    const rest = await records(text, 28);
    expect(rest.records.map(({ record, lines }) => [record[0], lines + 2])).toEqual([
      ['B', 5],
      ['C', 6],
    ]);
  });

  it('skips a broken record with its line and reads on', async () => {
    const { records: found, skipped } = await records('external_id,name\nA,An"n\nB,Bo\n');
    expect(found.map(({ record }) => record[0])).toEqual(['external_id', 'B']);
    expect(skipped).toEqual([2]);
  });

  it('writes COPY text with nulls and escapes', () => {
    expect(copyLine([3, 'a\tb', null, 'back\\slash\nnew', undefined])).toBe('3\ta\\tb\t\\N\tback\\\\slash\\nnew\t\\N\n');
  });

  it('streams an upload from any byte after reading its head, and fingerprints it by name, size and head', async () => {
    const chunks = ['external_id,name\n', 'A,Ann\n', 'B,Bo\n'].map((chunk) => Buffer.from(chunk));
    const upload = await streamSource('upload.csv', 28, Readable.from(chunks));
    expect(upload.head.toString()).toBe('external_id,name\nA,Ann\nB,Bo\n');
    const rest: Buffer[] = [];
    for await (const chunk of upload.open(23)) rest.push(chunk as Buffer);
    expect(Buffer.concat(rest).toString()).toBe('B,Bo\n');
    expect(() => upload.open(0)).toThrow('only once');

    const same = await streamSource('upload.csv', 28, Readable.from(chunks));
    const renamed = await streamSource('other.csv', 28, Readable.from(chunks));
    expect(fingerprintOf(same)).toBe(fingerprintOf(upload));
    expect(fingerprintOf(renamed)).not.toBe(fingerprintOf(upload));
  });
});

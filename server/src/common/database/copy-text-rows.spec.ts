import { Readable } from 'node:stream';
import { CopyTextRows } from './copy-text-rows';

/** A binary COPY of one text column, as PostgreSQL sends it: signature, flags, extension, rows, trailer. */
function binaryCopy(rows: readonly string[], extension = Buffer.alloc(0)): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(extension.length, 4);
  const parts = [Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), header, extension];
  for (const row of rows) {
    const text = Buffer.from(row, 'utf8');
    const frame = Buffer.alloc(6);
    frame.writeInt16BE(1, 0);
    frame.writeInt32BE(text.length, 2);
    parts.push(frame, text);
  }
  parts.push(Buffer.from([0xff, 0xff]));
  return Buffer.concat(parts);
}

async function collect(chunks: readonly Buffer[], separator: string): Promise<string> {
  const out: Buffer[] = [];
  for await (const chunk of Readable.from(chunks).pipe(new CopyTextRows(separator))) out.push(chunk as Buffer);
  return Buffer.concat(out).toString('utf8');
}

describe('CopyTextRows', () => {
  const rows = ['{"name":"a\\"b"}', '{"name":"☎ \\u0001 \\\\"}', '', 'line, with "quotes"\r\n'];

  it('gives the rows as written, joined by the separator, however the COPY is cut into chunks', async () => {
    const copy = binaryCopy(rows, Buffer.from('ext'));
    expect(await collect([copy], ',')).toBe(rows.join(','));
    for (let size = 1; size <= 9; size++) {
      const chunks: Buffer[] = [];
      for (let at = 0; at < copy.length; at += size) chunks.push(copy.subarray(at, at + size));
      expect(await collect(chunks, ',')).toBe(rows.join(','));
      expect(await collect(chunks, '')).toBe(rows.join(''));
    }
  });

  it('gives nothing for no rows', async () => {
    expect(await collect([binaryCopy([])], ',')).toBe('');
  });

  it('refuses what is not one text column of a whole binary COPY', async () => {
    await expect(collect([Buffer.from('id\tname\n1\tfirst row of a text COPY\n')], ',')).rejects.toThrow('not a binary COPY');
    await expect(collect([binaryCopy(rows).subarray(0, 30)], ',')).rejects.toThrow('ended inside a row');
    const twoColumns = binaryCopy(['x']);
    twoColumns.writeInt16BE(2, 19);
    await expect(collect([twoColumns], ',')).rejects.toThrow('2 columns');
  });
});

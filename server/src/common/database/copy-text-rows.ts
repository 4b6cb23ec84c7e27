import { Transform, type TransformCallback } from 'node:stream';

/** The 11-byte signature, then 4 bytes of flags and the 4-byte length of the header extension. */
const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const HEADER_BYTES = SIGNATURE.length + 8;
/** Rows are passed on in batches of about this many bytes: a slow query arrives a row or two per read. */
const BATCH_BYTES = 64 * 1024;

/**
 * Turns the output of `COPY (SELECT <one text column>) TO STDOUT (FORMAT binary)` into the rows' bytes as PostgreSQL
 * wrote them, joined by `separator`: binary COPY frames each value by its length, so nothing in the text is escaped
 * and no byte needs decoding here. Rows go out in chunks of about 64 KB (the last one smaller), so a query that
 * writes its rows slowly does not cost a write to the client per row.
 */
export class CopyTextRows extends Transform {
  private readonly separator: Buffer;
  private pending: Buffer = Buffer.alloc(0);
  private headerDone = false;
  private rows = 0;
  private ended = false;
  private batch: Buffer[] = [];
  private batchBytes = 0;

  constructor(separator = '') {
    super();
    this.separator = Buffer.from(separator, 'utf8');
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    const data = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    let at = 0;
    if (!this.headerDone) {
      if (data.length < HEADER_BYTES) {
        this.pending = data;
        return callback();
      }
      if (!data.subarray(0, SIGNATURE.length).equals(SIGNATURE)) return callback(new Error('not a binary COPY'));
      const extension = data.readUInt32BE(SIGNATURE.length + 4);
      if (data.length < HEADER_BYTES + extension) {
        this.pending = data;
        return callback();
      }
      at = HEADER_BYTES + extension;
      this.headerDone = true;
    }
    const parts = this.batch;
    while (!this.ended && data.length - at >= 2) {
      const fields = data.readInt16BE(at);
      if (fields === -1) {
        this.ended = true;
        at += 2;
        break;
      }
      if (fields !== 1) return callback(new Error(`a binary COPY row of ${fields} columns, not 1`));
      if (data.length - at < 6) break;
      const length = data.readInt32BE(at + 2);
      if (length < 0) return callback(new Error('a binary COPY row with a null value'));
      if (data.length - at < 6 + length) break;
      if (this.rows > 0 && this.separator.length > 0) {
        parts.push(this.separator);
        this.batchBytes += this.separator.length;
      }
      parts.push(data.subarray(at + 6, at + 6 + length));
      this.batchBytes += length;
      this.rows += 1;
      at += 6 + length;
    }
    this.pending = data.subarray(at);
    if (this.batchBytes >= BATCH_BYTES) this.pushBatch();
    callback();
  }

  override _flush(callback: TransformCallback): void {
    if (!this.ended || this.pending.length > 0) return callback(new Error('the binary COPY ended inside a row'));
    this.pushBatch();
    callback();
  }

  private pushBatch(): void {
    if (this.batch.length > 0) this.push(Buffer.concat(this.batch, this.batchBytes));
    this.batch = [];
    this.batchBytes = 0;
  }
}

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable } from 'node:stream';

/** How much of a file names it (with its name and size) and must hold its header line. */
export const HEAD_BYTES = 64 * 1024;

/**
 * A CSV file to import, from a path or from an upload: its name and size, its first bytes (its header and its
 * fingerprint), and the rest from any byte on, so that an interrupted import can go on where it stopped.
 */
export interface CsvSource {
  readonly name: string;
  readonly bytes: number;
  readonly head: Buffer;
  /** The file from byte `offset` on. */
  open(offset: number): Readable;
}

/**
 * What tells one file from another: its name, its size and its first 64 KiB. The same file imported again after an
 * interruption has the same fingerprint, so its import resumes; an edited file almost always changes one of them.
 */
export function fingerprintOf(source: CsvSource): string {
  return createHash('sha256').update(`${source.name}\u0000${source.bytes}\u0000`).update(source.head).digest('hex');
}

/** A file on disk: read again from any offset. */
export async function fileSource(path: string): Promise<CsvSource> {
  const { size } = await stat(path);
  const handle = await open(path, 'r');
  let head: Buffer;
  try {
    const buffer = Buffer.alloc(Math.min(HEAD_BYTES, size));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    head = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  return { name: basename(path), bytes: size, head, open: (offset) => createReadStream(path, { start: offset, highWaterMark: 256 * 1024 }) };
}

/**
 * How long an upload may send nothing while the import waits for it. An upload has no overall time limit (a large
 * file over a slow link takes what it takes); one that stalls this long is cut, and the same file sent again resumes.
 */
export const CRM_UPLOAD_IDLE_MS = 120_000;

/**
 * A file arriving as a stream (an upload) of a known size: its head is read at once, the rest once, as it arrives.
 * Resuming skips what an earlier import already took (it has to arrive all the same).
 */
export async function streamSource(name: string, bytes: number, stream: Readable, idleMs = CRM_UPLOAD_IDLE_MS): Promise<CsvSource> {
  const chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const received: Buffer[] = [];
  let length = 0;
  while (length < HEAD_BYTES) {
    const next = await chunks.next();
    if (next.done) break;
    const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
    received.push(chunk);
    length += chunk.length;
  }
  const start = Buffer.concat(received);
  let opened = false;
  return {
    name,
    bytes,
    head: start.subarray(0, HEAD_BYTES),
    open(offset: number): Readable {
      if (opened) throw new Error('an uploaded file can be read only once');
      opened = true;
      const cutOff = (received: number) => new Error(`the upload stopped after ${received} of ${bytes} bytes; send the same file again to resume`);
      async function* rest(): AsyncGenerator<Buffer> {
        let skip = offset;
        let received = start.length;
        if (skip < start.length) yield start.subarray(skip);
        skip = Math.max(0, skip - start.length);
        for (;;) {
          let next: IteratorResult<Buffer>;
          let idle: NodeJS.Timeout | undefined;
          try {
            next = await Promise.race([
              chunks.next(),
              new Promise<never>((_, reject) => {
                idle = setTimeout(() => reject(new Error('idle')), idleMs);
              }),
            ]);
          } catch {
            stream.destroy();
            throw cutOff(received);
          } finally {
            clearTimeout(idle);
          }
          if (next.done) {
            if (received < bytes) throw cutOff(received);
            return;
          }
          const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
          received += chunk.length;
          if (skip >= chunk.length) {
            skip -= chunk.length;
            continue;
          }
          yield skip > 0 ? chunk.subarray(skip) : chunk;
          skip = 0;
        }
      }
      return Readable.from(rest(), { objectMode: false });
    },
  };
}

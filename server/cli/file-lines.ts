import { createReadStream } from 'node:fs';

/**
 * The lines of a file (LF or CRLF), a batch per 1 MiB read: a million-line audit export is
 * then not a million awaits, as with node:readline. Lines are split as bytes and decoded one
 * by one, so a non-ASCII character makes only its own line a two-byte string, not the chunk.
 */
export async function* fileLineBatches(file: string): AsyncGenerator<string[]> {
  let rest: Buffer | null = null;
  for await (const read of createReadStream(file, { highWaterMark: 1 << 20 })) {
    const chunk: Buffer = rest ? Buffer.concat([rest, read as Buffer]) : (read as Buffer);
    const batch: string[] = [];
    let start = 0;
    for (let end = chunk.indexOf(10); end !== -1; end = chunk.indexOf(10, start)) {
      batch.push(chunk.toString('utf8', start, end > start && chunk[end - 1] === 13 ? end - 1 : end));
      start = end + 1;
    }
    rest = start < chunk.length ? chunk.subarray(start) : null;
    if (batch.length > 0) yield batch;
  }
  if (rest) yield [rest.toString('utf8')];
}

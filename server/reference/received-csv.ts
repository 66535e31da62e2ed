import { createHash } from 'node:crypto';
import { textBodyDecoder } from '@/server/validation/text-checks';

/** A reference CSV as it came in: its text and the SHA-256 (lower-case hex) of its exact bytes. */
export interface ReceivedCsv {
  text: string;
  sha256: string;
}

/**
 * Reads an uploaded CSV chunk by chunk, hashing each chunk as it arrives and decoding it as
 * strict UTF-8, so the bytes are never held whole. The digest covers exactly what was sent
 * (byte-order mark and line ends included), not the rows parsed from it: an auditor can
 * hash the file they hold and compare.
 */
export async function receiveCsv(chunks: AsyncIterable<Uint8Array>): Promise<ReceivedCsv> {
  const hash = createHash('sha256');
  const decoder = textBodyDecoder('The CSV file');
  for await (const chunk of chunks) {
    hash.update(chunk);
    decoder.push(chunk);
  }
  return { text: decoder.end(), sha256: hash.digest('hex') };
}

/** CSV text held in process (seed data, tests): digested as its UTF-8 encoding, the bytes it would be sent as. */
export function csvFromText(text: string): ReceivedCsv {
  return { text, sha256: createHash('sha256').update(text, 'utf8').digest('hex') };
}

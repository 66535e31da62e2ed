import { createGunzip } from 'node:zlib';
import { AppError } from '@/server/errors/app-error';
import { boundedChunks } from '@/server/rest/raw-body';
import { parseJsonText } from '@/server/validation/text-checks';

// Request bodies of the traffic endpoints: larger than the generic 1 MiB JSON limit
// (10,000 events), optionally gzip-compressed. Both sizes are enforced while streaming,
// so neither an endless upload nor a gzip bomb is ever held in memory.

export const MAX_COMPRESSED_BYTES = 16 * 1024 * 1024;
export const MAX_DECOMPRESSED_BYTES = 32 * 1024 * 1024;

const MIB = 1024 * 1024;

function tooLarge(what: string, limit: number): AppError {
  return new AppError('payload_too_large', `The ${what} body exceeds ${limit / MIB} MiB; send smaller batches.`);
}

function chunksOf(body: ReadableStream<Uint8Array>, limit: number, what: string): AsyncGenerator<Uint8Array> {
  return boundedChunks(body, limit, () => tooLarge(what, limit));
}

async function readPlain(body: ReadableStream<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of chunksOf(body, MAX_DECOMPRESSED_BYTES, 'request')) chunks.push(chunk);
  return Buffer.concat(chunks);
}

async function readGzip(body: ReadableStream<Uint8Array>): Promise<Buffer> {
  const gunzip = createGunzip();
  const output: Buffer[] = [];
  let inflated = 0;
  let failure: Error | null = null;
  gunzip.on('data', (chunk: Buffer) => {
    inflated += chunk.length;
    if (inflated > MAX_DECOMPRESSED_BYTES) {
      failure ??= tooLarge('decompressed', MAX_DECOMPRESSED_BYTES);
      gunzip.destroy();
      return;
    }
    output.push(chunk);
  });
  const finished = new Promise<void>((resolve, reject) => {
    gunzip.once('end', resolve);
    gunzip.once('close', resolve);
    gunzip.once('error', (error) => reject(failure ?? new AppError('bad_request', `The body is not valid gzip: ${error.message}.`)));
  });
  finished.catch(() => {});
  for await (const chunk of chunksOf(body, MAX_COMPRESSED_BYTES, 'compressed')) {
    if (failure) break;
    // Respect backpressure: at most one chunk of compressed input waits in zlib.
    if (!gunzip.write(chunk)) await new Promise<void>((resolve) => gunzip.once('drain', resolve).once('close', resolve));
  }
  if (!failure) gunzip.end();
  await finished;
  if (failure) throw failure;
  return Buffer.concat(output);
}

/**
 * Reads a JSON request body, honouring `Content-Encoding: gzip` (or identity). Bodies over
 * 16 MiB compressed or 32 MiB of JSON answer 413; malformed gzip 400; other encodings and
 * content types 415. The bytes are parsed by parseJsonBody (or scanned by a fast path).
 */
export async function readJsonBytes(request: Request): Promise<Buffer> {
  const encoding = (request.headers.get('content-encoding') ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity' && encoding !== 'gzip' && encoding !== 'x-gzip') {
    throw new AppError('unsupported_media_type', `Content-Encoding '${encoding}' is not supported; send gzip or no encoding.`);
  }
  const type = request.headers.get('content-type');
  if (type && !/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) throw new AppError('unsupported_media_type', 'Send the body as application/json.');
  const gzip = encoding !== 'identity';
  const declared = Number(request.headers.get('content-length') ?? 0);
  const limit = gzip ? MAX_COMPRESSED_BYTES : MAX_DECOMPRESSED_BYTES;
  if (declared > limit) throw tooLarge(gzip ? 'compressed' : 'request', limit);
  if (!request.body) throw new AppError('bad_request', 'The request has no body.');
  return gzip ? readGzip(request.body) : readPlain(request.body);
}

/**
 * The JSON value of a body read by readJsonBytes; 400 when it is not valid UTF-8 or JSON.
 * The batch validators check every string they store (NUL, lone surrogates) and report the row.
 */
export function parseJsonBody(bytes: Buffer): unknown {
  return parseJsonText(bytes);
}

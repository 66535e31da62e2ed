import { AppError } from '@/server/errors/app-error';
import { parseJsonRequestBody } from '@/server/validation/text-checks';

export const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;

/**
 * A body's chunks as they arrive, refused with `tooLarge()` as soon as their total passes
 * `limit`; the stream is cancelled whenever the reader stops early (refusal or the consumer's).
 */
export async function* boundedChunks(body: ReadableStream<Uint8Array>, limit: number, tooLarge: () => Error): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      total += value.byteLength;
      if (total > limit) throw tooLarge();
      yield value;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
}

/**
 * The exact request bytes chunk by chunk (for readers that hash or decode as they go),
 * refused past the limit without reading it all: at once when Content-Length says so.
 */
export async function* rawBodyChunks(request: Request, limit = DEFAULT_MAX_BODY_BYTES, tooLarge = `Request bodies are limited to ${limit} bytes.`): AsyncGenerator<Uint8Array> {
  if (Number(request.headers.get('content-length') ?? 0) > limit) {
    throw new AppError('payload_too_large', tooLarge);
  }
  if (request.body) yield* boundedChunks(request.body, limit, () => new AppError('payload_too_large', tooLarge));
}

/** The exact request bytes (what signatures cover), refused past the limit without reading it all. */
export async function readRawBody(request: Request, limit = DEFAULT_MAX_BODY_BYTES, tooLarge = `Request bodies are limited to ${limit} bytes.`): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of rawBodyChunks(request, limit, tooLarge)) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** A JSON body: strict UTF-8, valid JSON, well-formed text throughout (400 otherwise). */
export function parseJsonBody(raw: Uint8Array): unknown {
  return parseJsonRequestBody(raw);
}

import { AppError } from '@/server/errors/app-error';
import { parseJsonRequestBody } from '@/server/validation/text-checks';

export const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;

/** The exact request bytes (what signatures cover), refused past the limit without reading it all. */
export async function readRawBody(request: Request, limit = DEFAULT_MAX_BODY_BYTES, tooLarge = `Request bodies are limited to ${limit} bytes.`): Promise<Uint8Array> {
  if (Number(request.headers.get('content-length') ?? 0) > limit) {
    throw new AppError('payload_too_large', tooLarge);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body?.getReader();
  if (!reader) return new Uint8Array();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new AppError('payload_too_large', tooLarge);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** A JSON body: strict UTF-8, valid JSON, well-formed text throughout (400 otherwise). */
export function parseJsonBody(raw: Uint8Array): unknown {
  return parseJsonRequestBody(raw);
}

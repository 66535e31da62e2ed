import { AppError } from '@/server/errors/app-error';

export const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;

/** The exact request bytes (what signatures cover), refused past the limit without reading it all. */
export async function readRawBody(request: Request, limit = DEFAULT_MAX_BODY_BYTES): Promise<Uint8Array> {
  if (Number(request.headers.get('content-length') ?? 0) > limit) {
    throw new AppError('payload_too_large', `Request bodies are limited to ${limit} bytes.`);
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
      throw new AppError('payload_too_large', `Request bodies are limited to ${limit} bytes.`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

export function parseJsonBody(raw: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(raw).toString('utf8'));
  } catch {
    throw new AppError('bad_request', 'The request body is not valid JSON.');
  }
}

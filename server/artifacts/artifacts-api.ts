import { z } from 'zod';
import { recordAudit } from '@/server/audit/record-audit';
import { AppError } from '@/server/errors/app-error';
import { sniffOnnxFile } from '@/server/onnx/onnx-sniff';
import { endpoint } from '@/server/rest/api-endpoint';
import { maxArtifactBytes } from './artifact-store';
import { artifactStore } from './current-store';

async function* chunksOf(body: ReadableStream<Uint8Array> | null): AsyncIterable<Uint8Array> {
  if (!body) return;
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    // Stops reading the rest of an over-limit upload.
    await reader.cancel().catch(() => {});
  }
}

async function rejectNonOnnx(stagedPath: string) {
  const sniff = await sniffOnnxFile(stagedPath);
  if (!sniff.ok) throw new AppError('unprocessable', `Upload refused, ${sniff.reason}.`);
}

export const uploadArtifactEndpoint = endpoint(
  {
    operationId: 'uploadArtifact',
    method: 'PUT',
    path: '/artifacts/sha256/{digest}',
    tag: 'Registry',
    summary: 'Upload an ONNX artifact, addressed by its SHA-256',
    description:
      'Streams the raw file to the artifact store, checking the size limit and that the bytes hash to {digest}, then that it is an ONNX model. Uploading the same bytes again is a no-op (200).',
    scope: 'registry:write',
    params: z.object({ digest: z.string().regex(/^[0-9a-f]{64}$/, 'a lower-case hex SHA-256 digest') }),
    body: { kind: 'raw', contentType: 'application/octet-stream', description: 'The ONNX file' },
    result: { status: 201, description: 'Stored', also: [{ status: 200, description: 'The same bytes were already stored; nothing changed' }], schema: z.object({ sha256: z.string(), size: z.number().int(), created: z.boolean() }) },
    errors: [400, 411, 413, 422],
  },
  async ({ request, params, database, actor }) => {
    const limit = maxArtifactBytes();
    const declared = request.headers.get('content-length');
    if (declared !== null && Number(declared) > limit) {
      throw new AppError('payload_too_large', `The artifact is ${declared} bytes; the limit is ${limit}.`);
    }
    const stored = await artifactStore().put(chunksOf(request.body), { expectedSha256: params.digest, maxBytes: limit, check: rejectNonOnnx });
    if (stored.created) {
      await recordAudit(database, actor, { action: 'artifact.uploaded', target: { type: 'artifact', id: stored.sha256 }, details: { size: stored.size } });
    }
    return Response.json(stored, { status: stored.created ? 201 : 200 });
  },
);

export const artifactEndpoints = [uploadArtifactEndpoint];

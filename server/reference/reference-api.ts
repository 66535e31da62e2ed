import { z } from 'zod';
import { int4FromText, singleLineText } from '@/server/validation/input-primitives';
import { rawBodyChunks } from '@/server/rest/raw-body';
import { modelNameSchema } from '@/server/registry/model-schemas';
import { endpoint } from '@/server/rest/api-endpoint';
import { receiveCsv } from './received-csv';
import { uploadReference } from './reference-service';

export const MAX_REFERENCE_BYTES = 64 * 1024 * 1024;

/** What an upload answers, over REST and to the browser. */
export function uploadedReference(dataset: { id: string; name: string; rowCount: number; contentSha256: string | null }) {
  return Response.json({ id: dataset.id, name: dataset.name, rows: dataset.rowCount, contentSha256: dataset.contentSha256 }, { status: 201 });
}

export const uploadReferenceEndpoint = endpoint(
  {
    operationId: 'uploadReference',
    method: 'POST',
    path: '/models/{name}/reference',
    tag: 'Monitoring',
    summary: 'Upload a labelled reference dataset (CSV), the baseline for drift and the data for fairness',
    description:
      'Header: every feature of the model, the label column and optionally the protected attributes. Empty cells are missing values. The whole file is validated first; any bad row rejects it with per-row problems (line, column, reason) in `details`, and nothing is stored. The SHA-256 of the exact bytes sent (byte-order mark and line ends included) is stored with the dataset and returned as `contentSha256`, so a drift or fairness report can be tied to the file it read; uploading the same file again makes a new dataset with the same digest.',
    scope: 'registry:write',
    params: z.object({ name: modelNameSchema }),
    query: z.object({ name: singleLineText(200, { trim: true }).min(1).default('reference'), version: int4FromText().optional() }),
    body: { kind: 'raw', contentType: 'text/csv', description: 'The CSV file (UTF-8), at most 64 MiB' },
    result: { status: 201, description: 'Stored, with its profile', schema: z.object({ id: z.uuid(), name: z.string(), rows: z.number().int(), contentSha256: z.string().regex(/^[0-9a-f]{64}$/).describe('SHA-256 (lower-case hex) of the uploaded bytes') }) },
    errors: [400, 404, 413],
  },
  async ({ database, actor, params, query, request }) => {
    // Hashed and decoded as it streams in: the digest is of the bytes received, held once.
    const csv = await receiveCsv(rawBodyChunks(request, MAX_REFERENCE_BYTES));
    const dataset = await uploadReference(database, actor, { model: params.name, name: query.name, version: query.version, csv });
    return uploadedReference(dataset);
  },
);

export const referenceEndpoints = [uploadReferenceEndpoint];

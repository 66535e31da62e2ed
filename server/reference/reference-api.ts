import { z } from 'zod';
import { int4FromText, singleLineText } from '@/server/validation/input-primitives';
import { readRawBody } from '@/server/rest/raw-body';
import { decodeTextBody } from '@/server/validation/text-checks';
import { modelNameSchema } from '@/server/registry/model-schemas';
import { endpoint } from '@/server/rest/api-endpoint';
import { uploadReference } from './reference-service';

export const MAX_REFERENCE_BYTES = 64 * 1024 * 1024;

export const uploadReferenceEndpoint = endpoint(
  {
    operationId: 'uploadReference',
    method: 'POST',
    path: '/models/{name}/reference',
    tag: 'Monitoring',
    summary: 'Upload a labelled reference dataset (CSV), the baseline for drift and the data for fairness',
    description:
      'Header: every feature of the model, the label column and optionally the protected attributes. Empty cells are missing values. The whole file is validated first; any bad row rejects it with per-row problems (line, column, reason) in `details`.',
    scope: 'registry:write',
    params: z.object({ name: modelNameSchema }),
    query: z.object({ name: singleLineText(200, { trim: true }).min(1).default('reference'), version: int4FromText().optional() }),
    body: { kind: 'raw', contentType: 'text/csv', description: 'The CSV file (UTF-8), at most 64 MiB' },
    result: { status: 201, description: 'Stored, with its profile', schema: z.object({ id: z.uuid(), name: z.string(), rows: z.number().int() }) },
    errors: [400, 404, 413],
  },
  async ({ database, actor, params, query, request }) => {
    const csv = decodeTextBody(await readRawBody(request, MAX_REFERENCE_BYTES), 'The CSV file');
    const dataset = await uploadReference(database, actor, { model: params.name, name: query.name, version: query.version, csv });
    return Response.json({ id: dataset.id, name: dataset.name, rows: dataset.rowCount }, { status: 201 });
  },
);

export const referenceEndpoints = [uploadReferenceEndpoint];

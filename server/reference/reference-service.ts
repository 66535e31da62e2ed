import { desc, eq, sql } from 'drizzle-orm';
import type { Database, Executor } from '@/db/client';
import { modelVersions, referenceDatasets, referenceRows } from '@/db/schema';
import { recordAudit } from '@/server/audit/record-audit';
import type { Actor } from '@/server/auth/actor';
import { buildReferenceProfile } from '@/server/drift/reference-profile';
import { AppError } from '@/server/errors/app-error';
import { requireModel } from '@/server/registry/models-service';
import { rawSql } from '@/server/traffic/raw-sql';
import { csvFromText, type ReceivedCsv } from './received-csv';
import { parseReferenceCsv } from './reference-rows';

const INSERT_CHUNK = 5_000;

function arrayLiteral(values: Float32Array, from: number, width: number): string {
  const parts: string[] = [];
  for (let j = 0; j < width; j++) {
    const v = values[from + j]!;
    parts.push(Number.isNaN(v) ? 'NULL' : String(v));
  }
  return `{${parts.join(',')}}`;
}

/**
 * Stores a labelled reference dataset for a model (optionally tied to a version) with its
 * profile: frozen quantile bins, category frequencies and summary statistics. The newest
 * reference of a model is the baseline for drift. Bad rows reject the whole file. The
 * SHA-256 of the uploaded bytes is stored and audited with it; the same file uploaded again
 * is a new reference with the same digest (re-baselining on the same data is legitimate).
 */
export async function uploadReference(
  database: Database,
  actor: Actor,
  input: { model: string; name: string; version?: number; /** As received by an edge, or text held in process. */ csv: ReceivedCsv | string },
) {
  const csv = typeof input.csv === 'string' ? csvFromText(input.csv) : input.csv;
  const model = await requireModel(database, input.model);
  const parsed = parseReferenceCsv(csv.text, model);
  if (!parsed.ok) {
    throw new AppError('bad_request', `The reference CSV has ${parsed.total} problem${parsed.total === 1 ? '' : 's'}; nothing was stored.`, parsed.problems);
  }
  const { data } = parsed;
  let versionId: string | null = null;
  if (input.version !== undefined) {
    const [version] = await database.select({ id: modelVersions.id }).from(modelVersions).where(sql`${modelVersions.modelId} = ${model.id} and ${modelVersions.version} = ${input.version}`);
    if (!version) throw new AppError('not_found', `Model '${model.name}' has no version ${input.version}.`);
    versionId = version.id;
  }
  const profile = buildReferenceProfile(model.features, { count: data.count, width: data.width, values: data.features });
  return database.transaction(async (tx) => {
    const [dataset] = await tx
      .insert(referenceDatasets)
      .values({ modelId: model.id, versionId, name: input.name, rowCount: data.count, profile: profile, contentSha256: csv.sha256, createdBy: actor.label })
      .returning();
    for (let start = 0; start < data.count; start += INSERT_CHUNK) {
      const end = Math.min(start + INSERT_CHUNK, data.count);
      const rowNos: number[] = [];
      const features: string[] = [];
      const labels: (string | null)[] = [];
      const attributes: (string | null)[] = [];
      for (let r = start; r < end; r++) {
        rowNos.push(r);
        features.push(arrayLiteral(data.features, r * data.width, data.width));
        labels.push(data.labels[r]!);
        attributes.push(data.attributes[r] ? JSON.stringify(data.attributes[r]) : null);
      }
      // Columns as array parameters: one statement per chunk, five parameters whatever its size.
      await rawSql(tx).unsafe(
        `insert into reference_rows (reference_id, row_no, features, label, attributes)
         select $1::uuid, r.row_no, r.features::real[], r.label, r.attributes::jsonb
         from unnest($2::int[], $3::text[], $4::text[], $5::text[]) as r(row_no, features, label, attributes)`,
        [dataset!.id, rowNos, features, labels, attributes] as never[],
      );
    }
    await recordAudit(tx, actor, {
      action: 'reference_dataset.uploaded',
      target: { type: 'reference_dataset', id: dataset!.id, label: `${model.name}: ${input.name}` },
      after: { model: model.name, name: input.name, rows: data.count, version: input.version ?? null, contentSha256: csv.sha256 },
    });
    return dataset!;
  });
}

/** The reference drift compares against: the newest one of the model. */
export async function latestReference(executor: Executor, modelId: string) {
  const [row] = await executor.select().from(referenceDatasets).where(eq(referenceDatasets.modelId, modelId)).orderBy(desc(referenceDatasets.createdAt)).limit(1);
  return row ?? null;
}

/** A reference's rows in the column-oriented form the drift engine reads. */
export async function referenceMatrix(executor: Executor, referenceId: string, width: number) {
  const rows = await executor
    .select({ features: referenceRows.features, label: referenceRows.label })
    .from(referenceRows)
    .where(eq(referenceRows.referenceId, referenceId))
    .orderBy(referenceRows.rowNo);
  const values = new Float32Array(rows.length * width);
  rows.forEach((row, r) => {
    for (let j = 0; j < width; j++) values[r * width + j] = row.features[j] ?? Number.NaN;
  });
  return { count: rows.length, width, values, labels: rows.map((r) => r.label) };
}

import { and, asc, eq, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { modelVersions, referenceRows, registeredModels, type DerivedArtifact } from '@/db/schema';
import { artifactStore } from '@/server/artifacts/current-store';
import { outputReadingOf } from '@/server/onnx/decision-rule';
import { validateOnnxArtifact, type ReferenceSample, type ValidationResult } from '@/server/onnx/validate-model';
import { latestReference } from '@/server/reference/reference-service';
import { recordValidation } from '@/server/registry/versions-service';

// The validation job's work: run the artifact in a validation thread against the model's
// schema, the version's decision rule and a sample of the newest reference dataset, keep the
// ZipMap-free model when one had to be derived, and store the verdict once. For workers only
// (validate-model.ts starts threads; Next.js never imports this module).

/** Rows of the reference dataset the label output and the score rule are compared on. */
export const REFERENCE_SAMPLE_ROWS = 1000;

export async function validateVersion(database: Database, versionId: string): Promise<{ model: string; version: number; result: ValidationResult } | null> {
  const [row] = await database
    .select({ version: modelVersions, model: registeredModels })
    .from(modelVersions)
    .innerJoin(registeredModels, eq(registeredModels.id, modelVersions.modelId))
    .where(eq(modelVersions.id, versionId));
  if (!row || row.version.status !== 'registered') return null;
  const { model, version } = row;
  const reference = await referenceSample(database, model.id, model.features.length);
  const result = await artifactStore().withLocalFile(version.artifactSha256, (file) =>
    validateOnnxArtifact(file, model.features, { classes: model.label.classes, reading: outputReadingOf(model, version), reference }),
  );
  let derivedArtifact: DerivedArtifact | null = null;
  if (result.status === 'validated' && result.derived) {
    const { bytes, sha256, size, zipMaps } = result.derived;
    // Content-addressed: a retried job stores the same bytes under the same digest, once.
    await artifactStore().put(
      (async function* () {
        yield bytes;
      })(),
      { expectedSha256: sha256, maxBytes: size },
    );
    derivedArtifact = { sha256, size, zipMaps };
  }
  const stored = await recordValidation(database, version.id, {
    status: result.status,
    reason: result.reason,
    signature: result.signature,
    report: { checkedAt: new Date().toISOString(), durationMs: result.durationMs, sampleOutput: result.sampleOutput, decisionCheck: result.decisionCheck, warnings: result.warnings },
    decisionRule: result.decisionRule,
    derivedArtifact,
  });
  return stored ? { model: model.name, version: version.version, result } : null;
}

/** Up to REFERENCE_SAMPLE_ROWS rows spread evenly over the model's newest reference dataset; null without one. */
export async function referenceSample(database: Database, modelId: string, width: number, limit = REFERENCE_SAMPLE_ROWS): Promise<ReferenceSample | null> {
  const reference = await latestReference(database, modelId);
  if (!reference || reference.rowCount === 0) return null;
  const step = Math.max(1, Math.ceil(reference.rowCount / limit));
  const rows = await database
    .select({ rowNo: referenceRows.rowNo, features: referenceRows.features })
    .from(referenceRows)
    .where(and(eq(referenceRows.referenceId, reference.id), sql`${referenceRows.rowNo} % ${step} = 0`))
    .orderBy(asc(referenceRows.rowNo))
    .limit(limit);
  return {
    rowNumbers: rows.map((r) => r.rowNo),
    // A missing value (SQL NULL in the array) is NaN, as everywhere features are read.
    rows: rows.map((r) => Array.from({ length: width }, (_, j) => r.features[j] ?? Number.NaN)),
  };
}

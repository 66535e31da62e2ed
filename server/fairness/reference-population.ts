import { asc, eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { referenceRows, type registeredModels } from '@/db/schema';
import { AppError } from '@/server/errors/app-error';
import { predictWithVersion } from '@/server/monitoring/version-scores';
import { normalizeLabel } from '@/server/registry/label-classes';
import type { FairnessInput } from './fairness-report-types';
import type { FairnessSettings } from './fairness-settings';
import { favourableScore, outcomeCoding, populationColumns } from './population-columns';

// A reference (validation) dataset scored by the version with onnxruntime: the population a
// candidate is judged on before it has served anyone or been replayed. Each decision follows
// the version's own rule (its label output, or score ≥ its threshold), as in shadow replay.

type Model = Pick<typeof registeredModels.$inferSelect, 'features' | 'label' | 'taskType'>;

export async function readReferencePopulation(
  database: Database,
  model: Model,
  versionId: string,
  referenceId: string,
  settings: Pick<FairnessSettings, 'attributes' | 'favourableClass'>,
): Promise<FairnessInput> {
  const rows = await database
    .select({ features: referenceRows.features, label: referenceRows.label, attributes: referenceRows.attributes })
    .from(referenceRows)
    .where(eq(referenceRows.referenceId, referenceId))
    .orderBy(asc(referenceRows.rowNo));
  const labelled = rows.filter((r) => r.label !== null);
  if (labelled.length === 0) throw new AppError('unprocessable', 'The reference dataset has no labelled rows: fairness needs ground truth.');
  const width = model.features.length;
  const values = new Float32Array(labelled.length * width);
  labelled.forEach((row, r) => {
    for (let j = 0; j < width; j++) values[r * width + j] = row.features[j] ?? Number.NaN;
  });
  const run = await predictWithVersion(database, model, versionId, { count: labelled.length, width, values });
  if (!run) throw new AppError('unprocessable', 'The version cannot run the reference dataset yet (is it validated?).');
  const coding = outcomeCoding(model.label, settings);
  const built = populationColumns(labelled.length, settings.attributes, run.hasScore);
  const { actual, predicted, scores } = built.input;
  labelled.forEach((row, i) => {
    actual[i] = normalizeLabel(row.label!, model.label) === coding.favourable ? 1 : 0;
    predicted[i] = run.labels[i] === coding.favourable ? 1 : 0;
    if (scores) scores[i] = favourableScore(coding, run.scores[i]!);
    built.setAttributes(i, row.attributes);
  });
  return built.input;
}

import { modelVersions } from '@/db/schema';
import type { Database } from '@/db/client';
import { systemActor } from '@/server/auth/actor';
import type { Feature } from '@/server/registry/feature-schema';
import { createModelSchema } from '@/server/registry/model-schemas';
import { createModel } from '@/server/registry/models-service';

// Models with versions for traffic tests and the ingestion benchmark: registered through the
// registry service, versions inserted directly (no artifact needed to log traffic).

export const TEST_FEATURES: Feature[] = [
  { name: 'age', type: 'numeric', min: 18, max: 90 },
  { name: 'income', type: 'numeric' },
  { name: 'employment', type: 'categorical', categories: ['salaried', 'self_employed', 'unemployed'] },
  { name: 'late_payments', type: 'numeric' },
];

export interface TrafficFixture {
  modelId: string;
  name: string;
  /** Version number → id. */
  versions: Map<number, string>;
}

export async function registerTrafficModel(
  database: Database,
  name: string,
  options: { features?: Feature[]; taskType?: 'binary_classification' | 'regression' | 'multiclass_classification'; classes?: string[]; versions?: number; thresholds?: Record<number, number> } = {},
): Promise<TrafficFixture> {
  const input = createModelSchema.parse({
    name,
    taskType: options.taskType ?? 'binary_classification',
    features: options.features ?? TEST_FEATURES,
    label: options.taskType === 'regression' ? { name: 'amount' } : { name: 'defaulted', classes: options.classes ?? ['repaid', 'defaulted'] },
    protectedAttributes: ['gender'],
  });
  const model = await createModel(database, systemActor('traffic test'), input);
  const versions = new Map<number, string>();
  for (let version = 1; version <= (options.versions ?? 2); version++) {
    const [row] = await database
      .insert(modelVersions)
      .values({ modelId: model.id, version, artifactSha256: String(version).padStart(64, '0'), artifactSize: 1, createdByType: 'system', createdByLabel: 'traffic test', status: 'validated', decisionThreshold: options.thresholds?.[version] ?? 0.5 })
      .returning({ id: modelVersions.id });
    versions.set(version, row!.id);
  }
  return { modelId: model.id, name, versions };
}

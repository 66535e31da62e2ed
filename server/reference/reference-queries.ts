import { and, desc, eq, ne, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { driftReports, fairnessReports, modelVersions, referenceDatasets } from '@/db/schema';
import { AppError } from '@/server/errors/app-error';
import { requireModel } from '@/server/registry/models-service';
import { rawSql } from '@/server/traffic/raw-sql';
import { latestReference } from './reference-service';

// Reading reference datasets for the portal: the list of a model's datasets and one dataset
// with its frozen profile, quantiles read from its rows, and the reports that used it.

/** The quantiles the reference page shows per numeric feature (5th, 25th, median, 75th, 95th). */
export const REFERENCE_QUANTILES = [0.05, 0.25, 0.5, 0.75, 0.95] as const;

/** How many drift reports a dataset page lists (the count covers them all). */
const DRIFT_REPORTS_SHOWN = 20;

/** A model's reference datasets, newest (the drift baseline) first. */
export async function listReferences(database: Database, modelId: string) {
  return database
    .select({ id: referenceDatasets.id, name: referenceDatasets.name, rowCount: referenceDatasets.rowCount, contentSha256: referenceDatasets.contentSha256, createdAt: referenceDatasets.createdAt, createdBy: referenceDatasets.createdBy, version: modelVersions.version })
    .from(referenceDatasets)
    .leftJoin(modelVersions, eq(modelVersions.id, referenceDatasets.versionId))
    .where(eq(referenceDatasets.modelId, modelId))
    .orderBy(desc(referenceDatasets.createdAt))
    .limit(50);
}

/**
 * Quantiles (linear interpolation between order statistics, as numpy's default) of each
 * numeric feature over the dataset's non-missing values: one pass over its rows.
 */
async function numericQuantiles(database: Database, referenceId: string, columns: { name: string; index: number }[]): Promise<Record<string, number[] | null>> {
  if (columns.length === 0) return {};
  // Column positions come from the model's schema (integers), never from input.
  const selects = columns.map((c, i) => `percentile_cont($2::float8[]) within group (order by features[${c.index + 1}]) as q${i}`).join(', ');
  const [row] = await rawSql(database).unsafe<Record<string, number[] | null>[]>(`select ${selects} from reference_rows where reference_id = $1`, [referenceId, [...REFERENCE_QUANTILES]] as never[]);
  return Object.fromEntries(columns.map((c, i) => [c.name, row?.[`q${i}`] ?? null]));
}

/** One reference dataset of a model: its frozen profile, quantiles, and every report that read it. */
export async function getReference(database: Database, input: { name: string; id: string }) {
  const model = await requireModel(database, input.name);
  const [dataset] = await database
    .select({ dataset: referenceDatasets, version: modelVersions.version })
    .from(referenceDatasets)
    .leftJoin(modelVersions, eq(modelVersions.id, referenceDatasets.versionId))
    .where(and(eq(referenceDatasets.id, input.id), eq(referenceDatasets.modelId, model.id)));
  if (!dataset) throw new AppError('not_found', `${model.name} has no reference dataset ${input.id}.`);
  const { profile } = dataset.dataset;
  const numeric = profile.features.flatMap((f, index) => (f.type === 'numeric' ? [{ name: f.name, index }] : []));
  const { contentSha256 } = dataset.dataset;
  const [quantiles, driftTotals, drift, fairness, newest, sameContent] = await Promise.all([
    numericQuantiles(database, input.id, numeric),
    database
      .select({ count: sql<number>`count(*)::int`, drifted: sql<number>`(count(*) filter (where ${driftReports.datasetDrift}))::int`, first: sql<Date | null>`min(${driftReports.windowTo})`.mapWith(driftReports.windowTo), last: sql<Date | null>`max(${driftReports.windowTo})`.mapWith(driftReports.windowTo) })
      .from(driftReports)
      .where(eq(driftReports.referenceId, input.id)),
    database
      .select({ id: driftReports.id, windowFrom: driftReports.windowFrom, windowTo: driftReports.windowTo, currentRows: driftReports.currentRows, driftShare: driftReports.driftShare, datasetDrift: driftReports.datasetDrift })
      .from(driftReports)
      .where(eq(driftReports.referenceId, input.id))
      .orderBy(desc(driftReports.windowTo))
      .limit(DRIFT_REPORTS_SHOWN),
    database
      .select({ id: fairnessReports.id, version: modelVersions.version, status: fairnessReports.status, trigger: fairnessReports.trigger, rowCount: fairnessReports.rowCount, createdBy: fairnessReports.createdBy, createdAt: fairnessReports.createdAt })
      .from(fairnessReports)
      .innerJoin(modelVersions, eq(modelVersions.id, fairnessReports.versionId))
      .where(eq(fairnessReports.referenceId, input.id))
      .orderBy(desc(fairnessReports.createdAt)),
    latestReference(database, model.id),
    // Re-uploading a file is allowed (a new baseline on the same data); the page says so.
    contentSha256 === null
      ? []
      : database
          .select({ id: referenceDatasets.id, name: referenceDatasets.name, createdAt: referenceDatasets.createdAt })
          .from(referenceDatasets)
          .where(and(eq(referenceDatasets.modelId, model.id), eq(referenceDatasets.contentSha256, contentSha256), ne(referenceDatasets.id, input.id)))
          .orderBy(desc(referenceDatasets.createdAt)),
  ]);
  const { profile: _profile, modelId: _modelId, versionId: _versionId, ...fields } = dataset.dataset;
  return {
    model: { name: model.name, taskType: model.taskType },
    reference: { ...fields, version: dataset.version },
    /** The newest dataset is the one drift compares against. */
    isDriftBaseline: newest?.id === input.id,
    /** The model's other references uploaded from the very same bytes. */
    sameContent,
    profile,
    quantiles: { levels: [...REFERENCE_QUANTILES], byFeature: quantiles },
    usedBy: {
      drift: { ...(driftTotals[0] ?? { count: 0, drifted: 0, first: null, last: null }), reports: drift },
      fairness,
    },
  };
}

import { and, desc, eq } from 'drizzle-orm';
import type { Database, Executor } from '@/db/client';
import { fairnessReports, fairnessSettings, modelVersions, referenceDatasets, shadowRuns } from '@/db/schema';
import { recordAudit } from '@/server/audit/record-audit';
import type { Actor } from '@/server/auth/actor';
import { AppError } from '@/server/errors/app-error';
import { enqueue } from '@/server/jobs/enqueue';
import { positiveClass } from '@/server/registry/label-classes';
import { requireModel } from '@/server/registry/models-service';
import { readServingVersionCounts } from '@/server/shadow/shadow-results-store';
import { rawSql } from '@/server/traffic/raw-sql';
import { fairnessInapplicable } from './fairness-applicability';
import { countLabelledTraffic } from './fairness-population';
import { runFairnessReportSchema, type RunFairnessReportInput } from './fairness-schemas';
import { DEFAULT_WINDOW_DAYS, defaultFairnessSettings, fairnessSettingsSchema, MAX_DISTINCT_VALUES, type FairnessSettings } from './fairness-settings';

// Settings per model, and reports requested: each request is checked whole (model, version,
// window, labels, attributes) before anything is stored, then stored pending with its inputs
// and computed by the fairness-report job.

const DAY_MS = 86_400_000;
type Model = Awaited<ReturnType<typeof requireModel>>;

export async function readFairnessSettings(executor: Executor, model: Pick<Model, 'id' | 'protectedAttributes'>): Promise<{ settings: FairnessSettings; stored: boolean }> {
  const [row] = await executor.select().from(fairnessSettings).where(eq(fairnessSettings.modelId, model.id));
  // Parsed, so settings stored before a field existed read with that field's default.
  return row ? { settings: fairnessSettingsSchema.parse(row.settings), stored: true } : { settings: defaultFairnessSettings(model.protectedAttributes), stored: false };
}

/** A model's settings with the attributes its card declares, for the settings form. */
export async function fairnessSettingsOf(executor: Executor, modelName: string) {
  const model = await requireModel(executor, modelName);
  const classes = model.label.classes ?? ['0', '1'];
  return { protectedAttributes: model.protectedAttributes, classes, positiveClass: positiveClass(model.label), ...(await readFairnessSettings(executor, model)) };
}

export async function updateFairnessSettings(database: Database, actor: Actor, input: { model: string; settings: FairnessSettings }) {
  return database.transaction(async (tx) => {
    const model = await requireModel(tx, input.model);
    const unknown = input.settings.attributes.map((a) => a.name).filter((name) => !model.protectedAttributes.includes(name));
    if (unknown.length) {
      throw new AppError('unprocessable', `Not a protected attribute of ${model.name}: ${unknown.join(', ')}. The model card declares: ${model.protectedAttributes.join(', ') || 'none'}.`);
    }
    const classes = model.label.classes ?? ['0', '1'];
    if (input.settings.favourableClass !== null && !classes.includes(input.settings.favourableClass)) {
      throw new AppError('unprocessable', `The favourable class must be one of ${model.name}'s classes: ${classes.join(', ')}.`);
    }
    const before = await readFairnessSettings(tx, model);
    await tx
      .insert(fairnessSettings)
      .values({ modelId: model.id, settings: input.settings, updatedBy: actor.label })
      .onConflictDoUpdate({ target: fairnessSettings.modelId, set: { settings: input.settings, updatedBy: actor.label, updatedAt: new Date() } });
    await recordAudit(tx, actor, { action: 'fairness_settings.updated', target: { type: 'model', id: model.id }, before: before.settings, after: input.settings });
    return input.settings;
  });
}

/** A categorical attribute with too many values is an identifier, not a group: refused before anything is stored. */
async function checkDistinctValues(executor: Executor, settings: FairnessSettings, where: { modelId: string; versionId: string; from: Date; to: Date }) {
  for (const rule of settings.attributes.filter((a) => a.kind === 'categorical')) {
    const [row] = await rawSql(executor).unsafe<{ n: number }[]>(
      `select count(distinct attributes->>$5)::int as n from (select attributes from inference_events
        where model_id = $1 and version_id = $2 and occurred_at >= $3 and occurred_at < $4 and label is not null limit 1000000) e`,
      [where.modelId, where.versionId, where.from.toISOString(), where.to.toISOString(), rule.name],
    );
    if (row!.n > MAX_DISTINCT_VALUES) {
      throw new AppError('unprocessable', `Attribute "${rule.name}" has ${row!.n} distinct values (at most ${MAX_DISTINCT_VALUES}): group by an attribute with fewer values, or bucket a numeric one with edges.`);
    }
  }
}

async function versionByNumber(executor: Executor, model: Model, version: number) {
  const [row] = await executor.select().from(modelVersions).where(and(eq(modelVersions.modelId, model.id), eq(modelVersions.version, version)));
  if (!row) throw new AppError('not_found', `${model.name} has no version ${version}.`);
  return row;
}

/** The version with the most recent labelled traffic in the window, when none is named. */
async function latestServedVersion(executor: Executor, model: Model, from: Date, to: Date): Promise<number> {
  const [row] = await rawSql(executor).unsafe<{ version: number }[]>(
    `select v.version from inference_events e join model_versions v on v.id = e.version_id
      where e.model_id = $1 and e.occurred_at >= $2 and e.occurred_at < $3 and e.label is not null
      order by e.occurred_at desc limit 1`,
    [model.id, from.toISOString(), to.toISOString()],
  );
  if (!row) throw new AppError('unprocessable', `${model.name} has no labelled traffic between ${from.toISOString()} and ${to.toISOString()}: nothing to judge.`);
  return row.version;
}

/** The serving version that logged most of a shadow run's replayed events: the other side of the comparison. */
async function mainServingVersion(executor: Executor, runId: string): Promise<string> {
  const counts = [...(await readServingVersionCounts(executor, runId)).entries()].sort((a, b) => b[1] - a[1]);
  if (!counts.length) throw new AppError('unprocessable', 'The shadow run stored no results: there are no serving decisions to judge.');
  return counts[0]![0];
}

async function newestValidatedVersion(executor: Executor, model: Model) {
  const [row] = await executor
    .select()
    .from(modelVersions)
    .where(and(eq(modelVersions.modelId, model.id), eq(modelVersions.status, 'validated')))
    .orderBy(desc(modelVersions.version))
    .limit(1);
  if (!row) throw new AppError('unprocessable', `${model.name} has no validated version to score the reference dataset with.`);
  return row;
}

/** The named reference dataset of the model (default its newest), with labelled rows. */
async function referenceOf(executor: Executor, model: Model, referenceId: string | undefined) {
  const [reference] = referenceId
    ? await executor.select().from(referenceDatasets).where(and(eq(referenceDatasets.id, referenceId), eq(referenceDatasets.modelId, model.id)))
    : await executor.select().from(referenceDatasets).where(eq(referenceDatasets.modelId, model.id)).orderBy(desc(referenceDatasets.createdAt)).limit(1);
  if (!reference) throw new AppError(referenceId ? 'not_found' : 'unprocessable', referenceId ? `${model.name} has no reference dataset ${referenceId}.` : `${model.name} has no reference dataset: upload one on the Monitoring tab.`);
  const [labelled] = await rawSql(executor).unsafe<{ n: number }[]>('select count(*)::int as n from reference_rows where reference_id = $1 and label is not null', [reference.id]);
  if (labelled!.n === 0) throw new AppError('unprocessable', `Reference dataset "${reference.name}" has no labelled rows: fairness needs ground truth.`);
  return reference;
}

function checkSettings(model: Model, settings: FairnessSettings) {
  const inapplicable = fairnessInapplicable(model.taskType);
  if (inapplicable) throw new AppError('unprocessable', `Fairness reports judge a binary classifier's decisions per group; ${model.name} is ${inapplicable}.`);
  if (settings.attributes.length === 0) {
    throw new AppError('unprocessable', `${model.name} declares no protected attributes to group by: add them to the model card or the fairness settings.`);
  }
}

export type ReportTrigger = 'schedule' | 'shadow' | 'manual';

/** Checks a report request whole, then stores it pending and enqueues its computation. */
export async function requestFairnessReport(database: Executor, actor: Actor, raw: RunFairnessReportInput, trigger: ReportTrigger = 'manual', now = new Date()) {
  const input = runFairnessReportSchema.parse(raw);
  return database.transaction(async (tx) => {
    const model = await requireModel(tx, input.model);
    const { settings } = await readFairnessSettings(tx, model);
    checkSettings(model, settings);
    let values: typeof fairnessReports.$inferInsert;
    if (input.population === 'traffic') {
      const to = input.to ? new Date(input.to) : now;
      const from = input.from ? new Date(input.from) : new Date(to.getTime() - (input.days ?? DEFAULT_WINDOW_DAYS) * DAY_MS);
      const version = await versionByNumber(tx, model, input.version ?? (await latestServedVersion(tx, model, from, to)));
      const counts = await countLabelledTraffic(tx, { modelId: model.id, versionId: version.id, from, to });
      if (counts.events === 0) throw new AppError('unprocessable', `v${version.version} served no traffic between ${from.toISOString()} and ${to.toISOString()}.`);
      if (counts.labelled === 0) throw new AppError('unprocessable', `None of the ${counts.events} events v${version.version} served in the window has a label yet: fairness needs ground truth.`);
      await checkDistinctValues(tx, settings, { modelId: model.id, versionId: version.id, from, to });
      values = { modelId: model.id, versionId: version.id, population: 'traffic', windowFrom: from, windowTo: to, settings, trigger, createdBy: actor.label };
    } else if (input.population === 'shadow') {
      const conditions = [eq(shadowRuns.modelId, model.id), eq(shadowRuns.status, 'completed')];
      if (input.shadowRunId) conditions.push(eq(shadowRuns.id, input.shadowRunId));
      if (input.version) conditions.push(eq(shadowRuns.candidateVersionId, (await versionByNumber(tx, model, input.version)).id));
      const [run] = await tx.select().from(shadowRuns).where(and(...conditions)).orderBy(desc(shadowRuns.finishedAt)).limit(1);
      if (!run) throw new AppError('unprocessable', 'No completed shadow run to judge: a candidate gets a shadow report once its replay has finished.');
      const versionId = input.side === 'candidate' ? run.candidateVersionId : await mainServingVersion(tx, run.id);
      if (input.side === 'serving' && versionId === run.candidateVersionId) throw new AppError('unprocessable', 'The run replayed the version that served its traffic: there is no other side to judge.');
      values = { modelId: model.id, versionId, population: 'shadow', windowFrom: run.windowFrom, windowTo: run.windowTo, shadowRunId: run.id, settings, trigger, createdBy: actor.label };
    } else {
      const version = input.version ? await versionByNumber(tx, model, input.version) : await newestValidatedVersion(tx, model);
      if (version.status !== 'validated') throw new AppError('unprocessable', `v${version.version} is ${version.status}: only a validated version can score the reference dataset.`);
      const reference = await referenceOf(tx, model, input.referenceId);
      values = { modelId: model.id, versionId: version.id, population: 'reference', referenceId: reference.id, settings, trigger, createdBy: actor.label };
    }
    const [report] = await tx.insert(fairnessReports).values(values).returning();
    await enqueue(tx, 'fairnessReport', { reportId: report!.id });
    await recordAudit(tx, actor, {
      action: 'fairness_report.requested',
      target: { type: 'fairness_report', id: report!.id },
      after: { model: model.name, population: report!.population, versionId: report!.versionId, windowFrom: report!.windowFrom, windowTo: report!.windowTo, trigger },
    });
    return report!;
  });
}

/** Models and versions with labelled traffic in the last `days` days, for the scheduled sweep. */
export async function versionsWithLabelledTraffic(executor: Executor, since: Date): Promise<{ model: string; version: number }[]> {
  return rawSql(executor).unsafe<{ model: string; version: number }[]>(
    `select m.name as model, v.version from (select distinct model_id, version_id from inference_events where occurred_at >= $1 and label is not null) e
       join registered_models m on m.id = e.model_id join model_versions v on v.id = e.version_id order by m.name, v.version`,
    [since.toISOString()],
  );
}


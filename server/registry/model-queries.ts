import { and, arrayContains, asc, desc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { modelVersions, registeredModels, releases, users } from '@/db/schema';
import { AppError } from '@/server/errors/app-error';
import { currentCard, requireModel } from './models-service';
import { diffHyperparameters, diffMetrics, diffSignatures } from './version-comparison';
import type { ModelListFilter } from './model-schemas';

export interface ModelListItem {
  model: typeof registeredModels.$inferSelect;
  owner: string | null;
  versionCount: number;
  latestVersion: number | null;
  latestStatus: string | null;
}

/** Models with their newest version, filtered by text, tag, owner and that version's status. */
export async function listModels(database: Database, filter: ModelListFilter): Promise<ModelListItem[]> {
  const latest = database
    .selectDistinctOn([modelVersions.modelId], { modelId: modelVersions.modelId, version: modelVersions.version, status: modelVersions.status })
    .from(modelVersions)
    .orderBy(modelVersions.modelId, desc(modelVersions.version))
    .as('latest');
  const counts = database
    .select({ modelId: modelVersions.modelId, n: sql<number>`count(*)::int`.as('n') })
    .from(modelVersions)
    .groupBy(modelVersions.modelId)
    .as('counts');
  const conditions: SQL[] = [];
  if (filter.search) {
    const pattern = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(or(ilike(registeredModels.name, pattern), ilike(registeredModels.description, pattern))!);
  }
  if (filter.tag) conditions.push(arrayContains(registeredModels.tags, [filter.tag]));
  if (filter.owner) conditions.push(ilike(users.email, `%${filter.owner}%`));
  if (filter.status) conditions.push(eq(latest.status, filter.status));
  const rows = await database
    .select({ model: registeredModels, owner: users.email, versionCount: counts.n, latestVersion: latest.version, latestStatus: latest.status })
    .from(registeredModels)
    .leftJoin(users, eq(users.id, registeredModels.ownerId))
    .leftJoin(latest, eq(latest.modelId, registeredModels.id))
    .leftJoin(counts, eq(counts.modelId, registeredModels.id))
    .where(and(...conditions))
    .orderBy(asc(registeredModels.name))
    .limit(500);
  return rows.map((r) => ({ ...r, versionCount: r.versionCount ?? 0 }));
}

export async function listTags(database: Database): Promise<string[]> {
  const rows = await database.execute<{ tag: string }>(sql`select distinct unnest(tags) as tag from registered_models order by 1`);
  return rows.map((r) => r.tag);
}

/** One model with its current card and every version (newest first); its release reports page through listReleases. */
export async function getModelDetail(database: Database, name: string) {
  const model = await requireModel(database, name);
  const [owner] = model.ownerId ? await database.select({ email: users.email, name: users.name }).from(users).where(eq(users.id, model.ownerId)) : [];
  const [card, versions] = await Promise.all([
    currentCard(database, model.id),
    database.select().from(modelVersions).where(eq(modelVersions.modelId, model.id)).orderBy(desc(modelVersions.version)),
  ]);
  return { model, owner: owner ?? null, card, versions };
}

export async function getVersionDetail(database: Database, name: string, version: number) {
  const model = await requireModel(database, name);
  const [row] = await database
    .select()
    .from(modelVersions)
    .where(and(eq(modelVersions.modelId, model.id), eq(modelVersions.version, version)));
  if (!row) throw new AppError('not_found', `Model '${name}' has no version ${version}.`);
  const linked = await database.select().from(releases).where(eq(releases.versionId, row.id)).orderBy(desc(releases.reportedAt));
  return { model, version: row, releases: linked };
}

/**
 * The shadow runs whose candidate is one of the versions, each with the versions that served
 * its replayed traffic. Passed in by the composition root (server/app-router.ts) because the
 * shadow domain builds on the registry, not the other way round.
 */
export type ShadowRunsOfVersions<R extends { candidateVersion: number; servedBy: number[] }> = (database: Database, modelId: string, versionIds: string[]) => Promise<R[]>;

/** Two versions side by side with their metric, hyperparameter and signature differences and their shadow runs. */
export async function compareVersions<R extends { candidateVersion: number; servedBy: number[] }>(database: Database, name: string, a: number, b: number, shadowRunsOfVersions: ShadowRunsOfVersions<R>) {
  const model = await requireModel(database, name);
  const rows = await database.select().from(modelVersions).where(and(eq(modelVersions.modelId, model.id), inArray(modelVersions.version, [a, b])));
  const left = rows.find((r) => r.version === a);
  const right = rows.find((r) => r.version === b);
  if (!left || !right) throw new AppError('not_found', `Model '${model.name}' has no version ${!left ? a : b}.`);
  const runs = await shadowRunsOfVersions(database, model.id, [left.id, right.id]);
  return {
    model,
    a: left,
    b: right,
    metrics: diffMetrics(left.metrics, right.metrics),
    hyperparameters: diffHyperparameters(left.hyperparameters, right.hyperparameters),
    signature: diffSignatures(left.signature, right.signature),
    // A run of one version over traffic the other served compares exactly these two.
    shadowRuns: runs.map((r) => ({ ...r, between: r.servedBy.includes(r.candidateVersion === a ? b : a) })),
  };
}

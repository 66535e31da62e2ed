import { and, count, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { modelVersions, registeredModels, releases } from '@/db/schema';
import { listOffset } from '@/server/validation/input-primitives';
import { modelNameSchema } from './model-schemas';

// Release reports from CI, a page at a time: the model page and GET /api/v1/releases.

type ReleaseRow = typeof releases.$inferSelect;

export const releaseListSchema = z.object({ model: modelNameSchema.optional(), limit: z.number().int().min(1).max(500).default(100), offset: listOffset() });

export interface ReleaseListItem extends ReleaseRow {
  model: string;
  /** The registered version it links to; null until one with its git sha or tag is registered. */
  version: number | null;
}

/** One page of releases (of one model, or all), newest first, with how many there are in all. */
export async function listReleases(database: Database, filter: z.output<typeof releaseListSchema>): Promise<{ releases: ReleaseListItem[]; total: number }> {
  const where = and(filter.model ? eq(registeredModels.name, filter.model) : undefined);
  const [rows, [counted]] = await Promise.all([
    database
      .select({ release: releases, model: registeredModels.name, version: modelVersions.version })
      .from(releases)
      .innerJoin(registeredModels, eq(registeredModels.id, releases.modelId))
      .leftJoin(modelVersions, eq(modelVersions.id, releases.versionId))
      .where(where)
      .orderBy(desc(releases.reportedAt), desc(releases.id))
      .limit(filter.limit)
      .offset(filter.offset),
    database.select({ n: count() }).from(releases).innerJoin(registeredModels, eq(registeredModels.id, releases.modelId)).where(where),
  ]);
  return {
    releases: rows.map(({ release, model, version }) => ({ ...release, model, version })),
    total: counted?.n ?? 0,
  };
}

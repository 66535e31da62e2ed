import { integer, jsonb, pgTable, primaryKey, real, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { modelVersions, registeredModels } from './registry';
import type { ReferenceProfile } from '@/server/drift/drift-types';

export const referenceDatasets = pgTable('reference_datasets', {
  id: uuid('id').primaryKey().defaultRandom(),
  modelId: uuid('model_id')
    .notNull()
    .references(() => registeredModels.id, { onDelete: 'cascade' }),
  versionId: uuid('version_id').references(() => modelVersions.id),
  name: text('name').notNull(),
  rowCount: integer('row_count').notNull(),
  /** Frozen bins, category frequencies and summary statistics; see server/drift. */
  profile: jsonb('profile').$type<ReferenceProfile>().notNull(),
  /** SHA-256 (lower-case hex) of the exact bytes uploaded; null for uploads made before digests were stored. */
  contentSha256: text('content_sha256'),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const referenceRows = pgTable(
  'reference_rows',
  {
    referenceId: uuid('reference_id')
      .notNull()
      .references(() => referenceDatasets.id, { onDelete: 'cascade' }),
    rowNo: integer('row_no').notNull(),
    features: real('features').array().notNull(),
    label: text('label'),
    attributes: jsonb('attributes').$type<Record<string, string | number | boolean | null>>(),
  },
  (t) => [primaryKey({ columns: [t.referenceId, t.rowNo] })],
);

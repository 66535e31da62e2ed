import { sql } from 'drizzle-orm';
import { jsonb, pgTable, timestamp, uuid } from 'drizzle-orm/pg-core';
import { registeredModels } from './registry';

/** Per-model monitoring settings (drift window, methods and thresholds per feature, ...). */
export const monitoringConfigs = pgTable('monitoring_configs', {
  modelId: uuid('model_id')
    .primaryKey()
    .references(() => registeredModels.id, { onDelete: 'cascade' }),
  config: jsonb('config').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

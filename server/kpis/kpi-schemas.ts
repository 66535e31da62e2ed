import { z } from 'zod';
import { dateInRange, doubleNumber, multilineText, singleLineText } from '@/server/validation/input-primitives';
import { KPI_AGGREGATIONS, KPI_DIRECTIONS } from '@/db/schema';
import { modelNameSchema } from '@/server/registry/model-schemas';

// Inputs of the KPI procedures and REST endpoints, shared by both.

export const kpiNameSchema = z
  .string()
  .min(2)
  .max(64)
  .regex(/^[a-z0-9]+(?:[_.-][a-z0-9]+)*$/, 'use lower-case letters and digits joined by single _ . or - (like approval_rate)');

const bound = doubleNumber().nullable();

// Without defaults, so a partial update leaves out what it does not change.
const fields = {
  description: multilineText(2000, { trim: true }),
  unit: singleLineText(32, { trim: true }).describe('Shown beside values, e.g. "EUR", "%", "applications"'),
  aggregation: z.enum(KPI_AGGREGATIONS).describe('How points combine over a period: sum, mean, or rate = Σ numerator / Σ denominator'),
  direction: z.enum(KPI_DIRECTIONS).describe('Which way is good: up (revenue) or down (losses)'),
  target: bound,
  alertLow: bound.describe('A kpi_threshold alert fires when the 24-hour aggregate falls below this'),
  alertHigh: bound.describe('…or rises above this'),
  model: modelNameSchema.nullable().describe('The model the KPI belongs to; its points are then attributed to it'),
};

/** Everything a definition says besides its name; PUT replaces all of it. */
export const kpiDefinitionFields = z.object({
  ...fields,
  description: fields.description.default(''),
  unit: fields.unit.default(''),
  target: fields.target.default(null),
  alertLow: fields.alertLow.default(null),
  alertHigh: fields.alertHigh.default(null),
  model: fields.model.default(null),
});

type Bounds = { alertLow?: number | null; alertHigh?: number | null };

function checkBounds<T extends z.ZodType<Bounds>>(schema: T) {
  return schema.refine((d) => d.alertLow == null || d.alertHigh == null || d.alertLow < d.alertHigh, { message: 'The low alert bound must lie below the high one.', path: ['alertLow'] });
}

export const createKpiDefinitionSchema = checkBounds(kpiDefinitionFields.extend({ name: kpiNameSchema }));
/** The REST body of PUT /kpi-definitions/{name} (the name is in the path). */
export const putKpiDefinitionBody = checkBounds(kpiDefinitionFields.strict());
export const updateKpiDefinitionSchema = checkBounds(z.object(fields).partial().extend({ name: kpiNameSchema }));
export const kpiRefSchema = z.object({ name: kpiNameSchema });
export const listKpiDefinitionsSchema = z.object({ model: modelNameSchema.optional() }).default({});

export type CreateKpiDefinitionInput = z.input<typeof createKpiDefinitionSchema>;
export type UpdateKpiDefinitionInput = z.input<typeof updateKpiDefinitionSchema>;

export const KPI_BUCKETS = ['hour', 'day'] as const;
export type KpiBucket = (typeof KPI_BUCKETS)[number];

export const kpiSeriesSchema = z
  .object({
    kpi: kpiNameSchema,
    from: dateInRange(),
    to: dateInRange(),
    bucket: z.enum(KPI_BUCKETS).default('day'),
    model: modelNameSchema.optional(),
    segment: singleLineText(200, { trim: true }).min(1).optional(),
  })
  .refine((s) => s.from.getTime() < s.to.getTime(), { message: 'from must lie before to.', path: ['from'] });
export type KpiSeriesInput = z.input<typeof kpiSeriesSchema>;

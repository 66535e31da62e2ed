import { z } from 'zod';
import { singleLineText } from '@/server/validation/input-primitives';
import { DEFAULT_MIN_GROUP_SIZE } from './fairness-report';
import { DEFAULT_MAX_DISTINCT_VALUES } from './group-assignment';

// How a model's fairness reports group their rows, stored per model and frozen into every
// report (so a report can be reproduced). Numeric attributes are bucketed by edges stored
// here, never ad hoc; a privileged value per attribute enables AIF360's comparisons.

export const DEFAULT_REPLICATES = 1000;
export const DEFAULT_WINDOW_DAYS = 7;
export const MAX_WINDOW_DAYS = 90;
/** More distinct values than this in one attribute is refused: such a column is an id, not a group. */
export const MAX_DISTINCT_VALUES = DEFAULT_MAX_DISTINCT_VALUES;

const attributeName = singleLineText(100).min(1);

export const attributeRuleSchema = z.discriminatedUnion('kind', [
  z.object({ name: attributeName, kind: z.literal('categorical'), privileged: singleLineText(200).min(1).nullable().default(null) }),
  z.object({
    name: attributeName,
    kind: z.literal('numeric'),
    /** Bucket edges, strictly increasing: [25, 40] → "<25", "25–40", "≥40" (left-closed). */
    edges: z
      .array(z.number().finite())
      .min(1)
      .max(50)
      .refine((e) => e.every((v, i) => i === 0 || v > e[i - 1]!), 'Edges must be strictly increasing.'),
    privileged: singleLineText(200).min(1).nullable().default(null),
  }),
]);

export const fairnessSettingsSchema = z
  .object({
    attributes: z.array(attributeRuleSchema).max(20).default([]),
    /**
     * The favourable outcome (e.g. "repaid" for a credit model whose positive class is
     * "defaulted"): reports treat it as the positive class, as AIF360's favorable_label and
     * Fairlearn's pos_label do. Null: the model's positive class.
     */
    favourableClass: singleLineText(200).min(1).nullable().default(null),
    /** Intersections of two or more attributes, e.g. [["gender", "age_band"]]. */
    intersections: z.array(z.array(attributeName).min(2).max(4)).max(10).default([]),
    minGroupSize: z.number().int().min(1).max(1_000_000).default(DEFAULT_MIN_GROUP_SIZE),
    bootstrapReplicates: z.number().int().min(100).max(10_000).default(DEFAULT_REPLICATES),
    bootstrapSeed: z.number().int().min(0).max(2 ** 31 - 1).default(20240601),
    /** Scheduled reports cover this many days of labelled traffic; 0 turns the schedule off. */
    scheduleWindowDays: z.number().int().min(0).max(MAX_WINDOW_DAYS).default(DEFAULT_WINDOW_DAYS),
  })
  .superRefine((s, ctx) => {
    const names = new Set(s.attributes.map((a) => a.name));
    if (names.size !== s.attributes.length) ctx.addIssue({ code: 'custom', message: 'Each attribute may have one rule.', path: ['attributes'] });
    s.intersections.forEach((combo, i) => {
      for (const name of combo) if (!names.has(name)) ctx.addIssue({ code: 'custom', message: `Intersection uses "${name}", which has no rule.`, path: ['intersections', i] });
      if (new Set(combo).size !== combo.length) ctx.addIssue({ code: 'custom', message: 'An intersection names each attribute once.', path: ['intersections', i] });
    });
  });

export type AttributeRule = z.output<typeof attributeRuleSchema>;
export type FairnessSettings = z.output<typeof fairnessSettingsSchema>;

/** Settings for a model that has none stored: each protected attribute categorical, no privileged value. */
export function defaultFairnessSettings(protectedAttributes: readonly string[]): FairnessSettings {
  return fairnessSettingsSchema.parse({ attributes: protectedAttributes.map((name) => ({ name, kind: 'categorical' })) });
}

export const FAIRNESS_POPULATIONS = ['traffic', 'shadow', 'reference'] as const;
export type FairnessPopulation = (typeof FAIRNESS_POPULATIONS)[number];

import { z } from 'zod';
import { modelNameSchema } from '@/server/registry/model-schemas';

// Input of the governance procedures. Pure.

export const MAX_GOVERNANCE_MONTHS = 24;

export const governanceInputSchema = z
  .object({
    /** One model's figures; the whole portfolio's without. */
    model: modelNameSchema.optional(),
    /** Calendar months (UTC) covered, the current one included. */
    months: z.number().int().min(1).max(MAX_GOVERNANCE_MONTHS).default(6),
  })
  .default({ months: 6 });

export type GovernanceInput = z.input<typeof governanceInputSchema>;

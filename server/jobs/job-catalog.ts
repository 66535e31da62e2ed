import { z } from 'zod';

// Every background job, declared once: producers and the worker share names and payloads.
export const JOBS = {
  auditCheckpoint: {
    name: 'audit-checkpoint',
    payload: z.object({ reason: z.enum(['schedule', 'startup', 'manual']).default('schedule') }),
    /** Cron (UTC); VIGIL_AUDIT_CHECKPOINT_CRON overrides. */
    schedule: () => process.env.VIGIL_AUDIT_CHECKPOINT_CRON ?? '*/5 * * * *',
  },
} as const;

export type JobKey = keyof typeof JOBS;
export type JobPayload<K extends JobKey> = z.infer<(typeof JOBS)[K]['payload']>;

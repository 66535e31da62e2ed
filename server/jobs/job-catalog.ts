import { z } from 'zod';

// Every background job, declared once: producers and the worker share names and payloads.
export const JOBS = {
  auditCheckpoint: {
    name: 'audit-checkpoint',
    payload: z.object({ reason: z.enum(['schedule', 'startup', 'manual']).default('schedule') }),
    queue: { policy: 'singleton', retryLimit: 3, retryDelay: 30 },
  },
  onnxValidation: {
    name: 'onnx-validation',
    payload: z.object({ versionId: z.uuid() }),
    queue: { policy: 'standard', retryLimit: 3, retryDelay: 15, retryBackoff: true, expireInSeconds: 300 },
  },
} as const;

export type JobKey = keyof typeof JOBS;
export type JobPayload<K extends JobKey> = z.input<(typeof JOBS)[K]['payload']>;

/** Cron (UTC) of the audit checkpoint; VIGIL_AUDIT_CHECKPOINT_CRON overrides. */
export function auditCheckpointCron(): string {
  return process.env.VIGIL_AUDIT_CHECKPOINT_CRON ?? '*/5 * * * *';
}

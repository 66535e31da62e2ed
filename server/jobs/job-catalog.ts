import { z } from 'zod';

// Every background job, declared once: producers and the worker share names and payloads.
// `schedule` (cron, UTC) makes the worker run the job periodically as well. Every job runs
// under a renewed lease (job-leases.ts): `expireInSeconds` bounds a hung handler, while a
// dead worker's job is retried within seconds of its lease going stale.
export const JOBS = {
  auditCheckpoint: {
    name: 'audit-checkpoint',
    payload: z.object({ reason: z.enum(['schedule', 'startup', 'manual']).default('schedule') }),
    queue: { policy: 'singleton', retryLimit: 3, retryDelay: 30 },
    schedule: () => process.env.VIGIL_AUDIT_CHECKPOINT_CRON ?? '*/5 * * * *',
  },
  onnxValidation: {
    name: 'onnx-validation',
    payload: z.object({ versionId: z.uuid() }),
    queue: { policy: 'standard', retryLimit: 3, retryDelay: 15, retryBackoff: true, expireInSeconds: 300 },
  },
  shadowAutoStart: {
    name: 'shadow-auto-start',
    payload: z.object({ versionId: z.uuid() }),
    // Enqueued when a version passes validation, so the registry never calls the shadow domain.
    queue: { policy: 'standard', retryLimit: 5, retryDelay: 10, retryBackoff: true, expireInSeconds: 120 },
  },
  shadowPlan: {
    name: 'shadow-plan',
    payload: z.object({ runId: z.uuid() }),
    queue: { policy: 'standard', retryLimit: 5, retryDelay: 10, retryBackoff: true, expireInSeconds: 300 },
  },
  shadowBatch: {
    name: 'shadow-batch',
    payload: z.object({ runId: z.uuid(), batchNo: z.number().int().nonnegative() }),
    // A batch is sized to finish in about a minute. A dead worker's batch is retried once its
    // lease goes stale (job-leases.ts: due within ~16 s); the expiry only stops a handler that hangs.
    queue: { policy: 'standard', retryLimit: 10, retryDelay: 2, retryBackoff: true, expireInSeconds: 180 },
  },
  shadowFinalize: {
    name: 'shadow-finalize',
    payload: z.object({ runId: z.uuid() }),
    queue: { policy: 'standard', retryLimit: 5, retryDelay: 10, retryBackoff: true, expireInSeconds: 600 },
  },
  driftSweep: {
    name: 'drift-sweep',
    payload: z.object({}).default({}),
    queue: { policy: 'singleton', retryLimit: 2, retryDelay: 60 },
    schedule: () => process.env.VIGIL_DRIFT_CRON ?? '0 * * * *',
  },
  driftReport: {
    name: 'drift-report',
    payload: z.object({ modelId: z.uuid(), windowTo: z.iso.datetime({ offset: true }).optional() }),
    queue: { policy: 'standard', retryLimit: 3, retryDelay: 30, retryBackoff: true, expireInSeconds: 600 },
  },
  fairnessReport: {
    name: 'fairness-report',
    payload: z.object({ reportId: z.uuid() }),
    // A million labelled events with 1,000 bootstrap replicates take seconds; a dead worker's try is retried once its lease goes stale.
    queue: { policy: 'standard', retryLimit: 3, retryDelay: 30, retryBackoff: true, expireInSeconds: 600 },
  },
  fairnessSweep: {
    name: 'fairness-sweep',
    payload: z.object({}).default({}),
    // Daily: a traffic report per version that served labelled traffic in each model's window.
    queue: { policy: 'singleton', retryLimit: 2, retryDelay: 60 },
    schedule: () => process.env.VIGIL_FAIRNESS_CRON ?? '30 1 * * *',
  },
  kpiAlerts: {
    name: 'kpi-alerts',
    payload: z.object({}).default({}),
    // Hourly, and queued by every KPI batch and definition change: at most one waits while one runs.
    queue: { policy: 'stately', retryLimit: 2, retryDelay: 30 },
    schedule: () => process.env.VIGIL_KPI_ALERTS_CRON ?? '5 * * * *',
  },
  trafficMaintenance: {
    name: 'traffic-maintenance',
    payload: z.object({}).default({}),
    queue: { policy: 'singleton', retryLimit: 3, retryDelay: 60 },
    schedule: () => process.env.VIGIL_TRAFFIC_MAINTENANCE_CRON ?? '15 0 * * *',
  },
  outboundDelivery: {
    name: 'outbound-delivery',
    payload: z.object({ deliveryId: z.uuid() }),
    // Retries are scheduled by the delivery itself (exponential backoff with its own log).
    queue: { policy: 'standard', retryLimit: 0, expireInSeconds: 60 },
  },
  promotionSweep: {
    name: 'promotion-sweep',
    payload: z.object({}).default({}),
    // Re-evaluates gates of pending requests as evidence arrives, and expires stale ones.
    queue: { policy: 'singleton', retryLimit: 2, retryDelay: 30 },
    schedule: () => process.env.VIGIL_PROMOTION_SWEEP_CRON ?? '* * * * *',
  },
} as const;

export type JobKey = keyof typeof JOBS;
export type JobPayload<K extends JobKey> = z.input<(typeof JOBS)[K]['payload']>;

import type { Database } from '@/db/client';
import type { SigningKey } from '@/server/audit/signing-key';
import type { JobKey, JobPayload } from '@/server/jobs/job-catalog';
import { promotionSweepTask } from '@/server/approvals/promotion-sweep';
import { evaluateKpiAlertRules } from '@/server/kpis/kpi-alerts';
import { outboundDeliveryTask } from '@/server/outbound-webhooks/deliver-outbound';
import { trafficMaintenanceTask } from '@/server/traffic/traffic-maintenance';
import { auditCheckpointTask } from './audit-checkpoint';
import { driftReportTask, driftSweepTask } from './drift';
import { fairnessReportTask, fairnessSweepTask } from './fairness';
import { onnxValidationTask } from './onnx-validation';
import { shadowAutoStartTask } from './shadow-auto-start';
import { shadowBatchTask } from './shadow-batch';
import { shadowFinalizeTask } from './shadow-finalize';
import { shadowPlanTask } from './shadow-plan';

export interface TaskContext {
  database: Database;
  signingKey: SigningKey;
}

type Task<K extends JobKey> = (context: TaskContext, payload: JobPayload<K>) => Promise<void>;

/** The handler of every job the worker runs; one line per job, the work in its own file. */
export const TASKS: { [K in JobKey]?: Task<K> } = {
  auditCheckpoint: (ctx, payload) => auditCheckpointTask(ctx.database, ctx.signingKey, payload),
  onnxValidation: (ctx, payload) => onnxValidationTask(ctx.database, payload),
  shadowAutoStart: (ctx, payload) => shadowAutoStartTask(ctx.database, payload),
  shadowPlan: (ctx, payload) => shadowPlanTask(ctx.database, payload),
  shadowBatch: async (ctx, payload) => void (await shadowBatchTask(ctx.database, payload)),
  shadowFinalize: async (ctx, payload) => void (await shadowFinalizeTask(ctx.database, payload)),
  outboundDelivery: (ctx, payload) => outboundDeliveryTask(ctx.database, payload),
  promotionSweep: (ctx, payload) => promotionSweepTask(ctx.database, payload),
  driftSweep: (ctx) => driftSweepTask(ctx.database),
  driftReport: (ctx, payload) => driftReportTask(ctx.database, payload),
  fairnessReport: (ctx, payload) => fairnessReportTask(ctx.database, payload),
  fairnessSweep: async (ctx) => void (await fairnessSweepTask(ctx.database)),
  trafficMaintenance: async (ctx) => void (await trafficMaintenanceTask(ctx.database)),
  kpiAlerts: async (ctx) => void (await evaluateKpiAlertRules(ctx.database)),
};

import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * The lease a worker holds on each pg-boss job it is running, renewed every few seconds
 * while the worker lives (server/jobs/job-leases.ts). A lease left unrenewed means its
 * worker died: any other worker hands the job back to pg-boss for a retry within seconds,
 * instead of after the job's expiry (minutes).
 */
export const jobLeases = pgTable(
  'job_leases',
  {
    jobId: uuid('job_id').primaryKey(),
    queue: text('queue').notNull(),
    workerId: text('worker_id').notNull(),
    /** pg-boss's retry count when this attempt began: a sweep fails only the attempt it saw. */
    attempt: integer('attempt').notNull(),
    takenAt: timestamp('taken_at', { withTimezone: true }).notNull().defaultNow(),
    renewedAt: timestamp('renewed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('job_leases_worker').on(t.workerId), index('job_leases_renewed_at').on(t.renewedAt)],
);

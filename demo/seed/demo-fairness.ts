import type { Database } from '@/db/client';
import { createAlertRule } from '@/server/alerts/alert-rules-service';
import { systemActor } from '@/server/auth/actor';
import { runFairnessReport } from '@/server/fairness/fairness-runner';
import { requestFairnessReport, updateFairnessSettings } from '@/server/fairness/fairness-service';

const DAY = 86_400_000;
/** Scheduled reports cover three days of labelled traffic, so a two-day episode shows. */
const SCHEDULE_WINDOW_DAYS = 3;

const MODEL = 'credit-risk';

/**
 * How the demo model's fairness is judged: approval ("repaid") is the favourable outcome, men
 * are the privileged gender for AIF360's comparisons, and gender × age band is reported as an
 * intersection. Seeded before the versions are validated, so the reports that follow their
 * shadow runs already use these rules.
 */
export async function seedDemoFairnessSettings(database: Database): Promise<void> {
  await updateFairnessSettings(database, systemActor('demo seed'), {
    model: MODEL,
    settings: {
      attributes: [
        { name: 'gender', kind: 'categorical', privileged: 'male' },
        { name: 'age_band', kind: 'categorical', privileged: null },
      ],
      favourableClass: 'repaid',
      intersections: [['gender', 'age_band']],
      minGroupSize: 30,
      bootstrapReplicates: 1000,
      bootstrapSeed: 20240601,
      scheduleWindowDays: SCHEDULE_WINDOW_DAYS,
    },
  });
}

/**
 * A week of the daily scheduled reports over the serving version's traffic, computed as the
 * fairness-sweep job computes them, and a critical floor on the age-band disparate impact:
 * v1 over-rejects applicants under 30 (impact ≈ 0.73, below the four-fifths rule), and the
 * drift episode's lower incomes push it under 0.7, which opens the alert.
 */
export async function seedDemoFairnessHistory(database: Database, now: Date): Promise<void> {
  const seed = systemActor('demo seed');
  await createAlertRule(database, seed, { modelName: MODEL, kind: 'fairness_disparate_impact', feature: 'age_band', threshold: 0.7, severity: 'critical' });
  const schedule = systemActor('fairness schedule');
  for (let daysAgo = 4; daysAgo >= 0; daysAgo--) {
    const at = new Date(now.getTime() - daysAgo * DAY);
    const report = await requestFairnessReport(database, schedule, { model: MODEL, version: 1, days: SCHEDULE_WINDOW_DAYS }, 'schedule', at);
    await runFairnessReport(database, report.id);
  }
}

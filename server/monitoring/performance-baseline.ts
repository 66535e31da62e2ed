import { and, desc, eq, gt, gte, lt } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { modelVersions, trafficHourly, type registeredModels } from '@/db/schema';
import type { Label } from '@/server/registry/feature-schema';
import { decisionThresholds } from '@/server/registry/inference-artifact';
import { normalizeLabel, positiveClass } from '@/server/registry/label-classes';
import { binaryMetrics, confusionMatrix } from '@/server/statistics/classification-metrics';
import { readEvents } from '@/server/traffic/event-reader';
import { realizedPerformance } from './realized-performance';

// What the performance alerts compare with. Labels arrive late (days, for credit), so the
// realized accuracy of the window being reported usually has no label yet: it is measured
// instead on the latest window that has labels, which moves forward as labels arrive. The
// reference is what the serving version was expected to reach.

const HOUR = 3_600_000;
/** Labels older than this are too stale to judge today's model by. */
export const LABEL_LOOKBACK_DAYS = 14;

export interface LabelledPerformance {
  accuracy: number;
  labeled: number;
  from: Date;
  to: Date;
}

/**
 * The window of `hours` ending with the latest hour that has labels (at most `to`), from the
 * hourly counts; null when nothing in the lookback is labelled.
 */
export async function latestLabelledWindow(database: Database, modelId: string, to: Date, hours: number): Promise<{ from: Date; to: Date } | null> {
  const [latest] = await database
    .select({ hour: trafficHourly.hour })
    .from(trafficHourly)
    .where(and(eq(trafficHourly.modelId, modelId), gt(trafficHourly.labeled, 0), lt(trafficHourly.hour, to), gte(trafficHourly.hour, new Date(to.getTime() - LABEL_LOOKBACK_DAYS * 24 * HOUR))))
    .orderBy(desc(trafficHourly.hour))
    .limit(1);
  if (!latest) return null;
  const end = new Date(Math.min(latest.hour.getTime() + HOUR, to.getTime()));
  return { from: new Date(end.getTime() - hours * HOUR), to: end };
}

/** Realized accuracy on the latest labelled window; `current` is reused when that window is the report's own. */
export async function latestLabelledPerformance(
  database: Database,
  model: Pick<typeof registeredModels.$inferSelect, 'id' | 'label'>,
  window: { from: Date; to: Date },
  current: { accuracy: number | null; labeled: number } | null,
): Promise<LabelledPerformance | null> {
  const hours = (window.to.getTime() - window.from.getTime()) / HOUR;
  const labelled = await latestLabelledWindow(database, model.id, window.to, hours);
  if (!labelled) return null;
  const events = labelled.to.getTime() === window.to.getTime() ? null : await readEvents(database, model.id, labelled);
  const realized = events ? realizedPerformance(events, model.label, await decisionThresholds(database, events.versionIds)) : current;
  return realized && realized.accuracy !== null ? { accuracy: realized.accuracy, labeled: realized.labeled, ...labelled } : null;
}

/**
 * The accuracy the serving version should reach: its registered held-out `accuracy` metric
 * (what CI measured before release), else its accuracy on the labelled reference dataset
 * (decision: score ≥ the version's threshold, as for logged events without a predicted label).
 */
export async function referenceAccuracy(
  database: Database,
  versionId: string | null,
  reference: { label: string | null; score: number }[],
  label: Pick<Label, 'classes'>,
): Promise<{ value: number; source: string } | null> {
  if (!versionId) return null;
  const [version] = await database.select({ version: modelVersions.version, metrics: modelVersions.metrics, threshold: modelVersions.decisionThreshold }).from(modelVersions).where(eq(modelVersions.id, versionId));
  if (!version) return null;
  const registered = version.metrics.accuracy;
  if (typeof registered === 'number' && Number.isFinite(registered) && registered >= 0 && registered <= 1) return { value: registered, source: `v${version.version}'s registered accuracy` };
  const positive = positiveClass(label);
  const scored = reference.filter((r) => r.label !== null && !Number.isNaN(r.score));
  if (scored.length === 0) return null;
  const metrics = binaryMetrics(confusionMatrix(scored.map((r) => (normalizeLabel(r.label!, label) === positive ? 1 : 0)), scored.map((r) => (r.score >= version.threshold ? 1 : 0))));
  return metrics.accuracy === null ? null : { value: metrics.accuracy, source: `v${version.version} on the reference dataset` };
}

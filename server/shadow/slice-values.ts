import type { registeredModels } from '@/db/schema';
import type { EventBatch } from '@/server/traffic/event-batch';

// The slice of each event for a run's slice feature, as stored in shadow_results.slice:
// a categorical feature's category (or "(unseen)"), a numeric feature's value as text (the
// finalize step bins those into the run's own quartiles), a protected attribute's value.
// null = missing.

type Model = typeof registeredModels.$inferSelect;

export const UNSEEN_CATEGORY = '(unseen)';

/** Slices of rows [start, end) of the batch. */
export function sliceValues(model: Pick<Model, 'features'>, sliceFeature: string, events: EventBatch, start = 0, end = events.count): (string | null)[] {
  const n = end - start;
  const out = new Array<string | null>(n);
  const column = model.features.findIndex((f) => f.name === sliceFeature);
  const feature = model.features[column];
  if (!feature) {
    for (let i = 0; i < n; i++) {
      const value = events.attributes[start + i]?.[sliceFeature];
      out[i] = value === undefined || value === null ? null : String(value);
    }
    return out;
  }
  for (let i = 0; i < n; i++) {
    const value = events.features[(start + i) * events.width + column]!;
    if (Number.isNaN(value)) out[i] = null;
    else if (feature.type === 'categorical') out[i] = feature.categories[value] ?? UNSEEN_CATEGORY;
    else out[i] = String(value);
  }
  return out;
}

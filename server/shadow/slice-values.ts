import type { registeredModels } from '@/db/schema';
import type { EventBatch } from '@/server/traffic/event-batch';
import type { SliceChunk } from './shadow-result-columns';

// The slice of each event for a run's slice feature: a numeric feature's value (NaN when
// missing; the finalize step bins them into the run's own quartiles), a categorical
// feature's category (or "(unseen)"), a protected attribute's value as text (null = missing).

type Model = typeof registeredModels.$inferSelect;

export const UNSEEN_CATEGORY = '(unseen)';

/** Whether the slice feature is binned by quartiles (a numeric feature) or grouped by value. */
export function sliceKind(model: Pick<Model, 'features'>, sliceFeature: string): SliceChunk['kind'] {
  return model.features.find((f) => f.name === sliceFeature)?.type === 'numeric' ? 'numeric' : 'categorical';
}

/** Slices of rows [start, end) of the batch. */
export function sliceValues(model: Pick<Model, 'features'>, sliceFeature: string, events: EventBatch, start = 0, end = events.count): SliceChunk {
  const n = end - start;
  const column = model.features.findIndex((f) => f.name === sliceFeature);
  const feature = model.features[column];
  if (feature?.type === 'numeric') {
    const values = new Float32Array(n);
    for (let i = 0; i < n; i++) values[i] = events.features[(start + i) * events.width + column]!;
    return { kind: 'numeric', values };
  }
  const out = new Array<string | null>(n);
  for (let i = 0; i < n; i++) {
    if (!feature) {
      const value = events.attributes[start + i]?.[sliceFeature];
      out[i] = value === undefined || value === null ? null : String(value);
      continue;
    }
    const value = events.features[(start + i) * events.width + column]!;
    out[i] = Number.isNaN(value) ? null : (feature.categories[value] ?? UNSEEN_CATEGORY);
  }
  return { kind: 'categorical', values: out };
}

import type { Executor } from '@/db/client';
import { AppError } from '@/server/errors/app-error';
import { NOT_A_NUMBER, numericValue } from '@/server/registry/numeric-label';
import { textProblem } from '@/server/validation/text-checks';
import { asUnavailable } from '@/server/errors/database-errors';
import { MAX_PROBLEMS_LISTED, type Problem } from './event-validation';
import { findTrafficModel, rejectBatch } from './ingest-service';
import { textArrayLiteral } from './pg-array-literal';
import { rawSql } from './raw-sql';

// Ground truth arrives later than the prediction: labels are attached to stored events by
// (model, requestId) in one set-based UPDATE. Sending the same labels again changes nothing
// but labeled_at; request ids that match no event are reported back, not fatal (the event
// may still be in flight, or already past retention). A regression model's labels are its
// true values: text that is not a finite decimal number is refused with the batch.

export const MAX_LABELS_PER_BATCH = 10_000;
const MAX_TEXT = 200;

export interface LabelResult {
  updated: number;
  /** Request ids that matched no stored event of the model. */
  unknown: string[];
}

interface ValidLabels {
  requestIds: string[];
  labels: string[];
}

function validateLabels(rows: readonly unknown[], model: { taskType: string; classes: readonly string[] | undefined }): ValidLabels {
  const { classes } = model;
  const regression = model.taskType === 'regression';
  const problems: Problem[] = [];
  let total = 0;
  const report = (row: number, field: string, reason: string) => {
    total += 1;
    if (problems.length < MAX_PROBLEMS_LISTED) problems.push({ row, field, reason });
  };
  const known = classes && classes.length > 0 ? new Set(classes) : null;
  const seen = new Map<string, number>();
  const out: ValidLabels = { requestIds: [], labels: [] };
  rows.forEach((item, row) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return report(row, '', 'expected an object { requestId, label }');
    const { requestId, label, ...rest } = item as Record<string, unknown>;
    for (const key of Object.keys(rest)) report(row, key, 'unknown field');
    if (typeof requestId !== 'string' || requestId.length < 1 || requestId.length > MAX_TEXT) report(row, 'requestId', `expected a string of 1–${MAX_TEXT} characters`);
    else if (textProblem(requestId)) report(row, 'requestId', textProblem(requestId)!);
    else if (seen.has(requestId)) report(row, 'requestId', `duplicate of row ${seen.get(requestId)} in this batch`);
    else seen.set(requestId, row);
    if (typeof label !== 'string' || label.length < 1 || label.length > MAX_TEXT) report(row, 'label', `expected a string of 1–${MAX_TEXT} characters`);
    else if (textProblem(label)) report(row, 'label', textProblem(label)!);
    else if (known && !known.has(label)) report(row, 'label', `not one of the model's classes (${[...known].join(', ')})`);
    else if (regression && numericValue(label) === null) report(row, 'label', `${NOT_A_NUMBER}, got ${JSON.stringify(label)}`);
    if (total === 0) {
      out.requestIds.push(requestId as string);
      out.labels.push(label as string);
    }
  });
  if (total > 0) rejectBatch(problems, total, 'label batch');
  return out;
}

/**
 * Attaches ground-truth labels to a model's events by request id (all partitions), setting
 * label and labeled_at in one statement. Unknown model → 404; invalid rows → 400 and nothing
 * updated; ids matching no event come back in `unknown`.
 */
export async function recordLabels(database: Executor, modelName: string, rows: readonly unknown[]): Promise<LabelResult> {
  if (rows.length > MAX_LABELS_PER_BATCH) throw new AppError('payload_too_large', `At most ${MAX_LABELS_PER_BATCH} labels per batch; got ${rows.length}.`);
  try {
    const model = await findTrafficModel(database, modelName);
    const valid = validateLabels(rows, { taskType: model.taskType, classes: model.label.classes });
    if (valid.requestIds.length === 0) return { updated: 0, unknown: [] };
    const updated = await rawSql(database).unsafe<{ id: string }[]>(
      `update inference_events e set label = u.label, labeled_at = now()
       from unnest($2::text[], $3::text[]) as u(id, label)
       where e.model_id = $1::uuid and e.request_id = u.id
       returning e.request_id as id`,
      [model.id, textArrayLiteral(valid.requestIds), textArrayLiteral(valid.labels)],
    );
    const matched = new Set(updated.map((r) => r.id));
    return { updated: matched.size, unknown: valid.requestIds.filter((id) => !matched.has(id)) };
  } catch (error) {
    throw asUnavailable(error);
  }
}
